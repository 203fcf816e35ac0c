"""The desk's front page (`build/index.html`): every pack in the output folder, and one
register of every follow-up across them, merged across packs as one pack merges its
articles (render/tracker.py), soonest due first, the overdue marked.

It is made from what the packs wrote (`<pack>.json`, the pack export, and the manifest
of an incremental build), never from their sources, so a pack that is up to date is not
loaded again: the page depends on every pack's outputs and on the build date, nothing
else. A status lives in one place, the article's `.ann.yaml`; every pack and the desk
derive a row's status from its sources the same way (tracker.merged).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build import incremental
from generator.checks import UNFINISHED
from generator.errors import Severity
from generator.exports.files import CalendarEntry, calendar_ics, due_date, follow_up_lines
from generator.model import FollowUpStatus, css_colour
from generator.nlp.dates import due_key
from generator.render.html import asset, banner_ink, environment, template_errors
from generator.render.tracker import PROGRESS, Report, merge, merged

DESK_TEMPLATE = "desk.html.j2"
DESK_ASSETS = ("desk.css", "desk.js")
FALLBACK_COLOUR = "#4a5568"


@dataclass(frozen=True)
class DeskPack:
    """One pack as the desk lists it, from its export."""

    slug: str
    title: str
    event: str
    event_date: dt.date
    end_date: dt.date | None
    place: str | None
    prepared: dt.date
    classification: str
    colour: str
    draft: bool
    pdf: bool  # a PDF was built (not with --no-pdf)
    checks: bool
    errors: int
    warnings: int
    follow_ups: tuple[dict[str, Any], ...]

    @property
    def ink(self) -> str:
        return banner_ink(self.colour)


@dataclass(frozen=True)
class Listing:
    """Where a register row appears: a pack and the row's F-number there."""

    slug: str
    title: str
    number: str
    anchor: str


@dataclass(frozen=True)
class DeskRow:
    """One action of the register, with every pack that lists it and every source."""

    uid: str
    action: str
    owner: str | None
    due: str | None
    status: FollowUpStatus
    overdue: bool
    listings: tuple[Listing, ...]
    sources: tuple[dict[str, Any], ...]


def read_packs(out: Path, slugs: Sequence[str]) -> list[DeskPack]:
    """The packs of the output folder that left a readable export, newest event first."""
    packs = [pack for slug in slugs if (pack := _read_pack(out, slug)) is not None]
    return sorted(packs, key=lambda p: (-p.event_date.toordinal(), p.slug))


def _read_pack(out: Path, slug: str) -> DeskPack | None:
    try:
        data = json.loads((out / f"{slug}.json").read_text("utf-8"))
        spec, event = data["spec"], data["spec"]["event"]
        manifest = incremental.read_manifest(incremental.manifest_path(out, slug))
        findings = [d.severity for d in manifest.diagnostics] if manifest else []
        return DeskPack(
            slug=slug,
            title=str(spec["title"]),
            event=str(event["name"]),
            event_date=dt.date.fromisoformat(event["date"]),
            end_date=dt.date.fromisoformat(event["end_date"]) if event.get("end_date") else None,
            place=event.get("place"),
            prepared=dt.date.fromisoformat(spec["prepared"]["date"]),
            classification=str(spec["classification"]),
            colour=_colour(data["classification_colour"]),
            draft=bool(data.get("draft", True)),
            pdf=(out / f"{slug}.pdf").is_file(),
            checks=(out / slug / "checks.html").is_file(),
            errors=findings.count(Severity.ERROR),
            warnings=findings.count(Severity.WARNING),
            follow_ups=tuple(_rows(data["follow_ups"])),
        )
    except (OSError, ValueError, KeyError, TypeError):
        # An export from an older briefs, or edited by hand: the pack is left off the
        # desk rather than shown wrong; its next build writes a readable one.
        return None


def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The export's tracker rows, each checked to hold what the desk reads of it."""
    for row in rows:
        named = isinstance(row["number"], str) and isinstance(row["id"], str)
        if not named or row["status"] not in PROGRESS or not row["sources"]:
            raise ValueError("not a tracker row")
        for source in row["sources"]:
            _report(source)
    return rows


def _colour(value: object) -> str:
    """The classification colour an export records, if it is a colour: it goes into a
    style attribute, and an export is a file anyone with the folder can edit."""
    try:
        return css_colour(value) if isinstance(value, str) else FALLBACK_COLOUR
    except ValueError:
        return FALLBACK_COLOUR


