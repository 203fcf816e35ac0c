"""brat standoff files (.ann beside .txt)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import Diagnostic, DiagnosticError, Position
from generator.load.sources import decode_text, read_bytes, read_text
from generator.tools.imports.spans import Document, Span

_BRAT_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")


def _brat(path: Path, shown: str) -> tuple[Document, list[Diagnostic]]:
    """A brat standoff file and the .txt beside it (offsets count the text as stored)."""
    text_path = path.with_suffix(".txt")
    text_shown = shown.removesuffix(".ann") + ".txt"
    # Not decode_text: that folds CRLF to LF, and brat's offsets count every character.
    raw = read_bytes(text_path, text_shown)
    try:
        text = raw.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError:
        try:
            decode_text(raw, text_shown)  # the same failure, positioned at its first bad byte
        except DiagnosticError as error:
            raise DiagnosticError(
                Diagnostic.make("E910", f"the text beside {shown}: {d.message}", d.position)
                for d in error.diagnostics
            ) from None
        raise
    lines = read_text(path, shown).split("\n")
    spans = []
    problems = []
    for number, line in enumerate(lines, start=1):
        if not line.startswith("T"):
            continue  # relations, events, attributes and notes carry no text span
        match = _BRAT_LINE.match(line)
        where = Position(shown, number, 1)
        if match is None:
            problems.append(
                Diagnostic.make("E910", "expected 'T1<TAB>Label START END<TAB>text'", where)
            )
            continue
        fragments = [tuple(int(n) for n in part.split()) for part in match.group(3).split(";")]
        if len(fragments) > 1:
            message = (
                f"discontinuous span {match.group(3)}: "
                "imported as one quote from its first to last offset"
            )
            problems.append(Diagnostic.make("E916", message, where))
        claimed = match.group(4) if len(fragments) == 1 else None
        spans.append(Span(fragments[0][0], fragments[-1][1], match.group(2), claimed, where))
    if any(p.code == "E910" for p in problems):
        raise DiagnosticError(problems)
    return Document(text, tuple(spans), Position(text_shown)), problems
