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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.model import Article, FollowUpSpec, Item, Pack
from generator.render.html import follow_up_order, glossary, people

if TYPE_CHECKING:
    import icalendar

CSV_COLUMNS = (
    "id",
    "action",
    "owner",
    "due",
    "status",
    "article",
    "article_title",
    "paragraph",
    "quote",
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


def follow_ups(pack: Pack) -> list[Item]:
    """The follow-up items in tracker order: by due date, undated last."""
    return sorted((i for a in pack.articles for i in a.of_kind("follow_up")), key=follow_up_order)


def _article(pack: Pack, item: Item) -> Article:
    return next(a for a in pack.articles if a.id == item.article_id)


def _quoted(article: Article, item: Item) -> str:
    return " ".join(article.text[item.anchor.start : item.anchor.end].split())


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
    """The tracker as CSV, ready for a spreadsheet (see spreadsheet_csv)."""
    rows: list[list[str | int]] = [list(CSV_COLUMNS)]
    for item in follow_ups(pack):
        spec = item.follow_up
        article = _article(pack, item)
        rows.append(
            [
                item.id,
                spec.action,
                spec.owner or "",
                spec.due or "",
                spec.status,
                article.id,
                article.meta.title,
                item.anchor.paragraph + 1,
                _quoted(article, item),
                "yes" if item.machine else "no",
            ]
        )
    return spreadsheet_csv(rows)


def due_date(due: str) -> dt.date:
    """The last day a partial due date allows: 2026 -> 31 Dec 2026, 2026-03 -> 31 Mar 2026."""
    parts = [int(p) for p in due.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], parts[1], parts[2])


def follow_ups_ics(pack: Pack) -> bytes:
    """One VTODO per follow-up that has a due date; UIDs are stable, so re-imports update."""
    import icalendar  # 0.1 s to import: only when a pack is actually exported

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{pack.spec.title}: follow-ups")
    stamp = dt.datetime.combine(pack.spec.prepared.date, dt.time(0, 0), tzinfo=dt.UTC)
    for item in follow_ups(pack):
        spec = item.follow_up
        if not spec.due:
            continue
        cal.add_component(_todo(pack, item, spec, stamp))
    return bytes(cal.to_ical())


def _todo(pack: Pack, item: Item, spec: FollowUpSpec, stamp: dt.datetime) -> icalendar.Todo:
    article = _article(pack, item)
    import icalendar

    todo = icalendar.Todo()
    todo.add("uid", f"{item.id}@{pack.slug}.briefs")
    todo.add("dtstamp", stamp)
    todo.add("summary", spec.action)
    todo.add("due", due_date(spec.due or ""))
    todo.add("status", ICAL_STATUS[spec.status])
    todo.add("categories", [pack.spec.classification])
    lines = [
        f"Owner: {spec.owner or 'not named'}",
        _due_line(spec.due or ""),
        f"Source: {article.meta.title}, paragraph {item.anchor.paragraph + 1}",
        f'"{_quoted(article, item)}"',
        f"Pack: {pack.spec.title} ({pack.spec.classification})",
    ]
    todo.add("description", "\n".join(lines))
    return todo


def _due_line(due: str) -> str:
    if len(due) == 10:
        return f"Due: {due}"
    known = "year" if len(due) == 4 else "month"
    return f"Due: {due} (only the {known} is known; dated {due_date(due).isoformat()} here)"


def pack_export_json(pack: Pack) -> bytes:
    """The pack export (`<pack>.json` beside the PDF): the whole resolved pack, its spec,
    topics, articles with their text and anchored items, for other tools. The smaller
    pack data attached to an archival PDF is exports/packdata.py."""
    labels = {article.id: f"A{n}" for n, article in enumerate(pack.articles, start=1)}
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
        "follow_ups": [item.id for item in follow_ups(pack)],
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
