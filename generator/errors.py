"""Diagnostics: positioned, one-line, compiler-style messages and the catalogue of their codes."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.IntEnum):
    """How serious a finding is; errors stop the pack, warnings do unless --strict is off."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


# The one catalogue of every code the tool can print (docs/diagnostics.md is generated
# from it, and a test keeps the two in step). Codes never change meaning once released.
CATALOGUE: dict[str, tuple[Severity, str]] = {
    # B0xx: reading files
    "B001": (Severity.ERROR, "The file is not valid YAML."),
    "B002": (Severity.ERROR, "A mapping has the same key twice."),
    "B003": (Severity.ERROR, "A YAML tag other than the standard ones (e.g. !!python/object)."),
    "B004": (Severity.ERROR, "The file is over a size, nesting or alias-expansion limit."),
    "B005": (Severity.ERROR, "The file is not UTF-8 text."),
    "B006": (Severity.ERROR, "The file cannot be read (missing, a folder, a pipe or a device)."),
    "B007": (
        Severity.ERROR,
        "A value holds a character no text may carry (a control character or lone surrogate"
        " made by an escape).",
    ),
    # B1xx: validating values
    "B101": (Severity.ERROR, "A key that the format does not know."),
    "B102": (Severity.ERROR, "A value of the wrong type."),
    "B103": (Severity.ERROR, "A required field is missing."),
    "B104": (Severity.ERROR, "A date that does not parse."),
    "B105": (Severity.ERROR, "A value outside the allowed set."),
    # B2xx: references between files
    "B201": (Severity.ERROR, "A pack names an article file that does not exist."),
    "B202": (Severity.ERROR, "A path that resolves outside the project folder."),
    "B203": (Severity.ERROR, "A pack lists the same article twice."),
    "B204": (Severity.ERROR, "A link that is not an http:// or https:// address (javascript:...)."),
    "B205": (Severity.ERROR, "A pack file name that cannot name its output folder."),
    # B3xx: quote anchors
    "B301": (Severity.ERROR, "A quote is not found in its article."),
    "B302": (Severity.ERROR, "A quote occurs more than once and nothing says which one."),
    "B303": (Severity.ERROR, "A quote's occurrence, prefix or suffix matches no occurrence."),
    # B5xx: rendering
    "B501": (Severity.ERROR, "A template has a syntax error or uses an undefined value."),
    "B502": (
        Severity.WARNING,
        "A resource the document asked for was refused (network or outside the project).",
    ),
    "B503": (Severity.ERROR, "The PDF could not be produced."),
    # B6xx: the build's own failures
    "B601": (Severity.ERROR, "An internal error (a bug in briefs) stopped one pack; others go on."),
    "B602": (
        Severity.ERROR,
        "A file cannot be written (disk full, read-only folder, a folder in the way).",
    ),
    # N7xx: reading articles with spaCy (enrich stage, `briefs annotate`)
    "N701": (Severity.WARNING, "No spaCy model is installed: a blank pipeline reads the articles."),
    "N702": (Severity.WARNING, "The spaCy model named in briefs.yaml is not installed."),
    "N703": (Severity.WARNING, "A date has no year and the article has no date to take it from."),
    "N704": (Severity.ERROR, "`annotate --write` would overwrite an annotation (use --force)."),
    "N705": (Severity.ERROR, "`annotate` was given a file that is not an article (.txt, .md)."),
    # E9xx: editor and CI tools (new, init, import, serve, schema)
    "E901": (Severity.ERROR, "`briefs new`: the pack file already exists."),
    # P8xx: printing (fonts and glyphs)
    "P801": (
        Severity.WARNING,
        "A character of the pack has no glyph in the fonts the stylesheet names.",
    ),
    "P802": (Severity.WARNING, "A font family the stylesheet names is not installed."),
    # C4xx: editorial checks (dates, names, acronyms, pack hygiene)
    "C401": (
        Severity.WARNING,
        'A target date in an article ("by 2024") is before the article\'s date.',
    ),
    "C402": (
        Severity.WARNING,
        "A follow-up is due before the date of the article that reports it.",
    ),
    "C403": (Severity.WARNING, "A follow-up still open or in progress is past its due date."),
    "C404": (Severity.WARNING, 'A weekday does not match its date ("Monday, 28 October 2025").'),
    "C405": (
        Severity.INFO,
        "A date written without a year took the article's year, or the next one for a date still"
        " to come that would otherwise lie months back: confirm it.",
    ),
    "C410": (
        Severity.WARNING,
        "A name is spelt as a known variant (an alias) of a person's canonical name.",
    ),
    "C411": (Severity.WARNING, "The same person's name is spelt two ways in the pack's articles."),
    "C420": (
        Severity.WARNING,
        "An acronym is used but defined neither in the pack nor a glossary.",
    ),
    "C421": (
        Severity.INFO,
        "An acronym is used without definition in its article; a glossary of the pack expands it.",
    ),
    "C422": (Severity.WARNING, "An acronym is expanded two different ways in the pack."),
    "C430": (Severity.INFO, "A follow-up has no owner or no due date."),
    "C431": (
        Severity.INFO,
        "Two articles report the same follow-up; the tracker shows it once.",
    ),
    "C432": (Severity.WARNING, "An article is listed in the pack but nothing from it is used."),
    # C44x: review state; every one is an error under `briefs build --release`
    "C440": (
        Severity.INFO,
        "An item or person no editor has confirmed yet (`confirmed: false`, or drafted for an"
        " article with no .ann.yaml, or a person the model found in an article whose .ann.yaml"
        " has no `people:` list): the pack prints as a DRAFT.",
    ),
    "C441": (Severity.WARNING, "A placeholder `TODO` is still in a field of a pack or annotation."),
    "C442": (Severity.WARNING, "A required text field (summary, a fact's text, ...) is empty."),
    "C443": (
        Severity.WARNING,
        "A value still marked `# TODO` on its line, such as the event date `briefs new` sets"
        " to the day it ran.",
    ),
    "C449": (
        Severity.ERROR,
        "`briefs confirm`: no item or person of the annotation file at that line, or no line"
        " and no --all.",
    ),
    "C450": (
        Severity.WARNING,
        "A known place, organisation or agreement is written with a word in the wrong case"
        ' ("Kuala lumpur").',
    ),
    "C451": (
        Severity.WARNING,
        "An organisation or agreement name is close to, but not, a known one (names.yaml).",
    ),
    "E902": (
        Severity.ERROR,
        "`briefs new`: a name that cannot be a pack or article id, or not an article.",
    ),
    "E903": (
        Severity.ERROR,
        "`briefs new`: seeds/ has a different article under the same file name.",
    ),
    "E904": (Severity.ERROR, "`briefs init`: the folder is not empty."),
    "E910": (
        Severity.ERROR,
        "`briefs import`: the export cannot be read in the given or detected format.",
    ),
    "E911": (
        Severity.ERROR,
        "`briefs import`: a span's offsets are outside the text, or cover only whitespace.",
    ),
    "E912": (
        Severity.ERROR,
        "`briefs import`: a span's offsets give other text than the export claims.",
    ),
    "E913": (
        Severity.WARNING,
        "`briefs import`: a span's claimed text differs from its offsets' in whitespace only.",
    ),
    "E914": (
        Severity.WARNING,
        "`briefs import`: a label is not mapped to facts, proposals or follow_ups.",
    ),
    "E915": (
        Severity.ERROR,
        "`briefs import`: no article in seeds/ holds the document or the span's quote.",
    ),
    "E916": (
        Severity.WARNING,
        "`briefs import`: a discontinuous brat span, imported from first to last offset.",
    ),
    "E917": (
        Severity.ERROR,
        "`briefs import`: the article already has an .ann.yaml (use --merge).",
    ),
    "E918": (
        Severity.WARNING,
        "`briefs import`: a Prodigy span's character offsets disagree with its tokens.",
    ),
    "E919": (
        Severity.ERROR,
        "`briefs import`: the label mapping file is not LABEL: facts|proposals|follow_ups|ignore.",
    ),
    "E920": (Severity.ERROR, "`briefs serve`: the port cannot be opened."),
    "E930": (Severity.ERROR, "`briefs schema --check`: a committed JSON Schema is out of date."),
}


