"""An article's heading (its headline, and a standfirst under it) and the items drafted
from it that the body repeats. Text only, no spaCy: the build's who's who (named.py)
reads the heading too, and a build that renders must not load the models.
"""

from __future__ import annotations

import re
from typing import TypeVar

from rapidfuzz import fuzz, utils

from generator.nlp.analysis import FollowUp, Proposal

Item = TypeVar("Item", Proposal, FollowUp)

# Token-set ratio (0-100) from which an item of the heading repeats one of the body: a
# headline says it shorter ("Minister urges calm in the north" over "The minister urged
# all sides in the north to stay calm"). Of the items drafted on the train split, 70
# left out 15 of the heading's, one of them in the gold; 50 left out 31, 7 in the gold.
HEADING_REPEAT = 70.0


def heading_end(text: str, standfirst: bool = False) -> int:
    """Where an article's heading ends: after its first line when that reads as a headline
    (at most 30 words, no full stop at its end), with `standfirst` after the title-like
    lines that follow it too (a standfirst, a line of date and place: at most 40 words, no
    full stop); 0 when the first line is a paragraph or the text has one line only."""
    if "\n" not in text.strip():
        return 0
    end = offset = lines = 0
    for line in text.split("\n"):
        offset += len(line) + 1
        words = line.split()
        if not words:
            continue
        if lines and not standfirst:
            break
        if not reads_as_heading(line, 40 if lines else 30):
            break
        end, lines = offset - 1, lines + 1
    return min(end, len(text))


def line_at(text: str, at: int) -> str:
    """The line of the text that holds offset `at`."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return text[start : end if end != -1 else len(text)]


def reads_as_heading(line: str, words: int = 30) -> bool:
    """A line written as a heading is: at most `words` words, no full stop at its end."""
    return 0 < len(line.split()) <= words and not line.rstrip().endswith((".", "!", "?"))


def in_capitals(line: str) -> bool:
    """A line set all in capitals ("DESPATCH FROM CABINET"), two words of three letters or
    more: a heading's capitals, neither acronyms nor names as prose writes them."""
    words = re.findall(r"[A-Za-z]{3,}", line)
    return len(words) >= 2 and all(w.isupper() for w in words)


def without_heading_repeats(items: tuple[Item, ...], text: str) -> tuple[Item, ...]:
    """The items less those of the headline or standfirst that an item of the body
    repeats: the guide annotates a repeated text once, from the body."""
    end = heading_end(text, standfirst=True)
    body = [item.quote for item in items if item.start >= end]
    return tuple(
        item
        for item in items
        if item.start >= end
        or not any(
            fuzz.token_set_ratio(item.quote, other, processor=utils.default_process)
            >= HEADING_REPEAT
            for other in body
        )
    )
