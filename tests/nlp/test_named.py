"""The organisations and places the who's who prints (generator/nlp/named.py): one test
per rule, on made-up sentences with the spans the model might tag in them."""

from __future__ import annotations

from generator.nlp.analysis import Acronym, Analysis, Entity, Person
from generator.nlp.named import organisations_and_places


def lists(
    text: str,
    spans: list[tuple[str, str]],
    people: tuple[Person, ...] = (),
    acronyms: tuple[Acronym, ...] = (),
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two lists for a text whose spans (text, label) the model tagged, in order."""
    entities = []
    at = 0
    for span, label in spans:
        start = text.index(span, at)
        entities.append(Entity(span, label, start, start + len(span)))
        at = start + len(span)
    found = Analysis("m", "0", None, (), tuple(entities), acronyms, (), (), people, (), (), ())
    return organisations_and_places(found, text)


def test_a_state_cut_before_its_of_is_kept_whole() -> None:
    text = "Envoys of the Grand Duchy Republic of Norland met in the Serene Kingdom of Vallis."
    _, places = lists(
        text,
        [("Grand Duchy Republic", "GPE"), ("Serene Kingdom", "GPE"), ("Vallis", "GPE")],
    )
    # "Vallis" is folded into the kingdom's full name.
    assert places == ("Serene Kingdom of Vallis", "Grand Duchy Republic of Norland")


def test_a_body_cut_before_its_of_is_kept_whole() -> None:
    text = "The Culture Centre of the Embassy of Norland opened."
    organisations, _ = lists(text, [("Culture Centre of the Embassy", "ORG")])
    assert organisations == ("Culture Centre of the Embassy of Norland",)


def test_a_country_is_not_folded_into_its_government() -> None:
    text = "The Government of Norland said Norland would act."
    spans = [("Government of Norland", "ORG"), ("Norland", "GPE")]
    assert lists(text, spans) == (("Government of Norland",), ("Norland",))


def test_single_generic_words_and_generic_phrases_are_not_names() -> None:
    text = "The States agreed. Member States and the Arab Region, the Diplomatic Corps and Vallis."
    spans = [
        ("States", "GPE"),
        ("Member States", "GPE"),
        ("Arab Region", "GPE"),
        ("Diplomatic Corps", "ORG"),
        ("Vallis", "GPE"),
    ]
    assert lists(text, spans) == ((), ("Vallis",))


def test_summits_sessions_and_meetings_are_events() -> None:
    text = (
        "The IX Summit of the Coral Nations, the Harbour Council Session Opens, the Trade "
        "Ministers Meeting on Fisheries and the Lagoon Investment Round; the Harbour Council."
    )
    spans = [
        ("IX Summit of the Coral Nations", "ORG"),
        ("Harbour Council Session Opens", "ORG"),
        ("Trade Ministers Meeting on Fisheries", "ORG"),
        ("Lagoon Investment Round", "ORG"),
        ("Harbour Council", "ORG"),
    ]
    assert lists(text, spans) == (("Harbour Council",), ())


def test_agreements_and_documents_are_not_organisations() -> None:
    text = "The Memorandum of Understanding, the Reef Accord, the Lagoon Communique, Reef Goals."
    spans = [
        ("Memorandum of Understanding", "ORG"),
        ("Reef Accord", "ORG"),
        ("Lagoon Communique", "ORG"),
        ("Reef Goals", "ORG"),
    ]
    assert lists(text, spans) == ((), ())


def test_a_buildings_name_is_not_the_body_in_it() -> None:
    text = "They met at Coral Nations House, then at Reef Headquarters; the White House agreed."
    spans = [
        ("Coral Nations House", "ORG"),
        ("Reef Headquarters", "ORG"),
        ("White House", "ORG"),
    ]
    assert lists(text, spans) == (("White House",), ())


def test_the_field_of_a_ministry_is_not_a_body() -> None:
    text = "The Ministry of Reefs, Fisheries and Guidance sent CRN Communication and Information."
    spans = [("Fisheries and Guidance", "ORG"), ("CRN Communication and Information", "ORG")]
    assert lists(text, spans) == ((), ())
    kept = "The Department of Maritime Affairs replied."
    assert lists(kept, [("Department of Maritime Affairs", "ORG")])[0] == (
        "Department of Maritime Affairs",
    )


def test_an_organisation_with_its_own_acronym_is_one_entry() -> None:
    text = "The Coral Reef Agency (CRA) said. The CRA will report; the Coral Reef Agency agreed."
    spans = [("Coral Reef Agency (CRA)", "ORG"), ("CRA", "ORG"), ("Coral Reef Agency", "ORG")]
    assert lists(text, spans)[0] == ("Coral Reef Agency",)
    # Undefined in the text, the acronym still folds into the name whose initials it is.
    text = "The Lagoon Fisheries Council met. The LFC agreed."
    spans = [("Lagoon Fisheries Council", "ORG"), ("LFC", "ORG")]
    assert lists(text, spans)[0] == ("Lagoon Fisheries Council",)


def test_a_bracket_cut_open_is_closed() -> None:
    text = "The Council of Reef Ministers (CRM agreed."
    assert lists(text, [("Council of Reef Ministers (CRM", "ORG")])[0] == (
        "Council of Reef Ministers",
    )


def test_typographic_variants_are_one_entry() -> None:
    text = "The People\u2019s Reef Bank lent; the People's Reef Bank, the PEOPLE'S REEF BANK."
    spans = [
        ("People\u2019s Reef Bank", "ORG"),
        ("People's Reef Bank", "ORG"),
        ("PEOPLE'S REEF BANK", "ORG"),
    ]
    assert lists(text, spans)[0] == ("People\u2019s Reef Bank",)


def test_a_name_goes_in_the_list_of_its_usual_label() -> None:
    text = "Norland Federation said. The Norland Federation and the Norland Federation."
    spans = [("Norland Federation", label) for label in ("ORG", "GPE", "GPE")]
    assert lists(text, spans) == ((), ("Norland Federation",))
    # On a tie, a body's head word makes it an organisation.
    text = "The Reef Air Force flew; the Reef Air Force landed."
    spans = [("Reef Air Force", "ORG"), ("Reef Air Force", "GPE")]
    assert lists(text, spans) == (("Reef Air Force",), ())


def test_a_person_is_not_an_organisation_or_a_place() -> None:
    text = "Director Ana Velde of the Reef Board thanked Velde's team in Vallis."
    person = Person("Ana Velde", "Director", (), ((9, 18),))
    spans = [("Director Ana Velde", "ORG"), ("Reef Board", "ORG"), ("Velde", "GPE")]
    spans.append(("Vallis", "GPE"))
    assert lists(text, spans, people=(person,)) == (("Reef Board",), ("Vallis",))


def test_a_country_and_a_country_written_short_are_two_places() -> None:
    text = "Talks between Norland, US and Vallis, ON went on."
    entities = [
        Entity("Norland", "GPE", 14, 21),
        Entity("US", "GPE", 23, 25, "United States"),
        Entity("Vallis", "GPE", 30, 36),
        Entity("ON", "GPE", 38, 40),
    ]
    found = Analysis("m", "0", None, (), tuple(entities), (), (), (), (), (), (), ())
    assert organisations_and_places(found, text)[1] == ("Norland", "United States", "Vallis, ON")


def test_a_city_and_its_district_stay_one_place_but_not_a_place_and_a_body() -> None:
    text = "Talks in Harbourtown, D.C. ended. Aid reached Norland, UN staff said."
    spans = [("Harbourtown", "GPE"), ("D.C.", "GPE"), ("Norland", "GPE"), ("UN", "ORG")]
    assert lists(text, spans)[1] == ("Harbourtown, D.C.", "Norland")


def test_a_title_cut_from_a_role_is_not_a_body() -> None:
    text = "Reef Agency Executive Secretary Ana Velde spoke for the Reef Agency."
    spans = [("Reef Agency Executive", "ORG"), ("Reef Agency", "ORG")]
    assert lists(text, spans)[0] == ("Reef Agency",)
    assert lists("The Office of the President said.", [("Office of the President", "ORG")]) == (
        ("Office of the President",),
        (),
    )


def test_a_datelines_capitals_give_way_to_the_name_as_written() -> None:
    text = "HARBOURTOWN, 3 May -- Ministers met in Harbourtown."
    assert lists(text, [("HARBOURTOWN", "GPE"), ("Harbourtown", "GPE")])[1] == ("Harbourtown",)


def test_a_name_found_only_in_the_headline_is_not_printed() -> None:
    text = "Norland Council Invites Bids for Membership of Panel\n\nThe Norland Council met Vallis."
    spans = [
        ("Norland Council Invites Bids for Membership of Panel", "ORG"),
        ("Norland Council", "ORG"),
        ("Vallis", "GPE"),
    ]
    assert lists(text, spans) == (("Norland Council",), ("Vallis",))


def test_a_headline_name_the_body_writes_too_is_printed() -> None:
    text = "Vallis Trade Board Opens Office\n\nThe Vallis Trade Board said so."
    spans = [("Vallis Trade Board", "ORG"), ("Vallis Trade Board", "ORG")]
    assert lists(text, spans) == (("Vallis Trade Board",), ())


def test_consultations_and_workshops_are_events() -> None:
    text = "The Regional Consultation and the National Consultations of the Norland Council."
    spans = [
        ("Regional Consultation", "ORG"),
        ("National Consultations", "ORG"),
        ("Norland Council", "ORG"),
    ]
    assert lists(text, spans) == (("Norland Council",), ())


def test_a_one_word_place_in_the_headline_is_printed() -> None:
    text = "Talks in Vallis\n\nThe Norland Council met there."
    spans = [("Vallis", "GPE"), ("Norland Council", "ORG")]
    assert lists(text, spans) == (("Norland Council",), ("Vallis",))


def test_a_first_line_that_is_a_paragraph_is_not_a_headline() -> None:
    text = "Port Vallis: the Norland Council met in Port Vallis today.\n\nIt met again later."
    spans = [("Port Vallis", "GPE"), ("Norland Council", "ORG"), ("Port Vallis", "GPE")]
    assert lists(text, spans) == (("Norland Council",), ("Port Vallis",))


def test_a_headline_name_the_body_writes_without_tagging_it_is_printed() -> None:
    text = "Talks in Port Vallis\n\nThe Norland Council met in Port Vallis and in Vallis."
    spans = [("Port Vallis", "GPE"), ("Norland Council", "ORG"), ("Vallis", "GPE")]
    _, places = lists(text, spans)
    assert "Port Vallis" in places


def test_a_body_cut_inside_the_long_form_of_its_acronym_is_printed_whole() -> None:
    text = "We urge the Grand Peace and Order Council (GPOC) to release the prisoners."
    start = text.index("Grand")
    defined = (Acronym("GPOC", "Grand Peace and Order Council", start, text.index(")") + 1),)
    organisations, _ = lists(text, [("Order Council", "ORG")], acronyms=defined)
    assert organisations == ("Grand Peace and Order Council",)


def test_a_dateline_only_place_is_printed_as_a_name_not_in_capitals() -> None:
    text = (
        "Ministers Meet on Trade\n\nVALLISBURG, 24th September, 2025 (NORNA) -- The "
        "ministers of Norland and Vallis met on Tuesday to discuss trade."
    )
    spans = [("VALLISBURG", "GPE"), ("NORNA", "ORG"), ("Norland", "GPE"), ("Vallis", "GPE")]
    assert lists(text, spans) == ((), ("Vallisburg", "Norland", "Vallis"))


def test_a_datelines_agency_credit_is_no_organisation() -> None:
    text = (
        "Ministers Meet on Trade\n\nHarbourtown, Feb. 28, NORNA - The Ministry of Roads "
        "and Highways has urged the public to ignore the reports. Ends. --NORNA"
    )
    spans = [
        ("Harbourtown", "GPE"),
        ("NORNA - The Ministry of Roads", "ORG"),  # run from the credit into the story
        ("NORNA", "ORG"),
    ]
    assert lists(text, spans) == ((), ("Harbourtown",))


def test_a_name_cut_from_a_things_name_is_no_body() -> None:
    # The model cuts the object of a treaty's name, and calls a cause a body.
    text = (
        "States party to the Treaty on the Non-Proliferation of Nuclear Weapons and the "
        "Norland Council backed the Palestinian Cause."
    )
    spans = [
        ("Non-Proliferation of Nuclear Weapons", "ORG"),
        ("Norland Council", "ORG"),
        ("Palestinian Cause", "ORG"),
    ]
    assert lists(text, spans)[0] == ("Norland Council",)


def test_laws_statements_lists_and_procedures_are_things() -> None:
    text = (
        "The Vallis Innovation Act, the Norland Joint Statement, the Representative List "
        "and the Imbalances Procedure; the Norland School of Law and the Vallis Bank."
    )
    spans = [
        ("Vallis Innovation Act", "ORG"),
        ("Norland Joint Statement", "ORG"),
        ("Representative List", "ORG"),
        ("Imbalances Procedure", "ORG"),
        ("Norland School of Law", "ORG"),
        ("Vallis Bank", "ORG"),
    ]
    assert lists(text, spans)[0] == ("Norland School of Law", "Vallis Bank")


def test_a_body_cut_after_and_is_left_out_but_not_a_second_name() -> None:
    text = (
        "A law on the High Judicial and Prosecutorial Council; the Norland Council and "
        "Vallis Council met in the Sahel and West Vallis."
    )
    spans = [
        ("Prosecutorial Council", "ORG"),
        ("Norland Council", "ORG"),
        ("Vallis Council", "ORG"),
        ("West Vallis", "GPE"),
    ]
    assert lists(text, spans) == (("Norland Council", "Vallis Council"), ("West Vallis",))


def test_a_region_or_a_division_written_as_a_place_is_a_place() -> None:
    text = (
        "Troops in Irrawaddy Division and the Eastern Neighbourhood; the Vallis Division "
        "of the ministry reported."
    )
    spans = [
        ("Irrawaddy Division", "ORG"),
        ("Eastern Neighbourhood", "ORG"),
        ("Vallis Division", "ORG"),
    ]
    assert lists(text, spans) == (
        ("Vallis Division",),
        ("Irrawaddy Division", "Eastern Neighbourhood"),
    )


def test_a_list_tagged_as_one_body_is_each_of_its_bodies() -> None:
    text = "Spokespersons for the Norland Health Organization, Vallis Organization for Migration."
    spans = [("Norland Health Organization, Vallis Organization for Migration", "ORG")]
    assert lists(text, spans)[0] == (
        "Norland Health Organization",
        "Vallis Organization for Migration",
    )


def test_titles_groups_editions_and_determiners_open_no_body() -> None:
    text = (
        "The Minister of Foreign Affairs and Regional Integration, the Heads of State and "
        "Government, the Eleventh Norland Congress and This Norland Congress; the Vallis "
        "Coordinator and the Norland Council."
    )
    spans = [
        ("Minister of Foreign Affairs and Regional Integration", "ORG"),
        ("Heads of State and Government", "ORG"),
        ("Eleventh Norland Congress", "ORG"),
        ("This Norland Congress", "ORG"),
        ("Vallis Coordinator", "ORG"),
        ("Norland Council", "ORG"),
    ]
    assert lists(text, spans)[0] == ("Norland Council",)


def test_a_bodys_possession_is_cut_but_a_name_with_a_possessive_is_whole() -> None:
    text = (
        "The Norland Development Bank's Country Manager and the United Vallis Children's "
        "Fund spoke."
    )
    spans = [
        ("Norland Development Bank's Country", "ORG"),
        ("United Vallis Children's Fund", "ORG"),
    ]
    assert lists(text, spans)[0] == ("Norland Development Bank", "United Vallis Children's Fund")


def test_two_countries_written_short_are_not_a_city_and_its_state() -> None:
    text = "Diplomacy between the US, UK, Norland and Vallis went on."
    entities = [
        Entity("US", "GPE", 22, 24, "United States"),
        Entity("UK", "GPE", 26, 28, "United Kingdom"),
        Entity("Norland", "GPE", 30, 37),
        Entity("Vallis", "GPE", 42, 48),
    ]
    found = Analysis("m", "0", None, (), tuple(entities), (), (), (), (), (), (), ())
    assert organisations_and_places(found, text)[1] == (
        "United States",
        "United Kingdom",
        "Norland",
        "Vallis",
    )


def test_a_hyphened_place_is_printed_without_its_hyphen() -> None:
    text = "The Norland-Vallis talks ended; Norland said so."
    assert lists(text, [("Norland-", "GPE"), ("Norland", "GPE")])[1] == ("Norland",)


def test_a_bodys_own_unit_keeps_its_owner() -> None:
    text = "The Norland Department of Health's Emergency Operations Center opened."
    spans = [("Norland Department of Health's Emergency Operations Center", "ORG")]
    assert lists(text, spans)[0] == ("Norland Department of Health's Emergency Operations Center",)


def test_an_acronym_and_the_name_that_spells_it_out_are_one_entry_in_either_list() -> None:
    # The model tags the acronym a place and the name a body: one entry, a body.
    text = "The Vallis Trade Union met. The VTU said the Committee on VTU Affairs and the "
    text += "Committee on Vallis Trade Union Affairs would meet in Norland."
    spans = [
        ("Vallis Trade Union", "ORG"),
        ("VTU", "GPE"),
        ("Committee on VTU Affairs", "ORG"),
        ("Committee on Vallis Trade Union Affairs", "ORG"),
        ("Norland", "GPE"),
    ]
    organisations, places = lists(text, spans)
    assert sorted(organisations) == [
        "Committee on Vallis Trade Union Affairs",
        "Vallis Trade Union",
    ]
    assert places == ("Norland",)


def test_a_body_is_not_folded_into_its_own_unit() -> None:
    text = "The Vallis Nations and the Vallis Nations Office on Drugs met."
    spans = [("Vallis Nations", "ORG"), ("Vallis Nations Office on Drugs", "ORG")]
    assert lists(text, spans)[0] == ("Vallis Nations", "Vallis Nations Office on Drugs")
    # An acronym is a name whole, not one cut from a longer name it opens.
    text = "The VALCO met twice. The VALCO said the VALCO Parliamentary Assembly met."
    spans = [("VALCO", "ORG"), ("VALCO", "ORG"), ("VALCO Parliamentary Assembly", "ORG")]
    assert lists(text, spans)[0] == ("VALCO", "VALCO Parliamentary Assembly")


def test_a_kind_of_body_in_the_plural_is_no_body() -> None:
    text = (
        "International Organisations, the Foreign Ministries of Norland and Vallis and the "
        "Regional Associations met the Norland Armed Forces and the Centers for Reef Control."
    )
    spans = [
        ("International Organisations", "ORG"),
        ("Foreign Ministries of Norland", "ORG"),
        ("Regional Associations", "ORG"),
        ("Norland Armed Forces", "ORG"),
        ("Centers for Reef Control", "ORG"),
    ]
    assert lists(text, spans)[0] == ("Norland Armed Forces", "Centers for Reef Control")


def test_a_group_a_body_gathers_is_printed_as_the_body() -> None:
    text = (
        "The VALCOM Heads of Government, the Reef Council Ministers, the Foreign and Defence "
        "Ministers, the Council of Ministers and the Foreign Ministers Council met."
    )
    spans = [
        ("VALCOM Heads of Government", "ORG"),
        ("Reef Council Ministers", "ORG"),
        ("Foreign and Defence Ministers", "ORG"),
        ("Council of Ministers", "ORG"),
        ("Foreign Ministers Council", "ORG"),
    ]
    assert lists(text, spans)[0] == (
        "VALCOM",
        "Reef Council",
        "Council of Ministers",
        "Foreign Ministers Council",
    )


def test_the_state_of_a_title_is_no_body() -> None:
    text = (
        "The Secretary of State for Reefs and Fisheries met the Heads of State and Government "
        "and the State Administration Council."
    )
    spans = [
        ("State for Reefs and Fisheries", "ORG"),
        ("State and Government", "ORG"),
        ("State Administration Council", "ORG"),
    ]
    assert lists(text, spans)[0] == ("State Administration Council",)


def test_days_and_anniversaries_are_events() -> None:
    text = "On International Women\u2019s Day and Vallis National Day, the Reef Agency met."
    spans = [
        ("International Women\u2019s Day", "ORG"),
        ("Vallis National Day", "ORG"),
        ("Reef Agency", "ORG"),
    ]
    assert lists(text, spans)[0] == ("Reef Agency",)


def test_a_headings_capitals_are_not_a_name_as_written() -> None:
    text = (
        "Norland seeks support\n\nThe Cabinet met.\n\nDESPATCH FROM CABINET\n\nMFA PRESS\n\n"
        "NORLAND AND VALCOM SIGN\n\nThe Reef Agency met."
    )
    spans = [("CABINET", "ORG"), ("MFA PRESS", "ORG"), ("VALCOM", "ORG"), ("Reef Agency", "ORG")]
    assert lists(text, spans)[0] == ("VALCOM", "Reef Agency")


def test_a_states_name_and_a_compass_region_are_places() -> None:
    text = (
        "The State of Vallis, the Western Reeflands, the East Norland Community and the "
        "Commonwealth of Independent Reefs met in Vallis."
    )
    spans = [
        ("State of Vallis", "ORG"),
        ("Western Reeflands", "ORG"),
        ("East Norland Community", "ORG"),
        ("Commonwealth of Independent Reefs", "ORG"),
        ("Vallis", "GPE"),
    ]
    # "Vallis" is folded into the state's full name.
    assert lists(text, spans) == (
        ("East Norland Community", "Commonwealth of Independent Reefs"),
        ("State of Vallis", "Western Reeflands"),
    )


def test_a_states_whole_name_is_not_folded_into_a_longer_one_it_ends() -> None:
    text = "The Republic of Norland and the Democratic Republic of Norland met."
    spans = [("Republic of Norland", "GPE"), ("Democratic Republic of Norland", "GPE")]
    assert lists(text, spans)[1] == ("Republic of Norland", "Democratic Republic of Norland")


def test_an_honorific_is_no_body() -> None:
    text = "A message from H.E. President Ana Velde to the Reef Agency."
    assert lists(text, [("H.E.", "ORG"), ("Reef Agency", "ORG")])[0] == ("Reef Agency",)


def test_a_ceremony_thing_is_not_a_body() -> None:
    text = "The band played the Norland National Anthems before the Vallis Council met."
    spans = [("Norland National Anthems", "ORG"), ("Vallis Council", "ORG")]
    assert lists(text, spans) == (("Vallis Council",), ())


def test_a_title_is_a_persons_office_not_a_body() -> None:
    text = (
        "The Vallis-Norland League Joint Special Representative for Peace, Ana Velde, met "
        "the Special Representative on Central Vallis, the Prosecutor General and staff of "
        "the Office of the Special Envoy for Norland, with the State Counsellor of the "
        "Republic of Vallis."
    )
    spans = [
        ("Vallis-Norland League Joint Special Representative", "ORG"),
        ("Special Representative on Central Vallis", "ORG"),
        ("Prosecutor General", "ORG"),
        ("Office of the Special Envoy for Norland", "ORG"),
        ("State Counsellor of the Republic of Vallis", "ORG"),
    ]
    assert lists(text, spans) == (("Office of the Special Envoy for Norland",), ())


def test_an_office_the_text_names_by_its_initials_is_a_body() -> None:
    text = "The Norland Trade Representative (NTR) said the NTR would reply."
    long = "Norland Trade Representative"
    acronyms = (Acronym("NTR", long, text.index(long), text.index(")") + 1),)
    spans = [("Norland Trade Representative", "ORG"), ("NTR", "ORG")]
    assert lists(text, spans, acronyms=acronyms) == ((long,), ())


def test_a_group_of_countries_tagged_a_place_is_a_body() -> None:
    # The members written after it, or a number in it; "NORV states" are a country's own.
    text = "The VBRN nations and the G12 met in Norland; NORV states and NORV agreed."
    spans = [
        ("VBRN", "GPE"),
        ("G12", "GPE"),
        ("Norland", "GPE"),
        ("NORV", "GPE"),
        ("NORV", "GPE"),
    ]
    assert lists(text, spans) == (("VBRN", "G12"), ("NORV", "Norland"))


def test_a_name_the_model_split_at_and_is_one_body() -> None:
    text = (
        "Norland sits on the Vallis Union Peace and Security Council; the Norland Bank and "
        "Vallis Development Bank lend."
    )
    spans = [
        ("Vallis Union Peace", "ORG"),
        ("Security Council", "ORG"),
        ("Norland Bank", "ORG"),
        ("Vallis Development Bank", "ORG"),
    ]
    organisations, _ = lists(text, spans)
    assert organisations == (
        "Vallis Union Peace and Security Council",
        "Norland Bank",
        "Vallis Development Bank",
    )


def test_a_body_head_word_makes_a_body_whatever_the_label() -> None:
    text = "The Economic Community of Norland States met the Vallis Competence Centre."
    spans = [("Economic Community of Norland States", "GPE"), ("Vallis Competence Centre", "GPE")]
    assert lists(text, spans) == (
        ("Economic Community of Norland States", "Vallis Competence Centre"),
        (),
    )


def test_a_city_and_its_country_tagged_as_one_place_are_two() -> None:
    text = "They met in Vallis City, Norland, and in Washington, D.C. on Monday."
    spans = [("Vallis City, Norland", "GPE"), ("Washington, D.C.", "GPE")]
    assert lists(text, spans) == ((), ("Vallis City", "Norland", "Washington, D.C."))


def test_an_editors_brackets_are_not_printed_in_a_name() -> None:
    text = "It has been a long [Foreign Affairs] Council by video conference."
    assert lists(text, [("Foreign Affairs] Council", "ORG")]) == (("Foreign Affairs Council",), ())


def test_people_in_the_plural_are_not_a_body() -> None:
    text = "The Norland Soldiers and the Vallis Horse Breeders met the Union of Journalists."
    spans = [
        ("Norland Soldiers", "ORG"),
        ("Vallis Horse Breeders", "ORG"),
        ("Union of Journalists", "ORG"),
    ]
    assert lists(text, spans) == (("Union of Journalists",), ())
