"""The dateline that opens a story (generator/nlp/datelines.py): its place, as written and
as printed, the agency it credits, and where the story starts; prose and labels are none."""

from __future__ import annotations

import pytest

from generator.nlp.datelines import dateline_at, printed, read_dateline, read_line

STORY = "The ministers of the two countries met on Tuesday to discuss trade and investment."


@pytest.mark.parametrize(
    ("head", "place", "credits"),
    [
        ("BRUSSELS, 24th September, 2025 (WAM) -- ", "Brussels", ("WAM",)),
        ("Accra, Feb. 28, GNA - ", "Accra", ("GNA",)),
        ("Riyadh, Dhu-AlQa'dah 15, 1438, Aug 7, 2017, SPA -- ", "Riyadh", ("SPA",)),
        ("29 March 2017 MANILA \u2014 ", "Manila", ()),
        ("WASHINGTON, D.C. \u2013 ", "Washington, D.C.", ()),
        ("Washington, DC - ", "Washington, DC", ()),
        ("Ulaanbaatar/MONTSAME/ ", "Ulaanbaatar", ("MONTSAME",)),
        ("NUR-SULTAN. KAZINFORM \u2013 ", "Nur-Sultan", ("KAZINFORM",)),
        ("(Port Vila, 24 March 2015) ", "Port Vila", ()),
        ("Jeddah (UNA) - ", "Jeddah", ("UNA",)),
        ("Ashgabat, 4 April 2016: ", "Ashgabat", ()),
        ("GRAND JUNCTION, Colo. \u2013 ", "Grand Junction, Colo.", ()),
    ],
)
def test_a_dateline_under_the_headline(head: str, place: str, credits: tuple[str, ...]) -> None:
    text = f"Ministers Meet\n\n{head}{STORY}"
    found = read_dateline(text)
    assert found is not None
    assert (found.place, found.credits) == (place, credits)
    assert text[found.end :] == STORY
    assert found.place_span is not None
    assert text[slice(*found.place_span)].casefold() == place.casefold()


def test_a_byline_credits_its_agency_too() -> None:
    text = f"Ministers Meet\n\nBy Ama Mensah, GNA\n\nAccra, Aug. 6, GNA - {STORY}"
    found = read_dateline(text)
    assert found is not None
    assert found.credits == ("GNA",)
    assert len(found.credit_spans) == 2


@pytest.mark.parametrize(
    "text",
    [
        f"Ministers Meet\n\nThe Ministry said: {STORY}",  # prose
        "Ministers Meet\n\nSource: Republic of Norland\n\nThe ministers met.",  # a label
        "Thai PM: Coronavirus Pandemic Is Now a National Agenda for the Government\n\nThe "
        "cabinet met.",  # a headline is not the story's first line
        f"Ministers Meet\n\n{STORY} {STORY}\n\nVALLISBURG -- {STORY}",  # the story has begun
        "Ministers Meet\n\nBRUSSELS, 24 September (WAM) -- Talks ended.",  # no story after
    ],
)
def test_no_dateline(text: str) -> None:
    assert read_dateline(text) is None


def test_a_text_without_headline_has_its_dateline_on_the_first_line() -> None:
    found = read_line(f"Kuala lumpur: {STORY}")
    assert found is not None
    assert found.place == "Kuala lumpur"


def test_a_place_in_capitals_is_printed_as_a_name() -> None:
    assert printed("KUALA LUMPUR") == "Kuala Lumpur"
    assert printed("SAULT STE. MARIE, ON") == "Sault Ste. Marie, ON"
    assert printed("Port Vila") == "Port Vila"


def test_a_subtitle_with_a_dash_is_no_dateline() -> None:
    # A dash inside a title is not a dateline's: what follows it reads as a heading.
    text = (
        "Joint press release\n\n"
        "EU-Central Asia \u2013 Working together for a stronger and more connected partnership"
        " in the region\n\n"
        f"BRUSSELS, 3 May 2025 \u2013 {STORY}"
    )
    found = read_dateline(text)
    assert found is not None
    assert found.place == "Brussels"


def test_a_story_that_opens_a_quotation_still_has_its_dateline() -> None:
    text = "Statement\n\nWASHINGTON \u2013 The Secretary of Labor today issued the following statement:"
    found = read_dateline(text)
    assert found is not None
    assert found.place == "Washington"


def test_the_dateline_of_any_line_is_read_with_the_story_length_asked() -> None:
    text = f"Ministers Meet\n\n{STORY}\n\nVIENNA, 3 May - The ministers met in the capital."
    at = text.index("VIENNA")
    assert dateline_at(text, at) is None  # six words: too short a story by default
    found = dateline_at(text, at + 3, story=1)
    assert found is not None
    assert found.place == "Vienna"
    assert found.covers(at, at + len("VIENNA"))
    assert dateline_at(text, text.index("ministers of")) is None  # a line of prose
