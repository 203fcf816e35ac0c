"""The timeline picture: the pack's dated items as an SVG drawn at build time, no script.

Readable in black and white: each kind of item has its own shape (and the legend says
which), every mark carries a text label, and a date known only to the year or month is
drawn as a bracket over that span. The SVG has role="img", a <title> that WeasyPrint
copies into the PDF as the figure's alternative text, and a <desc>.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from markupsafe import Markup

from .model import Pack
from .tracker import TrackerRow

Kind = Literal["event", "prepared", "source", "due"]

WIDTH = 600.0
MARGIN = 14.0
AXIS_Y = 46.0
LANE_TOP = 70.0
LANE_HEIGHT = 17.0
FONT_SIZE = 10.0
CHAR_WIDTH = 5.4  # average advance of Noto Sans at FONT_SIZE, for label placement
LABEL_CHARS = 72
GAP = 10.0

LEGEND = {
    "event": "Event",
    "source": "Source published",
    "due": "Follow-up due (bracket: due within that year or month)",
    "prepared": "Pack prepared",
}


@dataclass(frozen=True)
class Mark:
    """A dated item: its kind, the span its date covers, a short label and a spoken description."""

    kind: Kind
    start: dt.date
    end: dt.date
    label: str
    spoken: str


@dataclass(frozen=True)
class Timeline:
    """The SVG and its text alternative, for the template."""

    svg: Markup
    alt: str
    marks: tuple[Mark, ...]


def span(text: str) -> tuple[dt.date, dt.date]:
    """The days a partial date covers: '2026' is the whole year, '2026-03' the month."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return dt.date(parts[0], parts[1], 1), following - dt.timedelta(days=1)
    day = dt.date(*parts)
    return day, day


def marks(
    pack: Pack, rows: Sequence[TrackerRow], labels: dict[str, str], spell: Callable[[str], str]
) -> list[Mark]:
    """Every dated item of the pack: the event, the sources' dates, the follow-ups due."""
    spec = pack.spec
    event_end = spec.event.end_date or spec.event.date
    found = [
        Mark(
            "event",
            spec.event.date,
            event_end,
            spec.event.name,
            f"{_when(spec.event.date, event_end, spell)}: {spec.event.name} (event)",
        ),
        Mark(
            "prepared",
            spec.prepared.date,
            spec.prepared.date,
            "Pack prepared",
            f"{spell(spec.prepared.date.isoformat())}: this pack prepared",
        ),
    ]
    for article in pack.articles:
        if article.meta.published:
            day = article.meta.published
            label = labels[article.id]
            found.append(
                Mark(
                    "source",
                    day,
                    day,
                    f"{label} published",
                    f"{spell(day.isoformat())}: source {label} published, {article.meta.title}",
                )
            )
    for row in rows:
        if row.due:
            start, end = span(row.due)
            found.append(
                Mark(
                    "due",
                    start,
                    end,
                    f"{row.label} {row.action}",
                    f"{spell(row.due)}: follow-up {row.label} due, {row.action}",
                )
            )
    found.sort(key=lambda m: (m.end, m.start, m.kind))
    return found


def _when(start: dt.date, end: dt.date, spell: Callable[[str], str]) -> str:
    if start == end:
        return spell(start.isoformat())
    return f"{spell(start.isoformat())} to {spell(end.isoformat())}"


def _short(text: str, room: int = LABEL_CHARS) -> str:
    room = max(min(room, LABEL_CHARS), 8)
    return text if len(text) <= room else text[: room - 1].rstrip() + "\u2026"


def timeline(
    pack: Pack,
    rows: Sequence[TrackerRow],
    labels: dict[str, str],
    spell: Callable[[str], str],
    ident: str = "timeline",
) -> Timeline:
    """The pack's timeline as inline SVG, with its text alternative."""
    items = marks(pack, rows, labels, spell)
    first, last = min(m.start for m in items), max(m.end for m in items)
    alt = (
        f"Timeline of {len(items)} dated items, {spell(first.isoformat())} to {spell(last.isoformat())}. "
        + "; ".join(m.spoken for m in items)
        + "."
    )
    return Timeline(_svg(items, first, last, alt, ident), alt, tuple(items))


