"""The people screen: which drafted names are people, and the names the entity model missed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from generator.nlp.analysis import Person
from generator.nlp.corpus import CorpusArticle
from generator.nlp.people import find_people, same_name
from generator.nlp.people_screen import (
    PeopleScreen,
    load_screen,
    name_candidates,
    person_input,
    screen_people,
)
from generator.nlp.reader import Reader, load_rules
from generator.nlp.training import people_examples
from generator.nlp.words import Knowledge

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(rules=load_rules(None))


@pytest.fixture(scope="module")
def nlp(reader: Reader) -> Language:
    return reader.pipeline()


@dataclass(frozen=True)
class FixedScreen(PeopleScreen):
    """A screen that gives every name the same score, to test what is kept around it."""

    score: float = 0.0

    def scores(self, inputs: Sequence[str]) -> list[float]:
        return [self.score] * len(inputs)


def drafts_and_candidates(doc: Doc) -> tuple[Person, ...]:
    people = find_people(doc, Knowledge())
    return (*people, *name_candidates(doc, people))


def test_a_name_the_entity_model_missed_is_a_candidate_cut_after_the_office(
    nlp: Language,
) -> None:
    doc = nlp(
        "Talks in Riga\n\nThe Prime Minister of Estonia Kaja Kallas met the Prime Minister "
        "of Latvia Krišjānis Kariņš in Riga on Monday."
    )
    names = [p.name for p in drafts_and_candidates(doc)]
    assert "Kaja Kallas" in names
    assert not any(name.startswith(("Estonia", "Latvia")) for name in names)


def test_candidates_are_not_the_people_already_found(nlp: Language) -> None:
    doc = nlp("Secretary of State Antony J. Blinken met Foreign Minister Saleumxay Kommasith.")
    people = find_people(doc, Knowledge())
    assert people
    assert not any(same_name(c.name, p.name) for c in name_candidates(doc, people) for p in people)


def test_without_a_trained_screen_the_drafts_stay_as_they_are(nlp: Language) -> None:
    doc = nlp("Joint Statement\n\nThe leaders met in Geneva.")
    drafts = (Person("Joint Statement", None, (), ((0, 15),)),)
    assert screen_people(doc, drafts, None) == drafts


def test_the_screen_drops_what_scores_under_its_threshold_but_not_a_declared_name(
    nlp: Language,
) -> None:
    text = "Ana Ruiz met Pedro Soto in Lima."
    doc = nlp(text)
    # Pedro Soto is named by an entity rule (a project's names.yaml), Ana Ruiz only by the model.
    doc.ents = [
        Span(doc, 0, 2, label="PERSON"),
        Span(doc, 3, 5, label="PERSON", span_id="Pedro Soto"),
    ]
    drafts = (Person("Ana Ruiz", None, (), ((0, 8),)), Person("Pedro Soto", None, (), ((13, 23),)))
    screen = load_screen()
    assert screen is not None
    low = screen_people(doc, drafts, FixedScreen(screen.nlp, 0.5, score=0.1))
    assert [p.name for p in low] == ["Pedro Soto"]
    high = screen_people(doc, drafts, FixedScreen(screen.nlp, 0.5, score=0.9))
    assert [p.name for p in high][:2] == ["Ana Ruiz", "Pedro Soto"]


def test_the_shipped_screen_keeps_people_and_drops_document_titles(reader: Reader) -> None:
    text = (
        "Joint Statement\n\nPrime Minister Kaja Kallas and President Alar Karis said on "
        "Monday that Estonia would host the next meeting. Kallas said the Joint Statement "
        "was agreed by all."
    )
    names = [p.name for p in reader.analyse(text, dt.date(2022, 5, 2)).people]
    assert "Kaja Kallas" in names
    assert "Joint Statement" not in names


def test_training_labels_each_drafted_name_from_the_gold(nlp: Language) -> None:
    text = "Joint Statement\n\nForeign Minister Ana Ruiz met Pedro Soto in Lima on Monday."
    article = CorpusArticle(
        id="a",
        text=text,
        publisher="P",
        kind="readout",
        region="americas",
        published=dt.date(2024, 1, 1),
        split="train",
        proposals=(),
        follow_ups=(),
        acronyms=(),
        people=(("Ana Ruiz", "Foreign Minister"), ("Pedro Soto", None)),
    )
    examples = people_examples(article, nlp(text), load_rules(None).knowledge())
    labelled = {e.text.split()[0]: e.cats["PERSON"] for e in examples}
    assert labelled.get("w_ana") == 1.0
    assert all(e.cats["PERSON"] == 0.0 for e in examples if "w_statement" in e.text.split())
    assert all(
        (e.cats["PERSON"] == 1.0) == any(w in e.text.split() for w in ("w_ruiz", "w_soto"))
        for e in examples
    )


def test_what_the_screen_reads_of_a_headline_only_name(nlp: Language) -> None:
    text = "Lew Travels to Beijing\n\nThe Secretary will meet officials."
    doc = nlp(text)
    features = person_input(doc, Person("Lew Travels", None, (), ((0, 11),))).split()
    assert "headline_only" in features and "w_travels" in features
    assert "candidate" in person_input(doc, Person("X Y", None, (), ((0, 3),)), True).split()
