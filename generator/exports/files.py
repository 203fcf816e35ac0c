"""The export stage: a pack's follow-ups as CSV and iCalendar, and the whole pack as JSON.

Each is plain bytes for build.py to write beside the PDF, deterministic for a given pack
(the calendar's time stamps come from the pack's prepared date, not the clock).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.exports.packdata import article_labels, tracker_data
from generator.model import Article, FollowUpStatus, Pack
from generator.render.html import glossary, is_draft, people

CSV_COLUMNS = (
    "number",
    "action",
    "owner",
    "due",
    "status",
    "sources",
    "articles",
    "article_titles",
    "quotes",
    "items",
    "machine_suggested",
)
# iCalendar's VTODO statuses (RFC 5545 3.8.1.11) for the tracker's.
ICAL_STATUS = {
    "open": "NEEDS-ACTION",
    "in-progress": "IN-PROCESS",
    "done": "COMPLETED",
    "dropped": "CANCELLED",
}
PRODID = "-//briefs//briefing pack follow-ups//EN"
# A cell starting with one of these is a formula to Excel, LibreOffice or Sheets (OWASP,
# "CSV Injection"); LF is added because some programs trim the cell first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def export_files(pack: Pack, out: Path) -> dict[Path, bytes]:
    """Every export of one pack, by the path it goes to (beside the pack's PDF)."""
    return {
        out / f"{pack.slug}.follow-ups.csv": follow_ups_csv(pack),
        out / f"{pack.slug}.follow-ups.ics": follow_ups_ics(pack),
        out / f"{pack.slug}.json": pack_export_json(pack),
    }


def spreadsheet_cell(value: str | int) -> str | int:
    """A CSV cell a spreadsheet shows as text: one that would start a formula gets a
    leading apostrophe, as OWASP recommends (the text stays readable, nothing runs)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_csv(rows: list[list[str | int]]) -> bytes:
    """Rows as CSV for a spreadsheet: RFC 4180, every field quoted, every cell neutralised,
    UTF-8 with a BOM so spreadsheet programs read it right. Every CSV export goes here."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def follow_ups_csv(pack: Pack) -> bytes:
    """The tracker as CSV, one line per printed row (F1...Fn, merged rows whole); a row's
    sources are one per line inside their cells. Ready for a spreadsheet (spreadsheet_csv)."""
    rows: list[list[str | int]] = [list(CSV_COLUMNS)]
    for row in tracker_data(pack):
        sources = row["sources"]

        def each(key: str, sources: list[dict[str, Any]] = sources) -> str:
            return "\n".join(str(source[key]) for source in sources)

        rows.append(
            [
                row["number"],
                row["action"],
                row["owner"] or "",
                row["due"] or "",
                row["status"],
                each("ref"),
                each("article"),
                each("title"),
                each("passage"),
                each("item"),
                "\n".join("yes" if s["machine_suggested"] else "no" for s in sources),
            ]
        )
    return spreadsheet_csv(rows)


@dataclass(frozen=True)
class CalendarEntry:
    """One follow-up as a calendar to-do: plain data, from a pack's tracker or the desk's."""

    uid: str
    summary: str
    due: str
    status: FollowUpStatus
    categories: tuple[str, ...]
    description: tuple[str, ...]


def due_date(due: str) -> dt.date:
    """The last day a partial due date allows: 2026 -> 31 Dec 2026, 2026-03 -> 31 Mar 2026."""
    parts = [int(p) for p in due.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], parts[1], parts[2])


def follow_ups_ics(pack: Pack) -> bytes:
    """One VTODO per tracker row that has a due date; UIDs are stable, so re-imports update."""
    entries = [
        CalendarEntry(
            uid=f"{row['id']}@{pack.slug}.briefs",
            summary=f"{row['number']}: {row['action']}",
            due=row["due"],
            status=row["status"],
            categories=(pack.spec.classification,),
            description=(
                *follow_up_lines(row["owner"], row["due"], row["sources"]),
                f"Pack: {pack.spec.title} ({pack.spec.classification}), {row['number']}",
            ),
        )
        for row in tracker_data(pack)
        if row["due"]
    ]
    return calendar_ics(f"{pack.spec.title}: follow-ups", pack.spec.prepared.date, entries)


def follow_up_lines(
    owner: str | None, due: str, sources: list[dict[str, Any]], labelled: bool = True
) -> list[str]:
    """A to-do's description: its owner, due date and every source with its passage (by
    the pack's label, 'A2 ¶3', or, across packs, by title and paragraph)."""
    lines = [f"Owner: {owner or 'not named'}", _due_line(due)]
    for source in sources:
        if labelled:
            lines.append(f"Source {source['ref']}: {source['title']}")
        else:
            lines.append(f"Source: {source['title']}, paragraph {source['paragraph']}")
        lines.append(f'"{source["passage"]}"')
    return lines


def calendar_ics(name: str, date: dt.date, entries: Iterable[CalendarEntry]) -> bytes:
    """An iCalendar of to-dos, time-stamped with `date` (not the clock: same inputs, same
    bytes)."""
    import icalendar  # 0.1 s to import: only when a calendar is actually written

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.UTC)
    for entry in entries:
        todo = icalendar.Todo()
        todo.add("uid", entry.uid)
        todo.add("dtstamp", stamp)
        todo.add("summary", entry.summary)
        todo.add("due", due_date(entry.due))
        todo.add("status", ICAL_STATUS[entry.status])
        todo.add("categories", list(entry.categories))
        todo.add("description", "\n".join(entry.description))
        cal.add_component(todo)
    return bytes(cal.to_ical())


def _due_line(due: str) -> str:
    if len(due) == 10:
        return f"Due: {due}"
    known = "year" if len(due) == 4 else "month"
    return f"Due: {due} (only the {known} is known; dated {due_date(due).isoformat()} here)"


def pack_export_json(pack: Pack) -> bytes:
    """The pack export (`<pack>.json` beside the PDF): the whole resolved pack, its spec,
    topics, articles with their text and anchored items, for other tools. The smaller
    pack data attached to an archival PDF is exports/packdata.py."""
    labels = article_labels(pack)
    document: dict[str, Any] = {
        "slug": pack.slug,
        "path": pack.path,
        "spec": pack.spec.model_dump(mode="json", by_alias=True),
        "classification_colour": pack.colour,
        "topics": [
            {"title": t.title, "notes": t.notes, "articles": [a.id for a in t.articles]}
            for t in pack.topics
        ],
        "articles": [_article_json(article, labels[article.id]) for article in pack.articles],
        "draft": is_draft(pack),
        "follow_ups": tracker_data(pack),
        "people": [p.model_dump(mode="json") for p in people(pack)],
        "glossary": dict(glossary(pack)),
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _article_json(article: Article, label: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "label": label,
        "path": article.path,
        "annotated": article.annotated,
        "meta": article.meta.model_dump(mode="json"),
        "text": article.text,
        "paragraphs": [
            {"number": p.number, "start": p.start, "end": p.end} for p in article.paragraphs
        ],
        "items": [
            {
                "id": item.id,
                "kind": item.kind,
                "machine_suggested": item.machine,
                "spec": item.spec.model_dump(mode="json", exclude_none=True),
                "anchor": {
                    "id": item.anchor.id,
                    "start": item.anchor.start,
                    "end": item.anchor.end,
                    "paragraph": item.anchor.paragraph + 1,
                    "text": article.text[item.anchor.start : item.anchor.end],
                },
                "written_at": str(item.position),
            }
            for item in article.items
        ],
    }
