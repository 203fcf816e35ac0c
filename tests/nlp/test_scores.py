"""The reading's scorer (make eval), its training data and the shipped classifier."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.nlp.classifier import LABELS, MODEL_DIR, load_model, score_sentences
from generator.nlp.corpus import CorpusArticle, GoldItem
from generator.nlp.scores import (
    Drafted,
    Score,
    due_accuracy,
    match_acronyms,
    match_people,
    pair_spans,
    same_actor,
    score_article,
    table,
)
from tests.conftest import REPO

TEXT = (
    "Chile proposed a regional fund. The agency will open two offices in May 2024. "
    "The council met on Monday."
)


def corpus_article(**fields: object) -> CorpusArticle:
    base: dict[str, object] = {
        "id": "x",
        "text": TEXT,
        "publisher": "P",
        "kind": "wire",
        "region": "asia",
        "published": dt.date(2024, 1, 5),
        "split": "test",
        "proposals": (GoldItem(0, 31, "Chile"),),
        "follow_ups": (GoldItem(32, 77, "The agency", "2024-05"),),
        "acronyms": (("U.K.", "United Kingdom"),),
        "people": (("Ana María Ruiz", "President"),),
    }
    return CorpusArticle(**{**base, **fields})  # type: ignore[arg-type]


def test_spans_pair_when_they_share_half_of_the_shorter() -> None:
    assert pair_spans([(0, 10)], [(5, 30)]) == [(0, 0)]  # 5 of 10
    assert pair_spans([(0, 10)], [(6, 30)]) == []  # 4 of 10
    # One prediction, two gold items inside it: it pairs with one of them only.
    assert len(pair_spans([(0, 100)], [(10, 20), (30, 40)])) == 1


def test_acronyms_fold_case_quotes_and_hyphens() -> None:
    gold = [("U.K.", "United Kingdom"), ("EU", "European Union")]
    assert match_acronyms({"U.K.": "united kingdom", "EU": "Euro Union"}, gold) == Score(1, 1, 1)


def test_a_person_matches_when_one_name_contains_the_other() -> None:
    score = match_people(["Ruiz", "Joint Readout"], ["Ana María Ruiz", "Tom Berg"])
    assert score == Score(tp=1, fp=1, fn=1)


def test_an_article_is_scored_by_the_guide() -> None:
    drafted = Drafted(
        proposals=((0, 31), (78, 104)),
        follow_ups=(((32, 77), "2024"),),
        acronyms={"U.K.": "United Kingdom"},
        people=("Ruiz",),
    )
    scored = score_article(corpus_article(), drafted)
    assert scored.proposals == Score(1, 1, 0)
    assert scored.follow_ups == Score(1, 0, 0)
    assert (scored.due_right, scored.due_matched) == (0, 1)  # "2024" is not "2024-05"
    assert scored.acronyms == Score(1, 0, 0) and scored.people == Score(1, 0, 0)
    assert due_accuracy([scored]) == 0.0


@pytest.mark.parametrize(
    ("drafted", "gold", "right"),
    [
        ("Jack Straw", "The Foreign Secretary (Jack Straw)", True),
        ("Canada", "Canada and the United Kingdom", True),
        ("the Foreign Minister", "The Foreign Minister (Ana Ruiz)", True),
        ("Prime Minister", "The Foreign Minister (Ana Ruiz)", False),  # a title word only
        ("conclusions and recommendations", "The Foreign Affairs Committee", False),
        (None, "not named (the organisers)", True),
        (None, None, True),
        ("Chile", None, False),
        (None, "Chile", False),
        # Brackets are not part of a name's words.
        ("The Presidents (Chile and Argentina)", "Argentina and Chile (the Presidents)", True),
        ("The Ministers (Peru)", "Chile (the Minister)", False),
    ],
)
def test_by_and_owner_match_when_the_draft_names_one_of_the_gold_actors(
    drafted: str | None, gold: str | None, right: bool
) -> None:
    assert same_actor(drafted, gold) is right


def test_matched_items_by_and_owner_are_scored_and_reported() -> None:
    drafted = Drafted(
        proposals=((0, 31),),
        follow_ups=(((32, 77), "2024-05"),),
        proposers=("Chile",),
        owners=("two offices",),
    )
    scored = score_article(corpus_article(), drafted)
    assert (scored.by_right, scored.by_matched) == (1, 1)
    assert (scored.owner_right, scored.owner_matched) == (0, 1)
    assert "proposal by right, of matched: 1.00; follow-up owner right, of matched: 0.00" in (
        table("t", [scored])
    )
    silent = score_article(corpus_article(), Drafted(((0, 31),), (((32, 77), None),)))
    assert silent.by_matched == 0 and "by right" not in table("t", [silent])


def test_the_shipped_classifier_is_small_and_carries_its_thresholds() -> None:
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 50_000_000
    model = load_model()
    assert model is not None
    assert set(model.thresholds) == set(LABELS)
    assert all(0 < t < 1 for t in model.thresholds.values())


def test_the_shipped_models_name_no_training_folder(tmp_path: Path) -> None:
    # Two trainings on the same corpus give the same files: the temporary folder the
    # training data was written to is not kept in the shipped config.
    from generator.nlp.training import without_work_paths

    shipped = (MODEL_DIR.parent / "people" / "config.cfg").read_text(encoding="utf-8")
    assert "/tmp" not in shipped and "briefs-train-" not in shipped
    config = tmp_path / "config.cfg"
    config.write_text(
        '[paths]\ntrain = "/tmp/briefs-train-x/train.spacy"\ndev = "/tmp/d.spacy"\n'
        "vectors = null\n\n[corpora]\n\n[corpora.train]\npath = ${paths.train}\n",
        encoding="utf-8",
    )
    without_work_paths(config)
    written = config.read_text(encoding="utf-8")
    assert "train = null" in written and "dev = null" in written
    assert "path = ${paths.train}" in written  # references stay as written


@pytest.mark.slow
def test_training_examples_are_the_sentences_labelled_by_gold_quotes() -> None:
    from generator.nlp.training import examples, reader_pipeline

    doc = reader_pipeline()(TEXT)
    found = examples(corpus_article(), doc)
    assert [e.cats for e in found] == [
        {"PROPOSAL": 1.0, "FOLLOW_UP": 0.0},
        {"PROPOSAL": 0.0, "FOLLOW_UP": 1.0},
        {"PROPOSAL": 0.0, "FOLLOW_UP": 0.0},
    ]
    assert found[0].text.startswith("Chile proposed a regional fund. ||")
    model = load_model()
    assert model is not None
    scores = score_sentences(doc, model, None)
    assert len(scores) == 3
    assert all(0.0 <= s.proposal <= 1.0 and 0.0 <= s.follow_up <= 1.0 for s in scores)


def test_a_second_annotation_is_scored_against_the_gold(tmp_path: Path) -> None:
    import yaml

    from generator.nlp.scores import agreement, totals

    corpus = REPO / "corpus"
    second = tmp_path / "second"
    second.mkdir()
    chosen = [p for p in sorted((corpus / "agreement").glob("*.ann.yaml"))][:3]
    for path in chosen:
        (second / path.name).write_text(
            (corpus / "ann" / path.name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    same = totals(agreement(corpus, second))
    assert all(s.fp == 0 and s.fn == 0 for s in same.values())
    # One proposal left out by the second annotator is one the gold has and it missed.
    data = yaml.safe_load((second / chosen[0].name).read_text(encoding="utf-8"))
    proposals = data["proposals"] or []
    assert proposals, "the first file chosen needs a proposal"
    data["proposals"] = proposals[1:]
    (second / chosen[0].name).write_text(yaml.safe_dump(data), encoding="utf-8")
    missed = totals(agreement(corpus, second))["proposals"]
    assert (missed.fn, missed.fp) == (1, 0)


def test_the_shipped_second_annotation_covers_the_dev_split() -> None:
    from generator.nlp.corpus import load_corpus

    corpus = REPO / "corpus"
    dev = {a.id for a in load_corpus(corpus, ["dev"])}
    second = {p.name.removesuffix(".ann.yaml") for p in (corpus / "agreement").glob("*.ann.yaml")}
    assert second == dev


def test_cross_validation_folds_hold_each_publisher_out_exactly_once() -> None:
    from generator.nlp.corpus import publisher_folds

    names = [f"P{i}" for i in range(23)] + ["P1", "P2"]  # articles, so repeats
    for folds in (None, 5, 10, 100):
        groups = publisher_folds(names, folds)
        flat = [p for group in groups for p in group]
        assert sorted(flat) == sorted(set(names))  # each once, none in two folds
        assert len(groups) == (min(folds, 23) if folds and folds < 23 else 23)
    assert publisher_folds(["B", "A"], None) == [["A"], ["B"]]  # leave one publisher out


def test_per_kind_an_article_with_nothing_to_find_counts_false_alarms() -> None:
    from generator.nlp.scores import by_kind

    report = corpus_article(id="r", kind="event-report", proposals=(), follow_ups=())
    wire = corpus_article()
    drafted = Drafted(((0, 31),), (((32, 77), "2024-05"),))
    lines = by_kind([score_article(report, drafted), score_article(wire, drafted)]).splitlines()
    assert lines[1].split() == ["event-report", "1", "1", "drafted", "1", "drafted"]
    assert lines[2].split() == ["wire", "1", "1.00", "1.00"]