class _Scale:
    """Days to x: the span of the items, with a little room on both sides."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        days = max((last - first).days, 30)
        pad = max(days // 25, 5)
        self.origin = first - dt.timedelta(days=pad)
        self.days = days + 2 * pad

    def x(self, day: dt.date) -> float:
        return MARGIN + (WIDTH - 2 * MARGIN) * (day - self.origin).days / self.days

    def years(self) -> list[tuple[int, float]]:
        end = self.origin + dt.timedelta(days=self.days)
        return [(y, self.x(dt.date(y, 1, 1))) for y in range(self.origin.year + 1, end.year + 1)]

    def months(self) -> list[float]:
        if self.days > 4 * 366:
            return []
        end = self.origin + dt.timedelta(days=self.days)
        ticks = []
        year, month = self.origin.year, self.origin.month + 1
        while dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1) <= end:
            ticks.append(self.x(dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)))
            month += 1
        return ticks


def _lanes(items: Sequence[Mark], scale: _Scale) -> list[tuple[Mark, float, int, bool]]:
    """Each label's anchor x, lane and side (True: text runs left), with no two overlapping."""
    taken: list[list[tuple[float, float]]] = []
    placed = []
    for item in items:
        x = scale.x(item.end)
        right, left = WIDTH - MARGIN / 2 - x - 12, x - MARGIN / 2 - 12
        leftward = 12 + len(item.label) * CHAR_WIDTH > right and left > right
        room = int((left if leftward else right) / CHAR_WIDTH)
        mark = replace(item, label=_short(item.label, room))
        width = 12 + len(mark.label) * CHAR_WIDTH
        box = (x - width, x) if leftward else (x, x + width)
        lane = next(
            (
                n
                for n, boxes in enumerate(taken)
                if all(box[1] + GAP < b[0] or b[1] + GAP < box[0] for b in boxes)
            ),
            len(taken),
        )
        if lane == len(taken):
            taken.append([])
        taken[lane].append(box)
        placed.append((mark, x, lane, leftward))
    return placed


def _shape(kind: Kind, x: float, y: float, size: float = 5.0) -> str:
    """The mark's symbol: diamond, ring, square or triangle, so colour is never needed."""
    if kind == "event":
        return f'<path fill="#14213d" stroke="#14213d" d="M{x:.1f} {y - size:.1f} L{x + size:.1f} {y:.1f} L{x:.1f} {y + size:.1f} L{x - size:.1f} {y:.1f} Z"/>'
    if kind == "source":
        return f'<circle fill="#fff" stroke="#1a1a1a" stroke-width="1.4" cx="{x:.1f}" cy="{y:.1f}" r="{size - 1:.1f}"/>'
    if kind == "due":
        s = size - 1
        return f'<rect fill="#1a1a1a" stroke="#1a1a1a" x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s:.1f}" height="{2 * s:.1f}"/>'
    return f'<path fill="#fff" stroke="#1a1a1a" stroke-width="1.2" d="M{x - size:.1f} {y - size:.1f} L{x + size:.1f} {y - size:.1f} L{x:.1f} {y + size - 1:.1f} Z"/>'


