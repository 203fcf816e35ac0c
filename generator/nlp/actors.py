"""Actors: who did it, one way for a proposal's `by` and a follow-up's `owner` (the
subject of a verb when it names an actor, a pronoun's person, the speaker a sentence is
attributed to, the text's voice from its heading, the parties "both sides" stand for,
who holds a meeting, whom a document speaks for).

Part of the extraction (extract.py puts the parts together); the rules follow spaCy's
analysis, not the raw text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from generator.nlp.analysis import (
    Person,
)
from generator.nlp.datelines import dateline_at
from generator.nlp.headings import heading_end
from generator.nlp.people import _person_name
from generator.nlp.spans import _ent_at, _ents_in, _join, _text
from generator.nlp.words import ACTOR_LABELS, AGENT_NOUNS, PEOPLE_NOUNS, ROLE_WORDS

REPORTING_VERBS = {"say", "state", "add", "note", "tell", "announce", "stress", "emphasise",
                   "emphasize", "underline", "underscore", "report", "explain"}  # fmt: skip
PRESCRIBING = {"must", "should", "need", "ought"}
FIRST_SINGULAR = {"i", "me", "my", "myself"}
FIRST_PLURAL = {"we", "us", "our", "ourselves"}
# Nouns that end like agents ("-er", "-or", "-ist", "-ant") and are not.
_NOT_AGENTS = {"order", "number", "power", "water", "paper", "letter", "matter", "border",
               "sector", "factor", "center", "centre", "corridor", "quarter", "chapter", "meter",
               "other", "weather", "error", "manner", "member", "plant", "grant", "want",
               "instant", "tourist", "register", "cluster", "barrier", "container", "disaster",
               "summer", "winter", "computer", "minister", "shelter", "remainder", "monitor",
               "calendar", "seminar", "corner", "banner", "charter", "indicator"}  # fmt: skip

# "The next round will be held in Lima": a meeting its parties hold.
MEETINGS = {"meeting", "summit", "session", "talk", "talks", "round", "consultation",
            "conference", "dialogue", "visit", "forum", "commission", "committee",
            "negotiation", "retreat", "ministerial"}  # fmt: skip
HOLDING = {"hold", "schedule", "convene", "organise", "organize", "plan", "set"}
# Words of a document's name ("Press Release", "Joint Communiqué"), and documents that
# speak for whoever issued them ("the statement urged ...").
DOCUMENT_WORDS = {"statement", "communiqué", "communique", "declaration", "release", "report",
                  "letter", "remarks", "readout", "briefing", "press", "joint", "summary",
                  "transcript", "address", "speech", "message", "conclusions"}  # fmt: skip
# Plural nouns for the parties to a text ("the participants agreed"); "the ministers" is
# left as it is written: the annotators keep it as often as they name the parties.
COLLECTIVES = {"participant", "nation", "country", "party", "delegation", "member",
               "state", "government", "partner"}  # fmt: skip
DOCUMENTS = {"statement", "communiqué", "communique", "declaration", "report", "letter"}

# ---- actors: who did it ---------------------------------------------------------------


@dataclass
class _Context:
    """What the text has named so far, to resolve "he" and "the Prime Minister"."""

    people: tuple[Person, ...]
    last_person: str | None = None
    last_actor: str | None = None
    last_group: str | None = None
    # Whose voice the text is (its headline's person, and its bodies or countries):
    # "I" and "we" without a speaker in sight, and prescriptions nobody is quoted for.
    voice_person: str | None = None
    voice_group: str | None = None
    # "Both sides", "the two leaders": the two countries the text names most.
    two_countries: str | None = None


def _context(doc: Doc, people: tuple[Person, ...]) -> _Context:
    """A context that starts with the voice of the heading (headings.heading_end): the
    headline's names, and the bodies of a standfirst under it (its places are datelines,
    its people bylines)."""
    context = _Context(people)
    text = _text(doc)
    headline_end = heading_end(text)
    standfirst_end = heading_end(text, standfirst=True)
    named = [
        e
        for e in _ents_in(doc[:])
        if not _headline_object(e)
        and (
            e.end_char <= headline_end
            or (e.end_char <= standfirst_end and e.label_ == "ORG" and "\n" not in e.text.strip())
        )
    ]
    persons = [_headline_person(e, context) for e in named if e.label_ == "PERSON"]
    context.voice_person = next((p for p in persons if p), None)
    groups = [_voice_name(e) for e in named if e.label_ in ACTOR_LABELS - {"PERSON"}]
    context.voice_group = _listed(groups)
    if context.voice_person is None and context.voice_group is None:
        context.voice_group = _headline_actor(doc, standfirst_end)
    ents = _ents_in(doc[:])
    countries = Counter(
        _entity_name(e)
        for e in ents
        if e.label_ == "GPE" and not _venue(e) and not _is_dateline(e.root)
    )
    context.two_countries = _two(countries)
    return context


def _voice_name(ent: Span) -> str | None:
    """A headline's body; none when the name is the document's own ("Press Release
    Regarding", "Joint Communiqué"): title case makes them names."""
    if ent[0].lower_ in DOCUMENT_WORDS:
        return None
    return _entity_name(ent)


def _headline_person(ent: Span, context: _Context) -> str | None:
    """A headline's person as the text names them: title case misleads the parser ("Wang
    Yi Holds Talks", "Meg Taylor's Open Letter"), so the person of the text whose name the
    headline's words carry, else none ("Joint Statement" is nobody)."""
    known = _person_of(ent, context)
    if known is not None:
        return known
    words = {t.lower_ for t in ent}
    for person in context.people:
        if words & {w.casefold() for w in person.name.split()[-1:]}:
            return person.name
    return None


def _headline_actor(doc: Doc, end: int) -> str | None:
    """A headline with no name for its voice: its subject, or its "by"/"from", when that
    is a noun for actors ("G7 foreign ministers statement", "Statement from the Co-Chairs")."""
    for token in doc:
        if token.idx >= end:
            break
        if token.ent_type_ or not _is_actor_noun(token):
            continue
        passive = token.dep_ == "nsubj" and any(c.dep_ == "auxpass" for c in token.head.children)
        by = token.dep_ == "pobj" and token.head.lower_ in {"by", "from"}
        if by or (token.dep_ in {"nsubj", "compound", "ROOT"} and not passive):
            return _join(_compounds(token))
    return None


def _two(counts: Counter[str]) -> str | None:
    """The two names mentioned most, if two are."""
    top = [name for name, _ in counts.most_common(2)]
    return " and ".join(top) if len(top) == 2 else None


def _venue(ent: Span) -> bool:
    """ "in Tokyo", "at Geneva", "from Lima": a place where, not a party."""
    return ent.root.dep_ == "pobj" and ent.root.head.lower_ in {"in", "at", "from", "to"}


def _headline_object(ent: Span) -> bool:
    """ "Statement on Syria", "visit to Laos", "call with Kerry": what a headline is about,
    not whose voice it is (that is its subject, or its "by" and "of")."""
    head = ent.root.head
    return ent.root.dep_ == "pobj" and head.lower_ not in {"by", "of"}


def _actor(token: Token | None, context: _Context) -> str | None:
    """The name behind a subject: an entity, a person known by role, or the phrase itself."""
    if token is None:
        return None
    if token.pos_ == "PRON":
        if token.lower_ in {"he", "she", "him", "her"}:
            return _person_before(token, context) or context.last_person
        if token.lower_ in FIRST_SINGULAR:
            return _speaker(token.sent, context) or _voice(context, person_first=True)
        if token.lower_ in FIRST_PLURAL:
            # "We" is the text's own voice (the parties to a joint statement, the body
            # that issues it) before anyone named in the sentences before.
            return _speaker(token.sent, context) or _voice(context) or _parties(context)
        if token.lower_ == "they":
            return context.last_group or context.last_actor
        return context.last_actor if token.lower_ == "it" else None
    if _is_document(token):
        # "The statement urged ...": a document speaks for whoever issued it.
        owner = next((c for c in token.children if c.dep_ == "poss" and _is_actor(c)), None)
        if owner is not None:
            return _actor(owner, context)
        return _voice(context) or _parties(context) or context.two_countries
    if _is_parties(token):
        # The countries even for "the two leaders": the annotators name them more often.
        return context.two_countries or _parties(context)
    parts = [token, *(c for c in token.conjuncts if c.i > token.i)]
    names = [_one_actor(part, context) for part in parts if _is_actor(part)]
    if len(names) == 1 and names[0] and _is_collective(token):
        # "Participants", "the nations": the noun as written, and the parties it stands for
        # as a subject named them together before. Not the two countries named most (as
        # for "both sides"): of the train split's six, three were a city or a host.
        parties = context.last_group
        if parties and parties.casefold() not in names[0].casefold():
            return f"{names[0]} ({parties})"
    return _listed(names)


def _who(token: Token | None, context: _Context) -> str | None:
    """Who acts: a subject when it names an actor, else the speaker the sentence is
    attributed to, else the text's voice ("The focus should be on ...")."""
    sent = token.sent if token is not None else None
    return _actor(token, context) or (
        (_speaker(sent, context) if sent is not None else None)
        or context.voice_person
        or context.voice_group
    )


def _voice(context: _Context, person_first: bool = False) -> str | None:
    """The text's own voice: its headline's bodies or countries, or its headline's person
    (else the first person it names) when a person speaks."""
    first = min(context.people, key=lambda p: min(p.mentions, default=(0, 0)), default=None)
    person = context.voice_person or (first.name if first is not None else None)
    if person_first:
        return person or context.voice_group
    return context.voice_group or person


def _proposer_of(sent: Span, context: _Context) -> str | None:
    """Who puts a sentence with no proposing verb: the speaker of "X must ...", "Y should
    ..." (the one who prescribes, not the one prescribed to), else its subject."""
    root = sent.root
    subject = _subject(root)
    if root.lemma_.lower() in REPORTING_VERBS and subject is not None:
        return _who(subject, context)
    if any(t.tag_ == "MD" and t.lower_ in PRESCRIBING for t in sent):
        return (
            _speaker(sent, context)
            or context.voice_person
            or context.voice_group
            or _who(subject, context)
        )
    return _who(subject, context)


def _owner(verb: Token, context: _Context) -> str | None:
    """Who must act on a verb: its subject as named ("we" the parties, "I" the speaker);
    of a passive, its agent ("will be hosted by Japan"), or the one it is put to ("the
    ministry was tasked to draft"); else the speaker or the text's voice."""
    subject = _subject(verb)
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return _who(subject, context)
    agent = _agent(verb)
    if agent is not None:
        return _who(agent, context)
    if any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in verb.children):
        return _who(subject, context)
    if (
        subject is not None
        and subject.lemma_.lower() in MEETINGS
        and verb.lemma_.lower() in HOLDING
    ):
        return _meeting_parties(subject, context)
    # An agentless passive ("will be held in May") names nobody: the voice was tried and
    # was more often wrong than right.
    return None


