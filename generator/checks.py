"""The check stage: editorial rules over a loaded, enriched pack (dates, names, acronyms, hygiene).

Plain functions from a `Pack` (and the build date) to diagnostics; nothing here reads a
file. Findings point into the article text (offsets made line and column), the article's
`.ann.yaml` or the pack file, so an editor can go straight to them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from generator.errors import Diagnostic, Position, text_position
from generator.model import Article, Item, Pack, PersonSpec
from generator.nlp import dates
from generator.render.tracker import tracker

# Prepositions that make a date a target ("by 2024"), not a report of the past.
TARGET_WORDS = frozenset({"by"})
# Statuses of a follow-up that is not finished.
UNFINISHED = frozenset({"open", "in-progress"})
# fuzz.ratio (0-100) from which two spellings of a name are one name spelt two ways:
# "Lee Chae-myung"/"Lee Jae-myung" scores 89; different people sharing a surname, far less.
SAME_NAME = 80.0
# Acronyms a reader of a briefing knows without a definition (house style, as AP's).
WELL_KNOWN = frozenset(
    {"AI", "ASEAN", "COVID-19", "D.C.", "EU", "G7", "G20", "NATO", "UK", "U.K.", "UN", "U.N."}
    | {"US", "U.S.", "USA", "U.S.A."}
)
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WEEKDAY_DATE = re.compile(
    r"\b(?P<weekday>" + "|".join(dates.WEEKDAYS) + r"),?\s+(?:the\s+)?(?P<date>"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + "|".join(dates.MONTHS) + r")\.?"
    r"|(?:" + "|".join(dates.MONTHS) + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+\d{4})?)\b",
    re.IGNORECASE,
)


def check(pack: Pack, today: dt.date) -> list[Diagnostic]:
    """Every editorial finding of a pack, in file and line order."""
    found = {
        *date_checks(pack, today),
        *name_checks(pack),
        *acronym_checks(pack),
        *hygiene_checks(pack),
    }
    return sorted(found, key=lambda d: (d.position, d.code, d.message))


# ---- dates ------------------------------------------------------------------------------


def date_checks(pack: Pack, today: dt.date) -> Iterator[Diagnostic]:
    for article in pack.articles:
        published = article_date(article)
        yield from _text_dates(article, published)
        yield from _weekdays(article, published)
        for index, item in enumerate(article.of_kind("follow_up")):
            yield from _due(article, index, item, published, today)


def article_date(article: Article) -> dt.date | None:
    """The article's own date: its metadata, else the date the analysis read it against."""
    if article.meta.published:
        return article.meta.published
    reference = article.analysis.reference_date if article.analysis else None
    return dt.date.fromisoformat(reference) if reference else None


def _text_dates(article: Article, published: dt.date | None) -> Iterator[Diagnostic]:
    if article.analysis is None or published is None:
        return
    for mention in article.analysis.dates:
        if mention.value is None:
            continue
        where = text_position(article.path, article.text, mention.start)
        if mention.year_inferred:
            message = (
                f"'{mention.text}' has no year; read as {mention.value}, the year of the"
                f" article's date ({published.isoformat()}): confirm"
            )
            yield Diagnostic.make("C405", message, where)
        elif mention.preposition in TARGET_WORDS and dates.is_past(
            mention.end_value or mention.value, published
        ):
            message = (
                f"target date '{mention.preposition} {mention.text}' is before the article's"
                f" date ({published.isoformat()}); check the source"
            )
            yield Diagnostic.make("C401", message, where)


def _weekdays(article: Article, published: dt.date | None) -> Iterator[Diagnostic]:
    for match in _WEEKDAY_DATE.finditer(article.text):
        found = dates.normalise(match["date"], published)
        if found is None or found.value is None or len(found.value) != 10:
            continue
        actual = dates.WEEKDAYS[dt.date.fromisoformat(found.value).weekday()]
        if actual != match["weekday"].lower():
            inferred = " (year from the article's date)" if found.year_inferred else ""
            message = (
                f"'{match[0]}': {found.value}{inferred} is a {actual.capitalize()},"
                f" not a {match['weekday'].capitalize()}"
            )
            where = text_position(article.path, article.text, match.start())
            yield Diagnostic.make("C404", message, where)


