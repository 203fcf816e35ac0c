"""The tracker's one row per commitment (render/tracker.py): what counts as the same
commitment, what a merged row shows of its sources' review state, and the desk's register,
which merges the packs' exports by the same rule."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.errors import Position
from generator.exports.packdata import tracker_data
from generator.load.pack import find_project, load_pack
from generator.model import Anchor, FollowUpSpec, Item
from generator.render.desk import DeskPack, register
from generator.render.html import render_pack
from generator.render.theme import template_dirs
from generator.render.tracker import merged, report_of, same_action, tracker

FIXTURE = Path(__file__).resolve().parents[1] / "checks" / "follow_up_same_commitment"
SUMMIT = "Hold the 16th BRICS Summit in Kazan"


def _follow_up(
    article: str,
    action: str,
    owner: str | None = "Russia",
    due: str | None = "2024-10",
    n: int = 1,
    confirmed: bool = True,
) -> Item:
    spec = FollowUpSpec(quote="q", action=action, owner=owner, due=due, confirmed=confirmed)
    anchor = Anchor(f"src-{article}-{n}", 0, 1, 0)
    return Item(f"{article}-followup-{n}", "follow_up", spec, anchor, article, Position("x"))


@pytest.mark.parametrize(
    ("action", "owner", "due"),
    [
        # The same words and more: token-set, where token-sort scores it 56.
        (f"Host {SUMMIT[5:]}, the first since the group admitted new members", "Russia", "2024-10"),
        (SUMMIT, "Russia", "2024-10-24"),  # the same month, told to the day
        (SUMMIT, "Russia", None),  # one without a due date
        (SUMMIT, "Russia (host)", "2024"),  # one actor of the other; the year of the month
    ],
)
def test_the_same_commitment_told_differently_is_one(
    action: str, owner: str | None, due: str | None
) -> None:
    assert same_action(_follow_up("a", SUMMIT), _follow_up("b", action, owner, due))


@pytest.mark.parametrize(
    ("action", "owner", "due", "article"),
    [
        (SUMMIT, "Russia", "2024-10", "a"),  # the same article: two items there stay two
        (SUMMIT, "China", "2024-10", "b"),  # another owner
        (SUMMIT, None, "2024-10", "b"),  # an owner against none
        (SUMMIT, "Russia", "2024-11", "b"),  # another month
        ("Hold the 17th BRICS Summit in Kazan", "Russia", "2024-10", "b"),  # another number
        ("Hold the BRICS foreign ministers' meeting in Kazan", "Russia", "2024-10", "b"),
    ],
)
def test_other_articles_owners_dates_numbers_or_actions_are_not_one(
    action: str, owner: str | None, due: str | None, article: str
) -> None:
    assert not same_action(_follow_up("a", SUMMIT, n=2), _follow_up(article, action, owner, due))


def test_talks_in_another_city_are_another_action() -> None:
    first = _follow_up("a", "Hold talks in Geneva", owner=None, due=None)
    assert not same_action(first, _follow_up("b", "Hold talks in Vienna", owner=None, due=None))


def test_a_merged_row_takes_the_confirmed_wording_and_says_it_is_partly_confirmed() -> None:
    draft = _follow_up("a", "Host the 16th BRICS summit in Kazan", confirmed=False)
    confirmed = _follow_up("b", SUMMIT, due="2024-10-24")
    row = merged([report_of(draft, ""), report_of(confirmed, "")])
    assert (row.action, row.due) == (SUMMIT, "2024-10-24")


def test_the_fixture_pack_prints_one_row_for_the_summit_citing_both_reports() -> None:
    pack = load_pack(find_project(FIXTURE), FIXTURE / "briefs" / f"{FIXTURE.name}.yaml")
    rows = tracker(pack.articles)
    summit = [r for r in rows if "Kazan" in r.action]
    assert len(summit) == 1 and len(rows) == 3
    row = summit[0]
    assert [i.article_id for i in row.items] == ["first", "second"]
    assert row.id == row.items[0].id == "first-followup-1"  # the first report's, every build
    assert (row.action, row.owner, row.due) == (SUMMIT, "Russia", "2024-10-24")
    assert row.partly_confirmed and [i.confirmed for i in row.items] == [True, False]
    assert not any(r.partly_confirmed for r in rows if r is not row)
    exported = next(r for r in tracker_data(pack) if r["id"] == row.id)
    assert [(s["label"], s["confirmed"]) for s in exported["sources"]] == [
        ("A1", True),
        ("A2", False),
    ]


def test_the_pack_page_marks_the_partly_confirmed_row(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(FIXTURE, root)
    project = find_project(root)
    pack = load_pack(project, root / "briefs" / f"{FIXTURE.name}.yaml")
    html = render_pack(pack, template_dirs(project.templates, root=root), root).html
    row = html.split('id="first-followup-1"', 1)[1].split("</tr>", 1)[0]
    assert "partly confirmed" in row and "unconfirmed" in row
    assert html.count("partly confirmed") == 1


def test_the_desk_register_is_one_row_for_one_commitment_in_two_packs() -> None:
    first = _desk_pack("kazan-a", [_source("a-followup-1", "a", SUMMIT, "2024-10")])
    second = _desk_pack(
        "kazan-b",
        [
            _source("b-followup-1", "b", "Host the 16th BRICS summit in Kazan", "2024-10-24"),
            _source("b-followup-2", "b", "Hold the 17th BRICS Summit in Kazan", "2025-10"),
        ],
    )
    rows = register([first, second], dt.date(2024, 6, 12))
    assert [(r.action, r.due, len(r.sources), len(r.listings)) for r in rows] == [
        (SUMMIT, "2024-10-24", 2, 2),
        ("Hold the 17th BRICS Summit in Kazan", "2025-10", 1, 1),
    ]
    assert rows[0].uid == "a-followup-1@desk.briefs"


def _desk_pack(slug: str, sources: list[dict[str, Any]]) -> DeskPack:
    rows = tuple(
        {"number": f"F{n}", "id": s["item"], "status": s["status"], "sources": [s]}
        for n, s in enumerate(sources, start=1)
    )
    day = dt.date(2024, 6, 12)
    return DeskPack(
        slug, slug, "event", day, None, None, day, "OFFICIAL", "#000000", False, False, False,
        0, 0, rows,
    )  # fmt: skip


def _source(item: str, article: str, action: str, due: str | None) -> dict[str, Any]:
    return {
        "item": item,
        "article": article,
        "action": action,
        "owner": "Russia",
        "due": due,
        "status": "open",
        "published": "2024-06-10",
        "confirmed": True,
    }
