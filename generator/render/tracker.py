"""The follow-up tracker: a pack's follow-ups in one list, one action reported twice merged.

Two follow-ups are the same action when they come from different articles, their due
dates do not disagree, and their wording is close (rapidfuzz's token-sort ratio on the
editor's action text). The merged row keeps every source, so the reader sees that two
reports say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from generator.model import Article, FollowUpStatus, Item
from generator.nlp.dates import due_key

# Token-sort ratio from which two actions count as one: close rewordings of one action
# score 85-95, different actions of the same pack 40-60.
SAME_ACTION = 80.0


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


def same_action(first: Item, second: Item) -> bool:
    """True when two follow-ups from different articles ask for the same thing."""
    a, b = first.follow_up, second.follow_up
    if first.article_id == second.article_id:
        return False
    if a.due and b.due and a.due != b.due:
        return False
    score = fuzz.token_sort_ratio(a.action, b.action, processor=utils.default_process)
    return bool(score >= SAME_ACTION)


def tracker(articles: Sequence[Article]) -> list[TrackerRow]:
    """Every follow-up of the articles, merged where the same, sorted by due date."""
    order = {article.id: index for index, article in enumerate(articles)}
    published = {a.id: (a.meta.published.isoformat() if a.meta.published else "") for a in articles}
    groups: list[list[Item]] = []
    for item in (i for a in articles for i in a.of_kind("follow_up")):
        home = next((g for g in groups if _joins(item, g)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    rows = [_row(group, order, published) for group in groups]
    rows.sort(key=lambda r: (*due_key(r.due), order[r.items[0].article_id], r.items[0].id))
    return [
        TrackerRow(n, r.action, r.owner, r.due, r.status, r.items)
        for n, r in enumerate(rows, start=1)
    ]


def _joins(item: Item, group: Sequence[Item]) -> bool:
    # Every member must agree, and one article never contributes twice to a row.
    return all(same_action(member, item) for member in group)


def _row(group: Sequence[Item], order: dict[str, int], published: dict[str, str]) -> TrackerRow:
    first = group[0].follow_up
    # The latest report knows the latest status.
    latest = max(group, key=lambda i: (published[i.article_id], order[i.article_id]))
    return TrackerRow(
        number=0,
        action=first.action,
        owner=_first(i.follow_up.owner for i in group),
        due=_first(i.follow_up.due for i in group),
        status=latest.follow_up.status,
        items=tuple(group),
    )


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)
