"""The desk's front page (build/index.html) and desk.ics: every pack, one register of every
follow-up across packs, merged as within a pack, by due date, the overdue marked; and a
status changed in one annotation file is what every pack and the desk show."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import icalendar
import pytest

from tests.conftest import REPO, SEED_PACK, invoke
from tests.printing import SECOND_PACK
from tests.tables import Row, table_rows

VISIT = "state-2022-07-05-travel-bali-bangkok"
# A third pack with only the July 2022 visit: its APEC follow-up is also F1 of the
# Thailand–US pack, merged there with the November report of the same action.
BALI_PACK = "bali-visit"
BALI = f"""title: Secretary Blinken in Bangkok, July 2022
event:
  name: Secretary of State's visit to Bangkok
  date: 2022-07-10
  place: Bangkok, Thailand
prepared:
  date: 2022-07-06
  by: Department of American and South Pacific Affairs
  for: Permanent Secretary for Foreign Affairs
classification: OFFICIAL-SENSITIVE
summary: The July 2022 visit.
topics:
  - title: The visit
    articles: [{VISIT}]
"""
APEC = "Carry Thailand's APEC 2022 agenda into the U.S. APEC host year"


def _project(root: Path) -> Path:
    for folder in ("seeds", "briefs"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "briefs" / f"{BALI_PACK}.yaml").write_text(BALI, "utf-8")
    return root


def _build(root: Path) -> Path:
    run = invoke(["build", "--no-pdf"], cwd=root)
    assert run.status == 0, run.stderr
    return root / "build"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(_project(tmp_path_factory.mktemp("desk") / "project"))


def register(build: Path) -> list[Row]:
    return table_rows((build / "index.html").read_text("utf-8"), "register")


def _row(build: Path, action: str) -> Row:
    return next(row for row in register(build) if row.cells[1] == action)


def test_the_desk_lists_every_pack_with_its_files(desk: Path) -> None:
    page = (desk / "index.html").read_text("utf-8")
    for slug in (SEED_PACK, SECOND_PACK, BALI_PACK):
        assert f'href="{slug}/index.html"' in page
        assert f'href="{slug}/checks.html"' in page
    assert 'href="asean-rok-summit-2025.pdf"' not in page  # --no-pdf: no PDF to link to
    assert "Thailand at the 26th ASEAN–Republic of Korea Summit" in page
    assert page.count('class="state state-final"') == 3
    # The page carries the highest classification of its packs.
    assert 'aria-label="Classification">OFFICIAL-SENSITIVE</aside>' in page


def test_every_open_follow_up_of_every_pack_is_in_the_register(desk: Path) -> None:
    actions = {row.cells[1] for row in register(desk)}
    for slug in (SEED_PACK, SECOND_PACK, BALI_PACK):
        raw = (desk / f"{slug}.follow-ups.csv").read_bytes().decode("utf-8-sig")
        for row in csv.DictReader(io.StringIO(raw, newline="")):
            if row["status"] in ("open", "in-progress"):
                assert row["action"] in actions


def test_one_action_in_two_packs_is_one_row_listing_both(desk: Path) -> None:
    rows = [row for row in register(desk) if row.cells[1] == APEC]
    assert len(rows) == 1
    assert [href for href, _ in rows[0].links] == [
        f"{BALI_PACK}/index.html#{VISIT}-followup-1",
        f"{SECOND_PACK}/index.html#{VISIT}-followup-1",
    ]
    # 10 rows in the two committed packs; the third pack adds no new action.
    assert len(register(desk)) == 10


def test_the_register_is_by_due_date_and_marks_the_overdue(desk: Path) -> None:
    rows = register(desk)
    dues = [row.cells[0].removesuffix(" Overdue") for row in rows]
    dated = [d for d in dues if d != "—"]
    assert dated == sorted(dated) and dues[: len(dated)] == dated  # undated last
    # Built as of 28 October 2025 (SOURCE_DATE_EPOCH): what was due in 2023 and is not
    # done is overdue, and says so in words, not only in colour.
    overdue = [row for row in rows if "overdue" in row.attrs["class"].split()]
    assert {row.cells[1] for row in overdue} == {
        APEC,
        "Mark 190 years of Thailand–United States diplomatic relations",
    }
    assert all(row.cells[0] == "2023 Overdue" for row in overdue)
    assert all(row.attrs["data-status"] in ("open", "in-progress") for row in overdue)


def test_the_filters_have_labels_and_are_shown_only_by_script(desk: Path) -> None:
    page = (desk / "index.html").read_text("utf-8")
    assert '<label for="filter-owner">' in page and '<select id="filter-owner">' in page
    assert '<label for="filter-status">' in page and '<select id="filter-status">' in page
    assert "data-filters hidden" in page  # without script, the whole register shows
    assert '<script src="desk.js" defer></script>' in page
    assert (desk / "desk.js").read_text("utf-8").count("filters.hidden = false") == 1
    owners = {row.attrs["data-owner"] for row in register(desk)}
    for owner in owners - {"-"}:
        assert f'<option value="{owner}">' in page


def test_desk_ics_has_one_todo_per_dated_row_with_stable_uids(desk: Path) -> None:
    todos = icalendar.Calendar.from_ical((desk / "desk.ics").read_bytes()).walk("VTODO")
    dated = [row for row in register(desk) if not row.cells[0].startswith("—")]
    assert [str(t["SUMMARY"]) for t in todos] == [row.cells[1] for row in dated]
    apec = next(t for t in todos if str(t["SUMMARY"]) == APEC)
    assert str(apec["UID"]) == f"{VISIT}-followup-1@desk.briefs"
    description = str(apec["DESCRIPTION"])
    assert "Pack: Secretary Blinken in Bangkok, July 2022, F1" in description
    assert "Thailand–United States alliance, December 2021 to November 2022, F1" in description


def _status_in(build: Path, slug: str, action: str) -> str:
    raw = (build / f"{slug}.follow-ups.csv").read_bytes().decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(raw, newline="")) if r["action"] == action]
    printed = [
        row.cells[4]
        for row in table_rows((build / slug / "index.html").read_text("utf-8"), "tracker")
        if row.cells[1] == action
    ]
    assert len(rows) == len(printed) == 1
    assert printed[0] == rows[0]["status"].replace("-", " ")
    return rows[0]["status"]


def test_a_status_changed_in_one_annotation_is_what_every_pack_and_the_desk_show(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path / "project")
    build = _build(root)
    assert _status_in(build, SECOND_PACK, APEC) == _status_in(build, BALI_PACK, APEC)
    # The editor marks the action done in the July article's annotation, the older of
    # the two reports the Thailand–US pack merges into F1.
    annotation = root / "seeds" / f"{VISIT}.ann.yaml"
    text = annotation.read_text("utf-8")
    marked = text.replace(
        "    due: 2023\n    status: in-progress\n", "    due: 2023\n    status: done\n"
    )
    assert marked != text
    annotation.write_text(marked, "utf-8")
    build = _build(root)
    assert _status_in(build, SECOND_PACK, APEC) == "done"
    assert _status_in(build, BALI_PACK, APEC) == "done"
    row = _row(build, APEC)
    assert row.attrs["data-status"] == "done" and "overdue" not in row.attrs["class"]
