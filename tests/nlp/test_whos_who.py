"""The who's who: editors' people win, one entry per person and per place, roles cut at
the next name, and a pack setting that turns the machine's lists off."""

from __future__ import annotations

import dataclasses

import pytest

from generator.model import Article, ArticleMeta, Pack, PackFile, Paragraph, PersonSpec, Topic
from generator.nlp.analysis import Analysis, Entity, Person
from generator.nlp.reader import Reader, enrich_article, load_rules
from generator.render.html import named, people

PACK_YAML = {
    "title": "T",
    "event": {"name": "E", "date": "2025-01-01"},
    "prepared": {"date": "2025-01-02", "by": "Desk", "for": "Minister"},
    "classification": "OFFICIAL",
    "summary": "S",
    "topics": [{"title": "T", "articles": ["a"]}],
}


def article(text: str = "x", annotated: bool = True, **fields: object) -> Article:
    base = Article("a", "a.txt", text, (Paragraph(1, 0, len(text)),), ArticleMeta(title="A"), ())
    fields.setdefault("people_reviewed", annotated)  # a hand-written file with `people:`
    return dataclasses.replace(base, annotated=annotated, **fields)  # type: ignore[arg-type]


def analysis(people: tuple[Person, ...] = (), entities: tuple[Entity, ...] = ()) -> Analysis:
    return Analysis(
        model="m",
        model_version="0",
        reference_date=None,
        sentences=(),
        entities=entities,
        acronyms=(),
        undefined_acronyms=(),
        dates=(),
        people=people,
        facts=(),
        proposals=(),
        follow_ups=(),
    )


def pack(*articles: Article, **spec: object) -> Pack:
    spec_file = PackFile.model_validate({**PACK_YAML, **spec})
    return Pack("p", "p.yaml", spec_file, (Topic("T", None, articles),), articles)


NOISE = Person("Joint Readout", None, (), ((0, 13),))


def test_an_editors_people_are_the_articles_people() -> None:
    editor = (PersonSpec(name="Ana Ruiz", role="President of Chile"),)
    enriched = enrich_article(article(annotated=True, people=editor), analysis(people=(NOISE,)))
    assert enriched.people == editor


def test_an_unannotated_article_gets_the_models_people() -> None:
    enriched = enrich_article(article(annotated=False), analysis(people=(NOISE,)))
    assert [(p.name, p.confirmed) for p in enriched.people] == [("Joint Readout", False)]


def test_an_annotation_without_a_people_list_gets_the_models_people_unconfirmed() -> None:
    # `briefs new` writes a title-only annotation: nobody has reviewed its people yet.
    title_only = article(annotated=True, people_reviewed=False)
    enriched = enrich_article(title_only, analysis(people=(NOISE,)))
    assert [(p.name, p.confirmed) for p in enriched.people] == [("Joint Readout", False)]


def test_an_empty_people_list_is_the_editors_decision() -> None:
    decided = article(annotated=True, people=(), people_reviewed=True)
    assert enrich_article(decided, analysis(people=(NOISE,))).people == ()


def test_the_pack_setting_turns_the_machine_lists_off() -> None:
    places = (Entity("Chile", "GPE", 0, 5), Entity("World Bank", "ORG", 10, 20))
    found = analysis(people=(NOISE,), entities=places)
    on = enrich_article(article(annotated=False), found, machine_lists=True)
    off = enrich_article(article(annotated=False), found, machine_lists=False)
    assert on.countries == ("Chile",) and on.organisations == ("World Bank",)
    assert (off.people, off.countries, off.organisations) == ((), (), ())
    assert PackFile.model_validate({**PACK_YAML, "machine_lists": False}).machine_lists is False


