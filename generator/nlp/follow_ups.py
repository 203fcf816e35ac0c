"""Follow-ups: commitments with their owner and due date where the text says.

Part of the extraction (extract.py puts the parts together); the rules follow spaCy's
analysis, not the raw text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from generator.nlp import dates
from generator.nlp.acronyms import is_acronym
from generator.nlp.actors import _actor, _Context, _context, _owner, _subject, _update_context
from generator.nlp.analysis import (
    FollowUp,
    Person,
    Proposal,
)
from generator.nlp.due import due_of
from generator.nlp.spans import (
    _capitalised,
    _join,
    _overlaps,
    _phrase,
    _sentence_span,
    _subtree_span,
    _text,
)
from generator.nlp.words import (
    ACTION_VERBS,
    ACTOR_LABELS,
    AGENT_NOUNS,
    AGREEMENT_ACTIONS,
    AGREEMENT_WORDS,
    COMMIT_NOUNS,
    COMMIT_VERBS,
    EVENT_NOUNS,
    EVENT_VERBS,
    RESTATE_VERBS,
    STATIVE_VERBS,
)

# ---- follow-ups --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    action: str
    owner: str | None
    due: str | None
    trigger: str
    key: str
    specific: bool


def find_follow_ups(
    doc: Doc,
    people: tuple[Person, ...],
    reference: dt.date | None,
    proposals: tuple[Proposal, ...],
) -> tuple[FollowUp, ...]:
    """Commitments and scheduled actions: will + action, agreed/plans/decided to, named
    agreements acted on by a future date, and the agreements a proposal would move on."""
    context = _context(doc, people)
    candidates: list[_Candidate] = []
    proposal_spans = [(p.start, p.end) for p in proposals]
    for sent in doc.sents:
        for token in sent:
            candidate = (
                _future(token, context, reference)
                or _commitment(token, context, reference)
                or _dated_action(token, context, reference)
                or _agreement_in_proposal(token, context, reference, proposal_spans)
            )
            if candidate is not None:
                candidates.append(candidate)
        _update_context(sent, context)
    return tuple(
        FollowUp(_text(doc)[c.start : c.end], c.start, c.end, c.action, c.owner, c.due, c.trigger)
        for c in _chosen(candidates)
    )


def _future(token: Token, context: _Context, reference: dt.date | None) -> _Candidate | None:
    """ "X will do Y": an action (not a prediction) in the future tense."""
    if token.tag_ != "MD" or token.lower_ not in {"will", "shall", "'ll", "\u2019ll"}:
        return None
    verb = token.head
    if verb.pos_ not in {"VERB", "AUX"} or verb is token:
        return None
    subject = _subject(verb)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    lemma = _verb_lemma(verb)
    if lemma in STATIVE_VERBS and not passive:
        return None
    agent = _is_agent(subject)
    event = lemma in EVENT_VERBS and (agent or passive or _is_event(subject))
    if not (
        (agent and lemma in ACTION_VERBS | EVENT_VERBS)
        or (passive and lemma in ACTION_VERBS)
        or event
        or (_is_event(subject) and lemma in {"take", "be"})
    ):
        return None
    owner = _owner(verb, context)
    span_token = verb.head if verb.dep_ == "relcl" else verb
    action = _action_text(verb, passive_subject=subject if passive else None)
    relative = verb if verb.dep_ == "relcl" else None
    return _make(
        span_token, action, owner, due_of(verb, reference), "will", reference, relative=relative
    )


def _verb_lemma(verb: Token) -> str:
    """The lemma, with a prefix the tokenizer split off put back ("co-chair")."""
    doc = verb.doc
    if verb.i + 2 < len(doc) and doc[verb.i + 1].text == "-" and not doc[verb.i + 1].whitespace_:
        return f"{verb.lower_}-{doc[verb.i + 2].lemma_.lower()}"
    return verb.lemma_.lower()


def _commitment(token: Token, context: _Context, reference: dt.date | None) -> _Candidate | None:
    """ "agreed to hold", "pledged continued support", "his intent to sign", "agreed on the
    need to strengthen": a party commits to an action."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in COMMIT_VERBS and token.tag_ != "VBG":
        action_verb = next(
            (c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None
        )
        if action_verb is None and lemma == "agree":
            action_verb = _agreed_need(token)
        if action_verb is None and lemma in {"pledge", "commit"}:
            action_verb = next((c for c in token.children if c.dep_ in {"dobj", "prep"}), None)
        if action_verb is None or _restated(token):
            return None
        owner = _owner(token, context)
        span = token.head if token.dep_ == "relcl" else token
        action = (
            _action_text(action_verb)
            if action_verb.pos_ == "VERB"
            else _capitalised(_phrase(action_verb))
        )
        return _make(
            span,
            action,
            owner,
            due_of(action_verb, reference) or due_of(token, reference),
            lemma,
            reference,
        )
    # A named plan or agreement ("the AKFTA agreement to enhance ...") is a thing, not a pledge.
    named = any(c.dep_ == "compound" for c in token.children)
    if token.pos_ == "NOUN" and lemma in COMMIT_NOUNS and not named and not _restated(token):
        action_verb = next(
            (
                c
                for c in token.children
                if c.dep_ in {"acl", "relcl"}
                and c.pos_ == "VERB"
                and any(a.lower_ == "to" for a in c.children)
            ),
            None,
        )
        if action_verb is None:
            return None
        owner_token = next((c for c in token.children if c.dep_ == "poss"), None)
        owner = (
            _actor(owner_token, context)
            if owner_token is not None
            else _actor(_subject(token.head), context)
        )
        if owner in {"his", "her", "their"} or owner is None:
            owner = _actor(_subject(token.head), context)
        return _make(
            action_verb,
            _action_text(action_verb),
            owner,
            due_of(action_verb, reference),
            lemma,
            reference,
        )
    return None


def _agreed_need(agree: Token) -> Token | None:
    """ "agreed on the need to X": the X; "agreed on the importance of" is a position."""
    for prep in (c for c in agree.children if c.dep_ == "prep" and c.lower_ == "on"):
        for need in (c for c in prep.children if c.lemma_ == "need"):
            return next((c for c in need.children if c.dep_ in {"acl", "relcl"}), None)
    return None


def _restated(token: Token) -> bool:
    """True when a commitment is only restated ("reaffirming its commitment to ...")."""
    current = token
    for _ in range(3):
        head = current.head
        if head is current:
            return False
        if head.lemma_.lower() in RESTATE_VERBS:
            return True
        current = head
    return False


def _dated_action(token: Token, context: _Context, reference: dt.date | None) -> _Candidate | None:
    """An action on something named, tied to a date still ahead: "upgrading the AKFTA in 2026"."""
    if reference is None or token.pos_ != "VERB" or token.lemma_.lower() not in ACTION_VERBS:
        return None
    if token.tag_ in {"VBD", "VBZ", "VBP"} or any(
        c.dep_ == "aux" and c.tag_ == "VBZ" for c in token.children
    ):
        return None  # what is done or being done now is news, not a follow-up
    due = due_of(token, reference, own_only=True)
    if due is None or dates.is_past(due, reference) or not _future_date(token, reference):
        return None
    if not _named_object(token):
        return None
    owner = _owner(token, context) if _subject(token) is not None else None
    return _make(
        token,
        _action_text(token),
        owner if _is_named(owner) else None,
        due,
        "date",
        reference,
        specific=True,
    )


def _agreement_in_proposal(
    token: Token, context: _Context, reference: dt.date | None, spans: list[tuple[int, int]]
) -> _Candidate | None:
    """Inside a proposal, a move on a named agreement or negotiation ("accelerating
    negotiations on the EPA") is an action to follow up."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in AGREEMENT_ACTIONS:
        return None
    if not any(start <= token.idx < end for start, end in spans):
        return None
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    if not any(_names_agreement(o) for o in objects):
        return None
    return _make(
        token,
        _action_text(token),
        None,
        due_of(token, reference),
        "proposal",
        reference,
        specific=True,
    )


def _names_agreement(noun: Token) -> bool:
    words = {t.lemma_.lower() for t in noun.subtree}
    named = any(t.pos_ == "PROPN" or is_acronym(t.text) for t in noun.subtree)
    return bool(words & AGREEMENT_WORDS) and named


def _named_object(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr"} and any(
            t.pos_ == "PROPN" or t.ent_type_ in {"ORG", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT"}
            for t in child.subtree
        ):
            return True
    return False


def _future_date(verb: Token, reference: dt.date) -> bool:
    due = due_of(verb, reference, own_only=True)
    return due is not None and not dates.is_past(due, reference) and due[:4] >= str(reference.year)


def _is_agent(subject: Token | None) -> bool:
    if subject is None:
        return False
    if subject.pos_ == "PRON":
        return subject.lower_ in {"i", "we", "he", "she", "they", "you"}
    if subject.ent_type_ in ACTOR_LABELS:
        return True
    return subject.lemma_.lower() in AGENT_NOUNS


def _is_event(subject: Token | None) -> bool:
    return subject is not None and subject.lemma_.lower() in EVENT_NOUNS


def _is_named(owner: str | None) -> bool:
    return bool(owner) and owner is not None and owner[:1].isupper()


def _action_text(verb: Token, passive_subject: Token | None = None) -> str:
    """The action in the imperative: "upgrading the AKFTA in 2026" -> "Upgrade the AKFTA in
    2026"; "cooperation will be strengthened" -> "Strengthen cooperation"."""
    cut = next((c.i for c in verb.children if c.dep_ in {"cc", "conj"} and c.i > verb.i), None)
    shared = next((c for c in verb.children if c.dep_ == "conj"), None)
    if cut == verb.i + 1 and shared is not None and passive_subject is None:
        # "Expand and share joint messaging": the object after the second verb is both's.
        rest = _action_text(shared)
        return f"{verb.lemma_.capitalize()} and {rest[:1].lower()}{rest[1:]}"
    pointer = _pointers(verb)
    after = [
        t
        for t in verb.subtree
        if verb.i < t.i < (cut or len(verb.doc)) and not t.is_space and t.i not in pointer
    ]
    words = [verb.lemma_.lower()]
    if verb.lemma_.lower() == "be" and passive_subject is None:
        words = [verb.text]
    if passive_subject is not None and (named := _named_before(passive_subject)):
        words.append(named)  # "a meeting is planned, and it will be held" -> "Hold the meeting"
    elif passive_subject is not None and passive_subject.lower_ in {"which", "that", "who"}:
        antecedent = verb.head
        words.append(
            _join(
                t
                for t in antecedent.subtree
                if (t.i < verb.left_edge.i and t.dep_ != "det") or t.i == antecedent.i
            )
        )
    elif passive_subject is not None:
        words.append(_object_phrase(passive_subject))
        after = [t for t in after if t.dep_ != "agent"]
    text = " ".join(w for w in [*words, _join(after)] if w).strip(" .")
    return _capitalised(text.rstrip(" ,;:\u2013\u2014"))


def _pointers(verb: Token) -> set[int]:
    """The tokens of ", as indicated below", ", again as set out above" on a verb: a pointer
    to the rest of the page, which an action lifted out of it must not keep."""
    found: set[int] = set()
    for clause in verb.children:
        if (
            clause.dep_ == "advcl"
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in clause.children)
            and any(c.lower_ in {"below", "above"} for c in clause.children)
        ):
            start = clause.left_edge.i
            comma = start > 0 and verb.doc[start - 1].text == ","
            found.update(range(start - comma, clause.right_edge.i + 1))
    return found


