"""Reading a parsed article: proposals, follow-ups, key facts, people, acronyms and dates.

Every rule here works on spaCy's analysis (lemmas, the dependency tree, entities and
token matchers), never on regular expressions over the raw text, so it follows the
grammar of a sentence rather than its spelling. Each kind of thing found has its own
module beside this one (proposals, follow_ups, people, acronyms, date_mentions, facts);
this one puts them together. Only reader.py calls this module, with a
Doc it made; what comes out is plain data (analysis.py).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from generator.nlp.acronyms import find_acronyms, find_undefined
from generator.nlp.analysis import (
    Analysis,
    Entity,
    FollowUp,
    Note,
    Person,
    Proposal,
)
from generator.nlp.date_mentions import find_dates
from generator.nlp.due import with_event_dates
from generator.nlp.facts import rank_facts
from generator.nlp.follow_ups import find_follow_ups
from generator.nlp.people import find_people
from generator.nlp.people_screen import load_screen, screen_people
from generator.nlp.proposals import find_proposals
from generator.nlp.spans import _sentence, _text
from generator.nlp.words import Knowledge

if TYPE_CHECKING:
    from generator.nlp.classifier import SentenceModel


def analyse(
    doc: Doc,
    reference: dt.date | None,
    model: str,
    model_version: str,
    knowledge: Knowledge | None = None,
) -> Analysis:
    """Everything this module finds in one parsed article."""
    knowledge = knowledge or Knowledge()
    text = _text(doc)
    sentences = tuple(_sentence(s) for s in doc.sents if s.text.strip())
    entities = tuple(
        Entity(e.text, e.label_, e.start_char, e.end_char, e.ent_id_ or None) for e in doc.ents
    )
    acronyms = find_acronyms(doc)
    undefined = find_undefined(doc, acronyms, knowledge)
    mentions, notes = find_dates(doc, reference)
    people = screen_people(doc, find_people(doc, knowledge), load_screen())
    parsed = doc.has_annotation("DEP")
    proposals = find_proposals(doc, people) if parsed else ()
    follow_ups = find_follow_ups(doc, people, reference, proposals) if parsed else ()
    if parsed:
        proposals, follow_ups = _drafted(doc, people, reference, proposals, follow_ups)
    if not parsed:
        notes += (Note("N701", "no parser in this pipeline: proposals and follow-ups not drafted"),)
    facts = rank_facts(doc, text)
    return Analysis(
        model=model,
        model_version=model_version,
        reference_date=reference.isoformat() if reference else None,
        sentences=sentences,
        entities=entities,
        acronyms=acronyms,
        undefined_acronyms=undefined,
        dates=mentions,
        people=people,
        facts=facts,
        proposals=proposals,
        follow_ups=follow_ups,
        notes=notes,
    )


def _drafted(
    doc: Doc,
    people: tuple[Person, ...],
    reference: dt.date | None,
    proposals: tuple[Proposal, ...],
    follow_ups: tuple[FollowUp, ...],
) -> tuple[tuple[Proposal, ...], tuple[FollowUp, ...]]:
    from generator.nlp.classifier import load_model

    model = load_model()
    if model is None:
        return proposals, with_event_dates(doc, follow_ups, reference)
    return drafted_with(doc, people, reference, proposals, follow_ups, model)


def drafted_with(
    doc: Doc,
    people: tuple[Person, ...],
    reference: dt.date | None,
    proposals: tuple[Proposal, ...],
    follow_ups: tuple[FollowUp, ...],
    model: SentenceModel,
) -> tuple[tuple[Proposal, ...], tuple[FollowUp, ...]]:
    """Which drafter finds what, as the dev split decided (README, "The reading"; 112
    articles): proposals are the parse rules' (a proposing verb, "proposed", "called on")
    together with the sentences the trained classifier adds (F1 0.59, against 0.57 for the
    classifier alone and 0.55 for the rules); follow-ups are the classifier's sentences
    together with the parse rules' finds in other sentences the classifier gives at least
    `RULE_TRUST` of its threshold (0.68 with recall 0.72, against 0.67 with recall 0.68
    for the classifier alone and 0.53 for the rules): the rules
    keep the items of a list ("upgrading the AKFTA in 2026 and ...") the classifier scores
    a little under its bar. The classifier scores every draft. Without a trained model,
    the rules do both. `make eval`'s cross-validation calls this with each fold's model."""
    from generator.nlp.classifier import score_sentences, with_confidence
    from generator.nlp.fields import draft_items

    sentences = score_sentences(doc, model, reference)
    found, drafted = draft_items(doc, people, reference, model, sentences)
    proposals, follow_ups = with_confidence((proposals, follow_ups), sentences)
    bar = RULE_TRUST * model.thresholds["FOLLOW_UP"]
    kept = tuple(
        f for f in follow_ups if f.score >= bar and not any(_overlap(f, d) for d in drafted)
    )
    added = tuple(p for p in found if not any(_overlap(p, q) for q in proposals))
    return (
        tuple(sorted((*proposals, *added), key=lambda p: p.start)),
        with_event_dates(doc, (*drafted, *kept), reference),
    )


# How far under the classifier's follow-up threshold a parse rule's find may score and stay.
RULE_TRUST = 0.6


def _overlap(a: Proposal | FollowUp, b: Proposal | FollowUp) -> bool:
    return min(a.end, b.end) > max(a.start, b.start)