def _report(source: dict[str, Any]) -> Report:
    """A source of an exported tracker row as the tracker merges it; KeyError, TypeError
    or ValueError if the export does not hold one."""
    due = source["due"]
    if due is not None:
        due_date(str(due))  # a date the register can sort and judge
    if source["status"] not in PROGRESS:
        raise ValueError(f"unknown status {source['status']!r}")
    return Report(
        str(source["item"]),
        str(source["article"]),
        str(source["action"]),
        source["owner"] if source["owner"] is None else str(source["owner"]),
        due if due is None else str(due),
        source["status"],
        str(source["published"] or ""),
        source.get("confirmed") is not False,  # an export from before it was recorded
    )


def register(packs: Sequence[DeskPack], today: dt.date) -> list[DeskRow]:
    """Every follow-up of every pack, merged across packs, by due date (undated last)."""
    records = [
        (pack, row, source)
        for pack in sorted(packs, key=lambda p: p.slug)
        for row in pack.follow_ups
        for source in row["sources"]
    ]

    def report(record: tuple[DeskPack, dict[str, Any], dict[str, Any]]) -> Report:
        return _report(record[2])

    rows = []
    for group in merge(records, report):
        row = merged([report(record) for record in group])
        sources = {record[2]["item"]: record[2] for record in group}
        listings = {
            (pack.slug, entry["number"]): Listing(
                pack.slug, pack.title, entry["number"], entry["id"]
            )
            for pack, entry, _ in group
        }
        rows.append(
            DeskRow(
                uid=f"{min(sources)}@desk.briefs",
                action=row.action,
                owner=row.owner,
                due=row.due,
                status=row.status,
                overdue=bool(row.due)
                and row.status in UNFINISHED
                and due_date(row.due or "") < today,
                listings=tuple(listings.values()),
                sources=tuple(sources.values()),
            )
        )
    return sorted(rows, key=lambda r: (*due_key(r.due), r.uid))


def desk_context(
    packs: Sequence[DeskPack], today: dt.date, classifications: Mapping[str, str]
) -> dict[str, Any]:
    """The front page's data. The page is marked with the highest classification among
    its packs (the order of briefs.yaml's classifications, lowest first)."""
    rows = register(packs, today)
    ranks = {name: rank for rank, name in enumerate(classifications)}
    marking = max(
        (p.classification for p in packs),
        key=lambda c: ranks.get(c, len(ranks)),
        default=next(iter(classifications), "UNCLASSIFIED"),
    )
    colour = classifications.get(marking) or next(
        (p.colour for p in packs if p.classification == marking), FALLBACK_COLOUR
    )
    return {
        "packs": packs,
        "rows": rows,
        "today": today,
        "marking": marking,
        "colour": colour,
        "ink": banner_ink(colour),
        "owners": sorted({r.owner for r in rows if r.owner}, key=str.casefold),
        "unowned": any(not r.owner for r in rows),
        "statuses": [
            s for s in ("open", "in-progress", "done", "dropped") if s in {r.status for r in rows}
        ],
        "open": sum(r.status in UNFINISHED for r in rows),
        "overdue": sum(r.overdue for r in rows),
    }


def render_desk(
    packs: Sequence[DeskPack],
    today: dt.date,
    classifications: Mapping[str, str],
    search_path: Sequence[Path],
    root: Path,
) -> dict[str, bytes]:
    """index.html and the assets beside it (file name -> bytes); a template's mistake
    is a B501 diagnostic, as in a pack."""
    env = environment(tuple(search_path))
    with template_errors(DESK_TEMPLATE, root):
        html = env.get_template(DESK_TEMPLATE).render(desk_context(packs, today, classifications))
        files = {"index.html": html.encode("utf-8")}
        files.update({name: asset(env, name) for name in DESK_ASSETS})
    return files


def desk_ics(packs: Sequence[DeskPack], today: dt.date) -> bytes:
    """One calendar for every dated follow-up of every pack (`build/desk.ics`): one to-do
    per register row, its UID the smallest item id among its sources, so a calendar that
    subscribes updates a to-do instead of adding it again."""
    entries = [
        CalendarEntry(
            uid=row.uid,
            summary=row.action,
            due=row.due or "",
            status=row.status,
            categories=tuple(dict.fromkeys(p.classification for p in packs if _lists(p, row))),
            description=(
                *follow_up_lines(row.owner, row.due or "", list(row.sources), labelled=False),
                *(f"Pack: {item.title}, {item.number}" for item in row.listings),
            ),
        )
        for row in register(packs, today)
        if row.due
    ]
    return calendar_ics("Briefing packs: follow-ups", today, entries)


def _lists(pack: DeskPack, row: DeskRow) -> bool:
    return any(item.slug == pack.slug for item in row.listings)
