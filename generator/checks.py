"""The check stage: editorial rules over a loaded, enriched pack (dates, names, known names of
places, organisations and agreements, acronyms, hygiene).

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
from generator.model import Article, Item, KnownName, Pack, PersonSpec
from generator.nlp import dates
from generator.render.tracker import tracker
from generator.review import review

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
# How C405 names the year a date without one was read in, against the article's year.
_YEAR_READ = {0: "the year of", 1: "the next one after"}
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WEEKDAY_DATE = re.compile(
    r"\b(?P<weekday>" + "|".join(dates.WEEKDAYS) + r"),?\s+(?:the\s+)?(?P<date>"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + "|".join(dates.MONTHS) + r")\.?"
    r"|(?:" + "|".join(dates.MONTHS) + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?)(?:,?\s+\d{4})?)\b",
    re.IGNORECASE,
)


def check(pack: Pack, today: dt.date, release: bool = False) -> list[Diagnostic]:
    """Every editorial finding of a pack, in file and line order; with release, what is
    unconfirmed or a placeholder is an error (review.py)."""
    found = {
        *date_checks(pack, today),
        *name_checks(pack),
        *acronym_checks(pack),
        *known_name_checks(pack),
        *hygiene_checks(pack),
        *review(pack, release),
    }
    return sorted(found, key=lambda d: (d.position, d.code, d.message))


# ---- dates ------------------------------------------------------------------------------


def date_checks(pack: Pack, today: dt.date) -> Iterator[Diagnostic]:
    for article in pack.articles:
        published = article_date(article)
        yield from _text_dates(article, published)
        yield from _weekdays(article, published)
        for index, item in enumerate(article.of_kind("follow_up")):
            if not item.damaged:  # a broken status or due date is reported already
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
            # The year the extraction gave it (dates.coming), not one worked out again here.
            which = _YEAR_READ.get(int(mention.value[:4]) - published.year, "the year before")
            message = (
                f"'{mention.text}' has no year; read as {mention.value}, {which} the"
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
        # The year the extraction read ("Wednesday, 15 January" in December: next year's).
        day = article.analysis.day_at(*match.span("date")) if article.analysis else None
        found = dates.Normalised(day.value, year_inferred=day.year_inferred) if day else None
        found = found or dates.normalise(match["date"], published)
        if found is None or found.value is None or len(found.value) != 10:
            continue
        actual = dates.WEEKDAYS[dt.date.fromisoformat(found.value).weekday()]
        if actual != match["weekday"].lower():
            inferred = " (no year written)" if found.year_inferred else ""
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


# ---- known names: places, organisations, agreements ---------------------------------------

# Words that say what kind of thing a name names: house styles write some in lower case
# ("the Paris agreement", "the Mekong river"), so C450 never asks for their capital; and
# a run of capitalised words ending in one of KIND_WORDS is an organisation's or an
# agreement's name, for C451.
KIND_WORDS = frozenset(
    {"agreement", "agreements", "partnership", "treaty", "pact", "accord", "convention"}
    | {"framework", "protocol", "charter", "organisation", "organization", "association"}
    | {"forum", "community", "council", "bank", "fund", "union", "alliance", "initiative"}
    | {"commission", "cooperation", "co-operation", "area"}
)
GENERIC_WORDS = KIND_WORDS | {"river", "sea", "ocean", "strait", "island", "islands", "city"}
_CONNECTORS = frozenset({"of", "and", "for", "on", "the", "in", "&", "de", "a", "an", "to"})
_CAPITALISED = r"[A-Z][\w.'’]*(?:-[\w.'’]+)*"
_NAME_RUN = re.compile(
    rf"(?<![\w-]){_CAPITALISED}(?:[ \t]+(?:(?:of|and|for|on|the|in|&)[ \t]+)*{_CAPITALISED})+"
)
_AND = re.compile(r"\s+and\s+(?:(?:of|the|for|on|in)\s+)*")
# fuzz.ratio from which two words are one word misspelt ("Africa" for "African" is 92).
SAME_WORD = 85.0


def known_name_checks(pack: Pack) -> Iterator[Diagnostic]:
    forms = [(known, form) for known in pack.known_names for form in known.forms]
    for article in pack.articles:
        yield from _miscased(article, forms)
        yield from _near_misses(article, pack.known_names, {_name_key(f) for _, f in forms})


def _miscased(article: Article, forms: list[tuple[KnownName, str]]) -> Iterator[Diagnostic]:
    """A known name with a word in lower case that the name capitalises ("Kuala lumpur");
    a form all in capitals (a dateline: "KUALA LUMPUR") or all in lower case is not one."""
    reported: set[str] = set()
    for known, form in forms:
        parts = re.findall(r"[^\s-]+", form)
        if len(parts) < 2 or form.isupper():
            continue
        pattern = r"\s+".join(re.escape(word) for word in form.split())
        uses = [
            m
            for m in re.finditer(rf"(?<![\w-]){pattern}(?![\w-])", article.text, re.IGNORECASE)
            if _wrong_case(m[0], parts)
        ]
        if not uses or uses[0][0] in reported:
            continue
        reported.add(uses[0][0])
        times = f" ({len(uses)} times)" if len(uses) > 1 else ""
        message = (
            f"'{uses[0][0]}'{times} is the {known.kind} '{form}' ({known.source}) written in"
            f" the wrong case; the pack should write '{form}'"
        )
        yield Diagnostic.make(
            "C450", message, text_position(article.path, article.text, uses[0].start())
        )


def _wrong_case(written: str, parts: list[str]) -> bool:
    got = re.findall(r"[^\s-]+", written)
    return got[0][:1].isupper() and any(
        want[:1].isupper() and word[:1].islower() and want.casefold() not in GENERIC_WORDS
        for word, want in zip(got, parts, strict=False)
    )


def _near_misses(
    article: Article, known_names: tuple[KnownName, ...], known_keys: set[str]
) -> Iterator[Diagnostic]:
    """A name of an organisation or agreement that is not a known one but is written
    like one: it starts with the known name's first word and has at least half of its
    words, two or more, some replaced ("Regional Business Partnership Agreement" for
    the Regional Comprehensive Economic Partnership)."""
    candidates = [
        (known, form, _content_words(form))
        for known in known_names
        if known.kind != "place"
        for form in known.forms
    ]
    seen: dict[str, list[int]] = {}
    for match in _NAME_RUN.finditer(article.text):
        for text, start in _run_parts(match):
            lead = re.match(r"The\s+", text)
            name = text[lead.end() if lead else 0 :].rstrip(".")
            words = _content_words(name)
            if words and words[-1] in KIND_WORDS and _name_key(name) not in known_keys:
                seen.setdefault(name, []).append(start + (lead.end() if lead else 0))
    for name, starts in seen.items():
        words = _content_words(name)
        if any(
            _contains(words, known_words) or _contains(known_words, words)
            for _, _, known_words in candidates
        ):
            continue  # a known name with more to it ("ASEAN Charter Review Commission"), or a part
        scored = [
            (shared / len(known_words), -abs(len(known_words) - len(words)), known, form)
            for known, form, known_words in candidates
            if (shared := _shared(words, known_words))
        ]
        if not scored:
            continue
        _, _, known, form = max(scored, key=lambda s: (s[0], s[1]))
        short = next((a for a in known.aliases if a.isupper()), None)
        also = f" ({short})" if short and short != form else ""
        times = f" ({len(starts)} times)" if len(starts) > 1 else ""
        message = (
            f"'{name}'{times} is not a known {known.kind}; did you mean '{known.name}'{also}?"
            f" ({known.source} lists it; if '{name}' is right, add it to names.yaml)"
        )
        yield Diagnostic.make("C451", message, text_position(article.path, article.text, starts[0]))


def _run_parts(run: re.Match[str]) -> Iterator[tuple[str, int]]:
    """A run of capitalised words, and its parts joined by "and": in "the X Agreement and
    the Y Partnership" each part may be a name of its own (with the offset of each)."""
    yield run[0], run.start()
    joins = list(_AND.finditer(run[0]))
    bounds = [0, *(i for join in joins for i in join.span()), len(run[0])]
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        if joins:
            yield run[0][start:end], run.start() + start


