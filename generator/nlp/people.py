"""People: names from the entities, merged across mentions, with the roles the text gives.

Part of the extraction (extract.py puts the parts together); the rules follow spaCy's
analysis, not the raw text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from generator.nlp.analysis import (
    Person,
)
from generator.nlp.spans import _join
from generator.nlp.words import HONORIFICS, ROLE_WORDS, Knowledge

# ---- people ------------------------------------------------------------------------------

# Words of an office's name after "of"/"for" ("Secretary of State", "Minister of Foreign
# Affairs"): part of the title, never of the name that follows it.
OFFICE_WORDS = {
    "state",
    "commerce",
    "defense",
    "defence",
    "interior",
    "finance",
    "treasury",
    "foreign",
    "affairs",
    "trade",
    "industry",
    "justice",
    "health",
    "education",
    "energy",
    "agriculture",
    "labor",
    "labour",
    "transport",
    "environment",
    "economy",
    "home",
    "external",
    "homeland",
    "security",
    "information",
    "communications",
    "culture",
    "tourism",
    "investment",
    "planning",
    "development",
    "national",
    "public",
    "works",
    "natural",
    "resources",
    "science",
    "technology",
    "higher",
    "research",
    "innovation",
    "youth",
    "sports",
    "social",
    "welfare",
    "fisheries",
    "relations",
    "international",
    "cooperation",
    "integration",
    "regional",
    "and",
    "the",
}
# Military ranks set before a name after an office ("Ambassador of Sri Lanka in Cuba Admiral
# Nishantha Ulugetenne"): part of neither the name nor, set between them, the office.
RANKS = {"admiral", "brigadier", "colonel", "commodore", "lieutenant", "marshal"}
TITLE_OPENERS = ROLE_WORDS | {
    "h.e.",
    "honourable",
    "honorable",
    "mr.",
    "ms.",
    "mrs.",
    "dr.",
    "excellency",
    "sir",
    "dame",
}


def titled_names(doc: Doc) -> Doc:
    """Names after a title ("Spokesperson Ned Price", "Secretary of Commerce Gina
    Raimondo", "H.E. Abhisit Vejjajiva") become PERSON entities: the small model often
    reads them as organisations, title and all, or misses them."""
    spans: list[Span] = []
    places = {e.text for e in doc.ents if e.label_ in {"GPE", "LOC"}}
    index = 0
    while index < len(doc):
        token = doc[index]
        if token.lower_ not in TITLE_OPENERS or not token.text[:1].isupper():
            index += 1
            continue
        cursor = index + 1
        if cursor < len(doc) and doc[cursor].lower_ in {"of", "for"}:
            cursor = _office_end(doc, cursor + 1, places)
        # "Minister of International Relations and Cooperation Dr Naledi Pandor": a name
        # starts after an honorific, wherever the office's words end.
        honorific = next(
            (
                i
                for i in range(cursor, min(cursor + 8, len(doc)))
                if doc[i].lower_ in HONORIFICS and doc[i].text[:1].isupper()
            ),
            None,
        )
        if honorific is not None and all(
            (doc[i].text[:1].isupper() or doc[i].lower_ in {"and", "&"})
            and doc[i].lower_ not in TITLE_OPENERS
            and doc[i].ent_type_ != "PERSON"
            for i in range(cursor, honorific)
        ):
            cursor = honorific + 1
        name_start = cursor
        while cursor < len(doc) and cursor - name_start < 4 and _name_token(doc[cursor]):
            cursor += 1
        length = cursor - name_start
        follows_ok = cursor >= len(doc) or not (
            doc[cursor].pos_ == "PROPN" and doc[cursor].is_title
        )
        # "… Foreign Affairs and Regional Integration": words joined to an office by "and"
        # are more of the office, as is a run that "and" joins to more capitals.
        office_and = doc[name_start - 1].lower_ in {"and", "&"} or (
            cursor + 1 < len(doc)
            and doc[cursor].lower_ in {"and", "&"}
            and doc[cursor + 1].text[:1].isupper()
            and not any(t.lower_ in TITLE_OPENERS for t in doc[cursor + 1 : cursor + 3])
        )
        # An existing PERSON inside the name is widened ("J. Blinken" -> "Antony J. Blinken");
        # one that reaches past it ("Lee Chae-myung") is better than this guess.
        # A person that starts on the office's place ("… for Syria Lakhdar Brahimi") is
        # the model running the place into the name: the name after the place wins.
        known = any(
            e.label_ == "PERSON"
            and e.start < cursor
            and name_start < e.end
            and (e.start < name_start or e.end > cursor)
            and not (index < e.start < name_start and e.end <= cursor)
            for e in doc.ents
        )
        if (
            length >= 2
            and follows_ok
            and not known
            and not office_and
            and not doc[name_start].text.endswith(".")
            and not _headline_guess(doc, name_start, cursor)
        ):
            spans.append(Span(doc, name_start, cursor, label="PERSON"))
        index = max(cursor, index + 1)
    if spans:
        kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = sorted([*kept, *spans], key=lambda e: e.start)
    doc.ents = [_with_hyphened_end(e) for e in doc.ents if not _misread_person(e)]
    return doc


def _office_end(doc: Doc, cursor: int, places: set[str]) -> int:
    """Where the office's words end after a title's "of"/"for": "Minister of Foreign Affairs
    of Cuba", "Ambassador for Cuba in Sri Lanka", "Special Representative for Syria". A place
    (a word the text names as a country or region) and another "of"/"in" before a place or
    office word belong to the office, not to the name that follows."""

    def office_word(token: Token) -> bool:
        return token.lower_ in OFFICE_WORDS or _place(token, places)

    while cursor < len(doc):
        token = doc[cursor]
        joins = token.lower_ in {"of", "for", "in"} and cursor + 1 < len(doc)
        if not (office_word(token) or (joins and office_word(doc[cursor + 1]))):
            break
        cursor += 1
    return cursor


def _place(token: Token, places: set[str]) -> bool:
    """A word of a place: tagged so, or written as a place the text names elsewhere."""
    return token.ent_type_ in {"GPE", "LOC"} or (
        token.text in places or any(token.text in p.split() for p in places)
    )


def _with_hyphened_end(ent: Span) -> Span:
    """ "Moon Jae-in": the tokenizer splits a hyphened given name and the model often ends
    the name at its first half; the lower-case half written on belongs to it."""
    doc, end = ent.doc, ent.end
    if (
        ent.label_ == "PERSON"
        and end + 1 < len(doc)
        and doc[end].text in {"-", "\u2011"}
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_lower
        and doc[end + 1].is_alpha
        and doc[end + 1].ent_type_ == ""
    ):
        return Span(doc, ent.start, end + 2, label=ent.label_, kb_id=ent.kb_id, span_id=ent.id)
    return ent


def _headline_guess(doc: Doc, start: int, end: int) -> bool:
    """In a title-case headline ("UN Chief Urges Quick Formation"), capitals say nothing:
    a name there must be written the same way elsewhere in the article. The headline is
    the article's first line, when it has no closing stop."""
    sent = doc[start].sent
    text = doc.text
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    line_end = text.find("\n", sent.start_char)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    if text[:line_start].strip() or line != sent.text.strip() or line[-1:] in {".", "!", "?", ":"}:
        return False  # not the first line, or a sentence
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 3 or sum(t.text[:1].isupper() for t in words) < 0.8 * len(words):
        return False
    name = doc[start:end].text
    return doc.text.count(name) < 2


def _name_token(token: Token) -> bool:
    text = token.text
    initial = len(text) == 2 and text[0].isupper() and text[1] == "."
    return (
        (token.pos_ == "PROPN" or initial)
        and ((text[:1].isupper() and not text.isupper()) or initial)
        and token.lower_ not in ROLE_WORDS
        and token.lower_ not in OFFICE_WORDS
        and token.lower_ not in RANKS
        and token.ent_type_ not in {"GPE", "DATE", "NORP"}
    )


def _misread_person(ent: Span) -> bool:
    """ "The Meeting", "COVID-19": what the model took for a person but is none."""
    if ent.label_ != "PERSON":
        return False
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    common = len(ent) == 1 and before is not None and before.lower_ in {"the", "a", "an"}
    return common or any(c.isdigit() for c in ent.text)


@dataclass
class _PersonDraft:
    name: str
    known: bool = False  # named by the entity rules, not only by the statistical model
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)


