"""Who, what and when of the sentences the classifier picked, read from the parse.

The classifier (`classifier.py`) decides which sentences are proposals and follow-ups;
this module fills the fields an editor reviews: a proposal's `by` (its proposer, or the
speaker the sentence is attributed to), a follow-up's `owner` (who must act on its action
verb), both found by `actors.py`, `due` (the date tied to the action,
normalised by `dates.py`; a past target is kept, the checks flag it) and an imperative
paraphrase of the action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from generator.nlp.actors import (
    REPORTING_VERBS,
    _Context,
    _context,
    _owner,
    _proposer_of,
    _subject,
    _update_context,
    _who,
)
from generator.nlp.analysis import FollowUp, Person, Proposal
from generator.nlp.classifier import Scored, SentenceModel, parse_marks, score_sentences
from generator.nlp.due import sentence_due
from generator.nlp.due_events import under_commitments
from generator.nlp.follow_ups import _action_text
from generator.nlp.proposals import _is_offer_noun, _is_proposal_verb, _proposal, _proposer
from generator.nlp.words import COMMIT_NOUNS, COMMIT_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

FUTURE_MODALS = {"will", "shall", "'ll", "\u2019ll"}
# Words that look ahead: a sentence with one is not only about what was done.
_AHEAD = {"next", "upcoming", "forthcoming", "future"}


def draft_items(
    doc: Doc,
    people: tuple[Person, ...],
    reference: dt.date | None,
    model: SentenceModel,
    sentences: Sequence[Scored] | None = None,
) -> tuple[tuple[Proposal, ...], tuple[FollowUp, ...]]:
    """The proposals and follow-ups of a parsed article, each with the model's score
    (`sentences`: the article's sentences scored already, if they are)."""
    if sentences is None:
        sentences = score_sentences(doc, model, reference)
    scored = {s.candidate.sent.start: s for s in sentences}
    context = _context(doc, people)
    proposals: list[Proposal] = []
    follow_ups: list[FollowUp] = []
    for sent in doc.sents:
        found = scored.get(sent.start)
        if found is not None:
            if found.proposal >= model.thresholds["PROPOSAL"]:
                proposals.append(_as_proposal(found, context))
            if under_commitments(doc.text, found.candidate.start):
                follow_ups.append(_as_follow_up(found, context, reference))
            elif found.follow_up >= model.thresholds["FOLLOW_UP"]:
                item = _as_follow_up(found, context, reference)
                if item.due is not None or not _told_as_done(found.candidate.sent, reference):
                    follow_ups.append(item)
        _update_context(sent, context)
    return tuple(proposals), tuple(follow_ups)


def _told_as_done(sent: Span, reference: dt.date | None) -> bool:
    """A sentence that only tells what was done ("Anwar said both sides discussed ties,
    which continue to grow following the visit in April"): its main verbs all in the past
    tense, no modal, no word of commitment or of what comes next, no date still to come.
    The guide's completed actions are no follow-ups; on the dev split this drops two
    sentences the classifier picked, neither in the gold."""
    if any(t.tag_ == "MD" or t.lower_ in _AHEAD or _commits(t) for t in sent):
        return False
    main = [t for t in sent if t.dep_ in {"ROOT", "ccomp", "conj"} and t.pos_ in {"VERB", "AUX"}]
    if not main or any(t.tag_ in {"VBZ", "VBP", "VB"} for t in main):
        return False
    told = [t for t in main if t.dep_ != "conj"]
    return (
        bool(told)
        and all(t.tag_ == "VBD" for t in told)
        and ("date_future" not in parse_marks(sent, reference))
    )


def _commits(token: Token) -> bool:
    """ "agreed", "plans", or "their commitment to ...": not "the agreements were signed"."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        return lemma in COMMIT_VERBS
    return lemma in COMMIT_NOUNS and any(
        c.dep_ in {"acl", "relcl"} and any(a.lower_ == "to" for a in c.children)
        for c in token.children
    )


def _quote(found: Scored) -> tuple[str, int, int]:
    c = found.candidate
    return c.sent.doc.text[c.start : c.end], c.start, c.end


def _as_proposal(found: Scored, context: _Context) -> Proposal:
    sent = found.candidate.sent
    quote, start, end = _quote(found)
    trigger = next((t for t in sent if _is_proposal_verb(t) or _is_offer_noun(t)), None)
    if trigger is not None:
        by = _proposer(trigger, sent, context)
        text = _proposal(trigger, sent, by).text
        name = trigger.lemma_.lower()
    else:
        by = _proposer_of(sent, context)
        text = _paraphrase(sent)
        name = "model"
    return Proposal(quote, start, end, by, text, name, round(found.proposal, 3))


def _as_follow_up(found: Scored, context: _Context, reference: dt.date | None) -> FollowUp:
    sent = found.candidate.sent
    quote, start, end = _quote(found)
    verb = _action_verb(sent)
    owner = None
    if verb is not None:
        subject = _subject(verb)
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        owner = _owner(verb, context)
        action = _action_text(verb, passive_subject=subject if passive else None)
        due = sentence_due(sent, verb, reference)
        trigger = verb.lemma_.lower()
    else:
        action, due, trigger = _paraphrase(sent), sentence_due(sent, None, reference), "model"
        # A list item with no verb ("$4 million to the Flash Appeal") is the voice's.
        owner = _who(None, context)
    return FollowUp(quote, start, end, action, owner, due, trigger, round(found.follow_up, 3))


def _action_verb(sent: Span) -> Token | None:
    """The verb of the action a sentence commits to: the verb of "will"/"shall", the
    action after "agreed to"/"plan to", else the main verb under an attribution."""
    for token in sent:
        if (
            token.tag_ == "MD"
            and token.lower_ in FUTURE_MODALS
            and token.head.pos_ in {"VERB", "AUX"}
        ):
            return token.head
    for token in sent:
        if token.pos_ == "VERB" and token.lemma_.lower() in COMMIT_VERBS:
            action = next(
                (c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None
            )
            return action or token
    root = sent.root
    if root.lemma_.lower() in REPORTING_VERBS:
        inner = next((c for c in root.children if c.dep_ == "ccomp"), None)
        if inner is not None:
            return inner
    return root if root.pos_ in {"VERB", "AUX"} else None


def _paraphrase(sent: Span) -> str:
    words = " ".join(sent.text.split())
    return words if len(words) <= 120 else words[:119].rsplit(" ", 1)[0] + "\u2026"
