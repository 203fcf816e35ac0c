"""The follow-up tracker: a pack's follow-ups in one list, one commitment reported twice merged.

Two follow-ups are the same commitment when they come from different articles, name the
same owner (actor_match.same_actor, the evaluation's lenient match), their due dates do not
disagree (dates.due_agrees), the numbers in their actions do not differ ("the 16th
summit" is not "the 17th"), and their wording is close: rapidfuzz's token-sort ratio for
a rewording, or its token-set ratio for one action that says the other's in more words.
The merged row keeps every source, so the reader sees that two reports say the same
thing. The same rules merge the follow-ups of every pack on the desk's front page
(render/desk.py), from the packs' exports: `merge` works on any record that `report`
turns into a plain Report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz, utils

from generator.model import Article, FollowUpStatus, Item
from generator.nlp.actor_match import same_actor
from generator.nlp.dates import due_agrees, due_key

# Token-sort ratio from which two actions count as one: close rewordings of one action
# score 85-95, different actions of the same pack 40-60.
SAME_ACTION = 80.0
# Token-set ratio from which they count as one too: it scores one action inside a longer
# one ("Visit the region" in "Visit the region to continue the discussions") 100, but two
# that share all but a place ("Hold talks in Geneva"/"... in Vienna") 85 and a summit
# against a ministers' meeting in the same city 87. Over the gold follow-ups of the train
# and dev splits, pairs from different articles with the same owner and agreeing dues:
# 11 reach 90, most of them one commitment reported twice.
SAME_WORDS = 90.0
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
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
    confirmed: bool = True  # an editor has confirmed it (review.py)


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

    @property
    def partly_confirmed(self) -> bool:
        """Some of its sources are confirmed and some not: the row says so, beside the
        sources' own marks, since its wording is the confirmed source's."""
        states = {item.confirmed for item in self.items}
        return len(states) == 2


def same_report(a: Report, b: Report) -> bool:
    """True when two follow-ups from different articles are the same commitment."""
    if a.article == b.article or not due_agrees(a.due, b.due):
        return False
    if not same_actor(a.owner, b.owner) or not _numbers_agree(a.action, b.action):
        return False
    process = utils.default_process
    return bool(
        fuzz.token_sort_ratio(a.action, b.action, processor=process) >= SAME_ACTION
        or fuzz.token_set_ratio(a.action, b.action, processor=process) >= SAME_WORDS
    )


def _numbers_agree(first: str, second: str) -> bool:
    # The numbers of one action are all in the other's ("the 16th summit" and "the 16th
    # summit on 22-24 October"), or one has none.
    mine, theirs = set(_NUMBER.findall(first)), set(_NUMBER.findall(second))
    return not mine or not theirs or mine <= theirs or theirs <= mine


def same_action(first: Item, second: Item) -> bool:
    """True when two follow-ups from different articles ask for the same thing."""
    return same_report(report_of(first, ""), report_of(second, ""))


def report_of(item: Item, published: str) -> Report:
    spec = item.follow_up
    return Report(
        item.id,
        item.article_id,
        spec.action,
        spec.owner,
        spec.due,
        spec.status,
        published,
        item.confirmed,
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
    """The first confirmed report's wording and owner (else the first report's), the most
    precise due date given (they agree: "2024-10" and "2024-10-22"), and the furthest
    status (PROGRESS); between two as far along, the latest report's."""
    unique = list({r.item: r for r in reports}.values())
    order = {id(r): n for n, r in enumerate(unique)}
    furthest = max(unique, key=lambda r: (PROGRESS[r.status], r.published, order[id(r)]))
    # An editor's confirmed wording before a draft's; the row's id stays its first item's.
    chosen = sorted(unique, key=lambda r: not r.confirmed)
    return Merged(
        chosen[0].action,
        _first(r.owner for r in chosen),
        max((r.due for r in unique if r.due), key=len, default=None),
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