def find_people(doc: Doc, knowledge: Knowledge) -> tuple[Person, ...]:
    """People named in the text, merged across mentions, with roles from appositions and titles."""
    drafts: list[_PersonDraft] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = _person_name(ent)
        if not name:
            continue
        canonical = ent.ent_id_ or name
        draft = _merge_target(drafts, canonical)
        if draft is None:
            draft = _PersonDraft(canonical)
            drafts.append(draft)
        elif len(canonical.split()) > len(draft.name.split()) and not ent.ent_id_:
            draft.aliases.append(draft.name)
            draft.name = canonical
        if name != draft.name and name not in draft.aliases:
            draft.aliases.append(name)
        draft.known = draft.known or bool(ent.ent_id_) or _titled(ent)
        draft.mentions.append((ent.start_char, ent.end_char))
        role = _role(ent)
        if role and (draft.role is None or _better_role(role, draft.role)):
            draft.role = role
    people = []
    for draft in drafts:
        # A lone word the model calls a person, never given in full, with no title or
        # role and not in the rules, is far more often a title or an organisation
        # ("Councilor", "Gavi") than a person: news introduces people by full name.
        if len(draft.name.split()) == 1 and not draft.known and not draft.role:
            continue
        aliases = tuple(a for a in dict.fromkeys(draft.aliases) if _is_alias(a, draft.name))
        role = draft.role or knowledge.roles.get(draft.name)
        people.append(Person(draft.name, role, aliases, tuple(draft.mentions)))
    return tuple(people)


