"""The follow-up tracker: a pack's follow-ups in one list, one action reported twice merged.

Two follow-ups are the same action when they come from different articles, their due
dates do not disagree, and their wording is close (rapidfuzz's token-sort ratio on the
editor's action text). The merged row keeps every source, so the reader sees that two
reports say the same thing. The same rules merge the follow-ups of every pack on the
desk's front page (render/desk.py), from the packs' exports: `merge` works on any record
that `report` turns into a plain Report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz, utils

from generator.model import Article, FollowUpStatus, Item
from generator.nlp.dates import due_key

# Token-sort ratio from which two actions count as one: close rewordings of one action
# score 85-95, different actions of the same pack 40-60.
SAME_ACTION = 80.0
# How far along an action is. A row shows the furthest status any of its sources records,
# so an editor who updates the status in one article's .ann.yaml changes every row, in
# every pack and on the desk, that lists that follow-up (a row whose status came from one
# chosen source would ignore an update made in another).
PROGRESS: dict[FollowUpStatus, int] = {"open": 0, "in-progress": 1, "done": 2, "dropped": 2}

T = TypeVar("T")


@dataclass(frozen=True)
class Report:
    """What the tracker needs of one follow-up, as plain data."""

    item: str  # the item's id: the same follow-up seen in two packs is one report
    article: str
    action: str
    owner: str | None
    due: str | None
    status: FollowUpStatus
    published: str  # the article's date, ISO, or ""


@dataclass(frozen=True)
class TrackerRow:
    """One line of the tracker: an action and every item (from any article) that asks for it."""

    number: int
    action: str
    owner: str | None
    due: str | None
    status: FollowUpStatus
    items: tuple[Item, ...]

    @property
    def id(self) -> str:
        """The row's anchor: its first item's id, so links to that item still land here."""
        return self.items[0].id

    @property
    def label(self) -> str:
        """'F3': how the timeline and the text refer to the row."""
        return f"F{self.number}"


def same_report(a: Report, b: Report) -> bool:
    """True when two follow-ups from different articles ask for the same thing."""
    if a.article == b.article:
        return False
    if a.due and b.due and a.due != b.due:
        return False
    score = fuzz.token_sort_ratio(a.action, b.action, processor=utils.default_process)
    return bool(score >= SAME_ACTION)


def same_action(first: Item, second: Item) -> bool:
    """True when two follow-ups from different articles ask for the same thing."""
    return same_report(report_of(first, ""), report_of(second, ""))


def report_of(item: Item, published: str) -> Report:
    spec = item.follow_up
    return Report(
        item.id, item.article_id, spec.action, spec.owner, spec.due, spec.status, published
    )


def merge(records: Iterable[T], report: Callable[[T], Report]) -> list[list[T]]:
    """Records grouped by action, in the order first seen; a record whose item is already
    in a group (the same article in two packs) joins that group."""
    groups: list[list[T]] = []
    for record in records:
        mine = report(record)
        home = next((g for g in groups if any(report(r).item == mine.item for r in g)), None)
        if home is None:
            home = next((g for g in groups if _joins(mine, [report(r) for r in g])), None)
        if home is None:
            groups.append([record])
        else:
            home.append(record)
    return groups


def _joins(report: Report, group: Sequence[Report]) -> bool:
    # Every member must agree, and one article never contributes twice to a row.
    return all(same_report(member, report) for member in group)


@dataclass(frozen=True)
class Merged:
    """A group's action, owner, due date and status, from its reports."""

    action: str
    owner: str | None
    due: str | None
    status: FollowUpStatus


def merged(reports: Sequence[Report]) -> Merged:
    """The first report's wording, the first owner and due date given, and the furthest
    status (PROGRESS); between two as far along, the latest report's."""
    unique = list({r.item: r for r in reports}.values())
    order = {id(r): n for n, r in enumerate(unique)}
    furthest = max(unique, key=lambda r: (PROGRESS[r.status], r.published, order[id(r)]))
    return Merged(
        unique[0].action,
        _first(r.owner for r in unique),
        _first(r.due for r in unique),
        furthest.status,
    )


def tracker(articles: Sequence[Article]) -> list[TrackerRow]:
    """Every follow-up of the articles, merged where the same, sorted by due date."""
    order = {article.id: index for index, article in enumerate(articles)}
    published = {a.id: (a.meta.published.isoformat() if a.meta.published else "") for a in articles}

    def report(item: Item) -> Report:
        return report_of(item, published[item.article_id])

    groups = merge((i for a in articles for i in a.of_kind("follow_up")), report)
    rows = [(merged([report(i) for i in group]), tuple(group)) for group in groups]
    rows.sort(key=lambda r: (*due_key(r[0].due), order[r[1][0].article_id], r[1][0].id))
    return [
        TrackerRow(n, m.action, m.owner, m.due, m.status, items)
        for n, (m, items) in enumerate(rows, start=1)
    ]


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)