def _listed(names: list[str | None]) -> str | None:
    """Actors as a reader writes them: "UN, Russia and United States", each once."""
    unique = list(dict.fromkeys(n for n in names if n))
    if len(unique) < 3:
        return " and ".join(unique) or None
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def _meeting_parties(meeting: Token, context: _Context) -> str | None:
    """Who holds a meeting: the actors its phrase names ("talks between Oman and Iran", "a
    press conference of the prime ministers"), else the text's bodies or two countries."""
    named = [
        t
        for t in meeting.subtree
        if t.dep_ == "pobj"
        and t.head.lower_ in {"between", "of", "with", "among"}
        and t.lemma_.lower() not in MEETINGS
        and (t.ent_type_ in ACTOR_LABELS or (t.pos_ == "NOUN" and _is_actor_noun(t)))
    ]
    if named:
        return _listed([_actor(t, context) for t in named])
    return context.voice_group or context.two_countries


def _agent(verb: Token) -> Token | None:
    """The actor of a passive: "was proposed by Vietnam" -> Vietnam."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _is_actor(token: Token) -> bool:
    """A name, or a noun for people or bodies ("the ministry", "donors"), not a thing ("the
    request", "the second round") nor a dateline ("VIENNA, 3 May -")."""
    if token.ent_type_ in ACTOR_LABELS:
        return not _is_dateline(token)
    if token.pos_ == "PROPN":
        return not _is_dateline(token)
    return _is_actor_noun(token, any_tag=True)


def _is_actor_noun(token: Token, any_tag: bool = False) -> bool:
    """A noun for people or bodies ("ministers", "donors"), known by its lower case so that
    a title-case headline's words count too; one that ends like an agent must be a noun
    unless `any_tag`."""
    lemma = token.lemma_.lower()
    if lemma in AGENT_NOUNS or lemma in ROLE_WORDS or lemma in PEOPLE_NOUNS:
        return True
    agentive = lemma.endswith(("er", "or", "ist", "ant")) and lemma not in _NOT_AGENTS
    return agentive and (any_tag or token.pos_ == "NOUN")


def _is_dateline(token: Token) -> bool:
    """A place or an agency's credit in the dateline that opens its line ("VIENNA, 3 May -"
    says where, not who; datelines.py reads it). Any line, and a short story after it will
    do: the question is only whether the name is the dateline's."""
    found = dateline_at(_text(token.doc), token.idx, story=1)
    return found is not None and found.covers(token.idx, token.idx + len(token.text))


def _is_parties(token: Token) -> bool:
    """ "both sides", "the two leaders", "the ministers": the parties the text is about."""
    if token.ent_type_ or token.tag_ not in {"NNS", "NNPS"}:
        return False
    if token.lemma_.lower() not in {"side", "leader", "minister", "party", "country", "delegation",
                                    "president", "head"}:  # fmt: skip
        return False
    if any(c.dep_ in {"compound", "amod", "poss"} and c.ent_type_ for c in token.children):
        return False
    # "the ministers" alone is how the text names them; "both"/"two" point at the parties.
    counted = any(c.lower_ in {"both", "two"} for c in token.children)
    return counted or token.lemma_.lower() == "side"


def _shared_start(one: str, other: str) -> int:
    """How many letters two words share from their start."""
    pairs = zip(one, other, strict=False)  # as far as the shorter goes
    return next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(one), len(other)))


