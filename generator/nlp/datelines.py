"""The dateline that opens a story ("BRUSSELS, 24th September, 2025 (WAM) --", "Accra, Feb.
28, GNA -", "Kuala lumpur:"): where it was filed, the agency credited, where the story starts.

A dateline is not prose: its place is a place written as the house style writes datelines
(often in capitals), and its agency credit is a source credit, not an acronym the text
owes the reader. Text only, no spaCy: the build's who's who (named.py) reads it too, and
the drafts (draft.py) and the acronyms (acronyms.py) share it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from generator.nlp.dates import MONTHS, WEEKDAYS
from generator.nlp.headings import heading_end, reads_as_heading

Span = tuple[int, int]

# Where a dateline ends and the story starts: "--", a dash with a space beside it, an
# en or em dash, a colon (not a time's), a semicolon, or a slash before a space
# ("Ulaanbaatar/MONTSAME/ On November 13"); or the bracket that closes "(Port Vila, 24
# March 2015)" when the dateline opens with one.
_SEPARATOR = re.compile(
    r"\s*(?:-{2,}|\s-(?=\s)|[\u2013\u2014]|:(?!\d)|;|/(?=\s))(?:\s*[-\u2013\u2014])?\s*"
)
_BRACKETED = re.compile(r"\)\s*(?:[-\u2013\u2014]+\s*)?|" + _SEPARATOR.pattern)
# What parts a dateline's head: a comma, a bracket, a slash, or a full stop and a space
# ("NUR-SULTAN. KAZINFORM", "Feb. 28"); a stop inside "D.C." parts nothing.
_PARTS = re.compile(r"[,()/]|(?<=\w\w\w)\.\s")  # not "ST. KITTS"
_PLACE_WORD = re.compile(r"[A-Z][\w.'\u2019-]*")
_JOINERS = {"of", "de", "da", "du", "la", "le", "al", "el", "es", "and"}
_CREDIT = re.compile(r"[A-Z][A-Z&-]*[A-Z]")  # "WAM", "GNA", "KAZINFORM": letters, no dots
_BYLINE = re.compile(r"By\s+[A-Z][^,\n]{1,40},\s*(?P<credit>[A-Z][A-Z&-]*[A-Z])\s*$")
_LONGEST = 100  # characters before the separator
_LINES = 6  # lines after the headline that may still hold the dateline
_PARAGRAPH = 25  # words: a line this long is the story
_STORY = 8  # words at least after a dateline: the story's first sentence


@dataclass(frozen=True)
class Dateline:
    """A dateline: its place as written (`place_span`) and as printed (`place`: "Brussels"
    for "BRUSSELS"), the agencies it credits and where, and where the story starts."""

    place: str | None
    place_span: Span | None
    credits: tuple[str, ...]
    credit_spans: tuple[Span, ...]
    start: int
    end: int

    def covers(self, start: int, end: int) -> bool:
        """Whether a span lies in the dateline's place or credit (not in the story)."""
        spans = ((self.place_span,) if self.place_span else ()) + self.credit_spans
        return any(s <= start and end <= e for s, e in spans)


def read_line(
    text: str, start: int = 0, end: int | None = None, story: int = _STORY
) -> Dateline | None:
    """The dateline that opens text[start:end] (one line), if it opens with one: a place
    (capitalised words, "Kuala lumpur" too), perhaps a date before or after it and an
    agency credit in brackets, after a date, a slash or a full stop, then a separator and
    the story (at least `story` words, prose). None for prose ("The Ministry said: ..."),
    for a line that is all head, and for a title with a dash ("EU-Central Asia – Working
    together for a stronger partnership": what follows its dash reads as a heading)."""
    end = len(text) if end is None else end
    line = text[start:end]
    head_start = 1 if line.startswith("(") else 0
    found = (_BRACKETED if head_start else _SEPARATOR).search
    separator = found(line, head_start, min(len(line), _LONGEST))
    if separator is None or len(line[separator.end() :].split()) < story:
        return None  # "Source: Republic of Lithuania", "Contact: ...": a label, no story
    if _titled(line[separator.end() :]):
        return None
    place: Span | None = None
    credits: list[Span] = []
    dated = False
    for piece, at, after in _pieces(line, head_start, separator.start()):
        kind, span = _piece(piece, at)
        if kind is None:
            return None
        if kind == "date":
            dated = True
        elif place is not None and after == "(" and not dated and not credits:
            if kind == "credit":
                credits.append(span)  # "Jeddah (UNA) -"; "Manama (Bahrain)" is the place
        elif place is None and not dated and not credits:
            if kind == "credit" and head_start and not after:
                credits.append(span)  # "(KPL) Japan's Foreign Minister ..."
                continue
            place = span
        elif place is not None and kind == "place" and not dated and not credits:
            place = (place[0], span[1])  # "WASHINGTON, D.C.", "Ottawa, Ontario"
        elif place is not None and kind == "credit" and after == "," and not dated:
            # Two letters right after the place are its state ("Washington, DC"); a
            # credit comes in brackets, after a slash or a full stop, or after the date.
            if span[1] - span[0] > 2 or credits:
                return None
            place = (place[0], span[1])
        elif kind == "credit":
            credits.append(span)
        else:
            return None
    if place is None and not credits:
        return None
    return Dateline(
        place=printed(line[place[0] : place[1]]) if place else None,
        place_span=(start + place[0], start + place[1]) if place else None,
        credits=tuple(dict.fromkeys(line[s:e] for s, e in credits)),
        credit_spans=tuple((start + s, start + e) for s, e in credits),
        start=start,
        end=start + separator.end(),
    )


