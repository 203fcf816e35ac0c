"""Dates mentioned in an article, made ISO against the article's date.

Part of the extraction (extract.py puts the parts together); the rules follow spaCy's
analysis, not the raw text.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span

from generator.nlp import dates
from generator.nlp.analysis import (
    DateMention,
    Note,
)
from generator.nlp.due import _dates_the_past

# ---- dates -------------------------------------------------------------------------------


def find_dates(
    doc: Doc, reference: dt.date | None
) -> tuple[tuple[DateMention, ...], tuple[Note, ...]]:
    """Every DATE entity, normalised to ISO against the reference date where it reads."""
    mentions: list[DateMention] = []
    notes: list[Note] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        found = dates.normalise(ent.text, reference)
        if found is None:
            continue
        if not _dates_the_past(ent.root, bare=False):
            # A year-less date not on a verb in the past tense is read as a follow-up's
            # due date is ("on 15 January" in December: next January), so the check's
            # note (C405) says the year the tracker shows.
            found = dates.coming(found, reference)
        if found.value is None:
            message = (
                f"'{ent.text}' has no year and the article has no date; "
                "set article.published (or pass --published)"
            )
            notes.append(Note("N703", message, ent.start_char, ent.end_char))
        mentions.append(
            DateMention(
                ent.text,
                ent.start_char,
                ent.end_char,
                found.value,
                found.end_value,
                found.year_inferred,
                _preposition(ent),
            )
        )
    return tuple(mentions), tuple(notes)


def _preposition(span: Span) -> str | None:
    root = span.root
    if root.dep_ == "pobj" and root.head.pos_ == "ADP":
        return root.head.lower_
    before = span.doc[span.start - 1] if span.start > 0 else None
    return before.lower_ if before is not None and before.pos_ == "ADP" else None