def _titled(ent: Span) -> bool:
    """'President Obama', 'Mr. Lee': a title in or just before the name vouches for it."""
    words = {*HONORIFICS, *ROLE_WORDS}
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return ent[0].lower_ in words or before in words


def _person_name(ent: Span) -> str:
    tokens = [t for t in ent if not t.is_space]
    while tokens and (tokens[0].lower_ in HONORIFICS or tokens[0].lower_ in ROLE_WORDS):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in {"'s", "\u2019s"}):
        tokens.pop()
    name = _join(tokens)
    # A "person" in capitals or with no capital at all is a misreading.
    if not name or name.isupper() or not any(c.isupper() for c in name):
        return ""
    return name


def _name_words(name: str) -> set[str]:
    return {w.strip(".,").casefold() for w in re.split(r"[\s]+", name) if len(w.strip(".,")) > 1}


def same_name(a: str, b: str) -> bool:
    """One person's names: the words of one are all words of the other ("Kallas")."""
    x, y = _name_words(a), _name_words(b)
    return bool(x and y) and (x <= y or y <= x)


def _merge_target(drafts: list[_PersonDraft], name: str) -> _PersonDraft | None:
    """The person a new mention belongs to: same canonical name, or a name within the other."""
    for draft in drafts:
        if draft.name == name or name in draft.aliases or same_name(name, draft.name):
            return draft
    return None


def _is_alias(alias: str, name: str) -> bool:
    """Other spellings worth listing: not just a part of the canonical name ('Blinken')."""
    return not _name_words(alias) <= _name_words(name)


def _better_role(new: str, old: str) -> bool:
    """The fuller of two roles: "Secretary of State" over "Secretary"."""
    return len(new) > len(old)


def _role(ent: Span) -> str | None:
    """A person's role from an apposition ("X, Prime Minister and Minister of Interior,")
    or the title before their name ("Secretary of State Antony J. Blinken")."""
    if _next_title_follows(ent):
        return _title_before(ent) or _role_with_apposed_name(ent)
    return _apposed_role(ent) or _title_before(ent) or _role_with_apposed_name(ent)


def _next_title_follows(ent: Span) -> bool:
    """ "OECD Secretary-General Mathias Cormann, Japan Prime Minister Fumio Kishida, …":
    after the comma comes the next person's title, set before their name as this one's
    is, not an apposition of this one's role. Only capitalised words run from the comma to
    that name (no "and"), and the name is not the object of a preposition ("Special Envoy of
    Secretary-General António Guterres" is an apposition naming someone else)."""
    doc = ent.doc
    if ent.end >= len(doc) or doc[ent.end].text != ",":
        return False
    for token in doc[ent.end + 1 : min(ent.end + 12, ent.sent.end)]:
        if token.ent_type_ == "PERSON" and token.lower_ not in ROLE_WORDS:
            name = next((e for e in doc.ents if e.start <= token.i < e.end), None)
            if name is None or name.root.dep_ != "pobj":
                return name is not None
            # "Vice Minister of Foreign Trade Deborah Rivas": the parse makes the name the
            # object of "of", but only an office lies between; a title there ("of
            # Secretary-General António Guterres") makes it someone else's name.
            preposition = name.root.head
            return preposition.i < name.start and not _has_role_word(
                doc[preposition.i + 1 : name.start]
            )
        # "and" may end this one's role and open the next one's ("Secretary of Economy
        # and Secretary of Security Rosa Icela Rodríguez"): `_before_next_person` cuts it.
        joiner = token.lower_ in {"of", "for", "the", "-", "\u2013"}
        # "and" inside an office's name ("Science and Technology") is no break either.
        office_and = token.lower_ in {"and", "&"} and doc[token.i - 1].text[:1].isupper()
        office_and = office_and and token.i + 1 < len(doc)
        office_and = office_and and doc[token.i + 1].text[:1].isupper()
        office_and = office_and and doc[token.i + 1].lower_ not in TITLE_OPENERS
        if token.is_space or not (token.text[:1].isupper() or joiner or office_and):
            return False
    return False


def _apposed_role(ent: Span) -> str | None:
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i >= ent.end and _has_role_word(child.subtree):
            tokens = [t for t in child.subtree if t.i >= ent.end and not t.is_space]
            while tokens and tokens[0].is_punct:
                tokens.pop(0)
            return _clean_role(_join(_before_next_person(tokens)))
    return _comma_role(ent)


