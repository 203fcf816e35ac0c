"""Which of the names the entity model calls persons are people: a trained screen.

spaCy's small model calls many capitalised phrases persons ("Joint Statement", "Cyclone
Gabrielle", "European Commission", a headline's "Lew Travels"), and word lists against
them do not carry to new publishers. This screen is a bag-of-features classifier trained
by `make train` on the corpus's people (every named person, by the guide) and shipped in
`generator/nlp/models/people/`: it reads the name's words, how its mentions sit in the
parse (the words around them, their dependency, what other entities share its words,
whether it appears only in the headline) and keeps a draft over the threshold tuned on
the dev split. A person a project's rules name (an entity rule's id) always stays.

The same screen lets the reading look past the entity model's misses: runs of two or
more proper nouns it did not call a person ("Moussa Faki Mahamat" read as an
organisation, "Kaja Kallas" read as nothing) are put to the screen as candidates too,
marked as such, after the words of an office or a country before the name are cut off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.nlp.analysis import Person
from generator.nlp.people import same_name
from generator.nlp.spans import _join
from generator.nlp.words import HONORIFICS, ROLE_WORDS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

LABEL = "PERSON"
MODEL_DIR = Path(__file__).resolve().parent / "models" / "people"
CONFIG = Path(__file__).resolve().parent / "models" / "people.cfg"
DEFAULT_THRESHOLD = 0.5
# Entity labels that say a name's words belong to something other than a person.
_NOT_PEOPLE = {"ORG", "GPE", "NORP", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LOC"}
# Lowercase words inside a name ("Bingu wa Mutharika", "Assunção dos Anjos").
_PARTICLES = {"wa", "dos", "da", "de", "del", "van", "von", "der", "bin", "binti", "ibn", "al"}


@dataclass(frozen=True)
class PeopleScreen:
    """The loaded screen and the threshold it was shipped with."""

    nlp: Language
    threshold: float

    def scores(self, inputs: Sequence[str]) -> list[float]:
        return [doc.cats.get(LABEL, 0.0) for doc in self.nlp.pipe(inputs, batch_size=64)]


def person_input(doc: Doc, person: Person, candidate: bool = False) -> str:
    """What the screen reads of one drafted person (a `candidate` is a run of proper
    nouns the entity model did not call a person): space-separated features."""
    text = doc.text
    headline_end = text.find("\n") if "\n" in text else len(text)
    lowercase_words = _lowercase_words(doc)
    words = [w.strip(".,").lower() for w in person.name.split() if w.strip(".,")]
    features = [f"w_{w}" for w in words]
    features += [f"last_{words[-1]}" if words else "last_", f"words_{min(len(words), 4)}"]
    if person.mentions and all(end <= headline_end for _, end in person.mentions):
        features.append("headline_only")
    if person.role:
        features.append("has_role")
    features.append(f"mentions_{min(len(person.mentions), 3)}")
    if candidate:
        features.append("candidate")
    common = [w in lowercase_words for w in words]
    if common and all(common):
        features.append("all_words_lowercase_elsewhere")
    elif any(common):
        features.append("some_words_lowercase_elsewhere")
    for start, end in person.mentions[:3]:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        if span.start > 0:
            features.append(f"before_{doc[span.start - 1].lower_}")
        if span.end < len(doc):
            after = doc[span.end]
            features += [f"after_{after.lower_}", f"after_pos_{after.pos_}"]
        features += [f"dep_{span.root.dep_}", f"ent_{span.root.ent_type_ or 'none'}"]
    last = person.name.split()[-1] if person.name.split() else ""
    if last and any(last in entity for entity in _other_entities(doc)):
        features.append("words_in_other_entity")
    return " ".join(features)


def _lowercase_words(doc: Doc) -> frozenset[str]:
    """The words the article writes in lowercase somewhere (worked out once per doc)."""
    found = doc.user_data.get("briefs_lowercase_words")
    if found is None:
        found = doc.user_data["briefs_lowercase_words"] = frozenset(
            t.lower_ for t in doc if t.is_lower
        )
    return found


def _other_entities(doc: Doc) -> tuple[str, ...]:
    """The texts of the entities that are not people (worked out once per doc)."""
    found = doc.user_data.get("briefs_other_entities")
    if found is None:
        found = doc.user_data["briefs_other_entities"] = tuple(
            e.text for e in doc.ents if e.label_ in _NOT_PEOPLE
        )
    return found


def name_candidates(doc: Doc, people: Sequence[Person]) -> tuple[Person, ...]:
    """Runs of two or more capitalised proper nouns that are not one of `people`, merged
    across mentions, each cut to the words after an office, a country or a word the
    article also writes in lowercase ("Minister of Culture U Ko Ko" -> "U Ko Ko")."""
    lowercase_words = _lowercase_words(doc)
    found: list[Person] = []
    for run in _proper_noun_runs(doc):
        tokens = list(run)
        while len(tokens) > 2 and _not_name_word(tokens[0], lowercase_words):
            tokens.pop(0)
        while tokens and not tokens[0].text[:1].isupper():  # "-US" of "Swiss-US"
            tokens.pop(0)
        if len(tokens) < 2 or all(t.ent_type_ in {"GPE", "LOC", "NORP"} for t in tokens):
            continue
        name = _join(tokens)
        if not name or any(same_name(name, p.name) for p in people):
            continue
        span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
        index = next((i for i, p in enumerate(found) if same_name(name, p.name)), None)
        if index is None:
            found.append(Person(name, None, (), (span,)))
        else:
            known = found[index]
            longer = name if len(name.split()) > len(known.name.split()) else known.name
            found[index] = Person(longer, None, (), (*known.mentions, span))
    return tuple(found)


def _proper_noun_runs(doc: Doc) -> list[Span]:
    runs = []
    index = 0
    while index < len(doc):
        if not _name_like(doc[index]):
            index += 1
            continue
        end = index + 1
        while end < len(doc):
            token = doc[end]
            hyphen = token.text == "-" and not doc[end - 1].whitespace_
            joins = hyphen or token.lower_ in _PARTICLES
            if _name_like(token) or (joins and end + 1 < len(doc) and _name_like(doc[end + 1])):
                end += 1
            else:
                break
        run = doc[index:end]
        capitals = sum(1 for t in run if t.text[:1].isupper())
        if capitals >= 2 and "\n" not in run.text and not any(t.ent_type_ == "PERSON" for t in run):
            runs.append(run)
        index = end
    return runs


def _name_like(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.lower_ not in ROLE_WORDS
        and token.lower_ not in HONORIFICS
    )


def _not_name_word(token: Token, lowercase_words: frozenset[str]) -> bool:
    return token.ent_type_ in {"GPE", "NORP", "LOC"} or token.lower_ in lowercase_words


def declared(doc: Doc, person: Person) -> bool:
    """A person the project's or the shipped entity rules name (the mention is a PERSON
    entity carrying a rule's id; the rules also name countries and bodies)."""
    mentions = person.mentions
    return any(
        e.label_ == "PERSON"
        and e.ent_id_
        and any(e.start_char < end and start < e.end_char for start, end in mentions)
        for e in doc.ents
    )


def screen_people(
    doc: Doc, people: Sequence[Person], screen: PeopleScreen | None
) -> tuple[Person, ...]:
    """The drafts and candidates the screen keeps, in text order (without a trained
    screen, the drafts as they are)."""
    if screen is None:
        return tuple(people)
    candidates = name_candidates(doc, people)
    inputs = [person_input(doc, p) for p in people]
    inputs += [person_input(doc, p, candidate=True) for p in candidates]
    scores = screen.scores(inputs)
    kept = [
        p
        for p, score in zip((*people, *candidates), scores, strict=True)
        if score >= screen.threshold or declared(doc, p)
    ]
    return tuple(sorted(kept, key=lambda p: p.mentions[0] if p.mentions else (0, 0)))


@lru_cache(maxsize=4)
def load_screen(path: Path = MODEL_DIR) -> PeopleScreen | None:
    """The shipped screen, or None when it has not been trained."""
    if not (path / "meta.json").is_file():
        return None
    import spacy

    nlp = spacy.load(path)
    meta: dict[str, Any] = nlp.meta.get("briefs", {})
    return PeopleScreen(nlp, float(meta.get("threshold", DEFAULT_THRESHOLD)))
