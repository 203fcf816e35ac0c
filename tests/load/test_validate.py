"""Validation with positions: every problem at once, and what is sound in a broken file
kept (salvaged) so the rest of the pack is still read and checked."""

from __future__ import annotations

from generator.load.sources import parse_yaml
from generator.load.validate import did_you_mean, impossible_date, validate_all
from generator.model import AnnotationFile, PackFile

ANNOTATION = """\
article:
  title: An article
  publishr: Someone
follow_ups:
  - action: First
  - action: Second
    quote: the second quote
    status: finished
  - action: Third
    quote: the third quote
    due: 2026-02-30
"""


def test_a_broken_item_is_left_out_and_the_others_keep_their_place_in_the_file() -> None:
    document = parse_yaml(ANNOTATION, "x.ann.yaml")
    result = validate_all(AnnotationFile, document, "annotation")
    assert [str(d) for d in result.diagnostics] == [
        "x.ann.yaml:3:3: error[B101]: unknown key 'publishr'; did you mean 'publisher'?",
        "x.ann.yaml:5:5: error[B103]: missing required field 'quote' in 'follow_ups[0]'",
        "x.ann.yaml:8:13: error[B105]: follow_ups[1].status: expected 'open', 'in-progress',"
        " 'done' or 'dropped', got 'finished'",
        "x.ann.yaml:11:10: error[B104]: follow_ups[2].due: '2026-02-30' does not exist:"
        " February 2026 has 28 days",
    ]
    assert result.model is not None
    assert result.model.article.publisher == "Someone"  # meant 'publisher': renamed
    assert [f.action for f in result.model.follow_ups] == ["Second", "Third"]
    assert [f.status for f in result.model.follow_ups] == ["open", "open"]  # the default
    assert result.model.follow_ups[1].due is None
    # The second follow-up read is the third written: positions follow the file.
    assert result.original(("follow_ups", 1, "quote")) == ("follow_ups", 2, "quote")
    assert result.damaged(("follow_ups", 2)) and not result.damaged(("follow_ups", 3))


def test_a_broken_required_field_outside_a_list_leaves_nothing_to_salvage() -> None:
    document = parse_yaml("title: A pack\nevent: {name: E, date: 2023-02-30}\n", "p.yaml")
    result = validate_all(PackFile, document, "pack")
    assert result.model is None
    assert "event.date: '2023-02-30' does not exist" in str(result.diagnostics[0])


def test_impossible_dates_say_why() -> None:
    assert impossible_date("2023-02-30") == "does not exist: February 2023 has 28 days"
    assert impossible_date("2024-02-30") == "does not exist: February 2024 has 29 days"
    assert impossible_date("2025-13-01") == "does not exist: there is no month 13"
    assert impossible_date("2024-02-29") is None
    assert impossible_date("soon") is None


def test_did_you_mean_takes_typos_not_partial_matches() -> None:
    assert did_you_mean("secrit", ["OFFICIAL", "SECRET"]) == "SECRET"
    assert did_you_mean("in progress", ["open", "in-progress", "done"]) == "in-progress"
    assert did_you_mean("source_name", ["title", "url", "author"]) is None
