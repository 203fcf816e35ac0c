"""Actors: who did it (the subject of a verb, a pronoun's person, the context).

Part of the extraction (extract.py puts the parts together); the rules follow spaCy's
analysis, not the raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from generator.nlp.analysis import (
    Person,
)
from generator.nlp.people import _person_name
from generator.nlp.spans import _ent_at, _ents_in, _join
from generator.nlp.words import ACTOR_LABELS, ROLE_WORDS

# ---- actors: who did it ---------------------------------------------------------------


@dataclass
class _Context:
    """What the text has named so far, to resolve "he" and "the Prime Minister"."""

    people: tuple[Person, ...]
    last_person: str | None = None
    last_actor: str | None = None
    last_group: str | None = None


def _actor(token: Token | None, context: _Context) -> str | None:
    """The name behind a subject: an entity, a person known by role, or the phrase itself."""
    if token is None:
        return None
    if token.pos_ == "PRON":
        if token.lower_ in {"he", "she", "him", "her"}:
            return _person_before(token, context) or context.last_person
        if token.lower_ in {"they", "we"}:
            return context.last_group or context.last_actor
        return context.last_actor if token.lower_ == "it" else None
    parts = [token, *(c for c in token.conjuncts if c.i > token.i)]
    names = [_one_actor(part, context) for part in parts]
    return " and ".join(dict.fromkeys(n for n in names if n)) or None


def _one_actor(token: Token, context: _Context) -> str | None:
    if token.ent_type_ in ACTOR_LABELS:
        ent = _ent_at(token)
        if ent is not None:
            if ent.label_ == "PERSON":
                return _person_of(ent, context) or _person_name(ent) or None
            text = ent.ent_id_ or ent.text
            return re.sub(r"^(?:the|The)\s+", "", text).removesuffix("\u2019s").removesuffix("'s")
    role = _join(_compounds(token))
    for person in context.people:
        if person.role and role and role.casefold() in person.role.casefold():
            return person.name
    if (
        token.lower_ in ROLE_WORDS
        and context.last_person
        and token.lower_ in {"secretary", "president"}
    ):
        return context.last_person
    return role or None


def _person_before(pronoun: Token, context: _Context) -> str | None:
    """ "Ms. Raimondo said she ...": the last person named earlier in the same sentence."""
    named = [e for e in _ents_in(pronoun.sent) if e.label_ == "PERSON" and e.end <= pronoun.i]
    return _person_of(named[-1], context) if named else None


def _compounds(token: Token) -> list[Token]:
    """A noun with the words that make its name: "the USTR team" -> [USTR, team]."""
    words = [token]
    for child in reversed(list(token.lefts)):
        if child.dep_ in {"compound", "amod", "nmod"} and child.i == words[0].i - 1:
            words.insert(0, child)
    return words


def _person_of(ent: Span, context: _Context) -> str | None:
    for person in context.people:
        if (ent.start_char, ent.end_char) in person.mentions:
            return person.name
    return None


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, borrowed from the verb it is coordinated with if it has none."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if current.dep_ in {"conj", "xcomp", "advcl"} and current.head is not current:
            current = current.head
        else:
            return None
    return None


def _update_context(sent: Span, context: _Context) -> None:
    for token in sent:
        if token.dep_ in {"nsubj", "nsubjpass"}:
            if token.ent_type_ == "PERSON":
                context.last_person = _actor(token, context) or context.last_person
            actor = _actor(token, context)
            if actor and token.pos_ != "PRON":
                context.last_actor = actor
                if " and " in actor:
                    context.last_group = actor
                if any(actor == p.name for p in context.people):
                    context.last_person = actor
    for ent in _ents_in(sent):
        if ent.label_ == "PERSON" and context.last_person is None:
            context.last_person = _person_of(ent, context)