def _shared(words: list[str], known_words: list[str]) -> int:
    """How many of a known name's words a name has, if it is written like that name
    (same first word, two words or more and at least half shared), else 0."""
    if len(known_words) < 2 or not _same_word(words[0], known_words[0]):
        return 0
    shared = sum(any(_same_word(w, k) for w in words) for k in known_words)
    return shared if shared >= 2 and 2 * shared >= len(known_words) else 0


def _same_word(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= SAME_WORD)


def _contains(words: list[str], known_words: list[str]) -> bool:
    n = len(known_words)
    return any(words[i : i + n] == known_words for i in range(len(words) - n + 1))


def _content_words(name: str) -> list[str]:
    words = re.findall(r"[\w.'’&]+(?:-[\w.'’]+)*", _folded(name))
    return [w.removesuffix("'s").rstrip(".") for w in words if w not in _CONNECTORS]


def _name_key(name: str) -> str:
    return " ".join(_content_words(name))


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
            if not item.damaged:  # a broken owner or due date is reported already
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
                f"follow-up '{item.follow_up.action}' is the same action as"
                f" '{first.follow_up.action}'"
                f" ({there}); the tracker shows them as one row, {row.label}"
            )
            if item.follow_up.status != first.follow_up.status:
                # The row shows the furthest status (tracker.merged): say so, so that an
                # editor who meant to reopen the action knows where else to change it.
                message += (
                    f"; their statuses differ ('{item.follow_up.status}' here,"
                    f" '{first.follow_up.status}' there) and the row shows '{row.status}'"
                )
            if item.confirmed != first.confirmed:  # the row takes the confirmed wording
                unconfirmed = "this one" if first.confirmed else "that one"
                message += f"; {unconfirmed} is not confirmed and the row is partly confirmed"
            yield Diagnostic.make(
                "C431", message, follow_up_position(articles[item.article_id], item)
            )


def _unused(pack: Pack) -> Iterator[Diagnostic]:
    used = {a.id for a in pack.articles if a.items} | pack.incomplete  # its problems are reported
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
