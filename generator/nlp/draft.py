"""Machine drafts: an Analysis becomes an annotation file (YAML) or the JSON of `briefs annotate`.

Every quote in a draft is a verbatim span of the article that `anchors.find_quote`
finds (an `occurrence:` is added where the span occurs more than once), so a draft
always builds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, TypeVar

from generator.load import anchors
from generator.model import (
    AnnotationFile,
    ArticleMeta,
    FactSpec,
    FollowUpSpec,
    PersonSpec,
    ProposalSpec,
)
from generator.nlp.analysis import Analysis, FollowUp, Proposal
from generator.nlp.datelines import read_dateline, read_line

UNKNOWN_ACTOR = "(not stated)"


def dateline(text: str) -> tuple[str | None, int]:
    """A dateline that opens an article whose first line is its story ("Kuala lumpur: ...",
    "WASHINGTON, D.C. - ..."; datelines.py reads it): the place and where the story
    starts, else (None, 0)."""
    first_line = text.split("\n", 1)[0]
    found = read_line(text, 0, len(first_line)) if len(first_line) >= 80 else None
    if found is None:
        return None, 0
    return found.place, found.end


def title_of(text: str, article_id: str) -> str:
    """The headline: a short first line without a full stop, else the first sentence."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return article_id
    first = lines[0]
    if len(first) <= 160 and not first.endswith("."):
        return first
    _, start = dateline(text)
    body = text[start:].strip()
    sentence = re.split(r"(?<=[.!?])\s+", body, maxsplit=1)[0]
    return sentence if len(sentence) <= 160 else sentence[:157].rstrip() + "\u2026"


def draft_meta(text: str, article_id: str, analysis: Analysis) -> ArticleMeta:
    found = read_dateline(text)  # on the first line, or the story's under the headline
    place = found.place if found else None
    published = dt.date.fromisoformat(analysis.reference_date) if analysis.reference_date else None
    return ArticleMeta(title=title_of(text, article_id), dateline=place, published=published)


def anchor(text: str, start: int, end: int) -> dict[str, Any]:
    """The quote for a span, with `occurrence` when the same words appear more than once."""
    quote = text[start:end]
    folded = anchors.fold(text)
    lookup = anchors.find_quote(folded, quote)
    if lookup.match is not None:
        return {"quote": quote}
    for occurrence in range(1, lookup.candidates + 1):
        found = anchors.find_quote(folded, quote, occurrence=occurrence)
        if found.match is not None and found.match.start == start:
            return {"quote": quote, "occurrence": occurrence}
    return {"quote": quote}


_Scored = TypeVar("_Scored", Proposal, FollowUp)


def _least_certain_first(items: Sequence[_Scored]) -> list[_Scored]:
    """Drafted items in the order an editor should review them: the model's least
    certain first, text order among equals."""
    return sorted(items, key=lambda item: (item.score, item.start))


def draft_annotation(
    analysis: Analysis, text: str, article_id: str, meta: ArticleMeta | None = None
) -> AnnotationFile:
    """The annotation an editor starts from: every item machine-suggested, every quote exact."""
    facts = [FactSpec(text=f.text, **anchor(text, f.start, f.end)) for f in analysis.facts]
    proposals = [
        ProposalSpec(by=p.by or UNKNOWN_ACTOR, text=p.text, **anchor(text, p.start, p.end))
        for p in _least_certain_first(analysis.proposals)
    ]
    follow_ups = [
        FollowUpSpec(action=f.action, owner=f.owner, due=f.due, **anchor(text, f.start, f.end))
        for f in _least_certain_first(analysis.follow_ups)
    ]
    people = [
        PersonSpec(name=p.name, aliases=list(p.aliases), role=p.role) for p in analysis.people
    ]
    glossary = {a.short: a.long for a in analysis.acronyms}
    return AnnotationFile(
        article=meta or draft_meta(text, article_id, analysis),
        facts=facts,
        proposals=proposals,
        follow_ups=follow_ups,
        people=people,
        glossary=glossary,
    )


def to_json(analysis: Analysis, annotation: AnnotationFile, warnings: list[str]) -> dict[str, Any]:
    """The documented JSON of `briefs annotate --json` (see README.md)."""
    return {
        "article": annotation.article.model_dump(mode="json", exclude_none=True),
        "model": {"name": analysis.model, "version": analysis.model_version},
        "facts": [
            {"quote": f.quote, "start": f.start, "end": f.end, "text": f.text, "score": f.score}
            for f in analysis.facts
        ],
        "proposals": [
            {
                "quote": p.quote,
                "start": p.start,
                "end": p.end,
                "by": p.by,
                "text": p.text,
                "trigger": p.trigger,
                "score": p.score,
            }
            for p in analysis.proposals
        ],
        "follow_ups": [
            {
                "quote": f.quote,
                "start": f.start,
                "end": f.end,
                "action": f.action,
                "owner": f.owner,
                "due": f.due,
                "trigger": f.trigger,
                "score": f.score,
            }
            for f in analysis.follow_ups
        ],
        "people": [
            {"name": p.name, "role": p.role, "aliases": list(p.aliases)} for p in analysis.people
        ],
        "acronyms": [
            {"short": a.short, "long": a.long, "start": a.start, "end": a.end}
            for a in analysis.acronyms
        ],
        "undefined_acronyms": [
            {"short": u.short, "start": u.start, "end": u.end, "count": u.count, "known": u.known}
            for u in analysis.undefined_acronyms
        ],
        "entities": [
            {
                "text": e.text,
                "label": e.label,
                "start": e.start,
                "end": e.end,
                "canonical": e.canonical,
            }
            for e in analysis.entities
        ],
        "dates": [
            {
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "value": d.value,
                "end_value": d.end_value,
                "year_inferred": d.year_inferred,
            }
            for d in analysis.dates
        ],
        "warnings": warnings,
    }
