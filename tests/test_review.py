"""The review state (generator/review.py): what is unconfirmed or a placeholder is an info
or warning in a normal run and an error under --release; the pack is a draft while any is
left; what briefs writes starts unconfirmed, what an editor wrote by hand is confirmed."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from generator.build.pipeline import check_pack
from generator.errors import Severity
from generator.load.annotations import annotation_yaml, as_draft
from generator.load.pack import find_project, load_pack
from generator.model import KINDS, AnnotationFile, ArticleMeta, FactSpec, PersonSpec
from generator.nlp.analysis import Analysis, Person
from generator.nlp.reader import Reader
from generator.review import Draft, draft_state, review
from tests.conftest import REPO, SEED_PACK

CHECKS = Path(__file__).resolve().parent / "checks"
REVIEW_CODES = {"C440", "C441", "C442", "C443"}


def _fixture(tmp_path: Path, name: str) -> tuple[Path, Path]:
    root = tmp_path / name
    shutil.copytree(CHECKS / name, root)
    return root, root / "briefs" / f"{name}.yaml"


def test_release_makes_every_review_finding_an_error(tmp_path: Path) -> None:
    for name in ("unconfirmed_item", "placeholder_todo", "placeholder_empty"):
        root, pack = _fixture(tmp_path, name)
        _, normal = check_pack(find_project(root), pack)
        _, release = check_pack(find_project(root), pack, release=True)
        reviewed = [d for d in normal if d.code in REVIEW_CODES]
        assert reviewed and all(d.severity < Severity.ERROR for d in reviewed)
        refused = [d for d in release if d.code in REVIEW_CODES]
        # The same lines, one per item or placeholder, each now an error.
        assert [(d.code, d.position) for d in refused] == [(d.code, d.position) for d in reviewed]
        assert all(d.severity == Severity.ERROR for d in refused)
        # Other checks keep their severity (C430 is an info either way).
        assert {d.severity for d in release if d.code not in REVIEW_CODES} <= {Severity.INFO}


def test_a_hand_written_annotation_is_confirmed_and_the_seed_pack_is_final() -> None:
    project = find_project(REPO)
    pack = load_pack(project, REPO / "briefs" / f"{SEED_PACK}.yaml")
    assert review(pack, release=True) == []
    assert draft_state(pack) is None
    assert all(item.confirmed for article in pack.articles for item in article.items)


def test_draft_state_counts_what_is_left(tmp_path: Path) -> None:
    root, path = _fixture(tmp_path, "unconfirmed_item")
    pack = load_pack(find_project(root), path)
    assert draft_state(pack) == Draft(unconfirmed=2, placeholders=0)  # a follow-up, a person
    root, path = _fixture(tmp_path, "placeholder_todo")
    assert draft_state(load_pack(find_project(root), path)) == Draft(0, 4)


def test_an_article_without_annotation_is_refused_item_by_item(tmp_path: Path) -> None:
    root, path = _fixture(tmp_path, "unconfirmed_item")
    (root / "seeds" / "first.ann.yaml").unlink()
    drafted = AnnotationFile(
        article=ArticleMeta(title="Drafted"),
        facts=[FactSpec(text="They met.", quote="The ministers met in Geneva")],
    )
    project = find_project(root)
    _, found = check_pack(project, path, drafter=lambda text, article_id: drafted, release=True)
    lines = [str(d) for d in found if d.code == "C440"]
    assert lines == [
        "briefs/unconfirmed_item.yaml:13:16: error[C440]: seeds/first.txt has no annotation"
        " file, so everything from it is a machine draft; write one with `briefs annotate"
        " seeds/first.txt --write`, review it and confirm it",
        "seeds/first.txt:1:1: error[C440]: machine-suggested fact not confirmed: 'They met.'",
    ]
    pack = load_pack(project, path, lambda text, article_id: drafted)
    assert [item.confirmed for item in pack.articles[0].items] == [False]


def test_quotes_are_the_articles_words_not_placeholders(tmp_path: Path) -> None:
    root, path = _fixture(tmp_path, "placeholder_todo")
    (root / "seeds" / "first.txt").write_text("They said TODO lists help.\n", encoding="utf-8")
    (root / "seeds" / "first.ann.yaml").write_text(
        "article:\n  title: Fixture article\nfacts:\n"
        "  - text: Lists help.\n    quote: said TODO lists help\n    prefix: They\n",
        encoding="utf-8",
    )
    _, found = check_pack(find_project(root), path)
    assert [d.position.path for d in found if d.code == "C441"] == [
        "briefs/placeholder_todo.yaml"
    ] * 2


def test_drafts_are_written_unconfirmed_and_confirmed_items_without_the_field() -> None:
    annotation = AnnotationFile(
        article=ArticleMeta(title="A"),
        facts=[FactSpec(text="Kept.", quote="kept"), FactSpec(text="New.", quote="new")],
        people=[PersonSpec(name="Ana Sorel")],
    )
    drafted = as_draft(annotation)
    assert all(not spec.confirmed for kind in KINDS for spec in kind.specs(drafted))
    assert not drafted.people[0].confirmed
    mixed = drafted.model_copy(update={"facts": [annotation.facts[0], drafted.facts[1]]})
    text = annotation_yaml(mixed, "header")
    data = yaml.safe_load(text)
    # `confirmed: false` opens a draft item (a check box to flip); true, the default, is left out.
    assert data["facts"] == [
        {"text": "Kept.", "quote": "kept"},
        {"confirmed": False, "text": "New.", "quote": "new"},
    ]
    assert list(data["people"][0]) == ["confirmed", "name", "aliases"]
    assert AnnotationFile.model_validate(data) == mixed


class _Finds(Reader):
    """A reader that finds one person in every article, without spaCy."""

    def analyse(self, text: str, reference: dt.date | None) -> Analysis:
        person = Person("Ana Sorel", "Minister", (), ((0, 9),))
        return Analysis("m", "0", None, (), (), (), (), (), (person,), (), (), ())


@pytest.mark.parametrize(
    ("people", "expected"),
    [
        ("", [("Ana Sorel", False)]),  # title-only, as `briefs new` writes it: not reviewed
        ("people: []\n", []),  # the editor decided: nobody
        ("people:\n  - name: Ben Okafor\n", [("Ben Okafor", True)]),  # the editor's list
    ],
)
def test_the_models_people_fill_only_an_annotation_without_a_people_list(
    tmp_path: Path, people: str, expected: list[tuple[str, bool]]
) -> None:
    root, path = _fixture(tmp_path, "unconfirmed_item")
    (root / "seeds" / "first.ann.yaml").write_text(
        f"article:\n  title: Fixture article\n{people}", encoding="utf-8"
    )
    pack, found = check_pack(find_project(root), path, reader=_Finds(), release=True)
    assert pack is not None
    assert [(p.name, p.confirmed) for p in pack.articles[0].people] == expected
    unreviewed = [str(d) for d in found if d.code == "C440"]
    if not people:
        # The editor hears why the pack is a draft, at the file's `article:` line.
        assert unreviewed == [
            "seeds/first.ann.yaml:1:1: error[C440]: no `people:` list, so the who's who shows"
            " 1 person the model found (Ana Sorel) unconfirmed; review them into the file from"
            " `briefs annotate seeds/first.txt`, or write `people: []` for none"
        ]
        assert draft_state(pack) == Draft(unconfirmed=1, placeholders=0)
    else:
        assert unreviewed == [] and draft_state(pack) is None