def _due(
    article: Article, index: int, item: Item, published: dt.date | None, today: dt.date
) -> Iterator[Diagnostic]:
    spec = item.follow_up
    if not spec.due:
        return
    where = article.position_of(f"follow_ups[{index}].due") or item_position(article, item)
    if published and dates.is_past(spec.due, published):
        message = (
            f"follow-up '{spec.action}' is due {spec.due}, before its article's date"
            f" ({published.isoformat()})"
        )
        yield Diagnostic.make("C402", message, where)
    elif spec.status in UNFINISHED and dates.is_past(spec.due, today):
        # The date it fell overdue, not the build date: the finding stays the same from
        # one day to the next, so an unchanged pack stays up to date (stable_dates).
        message = (
            f"follow-up '{spec.action}' was due {spec.due} and is still {spec.status}"
            f" (overdue since {_day_after(spec.due).isoformat()})"
        )
        yield Diagnostic.make("C403", message, where)


def stable_dates(pack: Pack, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The build dates [from, until) around today over which check() finds the same: an
    unfinished follow-up turns overdue (C403) on the day after its due date. An
    incremental build records this instead of the build date (None: an open end)."""
    start: dt.date | None = None
    until: dt.date | None = None
    for article in pack.articles:
        published = article_date(article)
        for item in article.of_kind("follow_up"):
            spec = item.follow_up
            if not spec.due or spec.status not in UNFINISHED:
                continue
            if published and dates.is_past(spec.due, published):
                continue  # C402 whatever the build date
            turn = _day_after(spec.due)
            if turn <= today:
                start = turn if start is None else max(start, turn)
            else:
                until = turn if until is None else min(until, turn)
    return start, until


def _day_after(due: str) -> dt.date:
    """The first day after a (partial) ISO date: the day dates.is_past(due, day) turns true."""
    parts = [int(p) for p in due.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0] + 1, 1, 1)
    if len(parts) == 2:
        year, month = parts[0] + parts[1] // 12, parts[1] % 12 + 1
        return dt.date(year, month, 1)
    return dt.date(*parts) + dt.timedelta(days=1)


# ---- names ------------------------------------------------------------------------------


def spelling_variant(name: str, canonical: str) -> bool:
    """True when a name is the canonical name spelt differently ("Lee Chae-myung" for
    "Lee Jae-myung"), not a shorter or titled form of it ("Blinken", "Secretary Blinken")."""
    a, b = utils.default_process(name), utils.default_process(canonical)
    if not a or a == b or set(a.split()) <= set(b.split()) or set(b.split()) <= set(a.split()):
        return False
    return bool(fuzz.ratio(a, b) >= SAME_NAME)


def name_checks(pack: Pack) -> Iterator[Diagnostic]:
    known = [(p, "people.yaml") for p in pack.known_people]
    known += [(p, f"people: of {pack.path}") for p in pack.spec.people]
    for article in pack.articles:
        for person, source in known:
            for alias in person.aliases:
                if spelling_variant(alias, person.name):
                    yield from _alias_uses(article, alias, person, source)
    yield from _two_spellings(pack, [p for p, _ in known])


def _alias_uses(
    article: Article, alias: str, person: PersonSpec, source: str
) -> Iterator[Diagnostic]:
    uses = list(re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", article.text))
    if uses:
        times = f" ({len(uses)} times)" if len(uses) > 1 else ""
        message = (
            f"'{alias}'{times} is a variant spelling of '{person.name}' ({source});"
            " the pack should use the canonical name"
        )
        yield Diagnostic.make(
            "C410", message, text_position(article.path, article.text, uses[0].start())
        )


def _two_spellings(pack: Pack, known: list[PersonSpec]) -> Iterator[Diagnostic]:
    """Person names in the articles that look like one name spelt two ways, unless the
    people lists already say which is right (then C410 reports the variant)."""
    listed = {n for p in known for n in (p.name, *p.aliases)}
    first: dict[str, Position] = {}
    for article in pack.articles:
        for entity in article.analysis.entities if article.analysis else ():
            name = entity.text.removesuffix("\u2019s").removesuffix("'s").strip()
            if entity.label == "PERSON" and name not in first:
                first[name] = text_position(article.path, article.text, entity.start)
    names = list(first)
    for later_index, later in enumerate(names):
        for earlier in names[:later_index]:
            if {earlier, later} & listed or not spelling_variant(later, earlier):
                continue
            message = (
                f"'{later}' here and '{earlier}' at {first[earlier]} look like one person"
                " spelt two ways; list the right spelling under people: with the other as an alias"
            )
            yield Diagnostic.make("C411", message, first[later])
            break


# ---- acronyms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Expansion:
    short: str
    long: str
    position: Position
    where: str  # "the pack glossary", "the glossary of X", "the text of X"


def _expansions(pack: Pack) -> list[_Expansion]:
    """Every expansion the pack gives an acronym: its glossary, then each article's
    glossary (as written in its .ann.yaml) and definitions in its text."""
    found = [
        _Expansion(
            k, v, pack.position_of(f"glossary.{k}") or Position(pack.path), "the pack glossary"
        )
        for k, v in pack.spec.glossary.items()
    ]
    for article in pack.articles:
        for short, long in article.glossary:
            position = article.position_of(f"glossary.{short}")
            if position is not None:
                found.append(_Expansion(short, long, position, f"the glossary of {position.path}"))
        for acronym in article.analysis.acronyms if article.analysis else ():
            position = text_position(article.path, article.text, acronym.start)
            found.append(
                _Expansion(acronym.short, acronym.long, position, f"the text of {article.path}")
            )
    return found


def _folded(text: str) -> str:
    return " ".join(text.translate(_DASHES).translate(_QUOTES).casefold().split())


def acronym_checks(pack: Pack) -> Iterator[Diagnostic]:
    expansions = _expansions(pack)
    yield from _two_expansions(expansions)
    glossaries = {e.short: e for e in expansions if not e.where.startswith("the text")}
    defined = {e.short for e in expansions if e.where.startswith("the text")}
    for article in pack.articles:
        for use in article.analysis.undefined_acronyms if article.analysis else ():
            if use.short in defined or use.short in WELL_KNOWN:
                continue
            where = text_position(article.path, article.text, use.start)
            times = f" {use.count} times" if use.count > 1 else ""
            entry = glossaries.get(use.short)
            if entry is not None:
                message = (
                    f"'{use.short}' is used{times} but never defined in the text;"
                    f" {entry.where} expands it as '{entry.long}'"
                )
                yield Diagnostic.make("C421", message, where)
            else:
                hint = f" (the entity rules know it as '{use.known}')" if use.known else ""
                message = (
                    f"'{use.short}' is used{times} but defined nowhere in the pack;"
                    f" add it to the pack's glossary{hint}"
                )
                yield Diagnostic.make("C420", message, where)


def _two_expansions(expansions: list[_Expansion]) -> Iterator[Diagnostic]:
    """Each other expansion of an acronym, at its first site, against the first one given
    (the pack glossary's where it has the acronym: that is the one the pack prints)."""
    reference: dict[str, _Expansion] = {}
    reported: set[tuple[str, str]] = set()
    for expansion in expansions:
        first = reference.setdefault(expansion.short, expansion)
        key = (expansion.short, _folded(expansion.long))
        if key in reported or _folded(first.long) == key[1]:
            continue
        reported.add(key)
        message = (
            f"'{expansion.short}' is expanded as '{expansion.long}' here but as"
            f" '{first.long}' in {first.where} ({first.position}); use one expansion"
        )
        yield Diagnostic.make("C422", message, expansion.position)


# ---- pack hygiene -----------------------------------------------------------------------


def hygiene_checks(pack: Pack) -> Iterator[Diagnostic]:
    for article in pack.articles:
        for index, item in enumerate(article.of_kind("follow_up")):
            yield from _incomplete(article, index, item)
    yield from _merged(pack)
    yield from _unused(pack)


def _incomplete(article: Article, index: int, item: Item) -> Iterator[Diagnostic]:
    spec = item.follow_up
    missing = [what for what, value in (("owner", spec.owner), ("due date", spec.due)) if not value]
    if missing and spec.status in UNFINISHED:  # a done or dropped action needs neither
        where = article.position_of(f"follow_ups[{index}]") or item_position(article, item)
        message = f"follow-up '{spec.action}' has no {' and no '.join(missing)}"
        yield Diagnostic.make("C430", message, where)


def _merged(pack: Pack) -> Iterator[Diagnostic]:
    articles = {a.id: a for a in pack.articles}
    for row in tracker(pack.articles):
        first = row.items[0]
        there = follow_up_position(articles[first.article_id], first)
        for item in row.items[1:]:
            message = (
                f"follow-up '{item.follow_up.action}' is the same action as '{row.action}'"
                f" ({there}); the tracker shows them as one row, {row.label}"
            )
            yield Diagnostic.make(
                "C431", message, follow_up_position(articles[item.article_id], item)
            )


def _unused(pack: Pack) -> Iterator[Diagnostic]:
    used = {a.id for a in pack.articles if a.items}
    seen: set[str] = set()
    for t, topic in enumerate(pack.spec.topics):
        for a, article_id in enumerate(topic.articles):
            if article_id in used or article_id in seen:
                continue
            seen.add(article_id)
            where = pack.position_of(f"topics[{t}].articles[{a}]") or Position(pack.path)
            message = (
                f"nothing from article '{article_id}' is used (no facts, proposals or"
                " follow-ups); annotate it or take it out of the pack"
            )
            yield Diagnostic.make("C432", message, where)


# ---- positions and links ----------------------------------------------------------------


def item_position(article: Article, item: Item) -> Position:
    """Where an item was written: its quote in the .ann.yaml, or (a machine draft) its passage."""
    if item.machine or not item.position.line:
        return text_position(article.path, article.text, item.anchor.start)
    return item.position


def follow_up_position(article: Article, item: Item) -> Position:
    index = article.of_kind("follow_up").index(item)
    return article.position_of(f"follow_ups[{index}]") or item_position(article, item)


def passage_links(pack: Pack) -> dict[tuple[str, int], str]:
    """Links into the pack's HTML for the (path, line) of every item the .ann.yaml files hold."""
    links: dict[tuple[str, int], str] = {}
    for article in pack.articles:
        for index, item in enumerate(article.of_kind("follow_up")):
            for key in ("", ".due", ".owner"):
                position = article.position_of(f"follow_ups[{index}]{key}")
                if position is not None:
                    links[(position.path, position.line)] = f"index.html#{item.id}"
        for item in article.items:
            links.setdefault((item.position.path, item.position.line), f"index.html#{item.id}")
        for short, _ in article.glossary:
            position = article.position_of(f"glossary.{short}")
            if position is not None:
                links[(position.path, position.line)] = "index.html#glossary"
    return links


def passage_link(pack: Pack, position: Position, links: dict[tuple[str, int], str]) -> str | None:
    """Where in the pack's HTML a finding's passage is shown, if anywhere: the paragraph of
    an article in the sources appendix, or the item an .ann.yaml line describes."""
    for number, article in enumerate(pack.articles, start=1):
        if position.path == article.path and position.line:
            offset = _offset(article.text, position.line, position.col)
            starts = [p.start for p in article.paragraphs]
            index = max(bisect.bisect_right(starts, offset) - 1, 0)
            if not article.paragraphs:
                return f"index.html#article-{number}"
            return f"index.html#article-{number}-p{article.paragraphs[index].number}"
    if position.path == pack.path and any(
        position == pack.position_of(f"glossary.{k}") for k in pack.spec.glossary
    ):
        return "index.html#glossary"
    return links.get((position.path, position.line))


def _offset(text: str, line: int, col: int) -> int:
    """The character offset of a line and column (from 1): the inverse of text_position."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    return start + max(col - 1, 0)
