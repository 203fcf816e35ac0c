"""The timeline picture: the pack's dated items as an SVG drawn at build time, no script.

Readable in black and white: each kind of item has its own shape (and the legend says
which), every mark carries a text label, and a date known only to the year or month is
drawn as a bracket over that span. The SVG has role="img", a <title> that WeasyPrint
copies into the PDF as the figure's alternative text, and a <desc>.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from markupsafe import Markup

from generator.model import Pack
from generator.render.tracker import TrackerRow

Kind = Literal["event", "prepared", "source", "due"]

WIDTH = 600.0
MARGIN = 14.0
AXIS_Y = 46.0
LANE_TOP = 70.0
LANE_HEIGHT = 17.0
FONT_SIZE = 10.0
CHAR_WIDTH = 5.4  # average advance of Noto Sans at FONT_SIZE, for label placement
MONTH_LABEL_WIDTH = 18.0  # "Sep" at 8 units, drawn 2 units right of its tick
YEAR_WIDTH = 24.0  # a bold four-digit year at FONT_SIZE (Noto Sans Bold: 22.9)
LABEL_CHARS = 72
GAP = 10.0
GROUP_FROM = 3  # more follow-ups than this due on one date share a single mark

LEGEND: dict[Kind, str] = {
    "event": "Event",
    "source": "Source published",
    "due": "Follow-up due (bracket: due within that year or month)",
    "prepared": "Pack prepared",
}


@dataclass(frozen=True)
class Mark:
    """A dated item: its kind, the span its date covers, a short label, and its date and
    description in words (for the text alternative and the list a phone shows instead)."""

    kind: Kind
    start: dt.date
    end: dt.date
    label: str
    when: str
    what: str

    @property
    def spoken(self) -> str:
        return f"{self.when}: {self.what}"


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
            _when(spec.event.date, event_end, spell),
            f"{spec.event.name} (event)",
        ),
        Mark(
            "prepared",
            spec.prepared.date,
            spec.prepared.date,
            "Pack prepared",
            spell(spec.prepared.date.isoformat()),
            "this pack prepared",
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
                    spell(day.isoformat()),
                    f"source {label} published, {article.meta.title}",
                )
            )
    for due, group in itertools.groupby((r for r in rows if r.due), key=lambda r: r.due):
        assert due is not None
        same_day = list(group)
        # A few follow-ups due together are named one by one; many become one numbered mark.
        chunks = [same_day] if len(same_day) > GROUP_FROM else [[row] for row in same_day]
        found += [_due_mark(due, chunk, spell) for chunk in chunks]
    found.sort(key=lambda m: (m.end, m.start, m.kind))
    return found


def _due_mark(due: str, rows: Sequence[TrackerRow], spell: Callable[[str], str]) -> Mark:
    """One mark per due date: a single follow-up by name, several by their numbers."""
    start, end = span(due)
    if len(rows) == 1:
        label = f"{rows[0].label} {rows[0].action}"
    else:
        label = f"{_numbers([r.number for r in rows])} ({len(rows)} follow-ups)"
    actions = "; ".join(f"{r.label}, {r.action}" for r in rows)
    return Mark("due", start, end, label, spell(due), f"due, {actions}")


def _numbers(numbers: Sequence[int]) -> str:
    """'F1–F3, F5': runs of consecutive tracker numbers."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"F{r[0]}" if len(r) == 1 else f"F{r[0]}–F{r[-1]}" for r in runs)


def _when(start: dt.date, end: dt.date, spell: Callable[[str], str]) -> str:
    if start == end:
        return spell(start.isoformat())
    return f"{spell(start.isoformat())} to {spell(end.isoformat())}"


def _short(text: str, room: int = LABEL_CHARS) -> str:
    """The label cut to `room` characters at a word's end ("F7 Address a public…", not
    "public l…"); a first word longer than the room is cut within it."""
    room = max(min(room, LABEL_CHARS), 8)
    if len(text) <= room:
        return text
    words = textwrap.shorten(text, room, placeholder="\u2026")
    return words if words != "\u2026" else text[: room - 1].rstrip() + "\u2026"