def _named_before(pronoun: Token) -> str | None:
    """What "it" or "they" stands for when the sentence has just named it as its subject or
    complement ("There is one open meeting this week, and it will be held on Tuesday"):
    the noun with its adjectives and compounds, after "the"."""
    if pronoun.lower_ not in {"it", "they"}:
        return None
    nouns = [
        t
        for t in pronoun.sent
        if t.i < pronoun.i
        and t.pos_ == "NOUN"
        and t.dep_ in {"attr", "nsubj", "nsubjpass", "dobj"}
        and (t.tag_ == "NNS") == (pronoun.lower_ == "they")
    ]
    if not nouns:
        return None
    noun = nouns[-1]
    words = [t for t in noun.lefts if t.dep_ in {"amod", "compound"}] + [noun]
    return "the " + _join(words)


def _object_phrase(subject: Token) -> str:
    """A passive subject as the action's object: "Another round will be held" -> "Hold
    another round". The capital that only opened the sentence goes; a name's stays."""
    phrase = _phrase(subject)
    first = next((t for t in subject.subtree if not t.is_space and phrase.startswith(t.text)), None)
    if first is not None and first.is_sent_start and first.pos_ != "PROPN" and not first.is_upper:
        return phrase[:1].lower() + phrase[1:]
    return phrase


