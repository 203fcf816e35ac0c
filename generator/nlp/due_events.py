"""Dates a follow-up takes from around it when its sentence gives none: the day of a dated
event it goes on with ("During the visit, she will also ..."), drafted or told in a
sentence that is no follow-up (a headline's "on Saturday"), the last day of an event
told by its length ("a two-day visit" from the article's day or the day given), and the
date of the lead-in of the list it is an item of ("By 2030, the parties will: - ...").
`due.py` reads a follow-up's own dates; this module runs over all of an article's drafted
follow-ups at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from generator.nlp import dates
from generator.nlp.analysis import FollowUp
from generator.nlp.due import (
    _date_phrase,
    _dated,
    _dateline,
    _past_tense,
    _still_to_come,
    due_value,
    sentence_due,
)
from generator.nlp.words import COMMITMENT_HEADINGS

# How far a dated event's day carries to the sentences that go on with it (characters).
_EVENT_REACH = 1000
_GOING_ON = {"also", "afterwards", "thereafter"}
_EVENTS = {"visit", "summit", "meeting", "session", "trip", "tour", "stay", "conference",
           "forum", "event", "talks", "talk", "ceremony"}  # fmt: skip
_DEFINITE = {"the", "this", "his", "her", "their", "its"}
_ANOTHER = {"upcoming", "next", "coming", "forthcoming", "last", "previous"}  # another event
# What one does at a visit or a meeting: such an act with no date of its own, drafted just
# after a dated event, is part of its programme ("Minister Pandor will meet business leaders").
_EVENT_ACTS = {"meet", "sign", "vote", "attend", "hold", "host", "pay", "engage", "join",
               "visit", "launch", "address", "speak", "unveil", "lay", "participate",
               "discuss", "chair"}  # fmt: skip
_EVENT_TAKES = {"meeting", "talk", "dinner", "lunch", "breakfast", "discussion", "part",
                "conversation", "call", "engagement"}  # fmt: skip
_OBJECTS = {"dobj", "prt", "attr"}
# ... unless it recurs ("intend to meet twice a year"): a habit, not the event's programme.
_RECURRING = {"annually", "regularly", "twice", "every", "yearly", "periodically", "weekly",
              "monthly", "daily"}  # fmt: skip
# An event told by its length in days: "a two-day visit", "her 5-day official trip".
_DAYS_LONG = re.compile(
    r"\b(\d|two|three|four|five|six|seven)[- ]days?(?: long)?(?: [a-z]+)?? "
    r"(?:visit|trip|tour|agenda|programme|program|mission|stay)\b",
    re.IGNORECASE,
)
# A line that is an item of a list: "- $402 million for ...", "• County totals", "3.  Consider".
_LIST_ITEM = re.compile(r"[ \t]*(?:[-\u2013\u2022*\u25cf\u25aa]|\d{1,2}[.)]|[a-z][.)])[ \t]+")


def with_event_dates(
    doc: Doc, follow_ups: Sequence[FollowUp], reference: dt.date | None
) -> tuple[FollowUp, ...]:
    """Follow-ups with no date of their own that go on with a dated event drafted just
    before ("The Minister will visit Rome on 16 April. During the visit she will also
    meet ...") take that event's day, as the annotators do; so do those after a sentence
    drafted as no follow-up that tells the day (`_told_days`). Only a day still to come is
    carried, and only over `_EVENT_REACH` characters from the last sentence that goes on
    with the event. An item of a list with no date takes its lead-in's (`_lead_in_due`)."""
    out: list[FollowUp] = []
    last: tuple[str, int] | None = None  # the event's day, and where it was last told
    events = _days_long(doc, reference)
    told = _told_days(doc, follow_ups, reference)
    for item in sorted(follow_ups, key=lambda f: f.start):
        while told and told[0][0] < item.start:
            _, told_end, told_day = told.pop(0)
            last = (told_day, told_end)
        if item.due is None and (due := _lead_in_due(doc.text, item, out, reference)):
            item = dataclasses.replace(item, due=due)
        while events and events[0].start < item.end:
            event = events.pop(0)
            near = last if last and event.start - last[1] <= _EVENT_REACH else None
            start = event.day or (near[0] if near else None) or event.today
            if start is None:
                continue
            last = (_days_after(start, event.days - 1), event.end)
            if item.start < event.end and item.due in (None, start):
                item = dataclasses.replace(item, due=last[0])  # "a three-day visit from 4 May"
        if (
            item.due is None
            and last is not None
            and item.start - last[1] <= _EVENT_REACH
            and _goes_on(doc, item)
        ):
            item = dataclasses.replace(item, due=last[0])
            last = (last[0], item.end)  # the event goes on through it
        elif item.due is not None:
            day = len(item.due) == 10 and _still_to_come(item.due, reference)
            last = (item.due, item.end) if day else None
        out.append(item)
    return tuple(out)


def _told_days(
    doc: Doc, follow_ups: Sequence[FollowUp], reference: dt.date | None
) -> list[tuple[int, int, str]]:
    """The sentences drafted as no follow-up that tell an event's day after the article's
    ("The Minister is travelling to Lima on Wednesday, 5 June", a headline's "on
    Saturday"), with the day: the sentences that go on with the event take it as they
    take a drafted one's. Not the article's own day (the day it was said or done), nor a
    day without a year put in next year (a past "9 March statement")."""
    if reference is None:
        return []
    found = []
    for sent in doc.sents:
        if any(f.start < sent.end_char and f.end > sent.start_char for f in follow_ups):
            continue
        day = sentence_due(sent, None, reference)
        if (
            day is not None
            and len(day) == 10
            and day > reference.isoformat()
            and (day[:4] == str(reference.year) or day[:4] in sent.text)
        ):
            found.append((sent.start_char, sent.end_char, day))
    return found


@dataclasses.dataclass(frozen=True)
class _DaysLong:
    """An event told as lasting some days ("a two-day visit"), where it is told, and the
    day it starts when the sentence gives it; `today` when it is under way or told as
    the one in hand ("is leading a 5-day visit", "During her two-day trip")."""

    start: int
    end: int
    days: int
    day: str | None
    today: str | None


def _days_long(doc: Doc, reference: dt.date | None) -> list[_DaysLong]:
    found = []
    for match in _DAYS_LONG.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        days = int(match[1]) if match[1].isdigit() else dates.NUMBER_WORDS.get(match[1].lower())
        if not days or days < 2:
            continue
        sent = span.sent
        starts = [
            value
            for ent in sent.ents
            if _dated(ent) and not _dateline(ent)
            for found_date in [dates.normalise(_date_phrase(ent), reference)]
            if found_date and found_date.value and not found_date.end_value
            for value in [due_value(found_date, reference)]
            if value and len(value) == 10 and _still_to_come(value, reference)
        ]
        noun = span[-1]
        in_hand = any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in noun.children
        ) or _under_way(sent.root)
        today = reference.isoformat() if reference and in_hand else None
        found.append(
            _DaysLong(sent.start_char, sent.end_char, days, starts[0] if starts else None, today)
        )
    return found