def read_dateline(text: str) -> Dateline | None:
    """The story's dateline: on the first line of a text that opens with its story, else on
    one of the first lines after the headline (a standfirst, a date, "For Immediate
    Release" may come between), with the agency of a byline ("By Yaw Ansah, GNA") added
    to its credits."""
    offset = heading_end(text)
    if offset == 0:  # no headline: the first line is the story's
        return read_line(text, 0, len(text.split("\n", 1)[0]))
    byline: list[tuple[str, Span]] = []
    for line in text[offset:].split("\n")[: _LINES + 1]:
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        stripped = len(line) - len(line.lstrip())
        match = _BYLINE.match(line.strip())
        if match:
            at = line_start + stripped + match.start("credit")
            byline.append((match["credit"], (at, at + len(match["credit"]))))
            continue
        found = read_line(text, line_start + stripped, line_start + len(line))
        if found is None and len(line.split()) >= _PARAGRAPH:
            return None  # the story has started without one
        if found is not None:
            return Dateline(
                found.place,
                found.place_span,
                tuple(dict.fromkeys([c for c, _ in byline] + list(found.credits))),
                tuple(s for _, s in byline) + found.credit_spans,
                found.start,
                found.end,
            )
    return None


@functools.lru_cache(maxsize=1024)
def _read_line_cached(text: str, start: int, end: int, story: int) -> Dateline | None:
    return read_line(text, start, end, story)


def dateline_at(text: str, at: int, story: int = _STORY) -> Dateline | None:
    """The dateline that opens the line holding offset `at`, if one does: any line, for
    the readers that meet a place or a date and ask whether it is the dateline's (a
    release may open each of its stories with one). Read once per line (the parse asks
    of every token)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end == -1 else end
    while start < end and text[start] in " \t":
        start += 1
    return _read_line_cached(text, start, end, story)


def _titled(story: str) -> bool:
    """What follows a dash reads as a title, not a story's first sentence: a heading's
    length and no sentence ended anywhere in it (a sign-off such as "... trade. --GNA"
    may follow a story's full stop; "... issued the following statement:" ends one too)."""
    return reads_as_heading(story) and not re.search(r"[.!?:][\"'\u201d\u2019)\]]*(?:\s|$)", story)


def _pieces(line: str, start: int, end: int) -> list[tuple[str, int, str]]:
    """The pieces of line[start:end], each with where it starts and what parted it from
    the piece before ("," "(" "/" ". "; "" for the first)."""
    pieces, at, after = [], start, ""
    for part in _PARTS.finditer(line, start, end):
        pieces.append((line[at : part.start()], at, after))
        at, after = part.end(), part.group().strip()
    pieces.append((line[at:end], at, after))
    return [(text, at, after) for text, at, after in pieces if text.strip()]


def _piece(piece: str, at: int) -> tuple[str | None, Span]:
    """What one piece of a dateline's head is ("date", "place", "credit"; None when it is
    none of them) and its span without spaces and a date's words before a place ("29
    March 2017 MANILA")."""
    words = list(re.finditer(r"\S+", piece))
    if not words:
        return "date", (at, at)  # ", ," between a date's parts
    dates = [_date_word(w.group()) for w in words]
    if all(dates):
        return "date", (at + words[0].start(), at + words[-1].end())
    first = dates.index(False)
    rest = words[first:]
    if any(dates[first:]):
        # "Dhu-AlQa'dah 15": a month of another calendar, with its day.
        numbered = any(c.isdigit() for c in piece) and first == 0 and len(words) <= 3
        return ("date" if numbered else None), (at + words[0].start(), at + words[-1].end())
    if len(rest) > 4:
        return None, (at, at)
    texts = [w.group().rstrip(".") if w is not rest[-1] else w.group() for w in rest]
    capitalised = all(_PLACE_WORD.fullmatch(t) or t in _JOINERS for t in texts)
    # "Kuala lumpur": a place's second word in lower case, as one house writes it.
    lower_tail = len(texts) == 2 and texts[0].istitle() and texts[1].isalpha()
    if not (capitalised or lower_tail) or not texts[0][:1].isupper():
        return None, (at, at)
    span = (at + rest[0].start(), at + rest[-1].end())
    # A credit stands alone in its piece: "29 March 2017 MANILA" is a place, "(4:08 PM)" none.
    alone = first == 0 and len(rest) == 1 and _credit_shaped(texts[0])
    return ("credit" if alone else "place"), span


def _date_word(word: str) -> bool:
    """A word of a date: a number, an ordinal, a year, a month or a weekday ("Feb.",
    "24th", "Monday"), or a word with a number in it ("Dhu-AlQa'dah 15" has one)."""
    bare = word.strip(".,").lower()
    return (
        any(c.isdigit() for c in bare)
        or bare in MONTHS
        or bare in WEEKDAYS
        or (bare[:3] in {d[:3] for d in WEEKDAYS} and len(bare) <= 4)  # "Wed."
    )


def _credit_shaped(word: str) -> bool:
    return bool(_CREDIT.fullmatch(word))


def printed(written: str) -> str:
    """A place as the who's who prints it: a dateline's capitals in the case of a name
    ("NUR-SULTAN" -> "Nur-Sultan", "GRAND JUNCTION, Colo." -> "Grand Junction, Colo."),
    short words kept ("WASHINGTON, D.C.", "SAULT STE.MARIE, ON": an abbreviation or a
    state's code); a place written in mixed case as it is ("Kuala lumpur" capitalised)."""
    recased = re.sub(
        r"[A-Z]{3,}",
        lambda m: m[0][:1] + m[0][1:].lower() if m.start() < len(written.split(",")[0]) else m[0],
        written,
    )
    return recased[:1].upper() + recased[1:]
