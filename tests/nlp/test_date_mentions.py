"""A date written without a year is read once (dates.coming): the dates the extraction
records, the follow-ups' due dates and the check's note all give it the same year."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.nlp.reader import Reader, load_rules

pytestmark = pytest.mark.slow
DECEMBER = dt.date(2024, 12, 10)
TEXT = (
    "Ministers to meet again\n\n"
    "The ministers will meet again in Brussels on 15 January, the chair said. "
    "The council will adopt the recovery plan in March.\n\n"
    "The council had first discussed the plan in March."
)


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(rules=load_rules(None))


def test_coming_dates_in_a_december_article_are_next_years_everywhere(reader: Reader) -> None:
    analysis = reader.analyse(TEXT, DECEMBER)
    read = {(m.text, m.start): m.value for m in analysis.dates}
    coming = TEXT.index("15 January"), TEXT.index("March")
    assert read[("15 January", coming[0])] == "2025-01-15"
    assert read[("March", coming[1])] == "2025-03"
    # ... and one the text tells as past stays in the article's year.
    assert read[("March", TEXT.rindex("March"))] == "2024-03"
    dues = {f.due for f in analysis.follow_ups}
    assert {"2025-01-15", "2025-03"} <= dues, analysis.follow_ups
    assert all(m.year_inferred for m in analysis.dates)
