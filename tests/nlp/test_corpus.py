"""The corpus the reading is trained and scored on: complete, anchored, split by publisher."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.nlp.corpus import (
    KINDS,
    SPLITS,
    CorpusError,
    load_corpus,
    overlap_matches,
    read_manifest,
    read_splits,
)
from tests.conftest import REPO

CORPUS = REPO / "corpus"


@pytest.fixture(scope="module")
def articles() -> list:  # type: ignore[type-arg]
    return load_corpus(CORPUS)


def test_every_article_has_text_annotation_and_anchored_quotes(articles: list) -> None:  # type: ignore[type-arg]
    # load_corpus raises on a quote that is not in its text; here: the whole corpus loads.
    manifest = read_manifest(CORPUS)
    assert len(articles) == len(manifest)
    assert {p.stem for p in (CORPUS / "texts").glob("*.txt")} == set(manifest)
    assert {p.name.removesuffix(".ann.yaml") for p in (CORPUS / "ann").glob("*.ann.yaml")} == set(
        manifest
    )


def test_corpus_is_broad_enough(articles: list) -> None:  # type: ignore[type-arg]
    assert len(articles) >= 120
    assert len({a.publisher for a in articles}) >= 15
    kinds = Counter(a.kind for a in articles)
    assert set(kinds) <= set(KINDS) and len(kinds) >= 6
    assert all(100 <= a.words <= 1500 for a in articles), [
        (a.id, a.words) for a in articles if not 100 <= a.words <= 1500
    ]
    # Texts with nothing to track are part of the picture, not left out.
    assert sum(1 for a in articles if not a.proposals and not a.follow_ups) >= 5


def test_manifest_rows_say_where_each_text_came_from() -> None:
    for article_id, row in read_manifest(CORPUS).items():
        assert row["url"].startswith(("http://", "https://")), article_id
        assert row["licence"].strip() and row["obtained"].strip(), article_id
        assert row["kind"] in KINDS, article_id


def test_splits_are_by_publisher_and_disjoint(articles: list) -> None:  # type: ignore[type-arg]
    split_of = read_splits(CORPUS)
    by_split = {s: {a.publisher for a in articles if a.split == s} for s in SPLITS}
    assert all(by_split[s] for s in SPLITS)
    assert not by_split["train"] & by_split["test"]
    assert not by_split["train"] & by_split["dev"]
    assert all(split_of[a.publisher] == a.split for a in articles)
    test_share = sum(1 for a in articles if a.split == "test") / len(articles)
    assert 0.15 <= test_share <= 0.35


def test_a_publisher_without_a_split_is_refused(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "splits.yaml").write_text("train: [A]\ndev: []\ntest: []\n")
    (tmp_path / "manifest.csv").write_text(
        "id,title,publisher,kind,region,published,url,licence,obtained,words\n"
        "x,T,B,wire,asia,2020-01-01,https://e.org,pd,copy,120\n"
    )
    with pytest.raises(CorpusError, match="publisher 'B' has no split"):
        load_corpus(tmp_path)


def test_overlap_is_half_of_the_shorter_span() -> None:
    assert overlap_matches((0, 100), (40, 60))  # a clause inside a sentence
    assert overlap_matches((0, 10), (5, 20))  # 5 of the shorter 10
    assert not overlap_matches((0, 10), (6, 20))  # 4 of 10
    assert not overlap_matches((0, 10), (10, 20))