def _under_way(verb: Token) -> bool:
    """ "is leading", "arrives": told in the present, not as what will be."""
    return verb.tag_ in {"VBZ", "VBP"} or (
        verb.tag_ == "VBG" and any(c.lower_ in {"is", "are"} for c in verb.children)
    )


def _days_after(value: str, days: int) -> str:
    return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()


def _lead_in_due(
    text: str, item: FollowUp, before: Sequence[FollowUp], reference: dt.date | None
) -> str | None:
    """The date a list item takes from its lead-in: the line before the list that ends in
    a colon ("By 2030, the parties will:", "over the next four years, this will
    provide:"), as drafted (`before`), or a line that is only a date ("April 5, 2012"
    over a schedule's bullets)."""
    if (lead := _lead_in(text, item.start)) is None:
        return None
    start, end = lead
    line = text[start:end].strip()
    dated = next((f for f in before if f.start < end and f.end > start), None)
    if dated is not None and line.endswith(":"):
        return dated.due
    return _date_line(line, reference)


def _date_line(line: str, reference: dt.date | None) -> str | None:
    """A line that is only a date after the article's own (a schedule's day), not the
    date line the release opens with."""
    found = dates.normalise(line, reference)
    value = due_value(found, reference) if found and found.value else None
    if value is None or (reference and dates.due_key(value)[1] <= reference.isoformat()):
        return None
    return value


