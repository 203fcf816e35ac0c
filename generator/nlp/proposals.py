"""Proposals: an actor proposes, urges, calls for, offers; and the items of announced lists.

Part of the extraction (extract.py puts the parts together); the rules follow spaCy's
analysis, not the raw text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from generator.nlp import dates
from generator.nlp.actors import (
    _actor,
    _agent,
    _Context,
    _context,
    _subject,
    _update_context,
    _who,
)
from generator.nlp.analysis import (
    Person,
    Proposal,
)
from generator.nlp.spans import (
    _capitalised,
    _overlaps,
    _phrase,
    _sentence_span,
    _subtree_span,
    _text,
)
from generator.nlp.words import (
    ITEM_OPENERS,
    ITEM_VERBS,
    LIST_NOUNS,
    NEED_VERBS,
    PROPOSAL_PHRASES,
    PROPOSAL_VERBS,
)

# ---- proposals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Announcement:
    sentence: int
    count: int
    by: str | None
    trigger: str


def find_proposals(doc: Doc, people: tuple[Person, ...]) -> tuple[Proposal, ...]:
    """Proposals: a proposing verb with its actor, active or passive, and announced lists."""
    sents = list(doc.sents)
    context = _context(doc, people)
    found: list[Proposal] = []
    announcements: list[_Announcement] = []
    for number, sent in enumerate(sents):
        for trigger in _proposal_triggers(sent):
            count = _announced_count(trigger)
            by = _proposer(trigger, sent, context)
            if count:
                announcements.append(_Announcement(number, count, by, trigger.lemma_))
                continue
            found.append(_proposal(trigger, sent, by))
        _update_context(sent, context)
    found += _announced_items(sents, announcements)
    return _without_overlaps(found)


def _proposal_triggers(sent: Span) -> Iterator[Token]:
    for token in sent:
        if _is_proposal_verb(token) or _is_offer_noun(token):
            yield token


def _is_proposal_verb(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ != "VERB" or token.dep_ in {"amod", "compound"}:
        return False
    if lemma in PROPOSAL_VERBS:
        return _proposes(token)
    if lemma in PROPOSAL_PHRASES:
        return _has_particle(token, PROPOSAL_PHRASES[lemma])
    if lemma == "ask":
        return any(c.dep_ in {"xcomp", "ccomp"} for c in token.children)
    if lemma in NEED_VERBS:
        return any(c.lemma_ == "need" and c.dep_ == "dobj" for c in token.children)
    return False


def _is_offer_noun(token: Token) -> bool:
    """ "expressed its readiness to work with ...": an offer."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in {"readiness", "willingness"}:
        return False
    has_clause = any(c.dep_ in {"acl", "relcl"} for c in token.children)
    return has_clause and token.head.lemma_ not in {"welcome", "appreciate", "note"}


def _proposes(verb: Token) -> bool:
    """A proposing verb that proposes: "offered condolences" and "encouraged by" do not."""
    if verb.lemma_ == "offer" and any(
        c.lemma_ in {"condolence", "congratulation", "thanks"} for c in verb.children
    ):
        return False
    if verb.tag_ == "VBN" and not any(
        c.dep_ in {"auxpass", "nsubjpass", "agent"} for c in verb.children
    ):
        return verb.dep_ in {"ROOT", "conj", "ccomp", "relcl"} and _subject(verb) is not None
    return True


def _has_particle(verb: Token, words: set[str]) -> bool:
    return any(c.dep_ in {"prep", "prt", "dobj"} and c.lower_ in words for c in verb.children)