def test_one_entry_per_person_across_articles() -> None:
    first = article(people=(PersonSpec(name="Antony J. Blinken", role="Secretary of State"),))
    second = dataclasses.replace(
        article(people=(PersonSpec(name="Blinken"), PersonSpec(name="Martin Luther King Jr."))),
        id="b",
    )
    third = dataclasses.replace(article(people=(PersonSpec(name="Martin Luther King"),)), id="c")
    found = people(pack(first, second, third))
    assert [(p.name, p.role, p.aliases) for p in found] == [
        ("Antony J. Blinken", "Secretary of State", []),
        ("Martin Luther King Jr.", None, []),
    ]


def test_the_packs_own_entry_wins() -> None:
    declared = [{"name": "Lee Jae-myung", "role": "President", "aliases": ["Lee Chae-myung"]}]
    found = people(
        pack(
            article(people=(PersonSpec(name="Lee Chae-myung", role="Leader"),)),
            people=declared,
        )
    )
    assert [(p.name, p.role, p.aliases) for p in found] == [
        ("Lee Jae-myung", "President", ["Lee Chae-myung"])
    ]


def test_places_and_organisations_once_each() -> None:
    first = article(organisations=("ASEAN", "People\u2019s Bank"), countries=("Washington, D.C.",))
    second = dataclasses.replace(
        article(
            organisations=("Association of Southeast Asian Nations", "People's Bank"),
            countries=("Washington, D.C.",),
            glossary=(("ASEAN", "Association of Southeast Asian Nations"),),
        ),
        id="b",
    )
    both = pack(first, second)
    assert named(both, "org") == ["ASEAN", "People\u2019s Bank"]
    assert named(both, "country") == ["Washington, D.C."]


def test_an_acronym_and_the_name_it_spells_out_are_one_entry_across_articles() -> None:
    # Neither in the glossary: "VU" in one article, "Vallis Union" in another, each list.
    first = article(organisations=("Reef Agency",), countries=("VU",))
    second = dataclasses.replace(article(), id="b", organisations=("Vallis Union", "RA Board"))
    both = pack(first, second)
    assert named(both, "org") == ["Reef Agency", "VU", "RA Board"]
    assert named(both, "country") == []


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(rules=load_rules(None))


@pytest.mark.slow
def test_washington_dc_is_one_place(reader: Reader) -> None:
    enriched = enrich_article(
        article(annotated=False),
        reader._read("The talks in Washington, D.C. ended. Washington, D.C. hosted them.", None),
    )
    assert enriched.countries == ("Washington, D.C.",)


@pytest.mark.slow
def test_a_name_and_its_acronym_after_a_comma_are_not_a_city_and_state(reader: Reader) -> None:
    enriched = enrich_article(
        article(annotated=False),
        reader._read("Talks with the People's Republic of China, PRC, went on in Bangkok.", None),
    )
    assert "People's Republic of China, PRC" not in enriched.countries


@pytest.mark.slow
def test_a_role_ends_where_the_next_person_begins(reader: Reader) -> None:
    found = reader._read(
        "The talks were led by Marcelo Ebrard, Secretary of Economy and Secretary of "
        "Security Rosa Icela Rodríguez, in Washington.",
        None,
    )
    assert [(p.name, p.role) for p in found.people] == [
        ("Marcelo Ebrard", "Secretary of Economy"),
        ("Rosa Icela Rodríguez", "Secretary of Security"),
    ]


@pytest.mark.slow
def test_a_list_of_titled_names_gives_each_its_own_title(reader: Reader) -> None:
    # After "Name," comes the next person's title, not an apposition of this one's.
    found = reader._read(
        "The meeting was opened by OECD Secretary-General Mathias Cormann, Japan Prime "
        "Minister Fumio Kishida and Mexican Minister of Finance Rogelio Ramirez.",
        None,
    )
    roles = {p.name: p.role for p in found.people}
    assert roles["Mathias Cormann"] == "OECD Secretary-General"
    assert roles["Fumio Kishida"] == "Japan Prime Minister"
    # An apposition still gives the role: the name after it is not preceded by a title.
    found = reader._read(
        "Jacinda Ardern, the Prime Minister of New Zealand, met the press with Foreign "
        "Minister Nanaia Mahuta.",
        None,
    )
    assert {p.name: p.role for p in found.people}["Jacinda Ardern"] == (
        "Prime Minister of New Zealand"
    )