def _comma_role(ent: Span) -> str | None:
    """ "Name, Prime Minister and Minister of Interior, attended": a role set off by commas
    that the parser took for a conjunct. The phrase must open with a role word."""
    doc = ent.doc
    if ent.end >= len(doc) or doc[ent.end].text != ",":
        return None
    tokens: list[Token] = []
    for token in doc[ent.end + 1 : min(ent.end + 16, ent.sent.end)]:
        if token.text in {",", ".", ";", ":", "("}:
            break
        tokens.append(token)
    else:
        return None
    opener = next((t for t in tokens if t.lower_ not in {"the", "a", "an"}), None)
    if opener is None or not _has_role_word(tokens[: tokens.index(opener) + 3]):
        return None
    if not opener.text[:1].isupper() or opener.ent_type_ == "PERSON":
        return None
    return _clean_role(_join(_before_next_person(tokens)))


def _before_next_person(tokens: list[Token]) -> list[Token]:
    """A role ends where the next person's title or name begins: in "Foreign Secretary
    Alicia Bárcena and Secretary of Security Rosa Icela Rodríguez", Bárcena's role stops
    before "and Secretary"."""
    cut = next((i for i, t in enumerate(tokens) if t.ent_type_ == "PERSON"), len(tokens))
    kept = tokens[:cut]
    # Back off over the title that opens the next person ("and Secretary of Security").
    joiner = next((i for i in range(len(kept) - 1, -1, -1) if kept[i].lower_ in {"and", "&"}), None)
    if cut < len(tokens) and joiner is not None:
        kept = kept[:joiner]
    while kept and (kept[-1].is_punct or kept[-1].lower_ in {"and", "&", "the"}):
        kept.pop()
    return kept


def _role_with_apposed_name(ent: Span) -> str | None:
    """ "the President of the United States, Joe Biden": the name in apposition to a role."""
    root = ent.root
    if root.dep_ != "appos" or root.head.i >= ent.start:
        return None
    head = root.head
    if head.lower_ not in ROLE_WORDS and not _has_role_word([head]):
        return None
    tokens = [t for t in head.subtree if t.i < ent.start and not t.is_space]
    while tokens and (tokens[0].dep_ == "det" or tokens[0].lower_ in HONORIFICS):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return _clean_role(_join(tokens)) if tokens else None


def _title_before(ent: Span) -> str | None:
    doc = ent.doc
    places = {e.text for e in doc.ents if e.label_ in {"GPE", "LOC"}}
    index = ent.start - 1
    tokens: list[Token] = []
    while index >= ent.sent.start:
        token = doc[index]
        capitalised = token.text[:1].isupper() and token.pos_ in {"PROPN", "NOUN", "ADJ"}
        # "and" joins an office's words ("Trade and Industry"), not two titles ("Secretary
        # of Economy and Secretary of Security": the second is the next person's).
        joins_office = token.lower_ in {"and", "&"} and bool(tokens)
        joins_office = joins_office and tokens[0].lower_ not in TITLE_OPENERS
        # "Ambassador of Sri Lanka in Cuba": "in" before a place, within a title.
        in_place = token.lower_ == "in" and bool(tokens) and _place(tokens[0], places)
        in_place = in_place and index > 0 and doc[index - 1].text[:1].isupper()
        joiner = (
            token.lower_ in {"of", "for", "-", "\u2013"}
            or joins_office
            or in_place
            or (token.lower_ == "the" and index > 0 and doc[index - 1].lower_ in {"of", "for"})
        ) and tokens
        if not tokens and token.lower_ in HONORIFICS | RANKS and index == ent.start - 1:
            index -= 1  # "Minister … Cooperation Dr Naledi Pandor": the title is before "Dr"
            continue
        if token.is_space or not (capitalised or joiner) or token.lower_ in HONORIFICS:
            break
        if token.ent_type_ == "PERSON" and token.lower_ not in ROLE_WORDS:
            break
        tokens.insert(0, token)
        index -= 1
    while tokens and tokens[0].lower_ in {"of", "for", "in", "and", "the", "-", "\u2013"}:
        tokens.pop(0)
    # Keep the title from its first role word's modifier on: "U.S. Trade Representative".
    if not tokens or not _has_role_word(tokens):
        return None
    return _clean_role(_join(tokens))


def _has_role_word(tokens: Iterable[Token]) -> bool:
    return any(t.lower_ in ROLE_WORDS or t.lower_.split("-")[0] in ROLE_WORDS for t in tokens)


def _clean_role(role: str) -> str | None:
    role = role.strip(" ,;:")
    words = role.split()
    while words and words[0].casefold().strip(".") in {"mr", "ms", "mrs", "h.e", "dr", "the"}:
        words.pop(0)
    role = " ".join(words)
    return role if 2 <= len(role) <= 120 else None