def _is_collective(token: Token) -> bool:
    """ "Participants", "the nations", "member states": a plural noun for the parties that
    names none of them ("G7 nations", "members of the Council" name theirs)."""
    if token.ent_type_ or token.tag_ not in {"NNS", "NNPS"}:
        return False
    if token.lemma_.lower() not in COLLECTIVES:
        return False
    # Only "the", "all", "both", "two", "member": "rich countries", "donor countries" and
    # "members of the Council" are some of the parties, or name their own.
    kept = {"det", "predet", "nummod"}
    return all(
        c.dep_ in kept or (c.dep_ == "compound" and c.lower_ == "member") for c in token.children
    )


def _is_document(token: Token) -> bool:
    """ "The statement", "the joint communiqué": a document, not a name."""
    return token.pos_ == "NOUN" and not token.ent_type_ and token.lemma_.lower() in DOCUMENTS


def _parties(context: _Context) -> str | None:
    return context.last_group or context.voice_group or context.last_actor


def _speaker(sent: Span, context: _Context) -> str | None:
    """Who a sentence is attributed to: "..., the minister said", "according to X"; else
    whoever is quoted in the same paragraph."""
    found = _attributed(sent, context)
    if found is not None:
        return found
    paragraph = _paragraph(sent)
    # Another sentence's speaker only inside a quotation: "I" in plain prose is the author.
    if not any(q in s.text for s in [sent, *paragraph] for q in '\u201c\u201d"\u00ab'):
        return None
    for other in paragraph:
        found = _attributed(other, context)
        if found is not None:
            return found
    return None