def _announced_count(trigger: Token) -> int:
    """N when the trigger's object is "N approaches/proposals/...", else 0."""
    objects = [c for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"}]
    for noun in objects:
        if noun.lemma_.lower() in LIST_NOUNS and noun.tag_ in {"NNS", "NNPS"}:
            for child in noun.children:
                if child.dep_ == "nummod" and child.like_num:
                    return _number(child)
    return 0


def _number(token: Token) -> int:
    if token.text.isdigit():
        return min(int(token.text), 12)
    # "a"/"an"/"one" announce no list: a count starts at two.
    count = dates.NUMBER_WORDS.get(token.lower_, 0)
    return count if count >= 2 else 0


def _proposer(trigger: Token, sent: Span, context: _Context) -> str | None:
    if trigger.pos_ == "NOUN":
        owner = next((c for c in trigger.children if c.dep_ == "poss"), None)
        return _who(owner if owner is not None else _subject(trigger.head), context)
    agent = _agent(trigger)
    if agent is not None:
        return _who(agent, context)
    subject = _subject(trigger)
    if subject is not None and subject.dep_ != "nsubjpass":
        return _who(subject, context)
    behalf = next((t for t in sent if t.lower_ == "behalf"), None)
    if behalf is not None:
        of = next((c for c in behalf.children if c.lower_ == "of"), None)
        target = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if target is not None:
            return _actor(target, context)
    return context.last_actor


def _proposal(trigger: Token, sent: Span, by: str | None) -> Proposal:
    doc = sent.doc
    if trigger.dep_ == "ROOT" or (trigger.pos_ == "NOUN" and trigger.head.dep_ == "ROOT"):
        start, end = _sentence_span(sent)
    else:
        start, end = _subtree_span(trigger)
    content = [
        c
        for c in trigger.children
        if c.dep_ in {"dobj", "xcomp", "ccomp", "nsubjpass", "acl", "prep", "attr"}
    ]
    what = " ".join(_phrase(c) for c in content if c.dep_ != "prep" or c.lower_ in {"for", "on"})
    return Proposal(
        _text(doc)[start:end],
        start,
        end,
        by,
        _capitalised(what or _text(doc)[start:end]),
        trigger.lemma_.lower(),
    )


def _announced_items(sents: list[Span], announcements: list[_Announcement]) -> list[Proposal]:
    """The items that follow "N approaches were proposed": the next sentences that read as
    items of a list, up to N. A lede that announces a list given later is not one more."""
    items: list[Proposal] = []
    for position, announcement in enumerate(announcements):
        following: list[Span] = []
        for sent in sents[announcement.sentence + 1 :]:
            if len(following) == announcement.count or not _reads_as_item(sent):
                break
            following.append(sent)
        if following:
            for sent in following:
                start, end = _sentence_span(sent)
                text = _text(sent.doc)[start:end]
                items.append(
                    Proposal(
                        text, start, end, announcement.by, _item_text(sent), announcement.trigger
                    )
                )
            continue
        restated = any(a.count == announcement.count for a in announcements[position + 1 :])
        if not restated:
            sent = sents[announcement.sentence]
            start, end = _sentence_span(sent)
            items.append(
                Proposal(
                    _text(sent.doc)[start:end],
                    start,
                    end,
                    announcement.by,
                    sent.text.strip(),
                    announcement.trigger,
                )
            )
    return items


def _reads_as_item(sent: Span) -> bool:
    words = [t for t in sent if not t.is_space and not t.is_punct]
    if not words:
        return False
    root = sent.root
    opens = words[0].lower_ in ITEM_OPENERS
    also = any(c.lower_ in {"also", "additionally"} for c in root.children)
    return (opens or also) and (root.lemma_.lower() in ITEM_VERBS or opens)


def _item_text(sent: Span) -> str:
    root = sent.root
    content = [c for c in root.children if c.dep_ in {"dobj", "xcomp", "ccomp", "attr"}]
    return _capitalised(" ".join(_phrase(c) for c in content)) or sent.text.strip()


def _without_overlaps(items: list[Proposal]) -> tuple[Proposal, ...]:
    kept: list[Proposal] = []
    for item in sorted(items, key=lambda p: (p.start, -(p.end - p.start))):
        if not any(_overlaps((item.start, item.end), (k.start, k.end)) for k in kept):
            kept.append(item)
    return tuple(kept)
