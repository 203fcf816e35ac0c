"""An article's heading (headline, standfirst) and the items it repeats from the body."""

from __future__ import annotations

from generator.nlp.analysis import FollowUp, Proposal
from generator.nlp.headings import heading_end, without_heading_repeats

TEXT = (
    "Minister urges all sides to return to talks\n"
    "\n"
    "Talks on the northern border could resume next month\n"
    "\n"
    "The minister urged all sides to return to the talks in good faith. "
    "Norway offered to host them.\n"
)


def test_the_heading_is_the_headline_and_with_a_standfirst_the_title_like_lines_after_it() -> None:
    assert TEXT[: heading_end(TEXT)] == "Minister urges all sides to return to talks"
    standfirst = heading_end(TEXT, standfirst=True)
    assert TEXT[:standfirst].endswith("could resume next month")
    assert TEXT[standfirst:].lstrip().startswith("The minister urged")


def test_a_first_line_that_is_a_paragraph_or_a_text_of_one_line_has_no_heading() -> None:
    assert heading_end("The minister urged calm. She left.\nMore text.") == 0
    assert heading_end("Minister urges calm", standfirst=True) == 0


def proposal(quote: str) -> Proposal:
    start = TEXT.index(quote)
    return Proposal(quote, start, start + len(quote), None, quote, "model", 0.5)


def test_a_heading_item_the_body_repeats_is_left_out_others_stay() -> None:
    headline = proposal("Minister urges all sides to return to talks")
    body = proposal("The minister urged all sides to return to the talks in good faith.")
    other = proposal("Norway offered to host them.")
    assert without_heading_repeats((headline, body, other), TEXT) == (body, other)
    # With nothing in the body that repeats it, the headline's item stays.
    assert without_heading_repeats((headline, other), TEXT) == (headline, other)


def test_a_standfirst_item_is_compared_with_the_body_items_of_its_own_kind() -> None:
    quote = "Talks on the northern border could resume next month"
    start = TEXT.index(quote)
    standfirst = FollowUp(quote, start, start + len(quote), "resume talks", None, None, "model")
    body_quote = "The minister urged all sides to return to the talks in good faith."
    body_start = TEXT.index(body_quote)
    body = FollowUp(
        body_quote, body_start, body_start + len(body_quote), "return", None, None, "model"
    )
    assert without_heading_repeats((standfirst, body), TEXT) == (standfirst, body)
