"""Checking every span: its offsets must give the text the export claims."""

from __future__ import annotations

import json
import json.decoder
import json.scanner

from generator.errors import Diagnostic, Position
from generator.load import anchors
from generator.tools.imports.spans import Span

# ---- checking spans -----------------------------------------------------------------------


def _utf16_to_index(text: str, units: int) -> int | None:
    """The code-point index of a UTF-16 offset (JavaScript counts astral characters twice)."""
    count = 0
    for index, char in enumerate(text):
        if count == units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text) if count == units else None


def check_span(text: str, span: Span) -> tuple[tuple[int, int] | None, list[Diagnostic]]:
    """The span's trimmed offsets in text, or None; and what was wrong with it."""
    where = span.position
    if not (
        isinstance(span.start, int) and isinstance(span.end, int)
    ) or not 0 <= span.start < span.end <= len(text):
        message = (
            f"span {span.start}-{span.end} ('{span.label}') is outside the text (0-{len(text)})"
        )
        return None, [Diagnostic.make("E911", message, where)]
    start, end = span.start, span.end
    diagnostics: list[Diagnostic] = []
    claimed = span.claimed
    if span.token_range is not None and span.token_range != (start, end):
        first, last = span.token_range
        message = (
            f"span {start}-{end} disagrees with its tokens, which cover {first}-{last}; "
            "using the character offsets"
        )
        diagnostics.append(Diagnostic.make("E918", message, where))
    if claimed is not None and text[start:end] != claimed:
        resolved = _reconcile(text, start, end, claimed, where)
        if resolved is None:
            found = text.find(claimed)
            hint = f"; that text is at {found}-{found + len(claimed)}" if found >= 0 else ""
            message = (
                f"span {start}-{end} gives other text than the export claims, "
                f"{_difference(text[start:end], claimed)}{hint}"
            )
            return None, [*diagnostics, Diagnostic.make("E912", message, where)]
        (start, end), more = resolved
        diagnostics += more
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None, [
            *diagnostics,
            Diagnostic.make("E911", f"span {span.start}-{span.end} is only whitespace", where),
        ]
    return (start, end), diagnostics


def _reconcile(
    text: str, start: int, end: int, claimed: str, where: Position
) -> tuple[tuple[int, int], list[Diagnostic]] | None:
    """Offsets that agree with the claim: same text but for whitespace, or UTF-16 offsets."""
    covered = text[start:end]
    if anchors.fold_plain(covered) == anchors.fold_plain(claimed):
        message = (
            f"span {start}-{end}: the export's text differs from the text at its offsets in "
            f"whitespace only, {_difference(covered, claimed)}; using the offsets"
        )
        return (start, end), [Diagnostic.make("E913", message, where)]
    utf16 = (_utf16_to_index(text, start), _utf16_to_index(text, end))
    if utf16[0] is not None and utf16[1] is not None and text[utf16[0] : utf16[1]] == claimed:
        return (utf16[0], utf16[1]), []
    return None


def _difference(covered: str, claimed: str, context: int = 12) -> str:
    """Where two texts first differ, shown as a short window of each."""
    at = next(
        (i for i, (a, b) in enumerate(zip(covered, claimed, strict=False)) if a != b),
        min(len(covered), len(claimed)),
    )
    lo = max(at - context, 0)
    return (
        f"from character {at}: the text has {_show(covered[lo : at + context])}, "
        f"the export {_show(claimed[lo : at + context])}"
    )


def _show(text: str, width: int = 60) -> str:
    shown = json.dumps(text, ensure_ascii=False)
    return shown if len(shown) <= width else shown[: width - 2] + '\u2026"'