def _unprintable() -> dict[int, str]:
    codes = [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
    codes += [*range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000)]
    return {code: f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}" for code in codes}


_UNPRINTABLE = _unprintable()


@dataclass(frozen=True, order=True)
class Position:
    """Where in which file a finding points; line and column count from 1 (0 = unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path


def text_position(path: str, text: str, offset: int) -> Position:
    """The line and column (from 1) of a character offset into a text."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Position(path, line, col)


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a code from the catalogue, where it is, and what to do about it."""

    code: str
    message: str
    position: Position
    severity: Severity = Severity.ERROR

    @classmethod
    def make(cls, code: str, message: str, position: Position) -> Diagnostic:
        """A diagnostic with the catalogue's severity for its code."""
        return cls(code, message, position, CATALOGUE[code][0])

    def __str__(self) -> str:
        line = f"{self.position}: {self.severity}[{self.code}]: {self.message}"
        # One line, and nothing a terminal would act on: text quoted from an input may
        # hold newlines, escape sequences or direction overrides.
        return line.translate(_UNPRINTABLE)


class DiagnosticError(Exception):
    """Raised by a stage that cannot go on; carries every diagnostic it gathered."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def display_path(path: Path, root: Path) -> str:
    """The path as a user should see it: relative to the project where it lies inside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def summary_line(diagnostics: Iterable[Diagnostic]) -> str:
    """'2 errors, 1 warning' style count, for the end of a run."""
    counts = {Severity.ERROR: 0, Severity.WARNING: 0}
    for diagnostic in diagnostics:
        if diagnostic.severity in counts:
            counts[diagnostic.severity] += 1
    parts = []
    for severity, count in counts.items():
        noun = str(severity)
        parts.append(f"{count} {noun}{'' if count == 1 else 's'}")
    return ", ".join(parts)
