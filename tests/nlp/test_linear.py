"""The logistic regressions behind the sentence classifier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.nlp import linear


def test_features_are_words_and_word_pairs_then_the_marks_as_written() -> None:
    found = linear.features("Chile proposed a Fund. || root_propose first_sentence")
    assert found == [
        "chile",
        "proposed",
        "fund",
        "chile proposed",
        "proposed fund",
        "|root_propose",
        "|first_sentence",
    ]
    # A text without the separator is all marks.
    assert linear.features("w_kaja last_kallas") == ["|w_kaja", "|last_kallas"]
    # Only the last separator splits: words may hold one, marks never do.
    assert linear.features("Vote || now || m") == ["vote", "now", "vote now", "|m"]


TEXTS = [
    "we propose a fund || md_will",
    "we propose a summit || md_will",
    "they propose talks || md_will",
    "the fund met on monday || past",
    "the summit ended || past",
    "talks ended on friday || past",
] * 3
CATS = ([{"PROPOSAL": 1.0}] * 3 + [{"PROPOSAL": 0.0}] * 3) * 3


def test_a_fitted_model_separates_what_it_learnt_and_scores_unseen_words_by_the_rest() -> None:
    model = linear.fit(TEXTS, CATS, ["PROPOSAL"], c=10.0)
    high, low, unseen = model.scores(
        ["we propose a fund || md_will", "the fund met || past", "zzz qqq"]
    )
    assert high["PROPOSAL"] > 0.8 > 0.2 > low["PROPOSAL"]
    assert 0.0 < unseen["PROPOSAL"] < 1.0
    # Each feature is counted once, as in training (binary bags).
    assert model.scores(["propose propose propose"])[0] == model.scores(["propose"])[0]


def test_a_label_with_one_class_only_is_a_constant() -> None:
    model = linear.fit(TEXTS, [{"PROPOSAL": 0.0}] * len(TEXTS), ["PROPOSAL", "FOLLOW_UP"], c=1.0)
    found = model.scores(["we propose a fund || md_will"])[0]
    assert found["PROPOSAL"] < 0.01 and found["FOLLOW_UP"] < 0.01


def test_a_saved_model_loads_with_the_same_scores_and_meta(tmp_path: Path) -> None:
    import dataclasses

    model = dataclasses.replace(
        linear.fit(TEXTS, CATS, ["PROPOSAL"], c=1.0), meta={"thresholds": {"PROPOSAL": 0.3}}
    )
    target = tmp_path / "sentences"
    model.save(target)
    model.save(target)  # replaced whole, no staging folder left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sentences"]
    loaded = linear.load(target)
    assert loaded is not None
    assert loaded.meta == {"thresholds": {"PROPOSAL": 0.3}}
    assert loaded.labels == ("PROPOSAL",)
    texts = ["we propose a fund || md_will", "talks ended || past"]
    for before, after in zip(model.scores(texts), loaded.scores(texts), strict=True):
        assert after["PROPOSAL"] == pytest.approx(before["PROPOSAL"], abs=1e-6)
    assert json.loads((target / linear.META).read_text("utf-8"))["labels"] == ["PROPOSAL"]


def test_no_model_where_none_was_trained(tmp_path: Path) -> None:
    assert linear.load(tmp_path) is None
    (tmp_path / linear.META).write_text("{}", "utf-8")
    assert linear.load(tmp_path) is None  # weights and features missing