def under_commitments(text: str, at: int) -> bool:
    """True for an item of a list whose lead-in is only a heading of commitments
    ("Commitments:", "Next steps:"), as a readout lists what was agreed: each item is a
    follow-up, though written as a bare imperative ("Expand joint messaging ...")."""
    if (lead := _lead_in(text, at)) is None:
        return False
    heading = text[lead[0] : lead[1]].strip().rstrip(":").strip().casefold()
    return heading in COMMITMENT_HEADINGS


def _lead_in(text: str, at: int) -> tuple[int, int] | None:
    """The character range of the lead-in line of the list whose item holds `at`: the
    nearest line above that is not an item of the list, or None when `at` is not in one."""
    start = text.rfind("\n", 0, at) + 1
    if not _LIST_ITEM.match(text, start):
        return None
    while start > 0:
        end = start - 1
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip() and not _LIST_ITEM.match(text, start):
            return start, end
    return None


def _goes_on(doc: Doc, item: FollowUp) -> bool:
    """A sentence that continues an event already told: "will also", "during the visit",
    "while in Rome", "In Warsaw, ...", "the same day", "afterwards", or an act done at it
    ("will meet", "will sign")."""
    span = doc.char_span(item.start, item.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    if _past_tense(span.root, bare=False):
        return False  # what was done ("also decided"), not more of what is to come
    first = span[0]
    if first.lower_ == "in" and first.i + 1 < span.end and doc[first.i + 1].ent_type_ == "GPE":
        return True
    for token in span:
        if token.lower_ in _GOING_ON and token.dep_ == "advmod":
            return True
        if (
            token.lemma_.lower() in _EVENTS
            and any(c.dep_ in {"det", "poss"} and c.lower_ in _DEFINITE for c in token.children)
            and not any(c.lower_ in _ANOTHER for c in token.children)
        ):
            return True
        if token.lower_ == "while" and token.nbor(1).lower_ in {"in", "there"}:
            return True
        if token.lower_ in {"same", "following"} and token.head.lower_ == "day":
            return True
    return _event_act(span)


def _new_event(verb: Token) -> bool:
    """ "will hold public hearings", "will host a conference": holding an event of its own
    kind, with its own dates, not an act at the one told before ("will hold talks")."""
    return verb.lemma_.lower() in {"hold", "host"} and any(
        c.dep_ in _OBJECTS and c.lemma_.lower() not in _EVENT_TAKES for c in verb.children
    )


def _event_act(span: Span) -> bool:
    """An act done at a visit or meeting ("will meet", "is expected to sign", "plans to
    hold talks", "will be discussed"), not one that recurs."""
    verb = span.root
    while (more := next((c for c in verb.children if c.dep_ == "xcomp"), None)) is not None:
        verb = more
    lemma = verb.lemma_.lower()
    takes = any(c.lemma_.lower() in _EVENT_TAKES for c in verb.children if c.dep_ in _OBJECTS)
    act = (lemma in _EVENT_ACTS and not _new_event(verb)) or (
        lemma in {"have", "take"} and takes  # "will have a working dinner", "will take part"
    )
    return act and not any(t.lower_ in _RECURRING for t in span)
