"""Finding quotes in article text, tolerant only of whitespace and typographic quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_QUOTE_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u0060": "'",
        "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")
# Words of the passage shown before the place where it first differs from the quote.
_CONTEXT_WORDS = 6
# Zero-width and direction marks are invisible: a quote typed without them must still match.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u00ad"}
# Direction embeddings, overrides and isolates, the Arabic letter mark and invisible
# operators: as invisible as the marks above, and common in text copied from the web.
_INVISIBLE |= {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x061C)}
_INVISIBLE |= {chr(c) for c in range(0x2061, 0x2065)}


@dataclass(frozen=True)
class Folded:
    """Text folded for matching, with the original offset of every folded character."""

    text: str
    origin: tuple[int, ...]


def fold(text: str) -> Folded:
    """Collapse whitespace, drop invisible marks, make curly quotes straight."""
    chars: list[str] = []
    origin: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char in _INVISIBLE:
            continue
        if char.isspace():
            if not in_space and chars:
                chars.append(" ")
                origin.append(index)
            in_space = True
            continue
        in_space = False
        chars.append(char.translate(_QUOTE_FOLD))
        origin.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return Folded("".join(chars), tuple(origin))


def fold_plain(text: str) -> str:
    return fold(text).text


def name_key(name: str) -> str:
    """How two spellings of one name compare: typographic quotes and apostrophes folded,
    case and spacing ignored, a leading "the" dropped."""
    return " ".join(fold_plain(name).casefold().removeprefix("the ").split())


@dataclass(frozen=True)
class Match:
    """A quote's span in the original text."""

    start: int
    end: int


@dataclass(frozen=True)
class Lookup:
    """The outcome of looking a quote up: the chosen match, or why there is none."""

    match: Match | None
    candidates: int  # occurrences of the bare quote
    selected: int  # occurrences left after prefix / suffix
    problem: str | None = None


def find_quote(
    folded: Folded,
    quote: str,
    prefix: str | None = None,
    suffix: str | None = None,
    occurrence: int | None = None,
) -> Lookup:
    """Find the one occurrence of quote that prefix, suffix and occurrence point to."""
    needle = fold_plain(quote)
    if not needle:
        return Lookup(None, 0, 0, "empty")
    starts = _all_starts(folded.text, needle)
    chosen = [s for s in starts if _context_fits(folded.text, s, len(needle), prefix, suffix)]
    if not starts:
        return Lookup(None, 0, 0, "missing")
    if not chosen:
        return Lookup(None, len(starts), 0, "context")
    if occurrence is not None:
        if not 1 <= occurrence <= len(chosen):  # 0 or less would count from the end
            return Lookup(None, len(starts), len(chosen), "occurrence")
        start = chosen[occurrence - 1]
    elif len(chosen) > 1:
        return Lookup(None, len(starts), len(chosen), "ambiguous")
    else:
        start = chosen[0]
    end = start + len(needle)
    return Lookup(Match(folded.origin[start], folded.origin[end - 1] + 1), len(starts), len(chosen))


def _all_starts(haystack: str, needle: str) -> list[int]:
    starts = []
    index = haystack.find(needle)
    while index != -1:
        starts.append(index)
        index = haystack.find(needle, index + 1)
    return starts


def _context_fits(
    text: str, start: int, length: int, prefix: str | None, suffix: str | None
) -> bool:
    if prefix is not None and not text[:start].rstrip().endswith(fold_plain(prefix)):
        return False
    return suffix is None or text[start + length :].lstrip().startswith(fold_plain(suffix))


@dataclass(frozen=True)
class Closest:
    """The passage of a text most like a quote that is not in it, shown around the first
    place where the two differ, and what each has there."""

    passage: str
    score: float  # 0-100
    text_has: str  # the text's words where they first differ ("" if it has none there)
    quote_has: str  # the quote's words there


def closest_passage(folded: Folded, original: str, quote: str, width: int = 90) -> Closest | None:
    """The passage of the text most like quote (for 'did you mean'), None if none is."""
    needle = fold_plain(quote)
    if not folded.text or not needle:
        return None
    from rapidfuzz import fuzz  # only on the error path: a clean load never needs it
    from rapidfuzz.distance import Indel

    alignment = fuzz.partial_ratio_alignment(needle, folded.text)
    if alignment is None:
        return None
    start, end = alignment.dest_start, max(alignment.dest_end, alignment.dest_start + 1)
    # Widen to whole words so the suggestion reads as a passage, not a fragment.
    while start > 0 and folded.text[start - 1] != " ":
        start -= 1
    while end < len(folded.text) and folded.text[end] != " ":
        end += 1
    words = [(m.start() + start, m.end() + start) for m in _WORD.finditer(folded.text[start:end])]
    if not words:
        return None
    texts = [folded.text[a:b] for a, b in words]
    wanted = needle.split(" ")
    differ = _first_difference(Indel.opcodes(wanted, texts), len(wanted))
    at = differ[2] if differ else 0
    first = max(at - _CONTEXT_WORDS, 0)
    last = first
    while last < len(words) and words[last][1] - words[first][0] <= width:
        last += 1
    last = max(last, min(at + 1, len(words)))
    shown = original[folded.origin[words[first][0]] : folded.origin[words[last - 1][1] - 1] + 1]
    passage = _SPACE.sub(" ", shown).strip()
    passage = ("\u2026" if first else "") + passage + ("\u2026" if last < len(words) else "")
    if differ is None:
        return Closest(passage, float(alignment.score), "", "")
    text_has = " ".join(texts[differ[2] : differ[3]])
    quote_has = " ".join(wanted[differ[0] : differ[1]])
    return Closest(passage, float(alignment.score), _short(text_has), _short(quote_has))


def _first_difference(opcodes: Iterable[Any], length: int) -> tuple[int, int, int, int] | None:
    """The first run of differing words, as (quote start, end, text start, end): an
    insertion next to a deletion is one replacement. Words of the passage before the
    quote's first word or after its last (the passage is widened to whole words) are not
    differences."""
    found: tuple[int, int, int, int] | None = None
    for op in opcodes:
        if op.tag == "insert" and op.src_start in (0, length):
            continue
        if op.tag == "equal":
            if found is not None:
                break
            continue
        if found is None:
            found = (op.src_start, op.src_end, op.dest_start, op.dest_end)
        else:
            found = (found[0], op.src_end, found[2], op.dest_end)
    return found


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"
