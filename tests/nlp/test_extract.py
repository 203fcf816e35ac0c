"""Extraction with the real spaCy model: the seed's done-when checks and each rule alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.load import anchors
from generator.nlp.analysis import Analysis
from generator.nlp.reader import Reader, load_rules
from tests.conftest import REPO, SEED_ID

pytestmark = pytest.mark.slow
SEED_DATE = dt.date(2025, 10, 27)


@pytest.fixture(scope="module")
def reader() -> Reader:
    """One reader (one model load) for the module; no cache folder."""
    return Reader(rules=load_rules(None))


@pytest.fixture(scope="module")
def seed(reader: Reader) -> Analysis:
    text = (REPO / "seeds" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    return reader.analyse(text, SEED_DATE)


def read(reader: Reader, text: str, published: dt.date | None = SEED_DATE) -> Analysis:
    return reader.analyse(text, published)


def test_seed_finds_the_three_thai_proposals(seed: Analysis) -> None:
    thai = [p for p in seed.proposals if p.by == "Thailand"]
    assert [p.quote.split()[:3] for p in thai] == [
        ["These", "include", "the"],
        ["The", "Prime", "Minister"],
        ["Additionally,", "he", "emphasized"],
    ]
    assert "Economic Partnership Agreement (EPA)" in thai[1].quote
    assert "Clean Air for Sustainable ASEAN" in thai[2].quote


def test_seed_parse_rules_find_the_akfta_work_plan_and_epa_items(reader: Reader) -> None:
    """The parse rules cut a list of actions into items with their own dates (the reading
    keeps those the classifier does not rule out: `extract.drafted_with`)."""
    from generator.nlp.follow_ups import find_follow_ups
    from generator.nlp.people import find_people
    from generator.nlp.proposals import find_proposals
    from generator.nlp.words import Knowledge

    text = (REPO / "seeds" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    doc = reader.pipeline()(text)
    people = find_people(doc, Knowledge())
    found = find_follow_ups(doc, people, SEED_DATE, find_proposals(doc, people))
    by_quote = {f.quote: f for f in found}
    akfta = by_quote["upgrading the ASEAN-Korea Trade Agreement (AKFTA) in 2026"]
    work_plan = by_quote["implementing the new ASEAN-ROK Work Plan 2026-2030"]
    epa_quote = "accelerating negotiations on the \u2018Thailand-ROK Economic Partnership Agreement"
    epa = by_quote[epa_quote + " (EPA)\u2019"]
    assert (akfta.due, work_plan.due, epa.due) == ("2026", "2030", None)
    assert akfta.action == "Upgrade the ASEAN-Korea Trade Agreement (AKFTA) in 2026"


def test_a_drafted_sentence_with_a_list_gives_the_rules_items_in_its_place(
    reader: Reader,
) -> None:
    import dataclasses

    from generator.nlp.classifier import load_model
    from generator.nlp.extract import drafted_with
    from generator.nlp.follow_ups import find_follow_ups
    from generator.nlp.people import find_people
    from generator.nlp.proposals import find_proposals
    from generator.nlp.words import Knowledge

    listed = (
        "The collaboration will also focus on promoting economic cooperation by upgrading "
        "the ASEAN-Korea Trade Agreement (AKFTA) in 2026 and implementing the new ASEAN-ROK "
        "Work Plan 2026-2030."
    )
    single = "The ministers will meet again in Seoul in March 2026."
    doc = reader.pipeline()(f"{listed} {single}")
    people = find_people(doc, Knowledge())
    rule_proposals = find_proposals(doc, people)
    rules = find_follow_ups(doc, people, SEED_DATE, rule_proposals)
    model = load_model()
    assert model is not None
    assert len([f for f in rules if f.end <= len(listed)]) >= 2

    def drafted(threshold: float) -> list[tuple[str, str | None, float | None]]:
        strict = dataclasses.replace(model, thresholds={**model.thresholds, "FOLLOW_UP": threshold})
        _, follow_ups = drafted_with(doc, people, SEED_DATE, rule_proposals, rules, strict)
        return [(f.quote, f.due, f.score) for f in follow_ups]

    # A bar no sentence reaches: nothing is drafted, whatever the rules found.
    assert drafted(1.01) == []
    # A bar every sentence passes: the list's items, each with its own due and the
    # sentence's score; the sentence with one action stays whole.
    found = drafted(0.0)
    quotes = [quote for quote, _, _ in found]
    assert quotes[-1] == single and listed not in quotes
    items = found[:-1]
    assert len(items) >= 2 and all(listed.find(quote) >= 0 for quote, _, _ in items)
    assert [due for _, due, _ in items] == ["2026", "2030"]
    assert len({score for _, _, score in items}) == 1


def test_seed_finds_anutin_with_his_role_and_the_canonical_president(seed: Analysis) -> None:
    people = {p.name: p for p in seed.people}
    assert people["Anutin Charnvirakul"].role == "Prime Minister and Minister of Interior"
    assert people["Lee Jae-myung"].aliases == ("Lee Chae-myung",)
    assert people["Lee Jae-myung"].role == "President of South Korea"


def test_seed_acronyms_defined_and_undefined(seed: Analysis) -> None:
    assert [(a.short, a.long) for a in seed.acronyms] == [
        ("CSP", "Comprehensive Strategic Partnership"),
        ("AKFTA", "ASEAN-Korea Trade Agreement"),
        ("EPA", "Economic Partnership Agreement"),
    ]
    undefined = {u.short: u for u in seed.undefined_acronyms}
    assert undefined["ROK"].known == "Republic of Korea"
    assert undefined["ROK"].count == 4  # ASEAN-ROK three times, Thailand-ROK once
    assert "ASEAN" in undefined


def test_seed_dates_take_the_year_of_the_article(seed: Analysis) -> None:
    october = next(d for d in seed.dates if d.text == "October 27")
    assert (october.value, october.year_inferred) == ("2025-10-27", True)
    in_2026 = next(d for d in seed.dates if d.text == "2026")
    assert (in_2026.value, in_2026.preposition) == ("2026", "in")


def test_every_quote_is_a_unique_span_of_the_text(seed: Analysis) -> None:
    text = (REPO / "seeds" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    folded = anchors.fold(text)
    for item in (*seed.facts, *seed.proposals, *seed.follow_ups):
        assert text[item.start : item.end] == item.quote
        lookup = anchors.find_quote(folded, item.quote)
        assert lookup.match is not None and lookup.match.start == item.start


def test_facts_are_a_handful_in_text_order(seed: Analysis) -> None:
    assert 2 <= len(seed.facts) <= 5
    assert [f.start for f in seed.facts] == sorted(f.start for f in seed.facts)
    assert not seed.facts[0].quote.startswith("Kuala")  # the dateline is not part of the fact


HEADLINE = "Ministers meet in Hanoi\n\n"


def test_active_proposals_name_the_actor(reader: Reader) -> None:
    # After a headline: a first line alone reads as one, which items are not drawn from.
    analysis = read(
        reader,
        HEADLINE + "The Minister of Trade, Jane Doe, proposed a joint working group on tariffs.",
    )
    (proposal,) = analysis.proposals
    assert proposal.by == "Jane Doe"
    assert proposal.trigger == "propose"


def test_passive_proposals_take_the_agent(reader: Reader) -> None:
    analysis = read(
        reader, HEADLINE + "A new customs window was proposed by Vietnam at the meeting."
    )
    (proposal,) = analysis.proposals
    assert (proposal.by, proposal.trigger) == ("Vietnam", "propose")


def test_calls_and_urges_are_proposals_positions_are_not(reader: Reader) -> None:
    text = (
        "Indonesia called for an early conclusion of the Code of Conduct. "
        "Malaysia reaffirmed its support for ASEAN centrality. "
        "The Secretary urged the parties to resume talks."
    )
    analysis = read(reader, text)
    assert [p.trigger for p in analysis.proposals] == ["call", "urge"]


def test_commitments_and_schedules_are_follow_ups(reader: Reader) -> None:
    text = (
        "The two ministers agreed to hold the next round of talks in March 2026. "
        "Japan will host the ministerial meeting in Tokyo. "
        "This framework will help fuel growth across the region."
    )
    analysis = read(reader, text)
    assert [(f.quote.split()[0], f.due) for f in analysis.follow_ups] == [
        ("The", "2026-03"),
        ("Japan", None),
    ]
    assert analysis.follow_ups[1].owner == "Japan"


def test_deadlines_already_past_are_still_follow_ups(reader: Reader) -> None:
    # The annotation guide: a dated target already past is a follow-up; the checks flag it.
    analysis = read(reader, HEADLINE + "The leaders agreed to establish the partnership by 2024.")
    assert [(f.action, f.due) for f in analysis.follow_ups] == [
        ("Establish the partnership by 2024", "2024")
    ]


def test_acronym_written_before_its_long_form(reader: Reader) -> None:
    analysis = read(
        reader, "Talks on the RCEP (Regional Comprehensive Economic Partnership) went on."
    )
    assert [(a.short, a.long) for a in analysis.acronyms] == [
        ("RCEP", "Regional Comprehensive Economic Partnership")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The ministers discussed the Regional Comprehensive Economic Partnership, or RCEP, at length.",
        "Delegates praised the RCEP, the Regional Comprehensive Economic Partnership, which began.",
    ],
)
def test_acronym_defined_between_commas(reader: Reader, text: str) -> None:
    analysis = read(reader, text)
    assert [(a.short, a.long) for a in analysis.acronyms] == [
        ("RCEP", "Regional Comprehensive Economic Partnership")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A syllable acronym: each word gives its first letters.
        ("Leaders of the Caribbean Community (CARICOM) met.", ("CARICOM", "Caribbean Community")),
        # A number written out matches its digits; a single capital with digits.
        ("The Group of Seven (G7) met.", ("G7", "Group of Seven")),
        ("The Group of 20 (G20) met.", ("G20", "Group of 20")),
        # A plural acronym, and one with a small letter.
        ("Parties sent Nationally Determined Contributions (NDCs) in time.",
         ("NDCs", "Nationally Determined Contributions")),
        ("The African Development Bank (AfDB) lent more.", ("AfDB", "African Development Bank")),
        # Initials first: not the p that ends "Partnership" or sits in "equipment".
        ("A Public-Private Partnership (PPP) was signed.", ("PPP", "Public-Private Partnership")),
        ("They gave personal protective equipment (PPE) to staff.",
         ("PPE", "personal protective equipment")),
        # A long form that starts with an abbreviation, and one with a possessive.
        ("The U.S. Agency for International Development (USAID) said so.",
         ("USAID", "U.S. Agency for International Development")),
        ("The World Health Organisation's (WHO) call was heard.",
         ("WHO", "World Health Organisation")),
    ],
)  # fmt: skip
def test_acronyms_beyond_initials(reader: Reader, text: str, expected: tuple[str, str]) -> None:
    assert [(a.short, a.long) for a in read(reader, text).acronyms] == [expected]


def test_acronym_between_commas_needs_a_long_form_that_fits(reader: Reader) -> None:
    assert read(reader, "They met at the WHO, and the talks went well.").acronyms == ()


def test_long_form_starts_at_the_word_its_first_letter_stands_for(reader: Reader) -> None:
    analysis = read(reader, "Ministers met at the Organization of American States (OAS).")
    assert [(a.short, a.long) for a in analysis.acronyms] == [
        ("OAS", "Organization of American States")
    ]


def test_people_merge_across_mentions(reader: Reader) -> None:
    text = (
        "Secretary of State Antony J. Blinken met Foreign Minister Saleumxay Kommasith. "
        "Blinken thanked the Foreign Minister."
    )
    people = {p.name: p for p in read(reader, text).people}
    assert people["Antony J. Blinken"].role == "Secretary of State"
    assert len(people["Antony J. Blinken"].mentions) == 2
    assert people["Saleumxay Kommasith"].role == "Foreign Minister"


def test_analysis_survives_json(seed: Analysis, tmp_path: Path) -> None:
    assert Analysis.from_json(seed.to_json()) == seed
    with pytest.raises(ValueError, match="not an analysis"):
        Analysis.from_json({"model": 3})


@pytest.mark.parametrize("article", sorted(p.name for p in (REPO / "seeds").glob("*.txt")))
def test_every_draft_of_every_seed_anchors(reader: Reader, article: str) -> None:
    """Drafts always build: each quote is found, uniquely or by its occurrence."""
    text = (REPO / "seeds" / article).read_text(encoding="utf-8")
    draft = reader.draft(text, article.removesuffix(".txt"))
    folded = anchors.fold(text)
    items = (*draft.facts, *draft.proposals, *draft.follow_ups)
    assert items
    for item in items:
        found = anchors.find_quote(folded, item.quote, occurrence=item.occurrence)
        assert found.match is not None, item.quote


def test_a_lone_title_word_is_no_person_but_a_titled_surname_is(reader: Reader) -> None:
    text = (
        "President Obama met State Councilor and Minister of Foreign Affairs Wang Yi. "
        "The Councilor thanked Obama."
    )
    analysis = reader.analyse(text, dt.date(2015, 1, 1))
    names = [p.name for p in analysis.people]
    assert "Obama" in names and "Wang Yi" in names
    assert "Councilor" not in names


def test_a_pairing_whose_letters_do_not_fit_is_kept_as_written(reader: Reader) -> None:
    # The guide: kept as written (an acronym of the name in another language); a person
    # with a party in brackets is no pairing.
    analysis = read(
        reader,
        "The Federal Accounting Court (TCU) audited the accounts. "
        "Prime Minister Narendra Modi (BJP) spoke later.",
    )
    assert [(a.short, a.long) for a in analysis.acronyms] == [("TCU", "Federal Accounting Court")]


def test_a_long_form_is_found_within_its_clause_first(reader: Reader) -> None:
    analysis = read(
        reader,
        "He served with the United Nations peacekeeping mission, the UN Truce Supervision "
        "Organization (UNTSO), for a year.",
    )
    assert [(a.short, a.long) for a in analysis.acronyms] == [
        ("UNTSO", "UN Truce Supervision Organization")
    ]


def test_a_closing_quotation_mark_stays_with_its_sentence(reader: Reader) -> None:
    analysis = read(
        reader,
        HEADLINE + "The list is still open, the envoy told reporters, adding that Peru and Chile "
        'would be "among the first guests invited."\n\n'
        "The envoy leaves for Lima on Friday to meet both delegations.",
    )
    texts = [s.text for s in analysis.sentences]
    assert any(t.endswith('invited."') for t in texts)
    assert '"' not in texts


def test_a_dateline_in_capitals_before_two_hyphens_is_not_part_of_a_fact(
    reader: Reader,
) -> None:
    analysis = read(
        reader,
        HEADLINE + "GENEVA -- Peruvian Foreign Minister Ana Ruiz held talks with her Chilean "
        "counterpart Jorge Paz here on Friday to discuss the fishing dispute and trade.\n\n"
        "Ruiz said both sides should return to the table before the end of the year.",
    )
    assert analysis.facts
    assert all(not f.quote.startswith("GENEVA") for f in analysis.facts)
    assert any(f.quote.startswith("Peruvian Foreign Minister") for f in analysis.facts)


def test_a_dated_dateline_with_its_credit_is_not_part_of_a_fact(reader: Reader) -> None:
    # datelines.py reads it: a date and an agency's credit in the head, not only words.
    analysis = read(
        reader,
        HEADLINE + "VIENNA, 3 May 2024 (KUNA) -- Peruvian Foreign Minister Ana Ruiz held talks "
        "with her Chilean counterpart Jorge Paz here on Friday to discuss the fishing dispute.",
    )
    assert analysis.facts
    assert all(f.quote.startswith("Peruvian Foreign Minister") for f in analysis.facts)


def test_a_passive_subject_loses_only_the_capital_that_opened_the_sentence(
    reader: Reader,
) -> None:
    analysis = read(
        reader,
        HEADLINE + "Another round of talks will be held in Lima on 3 May, the ministry said.\n\n"
        "Peru will host the donor conference in Cusco in June.",
    )
    actions = [f.action for f in analysis.follow_ups]
    assert any(a.startswith("Hold another round of talks") for a in actions)


def _action_of(reader: Reader, sentence: str) -> str:
    """The action drafted from a sentence the classifier picked (`fields._as_follow_up`)."""
    from generator.nlp.fields import _action_verb
    from generator.nlp.follow_ups import _action_text, _subject

    sent = next(iter(reader.pipeline()(sentence).sents))
    verb = _action_verb(sent)
    assert verb is not None
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    return _action_text(verb, passive_subject=_subject(verb) if passive else None)


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        # A pointer to the rest of the page stays on the page.
        ("The council will meet twice in March, as set out below.", "Meet twice in March"),
        (
            "The panel will be holding public hearings on the water bill, again as shown below.",
            "Hold public hearings on the water bill",
        ),
        # "it"/"they" takes the noun the sentence named before it.
        (
            "There is one open budget meeting this week, and it will be held on Friday.",
            "Hold the open budget meeting on Friday",
        ),
        (
            "Two new accords were drafted in May, and they will be signed in June.",
            "Sign the new accords in June",
        ),
        # Two verbs before one object: both, with the object.
        (
            "The ministers will review and update the border plan by June.",
            "Review and update the border plan by June",
        ),
        # A clause with "as" that points nowhere stays.
        (
            "The committee will report in May, as it did last year.",
            "Report in May, as it did last year",
        ),
    ],
)
def test_an_action_keeps_neither_page_pointers_nor_a_bare_pronoun(
    reader: Reader, sentence: str, action: str
) -> None:
    assert _action_of(reader, sentence) == action


def test_each_item_under_a_commitments_heading_is_a_follow_up(reader: Reader) -> None:
    """A readout's list of what was agreed, each item a bare imperative: follow-ups all,
    though the classifier reads none of them as one alone."""
    text = (
        "Readout of the Minister's talks in Lima\n\n"
        "On May 3, the Minister met the trade ministers of Peru and Chile in Lima.\n\n"
        "Commitments:\n\n"
        "\u2022 Publish the customs data of all three ports each quarter.\n"
        "\u2022 Train and certify two hundred border inspectors.\n\n"
        "Notes:\n\n"
        "\u2022 The weather in Lima was mild.\n"
    )
    analysis = read(reader, text, dt.date(2024, 5, 4))
    actions = [f.action.rstrip(".") for f in analysis.follow_ups]
    assert "Publish the customs data of all three ports each quarter" in actions
    assert "Train and certify two hundred border inspectors" in actions
    assert not any("weather" in f.quote for f in analysis.follow_ups)


@pytest.mark.parametrize(
    ("sentence", "done"),
    [
        # Only what was done: no follow-up, whatever the classifier made of it.
        (
            "Anwar said both sides discussed trade ties, which continue to grow following the"
            " state visit in April, during which ten agreements were signed.",
            True,
        ),
        ("She said both sides agreed to meet in Rome.", False),
        ("The minister said that the talks will resume.", False),
        ("The envoy said they discussed their commitment to hold a summit.", False),
        ("The ministers discussed the upcoming summit.", False),
    ],
)
def test_a_sentence_told_as_done_is_no_follow_up(reader: Reader, sentence: str, done: bool) -> None:
    from generator.nlp.fields import _told_as_done

    sent = next(iter(reader.pipeline()(sentence).sents))
    assert _told_as_done(sent, dt.date(2025, 7, 11)) is done
