"""The scorer of `make eval`, on small cases with known numbers."""

from __future__ import annotations

import pytest

from generator.evaluate import (
    ArticleScore,
    Score,
    match_acronyms,
    match_people,
    match_spans,
    same_long_form,
    table,
)
from generator.model import PersonSpec


def test_spans_match_one_to_one_by_overlap() -> None:
    predicted = [(0, 10), (5, 15), (40, 50), (60, 70)]
    gold = [(8, 12), (45, 48), (80, 90)]
    # (0,10) and (5,15) both overlap (8,12): only one of them counts.
    assert match_spans(predicted, gold) == Score(tp=2, fp=2, fn=1)


def test_score_arithmetic() -> None:
    score = Score(tp=2, fp=2, fn=1)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(2 / 3)
    assert score.f1 == pytest.approx(4 / 7)
    assert Score().precision == 1.0 and Score().recall == 1.0


def test_acronyms_match_on_short_form_and_long_form() -> None:
    gold = {"EPA": "Economic Partnership Agreement", "CSP": "Comprehensive Strategic Partnership"}
    predicted = {
        "EPA": "Thailand-ROK Economic Partnership Agreement",  # ends with the gold long form
        "CSP": "Country Strategy Paper",  # wrong expansion
        "AI": "artificial intelligence",  # not in the gold
    }
    assert match_acronyms(predicted, gold) == Score(tp=1, fp=2, fn=1)
    assert same_long_form("ASEAN\u2013Korea Trade Agreement", "asean-korea trade agreement")


def test_people_are_found_by_their_words_or_an_alias() -> None:
    gold = [
        PersonSpec(name="Antony J. Blinken"),
        PersonSpec(name="Lee Jae-myung", aliases=["Lee Chae-myung"]),
        PersonSpec(name="Ned Price"),
    ]
    assert match_people(["Blinken", "Lee Chae-myung", "Gavi"], gold) == Score(tp=2, fp=1, fn=1)


def test_the_table_sums_articles() -> None:
    one = ArticleScore("a", Score(1, 0, 1), Score(2, 1, 0), Score(3, 0, 0), Score(2, 0, 0), 100)
    two = ArticleScore("b", Score(1, 0, 0), Score(0, 0, 1), Score(0, 1, 1), Score(1, 0, 1), 50)
    assert table([one, two]).splitlines() == [
        "             precision  recall     F1   tp  fp  fn",
        "proposals         1.00    0.67   0.80    2   0   1",
        "follow-ups        0.67    0.67   0.67    2   1   1",
        "acronyms          0.75    0.75   0.75    3   1   1",
        "people                    0.75           3   -   1",
    ]
