"""Acronym pairings with the real spaCy model: the shapes a definition takes, and where a
long form starts and stops (the annotation guide's Acronyms section)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.nlp.reader import Reader, load_rules

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reader() -> Reader:
    """One reader (one model load) for the module; no cache folder."""
    return Reader(rules=load_rules(None))


def pairs(reader: Reader, text: str) -> list[tuple[str, str]]:
    return [(a.short, a.long) for a in reader.analyse(text, dt.date(2024, 5, 1)).acronyms]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The bracket glued to what follows it.
        ("Delegates of the Democratic Republic of Congo (DRC): Minister Tshibanda and aides.",
         ("DRC", "Democratic Republic of Congo")),
        ("The board of the Joint United Nations Programme on HIV/AIDS (UNAIDS)—its governing "
         "body—met.", ("UNAIDS", "United Nations Programme on HIV/AIDS")),
        # Square brackets pair as parentheses do.
        ("The Vice Chairman of the State Administration Council [SAC] laid a wreath.",
         ("SAC", "State Administration Council")),
    ],
)  # fmt: skip
def test_a_bracket_pairs_however_it_is_tokenized(
    reader: Reader, text: str, expected: tuple[str, str]
) -> None:
    assert pairs(reader, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks with the Sudan People's Liberation Movement/Army (SPLM/A) resumed.",
         ("SPLM/A", "Sudan People's Liberation Movement/Army")),
        ("He spoke on the Transatlantic Trade and Investment Partnership (T-TIP) in Berlin.",
         ("T-TIP", "Transatlantic Trade and Investment Partnership")),
        ("The Chief Observer of the European Union Election Observation Mission (EU EOM) spoke.",
         ("EU EOM", "European Union Election Observation Mission")),
        ("A meeting of the Famine Early Warning Systems Network (FEWS NET) is due.",
         ("FEWS NET", "Famine Early Warning Systems Network")),
    ],
)  # fmt: skip
def test_a_short_form_of_several_parts(
    reader: Reader, text: str, expected: tuple[str, str]
) -> None:
    assert pairs(reader, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A number set apart is an edition, not a letter; an ordinal before is a qualifier.
        ("Countries can emerge from the coronavirus disease (COVID-19) pandemic stronger.",
         ("COVID-19", "coronavirus disease")),
        ("He met leaders at the 7th Pacific Islands Leaders Meeting (PALM 7) in Iwaki.",
         ("PALM 7", "Pacific Islands Leaders Meeting")),
        # Letters that also read as a Roman numeral, when the initials fit.
        ("Voters backed the Movement for Democratic Change (MDC) in the cities.",
         ("MDC", "Movement for Democratic Change")),
    ],
)  # fmt: skip
def test_numbers_and_roman_looking_letters(
    reader: Reader, text: str, expected: tuple[str, str]
) -> None:
    assert pairs(reader, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Not back to the "n" of "Nations" for a letter the name lacks (Schwartz and
        # Hearst's bound on a long form's words).
        ("The United Nations has run the province ever since the North Atlantic Treaty "
         "Alliance (NATO) drove out the troops.", ("NATO", "North Atlantic Treaty Alliance")),
        ("The two countries are members of the Andean Community of Nations (CAN) as well.",
         ("CAN", "Andean Community of Nations")),
        # A long name whose every letter is an initial is not cut by that bound.
        ("He met the Special Representative of the UN Secretary-General for South Sudan "
         "(SRSG) on Monday.",
         ("SRSG", "Special Representative of the UN Secretary-General for South Sudan")),
        # Small words give no initial when the name's own words can.
        ("They began a project called Adaptation Actions for a Changing Arctic (AACA) in May.",
         ("AACA", "Adaptation Actions for a Changing Arctic")),
    ],
)  # fmt: skip
def test_where_a_long_form_starts(reader: Reader, text: str, expected: tuple[str, str]) -> None:
    assert pairs(reader, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A name goes on past a comma when the next word starts like the name's first.
        ("Officials of the Department of Women, Youth, and Persons with Disabilities (DWYPD) "
         "attended.",
         ("DWYPD", "Department of Women, Youth, and Persons with Disabilities")),
        ("Checks on customs, immigration and quarantine (CIQ) will be joint.",
         ("CIQ", "customs, immigration and quarantine")),
        # Not past a comma into another phrase.
        ("The pillars are ASEAN political-security (APSC), economic (AEC) and others.",
         ("APSC", "ASEAN political-security")),
    ],
)  # fmt: skip
def test_a_long_form_across_commas(reader: Reader, text: str, expected: tuple[str, str]) -> None:
    assert pairs(reader, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Kept as written though its letters do not fit (the guide): through a place or an
        # acronym inside the name, not from a leading acronym or title.
        ("Troops of the United Nations Organization Mission in the DRC (MONUC) stayed.",
         ("MONUC", "United Nations Organization Mission in the DRC")),
        ("Terms were signed by the Ministry of Social Development and the Public Interest "
         "Defense Ministry (MPF) today.", ("MPF", "Public Interest Defense Ministry")),
        ("The leaders met at the Summit of the Community of Latin American and Caribbean "
         "States (CELAC) in Caracas.",
         ("CELAC", "Community of Latin American and Caribbean States")),
    ],
)  # fmt: skip
def test_a_name_whose_letters_do_not_fit(
    reader: Reader, text: str, expected: tuple[str, str]
) -> None:
    assert pairs(reader, text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # A room number and a reference number are no acronyms.
        "Send comments to Janet Pope, EPA Region 5, Superfund Division (SI-6J), Chicago.",
        "The Cabinet Office released its News Release (CAB/049/07) on Thursday.",
        # A heading in capitals pairs nothing.
        "THE SUMMIT ASSENTED TO THE EAST AFRICAN COMMUNITY CUSTOMS MANAGEMENT (AMENDMENT) "
        "ACT\n\nThe summit met.",
        # A common word that happens to spell it, and a phrase that drifts into capitals.
        "They will negotiate a treaty on plastic pollution, including in the marine "
        "environment (INC-4) in Ottawa.",
        "Pacific leaders urged action on climate change for the Paris conference (COP 21) "
        "this year.",
        # "LF, the Long Form" where the words after the comma only happen to fit.
        "China pledged after Japan and the U.S., the United Kingdom and Sweden for aid.",
    ],
)
def test_no_pairing(reader: Reader, text: str) -> None:
    assert pairs(reader, text) == []


def undefined(reader: Reader, text: str) -> list[str]:
    return [u.short for u in reader.analyse(text, dt.date(2024, 5, 1)).undefined_acronyms]


@pytest.mark.parametrize(
    "text",
    [
        # The dateline's city in capitals and the agency it credits, in brackets, after
        # the date, or after a full stop; the credit again where the agency signs off.
        "Ministers Meet on Trade\n\nVALLISBURG, 24th September, 2025 (NORNA) -- The "
        "ministers of the two countries met on Tuesday to discuss trade. --NORNA",
        "Ministers Meet on Trade\n\nHarbourtown, Feb. 28, NORNA - The ministers of the two "
        "countries met on Tuesday to discuss trade.",
        "Ministers Meet on Trade\n\nNORD-VALLIS. NORNA \u2013 The ministers of the two "
        "countries met on Tuesday to discuss trade.",
    ],
)
def test_a_datelines_place_and_credit_are_not_undefined_acronyms(reader: Reader, text: str) -> None:
    assert undefined(reader, text) == []


def test_an_acronym_in_the_story_after_a_dateline_is_still_undefined(reader: Reader) -> None:
    text = (
        "Ministers Meet on Trade\n\nVALLISBURG, 24th September, 2025 (NORNA) -- The "
        "ministers met the NTB on Tuesday to discuss trade."
    )
    assert undefined(reader, text) == ["NTB"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A council's operative verbs and a despatch's emphasis are words, not acronyms;
        # the acronyms around them still are.
        ("The Council:\n\n1.      WILL take into account the NTB reports.\n\n2.      "
         "CONSIDERS that the reviews are thorough. STRESSES the need for reform.", ["NTB"]),
        ("HIS EXCELLENCY THE PRESIDENT has today chaired a meeting of the NDC. TO ADDRESS "
         "the challenges, the Cabinet acted.", ["NDC"]),
        ("The visit was announced on Thursday, SEPTEMBER 25, 2014 by the NTB.", ["NTB"]),
    ],
)  # fmt: skip
def test_words_set_in_capitals_are_not_undefined_acronyms(
    reader: Reader, text: str, expected: list[str]
) -> None:
    assert undefined(reader, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An honorific, a surname written in capitals, letters after a full name.
        ("The Hon. Sarah Clarke MP met H.E. Mr. TERASAWA Genichi and the NTB.", ["NTB"]),
        ("Mr SMITH of the NTB spoke.", ["NTB"]),
        ("The NTB met on Tuesday.\n\n(By SOKMOM Nimul)", ["NTB"]),
        # A title's letters opening a name are still an acronym to define.
        ("CS Juma is leading a team.", ["CS"]),
    ],
)  # fmt: skip
def test_a_persons_capitals_are_not_undefined_acronyms(
    reader: Reader, text: str, expected: list[str]
) -> None:
    assert undefined(reader, text) == expected


def test_a_defined_acronyms_plural_and_parts_are_defined(reader: Reader) -> None:
    text = (
        "The in-depth reviews (IDRs) were read; the IDR for Norland is long. The Sudan "
        "People's Liberation Movement/Army (SPLM/A) met, and the SPLM agreed."
    )
    assert undefined(reader, text) == []
    # An undefined acronym and its plural are one warning, as first written.
    text = "The NTB met in Vallis. Through the NTBs, we act."
    assert undefined(reader, text) == ["NTB"]


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Ana Velde \u2013 JOINT STATEMENT\n\nThe ministers met the NTB.",
        "Report\n\nSUMMARY\n\nThe ministers met the NTB.",
    ],
)
def test_a_headings_capitals_for_emphasis_are_not_acronyms(reader: Reader, text: str) -> None:
    assert undefined(reader, text) == ["NTB"]


def test_roman_numerals_and_numbers_are_not_acronyms(reader: Reader) -> None:
    text = (
        "Section IIb of the XIth report (R44460, pages D57-D59) cites Louis XIV and "
        "World War II; the NTB paid."
    )
    assert undefined(reader, text) == ["NTB"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A label's capitals in prose; a time zone after a time; a release's closing mark.
        ("The ministers meet in Vallis. MEDIA ADVISORY. Reporters may attend; the NTB "
         "will brief.", ["NTB"]),
        ("The NTB will brief reporters at 10:00 EAT on Monday and 13:26 LOCAL TIME on "
         "Tuesday, from 2000H-2030H.", ["NTB"]),
        ("The NTB will brief reporters in the hall. END", ["NTB"]),
    ],
)  # fmt: skip
def test_labels_time_zones_and_closing_marks_are_not_undefined_acronyms(
    reader: Reader, text: str, expected: list[str]
) -> None:
    assert undefined(reader, text) == expected


def test_an_acronym_the_text_spells_out_elsewhere_is_not_undefined(reader: Reader) -> None:
    # A slash and a hyphen start words of the long form; a name may follow it. Not a
    # pairing: the text does not define it, it writes both.
    text = (
        "High Representative/Vice-President Ana Velde travelled to Vallis. The HRVP met "
        "the Norland Trade Board, and the NTB agreed."
    )
    assert undefined(reader, text) == []
    assert pairs(reader, text) == []
    # Not out of a longer name, nor across "and the" into another.
    text = "The Vallis Trade Board and the Peace Accord met. The VT and the BP spoke."
    assert undefined(reader, text) == ["VT", "BP"]