def _svg(items: Sequence[Mark], first: dt.date, last: dt.date, alt: str, ident: str) -> Markup:
    scale = _Scale(first, last)
    placed = _lanes(items, scale)
    lanes = 1 + max(lane for _, _, lane, _ in placed)
    legend_y = LANE_TOP + lanes * LANE_HEIGHT + 14
    height = legend_y + 18
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="Noto Sans, DejaVu Sans, sans-serif" font-size="{FONT_SIZE:.0f}">',
        f'<title id="{ident}-title">{html.escape(alt)}</title>',
        f'<desc id="{ident}-desc">Shapes, not colours, tell the kinds apart: '
        + "; ".join(f"{_symbol_name(k)}, {v.lower()}" for k, v in LEGEND.items())
        + ".</desc>",
        '<g class="tl-axis" stroke="#1a1a1a" stroke-width="1">',
        f'<line x1="{MARGIN:.1f}" y1="{AXIS_Y:.1f}" x2="{WIDTH - MARGIN:.1f}" y2="{AXIS_Y:.1f}"/>',
    ]
    out += [
        f'<line stroke-width="0.6" x1="{x:.1f}" y1="{AXIS_Y - 3:.1f}" x2="{x:.1f}" y2="{AXIS_Y + 3:.1f}"/>'
        for x in scale.months()
    ]
    for year, x in scale.years():
        out.append(f'<line x1="{x:.1f}" y1="{AXIS_Y - 8:.1f}" x2="{x:.1f}" y2="{AXIS_Y + 8:.1f}"/>')
        out.append(
            f'<text x="{x + 3:.1f}" y="{AXIS_Y - 24:.1f}" font-weight="bold" stroke="none" fill="#1a1a1a">{year}</text>'
        )
    out.append("</g>")
    for mark, x, lane, leftward in placed:
        out += _mark(mark, x, lane, leftward, scale)
    out += _legend(legend_y)
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 - every text in it went through html.escape


def _mark(mark: Mark, x: float, lane: int, leftward: bool, scale: _Scale) -> list[str]:
    y = LANE_TOP + lane * LANE_HEIGHT
    parts = []
    if mark.start != mark.end:
        x0 = scale.x(mark.start)
        top = AXIS_Y - 14
        parts.append(
            f'<path fill="none" stroke="#1a1a1a" stroke-width="1.4" d="M{x0:.1f} {top + 5:.1f} L{x0:.1f} {top:.1f} L{x:.1f} {top:.1f} L{x:.1f} {top + 5:.1f}"/>'
        )
    dash = ' stroke-dasharray="2 2"' if mark.kind == "prepared" else ""
    top = AXIS_Y - 9 if mark.kind == "prepared" else AXIS_Y
    parts.append(
        f'<line stroke="#777" stroke-width="0.7" x1="{x:.1f}" y1="{top:.1f}" x2="{x:.1f}" y2="{y - 4:.1f}"{dash}/>'
    )
    parts.append(_shape(mark.kind, x, AXIS_Y - 9 if mark.kind == "prepared" else AXIS_Y))
    parts.append(_shape(mark.kind, x, y - 3.5, 4.0))
    anchor = "end" if leftward else "start"
    tx = x - 7 if leftward else x + 7
    parts.append(
        f'<text x="{tx:.1f}" y="{y:.1f}" text-anchor="{anchor}">{html.escape(mark.label)}</text>'
    )
    return parts


def _legend(y: float) -> list[str]:
    parts = ['<g class="tl-legend">']
    x = MARGIN
    for kind, text in LEGEND.items():
        label = text.split(" (")[0]
        parts.append(_shape(kind, x + 4, y - 3.5, 4.0))  # type: ignore[arg-type]
        parts.append(f'<text x="{x + 11:.1f}" y="{y:.1f}">{html.escape(label)}</text>')
        x += 24 + len(label) * CHAR_WIDTH
    parts.append(
        f'<path fill="none" stroke="#1a1a1a" stroke-width="1.4" d="M{x:.1f} {y - 1:.1f} L{x:.1f} {y - 6:.1f} L{x + 16:.1f} {y - 6:.1f} L{x + 16:.1f} {y - 1:.1f}"/>'
        f'<text x="{x + 21:.1f}" y="{y:.1f}">Due within that year or month</text>'
    )
    parts.append("</g>")
    return parts


def _symbol_name(kind: str) -> str:
    return {"event": "diamond", "source": "ring", "due": "square", "prepared": "downward triangle"}[
        kind
    ]
