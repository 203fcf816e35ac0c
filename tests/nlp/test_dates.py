"""Dates as written, made ISO against the article's date (no spaCy needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.nlp.dates import (
    Normalised,
    after_span,
    coming,
    coming_weekday,
    due_agrees,
    find_published,
    is_past,
    normalise,
)

ARTICLE_DATE = dt.date(2025, 10, 27)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("October 27", Normalised("2025-10-27", year_inferred=True)),
        ("February next year", Normalised("2026-02")),  # a month of a year said relatively
        ("later in the week", Normalised("2025-10-27", "2025-11-02", week=True)),
        ("in March of last year", Normalised("2024-03")),
        ("27 October", Normalised("2025-10-27", year_inferred=True)),
        ("in 2026", Normalised("2026")),
        ("by 2024", Normalised("2024")),
        ("2026-2030", Normalised("2026", "2030")),
        ("2026\u201330", Normalised("2026", "2030")),
        ("September 9-11", Normalised("2025-09-09", "2025-09-11", year_inferred=True)),
        # Day ranges with the month after the days, as most of the world writes them.
        ("9-11 September", Normalised("2025-09-09", "2025-09-11", year_inferred=True)),
        ("24 to 25 June 2026", Normalised("2026-06-24", "2026-06-25")),
        ("on the 23rd of August", Normalised("2025-08-23", year_inferred=True)),
        # The next such month; a week named by its first day; a quarter is its year.
        ("this coming March", Normalised("2026-03", year_inferred=True)),
        ("the coming November", Normalised("2025-11", year_inferred=True)),
        ("the next November", Normalised("2025-11", year_inferred=True)),
        ("next October", Normalised("2026-10", year_inferred=True)),
        ("the week of July 29", Normalised("2025-07-29", year_inferred=True)),
        ("the first quarter of 2026", Normalised("2026")),
        ("July 12, 2016", Normalised("2016-07-12")),
        ("15 November 2009", Normalised("2009-11-15")),
        ("July 2009", Normalised("2009-07")),
        ("08/04/2021", Normalised("2021-08-04")),
        ("in October", Normalised("2025-10", year_inferred=True)),
        ("tomorrow", Normalised("2025-10-28")),
        # The guide: "later this year" and the end of the year are the year.
        ("later this year", Normalised("2025")),
        ("later this month", Normalised("2025-10")),
        ("by the end of the year", Normalised("2025")),
        ("year-end", Normalised("2025")),
        # A season without a year: the next to end (the article is of late October).
        ("in the summer", Normalised("2026", year_inferred=True)),
        ("in the autumn", Normalised("2025", year_inferred=True)),
        ("Wednesday of next week", Normalised("2025-11-05")),
        ("90 days from now", Normalised("2026-01-25")),
        ("this autumn", Normalised("2025", year_inferred=True)),
        ("next year", Normalised("2026")),
        # What a deadline or a dated day is written with adds nothing to the date.
        ("no later than October 31", Normalised("2025-10-31", year_inferred=True)),
        ("Friday 31 October", Normalised("2025-10-31", year_inferred=True)),
        ("Monday, November 3", Normalised("2025-11-03", year_inferred=True)),
        ("tomorrow, Tuesday the 28th of October 2025", Normalised("2025-10-28")),
        ("mid-May", Normalised("2025-05", year_inferred=True)),
        # Two days of one month are a run: "30 and 31 October", "November 18th and 19th".
        ("30 and 31 October", Normalised("2025-10-30", "2025-10-31", year_inferred=True)),
        ("November 18th and 19th", Normalised("2025-11-18", "2025-11-19", year_inferred=True)),
        ("the 15th of this month", Normalised("2025-10-15")),
        ("the end of the month", Normalised("2025-10")),
        # The next span of time runs to its end; a week says it is one (a due date's month).
        ("the next three years", Normalised("2028")),
        ("the next year", Normalised("2026")),
        ("the next two weeks", Normalised("2025-11-10", week=True)),
        ("this week", Normalised("2025-10-27", "2025-11-02", week=True)),
        # Runs and lists of days as programmes write them; a list gives its latest date.
        ("November 28, 29, 2013", Normalised("2013-11-28", "2013-11-29")),
        ("Tuesday 16 and Sunday 28 October 2018", Normalised("2018-10-16", "2018-10-28")),
        (
            "Monday, April 11 to Friday, April 15",
            Normalised("2025-04-11", "2025-04-15", year_inferred=True),
        ),
        ("23-25 and 29 September and 1 October", Normalised("2025-10-01", year_inferred=True)),
        ("2014-15 and 2019-20", Normalised("2019", "2020")),
        ("in 2016 and 2017", Normalised("2017")),
        ("next Thursday, March 25, 2021", Normalised("2021-03-25")),
        ("Monday , Aug. 10", Normalised("2025-08-10", year_inferred=True)),
        # Parts of the day and the weekend (its Sunday), the new year, a bare season.
        ("later this afternoon", Normalised("2025-10-27")),
        ("this coming weekend", Normalised("2025-11-02")),
        ("next weekend", Normalised("2025-11-09")),
        ("in the new year", Normalised("2026")),
        ("early summer", Normalised("2026", year_inferred=True)),
        # A week of a month is the month; a run of months ends on the last.
        ("the third week of January 2017", Normalised("2017-01")),
        ("September-October 2015", Normalised("2015-09", "2015-10")),
        # Written other ways: "June-4", "by the November 21", day first when it must be.
        ("June-4", Normalised("2025-06-04", year_inferred=True)),
        ("by the November 21", Normalised("2025-11-21", year_inferred=True)),
        ("16/05/2023", Normalised("2023-05-16")),
    ],
)
def test_dates_are_normalised_against_the_article_date(written: str, expected: Normalised) -> None:
    assert normalise(written, ARTICLE_DATE) == expected


def test_a_date_without_a_year_and_no_article_date_has_no_value() -> None:
    assert normalise("October 27", None) == Normalised(None, year_inferred=True)


@pytest.mark.parametrize(
    "written", ["the coming years", "the last 32 years", "Friday night", "May"]
)
def test_what_is_not_a_date_is_left_alone(written: str) -> None:
    assert normalise(written, ARTICLE_DATE) is None


def test_the_publication_date_is_read_from_the_top_of_a_release() -> None:
    assert find_published("Readout\n\nWednesday, July 27, 2022\nOffice") == dt.date(2022, 7, 27)
    assert find_published("Title\n\n08/04/2021 12:11 PM EDT\n") == dt.date(2021, 8, 4)
    assert find_published("Kuala lumpur: On October 27, the Prime Minister ...") is None


def test_past_is_judged_at_the_precision_of_the_date() -> None:
    assert is_past("2024", ARTICLE_DATE)
    assert not is_past("2025", ARTICLE_DATE)
    assert is_past("2025-09", ARTICLE_DATE)
    assert not is_past("2025-10-27", ARTICLE_DATE)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Friday", "2025-10-31"),
        ("on Monday", "2025-10-27"),
        # Two days or a run of days: the last of them, as a range's end is its due date.
        ("Thursday and Friday", "2025-10-31"),
        ("Monday to Wednesday", "2025-10-29"),
        ("late Monday or Tuesday", "2025-10-28"),
        ("next year", None),
    ],
)
def test_a_coming_weekday_is_the_first_on_or_after_the_article(
    written: str, expected: str | None
) -> None:
    assert coming_weekday(written, ARTICLE_DATE) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("six months", Normalised("2026-04")),
        ("a month", Normalised("2025-11")),
        ("30 days", Normalised("2025-11-26")),
        ("two weeks", Normalised("2025-11-10", week=True)),
        ("a week", Normalised("2025-11-03")),  # "within a week": its day
        ("five years", Normalised("2030")),
        ("the next fifteen days", Normalised("2025-11-11")),  # counts in words past ten
        ("the coming years", None),
    ],
)
def test_a_span_of_time_after_within_counts_from_the_article(
    written: str, expected: Normalised | None
) -> None:
    assert after_span(written, ARTICLE_DATE) == expected


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ("2024-10", "2024-10", True),
        ("2024-10", None, True),
        (None, None, True),
        ("2024-10", "2024-10-24", True),  # the month, and a day in it
        ("2024", "2024-10-24", True),
        ("2024-10", "2024-11", False),
        ("2024-1", "2024-10", False),  # not a prefix of the text: a prefix of the date
        ("2024-10-23", "2024-10-24", False),
    ],
)
def test_two_due_dates_agree_when_one_is_the_other_told_less_precisely(
    first: str | None, second: str | None, agree: bool
) -> None:
    assert due_agrees(first, second) is agree
    assert due_agrees(second, first) is agree


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (Normalised("2024-01-15", year_inferred=True), "2025-01-15"),  # "on 15 January"
        (Normalised("2024-03", year_inferred=True), "2025-03"),  # "in March"
        (Normalised("2024-12-08", year_inferred=True), "2024-12-08"),  # two days before
        (Normalised("2024-10-15", year_inferred=True), "2024-10-15"),  # within two months
        (Normalised("2024-01-15"), "2024-01-15"),  # the year was written
    ],
)
def test_a_date_without_a_year_still_to_come_is_the_next_one(
    found: Normalised, expected: str
) -> None:
    assert coming(found, dt.date(2024, 12, 10)).value == expected


def test_a_range_without_a_year_moves_whole() -> None:
    found = Normalised("2024-03-20", "2024-03-22", year_inferred=True)
    assert coming(found, dt.date(2024, 12, 10)) == Normalised(
        "2025-03-20", "2025-03-22", year_inferred=True
    )