def _attributed(sent: Span, context: _Context) -> str | None:
    for token in sent:
        if token.lemma_.lower() in REPORTING_VERBS and token.pos_ == "VERB":
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            # "he said" names a speaker; "we said", "it said" leave it to the voice.
            if subject is not None and (subject.pos_ != "PRON" or subject.lower_ in {"he", "she"}):
                return _actor(subject, context)
        if token.lower_ == "according" and token.nbor(1).lower_ == "to":
            target = next((c for c in token.nbor(1).children if c.dep_ == "pobj"), None)
            if target is not None:
                return _actor(target, context)
    return None


def _paragraph(sent: Span) -> list[Span]:
    """The other sentences of a sentence's paragraph (the lines between blank lines)."""
    text = _text(sent.doc)
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.end_char)
    end = len(text) if end == -1 else end
    return [
        s
        for s in sent.doc.sents
        if s.start_char >= start and s.end_char <= end + 1 and s.start != sent.start
    ]


def _entity_name(ent: Span) -> str:
    text = (ent.ent_id_ or ent.text).strip()
    name = re.sub(r"^(?:the|The)\s+", "", text).removesuffix("\u2019s").removesuffix("'s")
    if ent.label_ == "NORP" and ent.root.tag_ not in {"NNS", "NNPS"}:  # "Syrians": people
        return _country_of(name, ent.doc) or name
    return name


