"""Exports beside each PDF: the follow-ups as CSV and iCalendar, the whole pack as JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from generator.exports.files import due_date
from tests.conftest import SEED_ID, SEED_PACK, Run


@pytest.fixture
def built(project: Path, briefs: Callable[..., Run]) -> Path:
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 0, run.stderr
    return project / "build"


def test_follow_ups_csv(built: Path) -> None:
    raw = (built / f"{SEED_PACK}.follow-ups.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM, so spreadsheet programs read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [(r["action"], r["due"], r["status"]) for r in rows] == [
        ("Upgrade the ASEAN–Korea Free Trade Agreement (AKFTA)", "2026", "open"),
        ("Implement the new ASEAN–ROK Work Plan 2026–2030", "2030", "open"),
        (
            "Accelerate negotiations on the Thailand–ROK Economic Partnership Agreement (EPA)",
            "",
            "open",
        ),
        (
            "Strengthen political and security cooperation against cybercrime and for maritime awareness",
            "",
            "open",
        ),
    ]
    assert rows[0]["id"] == f"{SEED_ID}-followup-1"
    assert rows[0]["quote"] == "upgrading the ASEAN-Korea Trade Agreement (AKFTA) in 2026"
    assert rows[0]["paragraph"] == "4"
    assert b"\r\n" in raw


def test_follow_ups_icalendar(built: Path) -> None:
    calendar = icalendar.Calendar.from_ical((built / f"{SEED_PACK}.follow-ups.ics").read_bytes())
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    todos = calendar.walk("VTODO")
    assert len(todos) == 2  # one per dated follow-up; the undated two have no due date
    first = todos[0]
    assert first["SUMMARY"] == "Upgrade the ASEAN–Korea Free Trade Agreement (AKFTA)"
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
    assert data["follow_ups"][0] == f"{SEED_ID}-followup-1"
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