def timeline(
    pack: Pack,
    rows: Sequence[TrackerRow],
    labels: dict[str, str],
    spell: Callable[[str], str],
    ident: str = "timeline-figure",
) -> Timeline:
    """The pack's timeline as inline SVG, with its text alternative."""
    items = marks(pack, rows, labels, spell)
    first, last = min(m.start for m in items), max(m.end for m in items)
    # Each item's date as the pack gives it ('2023', not '31 December 2023').
    since = items[0].when
    until = max(items, key=lambda m: m.end).when
    alt = f"Timeline of {len(items)} dated items, {since} to {until}. " + "; ".join(
        m.spoken for m in items
    )
    alt += "."
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

    def at(self, mark: Mark) -> float:
        """Where a mark sits: on its day, or mid-way along the year or month its date covers
        (at the span's last day it would stand on the next year's or month's tick)."""
        return (self.x(mark.start) + self.x(mark.end)) / 2

    def years(self) -> list[tuple[int, float]]:
        end = self.origin + dt.timedelta(days=self.days)
        return [(y, self.x(dt.date(y, 1, 1))) for y in range(self.origin.year + 1, end.year + 1)]

    def months(self) -> list[tuple[dt.date, float]]:
        """The first of every month in view (none for spans over four years)."""
        if self.days > 4 * 366:
            return []
        end = self.origin + dt.timedelta(days=self.days)
        ticks = []
        n = self.origin.year * 12 + self.origin.month  # the month after the origin's
        while (first := dt.date(n // 12, n % 12 + 1, 1)) <= end:
            ticks.append((first, self.x(first)))
            n += 1
        return ticks


def _lanes(items: Sequence[Mark], scale: _Scale) -> list[tuple[Mark, float, int, bool]]:
    """Each label's anchor x, lane and side (True: text runs left).

    No two labels overlap, and no leader line (axis down to its label) crosses a label.
    """
    taken: list[list[tuple[float, float]]] = []
    leaders: list[tuple[float, int]] = []
    placed = []
    for item in items:
        x = scale.at(item)
        options = [o for o in (_option(item, x, side) for side in (False, True)) if o is not None]
        # First choice: the highest lane where no line crosses a label; else any free lane.
        lanes = range(len(taken) + 1)
        crossing_free = [
            (n, o) for n in lanes for o in options if _fits(o[1], x, n, taken, leaders)
        ]
        free = [(n, o) for n in lanes for o in options if _fits(o[1], x, n, taken, leaders, False)]
        lane, (mark, box, leftward) = min(
            crossing_free or free, key=lambda c: (c[1][0].label != item.label, c[0], c[1][2])
        )
        while len(taken) <= lane:
            taken.append([])
        taken[lane].append(box)
        leaders.append((x, lane))
        placed.append((mark, x, lane, leftward))
    return placed


def _option(item: Mark, x: float, leftward: bool) -> tuple[Mark, tuple[float, float], bool] | None:
    """The label on one side of its mark, shortened to the room there (None: no room)."""
    room = (x - MARGIN / 2 - 12) if leftward else (WIDTH - MARGIN / 2 - x - 12)
    chars = int(room / CHAR_WIDTH)
    if chars < min(len(item.label), 12):
        return None
    mark = replace(item, label=_short(item.label, chars))
    width = 12 + len(mark.label) * CHAR_WIDTH
    return mark, ((x - width, x) if leftward else (x, x + width)), leftward


def _fits(
    box: tuple[float, float],
    x: float,
    lane: int,
    taken: Sequence[Sequence[tuple[float, float]]],
    leaders: Sequence[tuple[float, int]],
    strict: bool = True,
) -> bool:
    """True when a label may go in lane: room there, and (strict) no leader line crosses it."""
    if lane < len(taken) and not _free(box, taken[lane]):
        return False
    if not strict:
        return True
    # Its own leader passes the lanes above; an earlier, deeper leader passes this one.
    if any(b[0] - 3 < x < b[1] + 3 for above in taken[:lane] for b in above):
        return False
    return not any(box[0] - 3 < lx < box[1] + 3 for lx, deeper in leaders if deeper > lane)


def _free(box: tuple[float, float], boxes: Sequence[tuple[float, float]]) -> bool:
    return all(box[1] + GAP < b[0] or b[1] + GAP < box[0] for b in boxes)


def _el(tag: str, *text: str, **attributes: str | float) -> str:
    """One SVG element; numbers are rounded, names with '_' become '-', text is escaped."""
    pairs = "".join(
        f' {name.rstrip("_").replace("_", "-")}="{_value(value)}"'
        for name, value in attributes.items()
    )
    if not text:
        return f"<{tag}{pairs}/>"
    return f"<{tag}{pairs}>{html.escape(''.join(text))}</{tag}>"


def _value(value: str | float) -> str:
    return f"{value:.1f}" if isinstance(value, float) else html.escape(str(value))


def _path(*points: tuple[float, float], close: bool = False) -> str:
    line = " L".join(f"{x:.1f} {y:.1f}" for x, y in points)
    return f"M{line}{' Z' if close else ''}"


INK = "#1a1a1a"
STYLES: dict[str, dict[str, str | float]] = {
    "event": {"fill": "#14213d", "stroke": "#14213d"},
    "source": {"fill": "#fff", "stroke": INK, "stroke_width": 1.4},
    "due": {"fill": INK, "stroke": INK},
    "prepared": {"fill": "#fff", "stroke": INK, "stroke_width": 1.2},
}


def _shape(kind: Kind, x: float, y: float, size: float = 5.0) -> str:
    """The mark's symbol: diamond, ring, square or triangle, so colour is never needed."""
    style = STYLES[kind]
    if kind == "event":
        points = ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
        return _el("path", d=_path(*points, close=True), **style)
    if kind == "source":
        return _el("circle", cx=x, cy=y, r=size - 1.0, **style)
    if kind == "due":
        s = size - 1.0
        return _el("rect", x=x - s, y=y - s, width=2 * s, height=2 * s, **style)
    pin = ((x - size, y - size), (x + size, y - size), (x, y + size - 1))
    return _el("path", d=_path(*pin, close=True), **style)


def _bracket(x0: float, x1: float, top: float) -> str:
    """A span of days: a line with a tick down at each end."""
    d = _path((x0, top + 5), (x0, top), (x1, top), (x1, top + 5))
    return _el("path", d=d, fill="none", stroke=INK, stroke_width=1.4)


def _svg(items: Sequence[Mark], first: dt.date, last: dt.date, alt: str, ident: str) -> Markup:
    scale = _Scale(first, last)
    placed = _lanes(items, scale)
    lanes = 1 + max(lane for _, _, lane, _ in placed)
    legend_y = LANE_TOP + lanes * LANE_HEIGHT + 14
    height = legend_y + 18
    legend = "; ".join(f"{SYMBOLS[k]}, {v.lower()}" for k, v in LEGEND.items())
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-svg" '
        f'viewBox="0 0 {WIDTH:.0f} {height:.0f}" width="{WIDTH:.0f}" height="{height:.0f}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="Noto Sans, DejaVu Sans, sans-serif" font-size="{FONT_SIZE:.0f}" '
        f'fill="{INK}">',
        _el("title", alt, id=f"{ident}-title"),
        _el(
            "desc",
            f"Shapes, not colours, tell the kinds of item apart: {legend}.",
            id=f"{ident}-desc",
        ),
        *_axis(scale, [x for _, x, _, _ in placed]),
    ]
    # Lines and symbols first, labels last on a paper-white ground: a leader that must
    # pass a label is interrupted by it instead of striking through its text.
    for mark, x, lane, _ in placed:
        out += _mark(mark, x, lane, scale)
    for mark, x, lane, leftward in placed:
        out += _label(mark, x, lane, leftward)
    out += _legend(legend_y)
    out.append("</svg>")
    return Markup("".join(out))  # every text went through html.escape


def _axis(scale: _Scale, pins: Sequence[float] = ()) -> list[str]:
    """The axis, its month and year ticks, and their names; a month's name is left out
    where a mark's symbol on the axis (`pins`, their x) would cover it."""
    line: dict[str, str | float] = {"stroke": INK, "stroke_width": 1.0}
    out = [_el("line", x1=MARGIN, y1=AXIS_Y, x2=WIDTH - MARGIN, y2=AXIS_Y, **line)]
    months = scale.months()
    for first, x in months:
        out.append(
            _el("line", x1=x, y1=AXIS_Y - 3, x2=x, y2=AXIS_Y + 3, stroke=INK, stroke_width=0.6)
        )
        # A span of a year or less has room to name its months.
        covered = any(x - 4 <= pin <= x + MONTH_LABEL_WIDTH + 4 for pin in pins)
        if len(months) <= 13 and first.month != 1 and x + 20 < WIDTH and not covered:
            out.append(_el("text", first.strftime("%b"), x=x + 2, y=AXIS_Y - 6, font_size=8))
    if not scale.years() and months:
        out.append(_el("text", str(months[0][0].year), x=MARGIN, y=AXIS_Y - 24, font_weight="bold"))
    for year, x in scale.years():
        out.append(_el("line", x1=x, y1=AXIS_Y - 8, x2=x, y2=AXIS_Y + 8, **line))
        # A tick near the right edge has its year drawn over it rather than cut off.
        left = min(x + 3, WIDTH - 2 - YEAR_WIDTH)
        out.append(_el("text", str(year), x=left, y=AXIS_Y - 24, font_weight="bold"))
    return out


def _mark(mark: Mark, x: float, lane: int, scale: _Scale) -> list[str]:
    y = LANE_TOP + lane * LANE_HEIGHT
    parts = []
    if mark.start != mark.end:
        parts.append(_bracket(scale.x(mark.start), scale.x(mark.end), AXIS_Y - 14))
    # The pack's own date is a pin above the axis, so it never hides an item of the same day.
    pin = AXIS_Y - 9 if mark.kind == "prepared" else AXIS_Y
    dash: dict[str, str | float] = {"stroke_dasharray": "2 2"} if mark.kind == "prepared" else {}
    parts.append(_el("line", x1=x, y1=pin, x2=x, y2=y - 4, stroke="#777", stroke_width=0.7, **dash))
    parts.append(_shape(mark.kind, x, pin))
    parts.append(_shape(mark.kind, x, y - 3.5, 4.0))
    return parts


def _label(mark: Mark, x: float, lane: int, leftward: bool) -> list[str]:
    y = LANE_TOP + lane * LANE_HEIGHT
    width = len(mark.label) * CHAR_WIDTH + 2
    ground = x - 6 - width if leftward else x + 6
    back = _el(
        "rect", x=ground, y=y - FONT_SIZE + 1, width=width, height=FONT_SIZE + 2, fill="#fff"
    )
    if leftward:
        return [back, _el("text", mark.label, x=x - 7, y=y, text_anchor="end")]
    return [back, _el("text", mark.label, x=x + 7, y=y)]


def _legend(y: float) -> list[str]:
    parts = ['<g class="tl-legend">']
    x = MARGIN
    for kind, text in LEGEND.items():
        label = text.split(" (")[0]
        parts.append(_shape(kind, x + 4, y - 3.5, 4.0))
        parts.append(_el("text", label, x=x + 11, y=y))
        x += 24 + len(label) * CHAR_WIDTH
    parts.append(_bracket(x, x + 16, y - 6))
    parts.append(_el("text", "Due within that year or month", x=x + 21, y=y))
    parts.append("</g>")
    return parts


SYMBOLS = {"event": "diamond", "source": "ring", "due": "square", "prepared": "downward triangle"}