def _country_of(adjective: str, doc: Doc) -> str | None:
    """The country an adjective of nationality stands for, as the text names it ("Chinese"
    -> "China", "Bahraini" -> "Bahrain", "Thai" -> "Thailand"): the guide names the
    parties. Read from the text's own places by the letters they share (at least four, and
    all the country's but two, or all the adjective's), not from a table of demonyms: no
    well-kept library has one, and the text's spelling is the one the guide wants."""
    best, shared = None, 0
    folded = adjective.casefold()
    for ent in _ents_in(doc[:]):
        if ent.label_ != "GPE":
            continue
        country = _entity_name(ent)
        if country.casefold().split()[0] == folded:
            continue  # "Latvian Languages": the adjective again, not a country
        common = _shared_start(folded, country.casefold())
        if common >= 4 and common > shared and common >= min(len(country) - 2, len(folded)):
            best, shared = country, common
    return best


def _one_actor(token: Token, context: _Context) -> str | None:
    if token.ent_type_ in ACTOR_LABELS:
        ent = _ent_at(token)
        if ent is not None:
            if ent.label_ == "PERSON":
                return _person_of(ent, context) or _person_name(ent) or None
            return _entity_name(ent)
    role = _join(_compounds(token))
    # "the Prime Minister" is the one whose role is just that, before a "Canadian Prime
    # Minister" named in the same text; failing that, the first whose role holds it.
    holders = [
        p for p in context.people if p.role and role and role.casefold() in p.role.casefold()
    ]
    exact = [p for p in holders if p.role and p.role.casefold() == role.casefold()]
    if exact or holders:
        return (exact or holders)[0].name
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
        if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ != "PRON":
            if token.ent_type_ == "PERSON":
                context.last_person = _actor(token, context) or context.last_person
            actor = _actor(token, context)
            if actor and token.pos_ != "PRON":
                context.last_actor = actor
                if " and " in actor and "(" not in actor:
                    context.last_group = actor
                if any(actor == p.name for p in context.people):
                    context.last_person = actor
    for ent in _ents_in(sent):
        if ent.label_ == "PERSON" and context.last_person is None:
            context.last_person = _person_of(ent, context)