@pytest.mark.slow
def test_an_office_joined_by_and_is_not_a_name(reader: Reader) -> None:
    # "Regional Integration" ends an office's name; "Dr" opens the name after a long office.
    found = reader._read(
        "The President was joined by Minister of Foreign Affairs and Regional Integration "
        "Shirley Ayorkor Botchwey. Minister of International Relations and Cooperation "
        "Dr Naledi Pandor also attended.",
        None,
    )
    names = {p.name: p.role for p in found.people}
    assert "Regional Integration" not in names
    assert names.get("Naledi Pandor") == "Minister of International Relations and Cooperation"


@pytest.mark.slow
def test_a_title_case_headline_does_not_make_a_name(reader: Reader) -> None:
    found = reader._read(
        "UN Chief Urges Swift Formation Of Unity Cabinet\n\n"
        "Secretary-General Antonio Guterres said on Monday that the talks must resume.",
        None,
    )
    assert all("Formation" not in p.name for p in found.people)


@pytest.mark.slow
def test_a_hyphened_given_name_is_kept_whole(reader: Reader) -> None:
    found = reader._read("President Moon Jae-in met the delegation in Seoul on Monday.", None)
    assert [p.name for p in found.people] == ["Moon Jae-in"]


@pytest.mark.slow
def test_each_name_in_a_list_of_offices_keeps_its_own_office(reader: Reader) -> None:
    # The parse makes each name the object of its office's "of"; that is no apposition.
    found = reader._read(
        "The delegation included Deputy Minister of Foreign Affairs of Peru Lucia Navarro, "
        "Deputy Minister of Energy Tomas Quiroga, Deputy Minister of Science and Technology "
        "Ines Arbulu Salas, and the Ambassador for Peru in Chile Mateo Ferrer Ruiz.",
        None,
    )
    assert [(p.name, p.role) for p in found.people] == [
        ("Lucia Navarro", "Deputy Minister of Foreign Affairs of Peru"),
        ("Tomas Quiroga", "Deputy Minister of Energy"),
        ("Ines Arbulu Salas", "Deputy Minister of Science and Technology"),
        ("Mateo Ferrer Ruiz", "Ambassador for Peru in Chile"),
    ]


@pytest.mark.slow
def test_the_place_that_ends_an_office_is_not_part_of_the_name(reader: Reader) -> None:
    found = reader._read(
        "A new round of talks on Yemen will be held on March 3, said UN-Arab League Joint "
        "Special Representative for Yemen Karim Haddad on Monday. Earlier, Ambassador of "
        "Chile in Peru Admiral Rosa Vidal Orrego opened the exhibition.",
        None,
    )
    assert {p.name: p.role for p in found.people} == {
        "Karim Haddad": "UN-Arab League Joint Special Representative for Yemen",
        "Rosa Vidal Orrego": "Ambassador of Chile in Peru",
    }


def test_people_file_under_the_family_name_the_text_shortens_them_to() -> None:
    # "Xi" and "Sánchez" are what the text calls them on their own; Blinken is never
    # shortened (his last word), King's suffix is no name, and an accent does not move one.
    text = (
        "Xi Jinping met Pedro Sánchez Pérez-Castejón, Antony Blinken, Martin Luther King Jr. "
        "and Ana Ábalos. Xi said so; Sánchez agreed."
    )
    found = tuple(
        PersonSpec(name=n)
        for n in (
            "Xi Jinping",
            "Pedro Sánchez Pérez-Castejón",
            "Antony Blinken",
            "Martin Luther King Jr.",
            "Ana Ábalos",
        )
    )
    names = [p.name for p in people(pack(article(text, people=found)))]
    assert names == [
        "Ana Ábalos",
        "Antony Blinken",
        "Martin Luther King Jr.",
        "Pedro Sánchez Pérez-Castejón",
        "Xi Jinping",
    ]
