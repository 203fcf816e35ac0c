"""`briefs confirm`: an editor confirms drafted items and people of an annotation file.

The file is edited in place, not rewritten: each chosen `confirmed: false` becomes
`confirmed: true` on its own line, so comments, order and every other line (and the
positions an earlier `briefs build --release` printed) stay as they were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Diagnostic, DiagnosticError, Position
from generator.load.annotations import ANNOTATION_SUFFIX, annotation_path
from generator.load.pack import ARTICLE_SUFFIXES, Project, validate
from generator.load.sources import YamlDocument, load_yaml
from generator.model import AnnotationFile
from generator.review import reviewed

# PATH, PATH:LINE or PATH:LINE:COL (the position a diagnostic starts with).
_TARGET = re.compile(r"^(?P<path>.+?)(?::(?P<line>\d+))?(?::\d+)?$")
# A YAML scalar as written: quoted, or plain up to a comment, comma or closing brace.
_SCALAR = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'|[^\s,}\]#]+")


@dataclass(frozen=True)
class Confirmed:
    """What confirming one file did: its new text (None: nothing changed) and counts."""

    path: Path
    shown: str
    text: str | None
    confirmed: int
    left: int

    def summary(self) -> str:
        done = f"confirmed {self.confirmed}" if self.confirmed else "nothing to confirm"
        return f"{self.shown}: {done}; {self.left} still unconfirmed"


@dataclass(frozen=True)
class _Entry:
    key: str
    index: int
    first: int  # the entry's lines, first to last
    last: int
    confirmed: bool


def confirm(project: Project, target: str, everything: bool) -> Confirmed:
    """Confirm the item or person at PATH:LINE, or every one in PATH with everything."""
    match = _TARGET.match(target)
    assert match is not None  # the pattern matches any non-empty text
    path = Path(match["path"]).absolute()
    if path.suffix in ARTICLE_SUFFIXES:  # the article named instead of its annotation
        path = annotation_path(path)
    shown = project.shown(path)
    line = int(match["line"]) if match["line"] else None
    if not path.name.endswith(ANNOTATION_SUFFIX) or not project.inside(path):
        message = f"expected an annotation file (*{ANNOTATION_SUFFIX}) in the project"
        raise DiagnosticError([Diagnostic.make("C449", message, Position(shown))])
    document = load_yaml(path, shown)
    entries = _entries(document, validate(AnnotationFile, document, "annotation"))
    if line is None and not everything:
        message = (
            "name the item's line (PATH:LINE, as `briefs build --release` prints it) or pass"
            " --all to confirm every item and person of the file"
        )
        raise DiagnosticError([Diagnostic.make("C449", message, Position(shown))])
    if everything:
        chosen = [e for e in entries if not e.confirmed]
    else:
        chosen = [e for e in entries if e.first <= (line or 0) <= e.last]
        if not chosen:
            starts = ", ".join(str(e.first) for e in entries) or "none"
            message = f"no item or person at line {line} (they start at lines: {starts})"
            raise DiagnosticError([Diagnostic.make("C449", message, Position(shown, line or 0))])
        chosen = [e for e in chosen if not e.confirmed]
    left = sum(not e.confirmed for e in entries) - len(chosen)
    if not chosen:
        return Confirmed(path, shown, None, 0, left)
    text = _flipped(document, chosen)
    return Confirmed(path, shown, text, len(chosen), left)


def _entries(document: YamlDocument, annotation: AnnotationFile) -> list[_Entry]:
    """Every item and person with the lines it spans: from its first line to the line
    before the next entry or top-level key (or the end of the file)."""
    found = [
        (document.position((key, index)).line, key, index, spec.confirmed)
        for key, index, spec in reviewed(annotation)
    ]
    tops = [p.line for loc, p in document.key_positions.items() if len(loc) == 1]
    bounds = sorted({first for first, *_ in found} | set(tops))
    end = document.text.count("\n") + 1
    entries = []
    for first, key, index, confirmed in found:
        following = [b for b in bounds if b > first]
        entries.append(
            _Entry(key, index, first, (following[0] - 1) if following else end, confirmed)
        )
    return sorted(entries, key=lambda e: e.first)


def _flipped(document: YamlDocument, chosen: list[_Entry]) -> str:
    """The text with each chosen entry's `confirmed` value made `true`, in place."""
    lines = document.text.split("\n")
    edits = sorted(
        (document.position((e.key, e.index, "confirmed")) for e in chosen),
        key=lambda p: (p.line, p.col),
        reverse=True,  # right to left, so earlier columns on a line stay put
    )
    for where in edits:
        line = lines[where.line - 1]
        value = _SCALAR.match(line, where.col - 1)
        assert value is not None, where  # the loader found a value there
        lines[where.line - 1] = line[: value.start()] + "true" + line[value.end() :]
    return "\n".join(lines)