def _make(
    token: Token,
    action: str,
    owner: str | None,
    due: str | None,
    trigger: str,
    reference: dt.date | None,
    specific: bool = False,
    relative: Token | None = None,
) -> _Candidate | None:
    # A target already past is still a follow-up (the annotation guide); the checks flag it.
    if token.dep_ == "ROOT":
        start, end = _sentence_span(token.sent)
    elif relative is not None:
        # "the AI Summit which will be held this autumn": the noun and its clause.
        start = _subtree_span(token)[0]
        end = _subtree_span(relative, alone=True)[1]
    else:
        start, end = _subtree_span(token, alone=specific)
    key = _object_key(token)
    return _Candidate(start, end, action, owner, due, trigger, key, specific)


def _object_key(verb: Token) -> str:
    """What an action is about, for telling two mentions of one action apart: its named
    object without dates, articles or brackets ("ASEAN-ROK Work Plan")."""
    names = [
        t.text.lower()
        for c in verb.children
        if c.dep_ in {"dobj", "nsubjpass", "pobj", "prep"}
        for t in c.subtree
        if (t.pos_ == "PROPN" or is_acronym(t.text)) and t.ent_type_ != "DATE"
    ]
    return " ".join(names)


def _chosen(candidates: list[_Candidate]) -> list[_Candidate]:
    """One follow-up per action: a specific one inside a wider one wins (its owner kept),
    and a second mention of the same named object is dropped."""
    ordered = sorted(candidates, key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for candidate in ordered:
        inner = [k for k in kept if k.start <= candidate.start and candidate.end <= k.end]
        if inner:
            wider = inner[0]
            if candidate.specific:
                owner = candidate.owner or wider.owner
                replacement = _Candidate(
                    candidate.start,
                    candidate.end,
                    candidate.action,
                    owner,
                    candidate.due or wider.due,
                    candidate.trigger,
                    candidate.key,
                    True,
                )
                kept[kept.index(wider)] = replacement
            continue
        if any(_overlaps((k.start, k.end), (candidate.start, candidate.end)) for k in kept):
            continue
        if candidate.key and any(k.key == candidate.key for k in kept):
            continue
        kept.append(candidate)
    merged: list[_Candidate] = []
    for candidate in kept:
        if candidate.key and any(m.key == candidate.key for m in merged):
            continue
        merged.append(candidate)
    return merged
