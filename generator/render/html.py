"""The render stage: a resolved pack becomes one HTML document (Jinja2 + markdown-it-py)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import sys
import traceback
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

from generator.checks import passage_link, passage_links
from generator.errors import CATALOGUE, Diagnostic, DiagnosticError, Position, Severity
from generator.load import anchors
from generator.model import KINDS, Article, Item, Pack, PersonSpec
from generator.nlp.dates import MONTH_NAMES, due_key
from generator.nlp.named import spelt_out
from generator.render.rendered import Rendered
from generator.render.sandbox import ContainedLoader, TemplateSandbox, printable
from generator.render.theme import THEME
from generator.render.timeline import timeline
from generator.render.tracker import tracker
from generator.review import draft_state

_MODULE_PATH = re.compile(r"'(?:[A-Za-z_][\w]*\.)+(\w+ object)'")
PACK_TEMPLATE = "pack.html.j2"
CHECKS_TEMPLATE = "checks.html.j2"
ASSETS = ("screen.css", "print.css")
# The watermark of a draft pack (review.py: unconfirmed items, placeholders): a page
# background, so the tagged PDF keeps it out of the structure tree (an artifact, not text
# a screen reader reads; the banner says DRAFT in words).
DRAFT_MARK = "draft-watermark.svg"
DRAFT_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600">'
    '<text x="300" y="300" transform="rotate(-45 300 300)" text-anchor="middle" '
    'dominant-baseline="middle" font-family="Noto Sans, DejaVu Sans, sans-serif" '
    'font-size="150" font-weight="bold" letter-spacing="12" fill="#000" fill-opacity="0.09">'
    "DRAFT</text></svg>"
)


@dataclass(frozen=True)
class Segment:
    """A run of article text: marks are the anchors covering it, starts those beginning here."""

    text: str
    marks: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceParagraph:
    number: int
    segments: tuple[Segment, ...]
    # Its line breaks are its own (a programme's "Date:" and "Venue:", a list), not prose
    # wrapped at a width: the page keeps them.
    keeps_lines: bool = False


@lru_cache(maxsize=8)
def environment(search_path: tuple[Path, ...]) -> jinja2.Environment:
    """A sandboxed, strict, autoescaping environment; '!theme/NAME' always reaches the theme."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({"!theme": ContainedLoader(THEME)}, delimiter="/"),
            ContainedLoader([str(p) for p in search_path]),
        ]
    )
    env = TemplateSandbox(
        loader=loader,
        autoescape=True,
        finalize=printable,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = markdown
    env.filters["long_date"] = long_date
    env.filters["partial_date"] = partial_date
    return env


@lru_cache(maxsize=1)
def _markdown_parser() -> MarkdownIt:
    # Raw HTML off: editors' Markdown and anything pasted into it is shown, never run.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        "table"
    )


def markdown(text: str | None) -> Markup:
    """Render an editor's Markdown; raw HTML and unsafe link schemes come out inert."""
    if not text:
        return Markup("")
    return Markup(_markdown_parser().render(text))


def long_date(value: dt.date | None) -> str:
    """'27 October 2025': spelt out, so no reader mistakes day for month."""
    if value is None:
        return ""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def partial_date(value: str | None) -> str:
    """A due date that may be a year, a month or a day, spelt out at its precision."""
    if not value:
        return ""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    return long_date(dt.date(*parts))


def source_paragraphs(article: Article) -> tuple[SourceParagraph, ...]:
    """The article's paragraphs cut into segments at every anchor edge, for highlighting."""
    result = []
    for paragraph in article.paragraphs:
        inside = [i.anchor for i in article.items if i.anchor.paragraph == paragraph.number - 1]
        edges = {paragraph.start, paragraph.end}
        for anchor in inside:
            edges.update((max(anchor.start, paragraph.start), min(anchor.end, paragraph.end)))
        cuts = sorted(edges)
        segments = []
        for start, end in itertools.pairwise(cuts):
            marks = tuple(a.id for a in inside if a.start <= start and end <= a.end)
            starts = tuple(dict.fromkeys(a.id for a in inside if a.start == start))
            segments.append(Segment(article.text[start:end], marks, starts))
        text = article.text[paragraph.start : paragraph.end]
        result.append(SourceParagraph(paragraph.number, tuple(segments), keeps_lines(text)))
    return tuple(result)


# A line that opens a list item or a label: "- ", "2. ", "(a) ", "Date:", "Venue:".
_LINE_OPENS_ITEM = re.compile(r"(?:[-*\u2022\u2013\u2014]\s|\(?\w{1,3}[.)]\s|[A-Z][\w ]{0,24}:\s)")


def keeps_lines(text: str) -> bool:
    """Whether a paragraph's line breaks are its own: more than one line, and not prose
    hard-wrapped at a width (lines of forty characters or more, every one but the last
    near the longest, none opening a list item or a label), which reads as one paragraph."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    if any(_LINE_OPENS_ITEM.match(line) for line in lines):
        return True
    longest = max(len(line) for line in lines)
    # Nobody wraps prose at under forty characters: short lines are lines.
    return longest < 40 or any(len(line) < 0.6 * longest for line in lines[:-1])


def follow_up_order(item: Item) -> tuple[int, str, str]:
    """Tracker order: dated items by due date (a bare year sorts as its end), undated last."""
    return (*due_key(item.follow_up.due), item.id)


def people(pack: Pack) -> list[PersonSpec]:
    """The pack's people, then those its articles add, one entry per person: the same
    name, an alias of it, or a shorter form of it ("Blinken", "Antony J. Blinken",
    "Martin Luther King Jr.") are one entry under the first name declared; the pack's
    own entries come first, so what an editor declared wins. An entry is unconfirmed
    while none of its sources is confirmed (the model's finds in an article with no
    .ann.yaml never are)."""
    found = [
        p if a.annotated else p.model_copy(update={"confirmed": False})
        for a in pack.articles
        for p in a.people
    ]
    merged: list[PersonSpec] = []
    for person in [*pack.spec.people, *found]:
        index = next((i for i, known in enumerate(merged) if _same_person(known, person)), None)
        if index is None:
            merged.append(person)
            continue
        known = merged[index]
        spellings = [*known.aliases, *person.aliases]
        if anchors.name_key(person.name) != anchors.name_key(known.name):
            spellings.append(person.name)
        aliases = [
            a for a in dict.fromkeys(spellings) if not _name_words(a) <= _name_words(known.name)
        ]
        merged[index] = known.model_copy(
            update={
                "aliases": aliases,
                "role": known.role or person.role,
                "confirmed": known.confirmed or person.confirmed,
            }
        )
    texts = [a.text for a in pack.articles]
    return sorted(merged, key=lambda p: family_key(p.name, texts))


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_WORD_BEFORE = re.compile(r"([\w'\u2019.-]+)[ \t]*$")
_WORD_AFTER = re.compile(r"[ \t]*([\w'\u2019.-]+)")


def family_key(name: str, texts: Sequence[str]) -> tuple[str, str]:
    """Where a person files in the who's who: under the family name, as the articles make
    it known. News names a person in full once, then by the family name alone ("Xi
    Jinping" ... "Xi said"; "Pedro Sánchez Pérez-Castejón" ... "Sánchez told"): the
    part of the name the texts use most on its own is the family name, whatever its
    place in the name. A name never shortened files under its last word, a suffix
    ("Jr.") aside: the family name of a name in the usual English order. Accents do not
    move a name ("Á" files with "A")."""
    words = [w for w in name.split() if w.strip(".,").casefold() not in _SUFFIXES] or [name]
    own = {w.strip(".,").casefold() for w in name.split()}
    best, most = words[-1], 0
    for size in range(len(words) - 1, 0, -1):
        for at in range(len(words) - size, -1, -1):  # a later part wins a tie
            part = words[at : at + size]
            pattern = re.compile(r"(?<![\w-])" + r"\s+".join(map(re.escape, part)) + r"(?![\w-])")
            alone = sum(
                _alone(text, m.start(), m.end(), own)
                for text in texts
                for m in pattern.finditer(text)
            )
            if alone > most:
                best, most = " ".join(part), alone
    return _folded(best), _folded(name)


def _alone(text: str, start: int, end: int, own: set[str]) -> bool:
    """A part of a name written without the rest of it around it."""
    before = _WORD_BEFORE.search(text, 0, start)
    after = _WORD_AFTER.match(text, end)
    return not any(m and m[1].strip(".,'\u2019").casefold() in own for m in (before, after))


def _folded(name: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c)
    )


def _name_words(name: str) -> set[str]:
    """The words that identify a person: without initials, suffixes and quote marks."""
    words = {w.strip(".,") for w in anchors.name_key(name).split()}
    return {w for w in words if len(w) > 1 and w not in _SUFFIXES}


def _same_person(a: PersonSpec, b: PersonSpec) -> bool:
    names_a = [_name_words(n) for n in (a.name, *a.aliases)]
    names_b = [_name_words(n) for n in (b.name, *b.aliases)]
    return any(x and y and (x <= y or y <= x) for x in names_a for y in names_b)


def glossary(pack: Pack) -> list[tuple[str, str]]:
    """Acronyms from the pack and its articles; the pack's own expansion wins."""
    terms: dict[str, str] = {}
    for article in pack.articles:
        for short, long in article.glossary:
            terms.setdefault(short, long)
    terms.update(pack.spec.glossary)
    return sorted(terms.items(), key=lambda kv: kv[0].casefold())


def named(pack: Pack, kind: str) -> list[str]:
    """The organisations or countries the pack's articles name, first article first, once
    each: spellings that differ in quote marks or case are one, and an acronym and its
    expansion ("ASEAN", "Association of Southeast Asian Nations") are one entry, written
    as first named: by the glossary, or by the name that spells out the acronym ("UN" in
    one article, "United Nations" in another), in the list of the name spelt out."""
    expansions = {anchors.name_key(s): long for s, long in glossary(pack)}
    found: dict[str, list[str]] = {}  # key: [kind, name as first named]
    for article in pack.articles:
        for of_kind, names in (("org", article.organisations), ("country", article.countries)):
            for name in names:
                key = anchors.name_key(expansions.get(anchors.name_key(name), name))
                found.setdefault(key, [of_kind, name])
    entries = list(found.values())
    for entry in list(entries):
        longer = next((e for e in entries if e is not entry and spelt_out(entry[1], e[1])), None)
        if longer is not None and entry in entries:
            first, later = sorted((entry, longer), key=entries.index)
            first[0] = longer[0]
            entries.remove(later)
    return [name for of_kind, name in entries if of_kind == kind]


def context(pack: Pack, pdf: bool = True) -> dict[str, Any]:
    """Everything a template may use: plain data, no loaders or parsers. pdf: whether
    the build makes the pack's PDF (its page links to it)."""
    follow_ups = sorted(
        (i for a in pack.articles for i in a.of_kind("follow_up")), key=follow_up_order
    )
    labels = {article.id: f"A{n}" for n, article in enumerate(pack.articles, start=1)}
    rows = tracker(pack.articles)
    machine = any(not a.annotated or any(i.machine for i in a.items) for a in pack.articles)
    draft = draft_state(pack)
    return {
        "pack": pack,
        "spec": pack.spec,
        "topics": [
            {
                "title": topic.title,
                "notes": topic.notes,
                "articles": topic.articles,
                **{
                    kind.key: [i for a in topic.articles for i in a.of_kind(kind.name)]
                    for kind in KINDS
                },
            }
            for topic in pack.topics
        ],
        "articles": pack.articles,
        "articles_by_id": {a.id: a for a in pack.articles},
        "article_labels": labels,
        "follow_ups": follow_ups,
        "tracker": rows,
        "timeline": timeline(pack, rows, labels, partial_date),
        "banner_ink": banner_ink(pack.colour),
        "people": people(pack),
        "organisations": named(pack, "org"),
        "countries": named(pack, "country"),
        "glossary": glossary(pack),
        "sources": {a.id: source_paragraphs(a) for a in pack.articles},
        "paragraph_of": {i.id: i.anchor.paragraph + 1 for a in pack.articles for i in a.items},
        "machine_suggested": machine,
        "draft": draft,
        "draft_mark": DRAFT_MARK if draft else None,
        "files": pack_files(pack.slug, pdf),
    }


def pack_files(slug: str, pdf: bool) -> dict[str, str | None]:
    """Where a pack's page finds its other files, relative to build/<pack>/index.html."""
    return {
        "desk": "../index.html",
        "pdf": f"../{slug}.pdf" if pdf else None,
        "checks": "checks.html",
        "csv": f"../{slug}.follow-ups.csv",
        "ics": f"../{slug}.follow-ups.ics",
    }


def is_draft(pack: Pack) -> bool:
    """A pack is a draft while anything in it is not confirmed by an editor or a
    placeholder is left (review.py); the exports and the desk's front page say so."""
    return draft_state(pack) is not None


def banner_ink(colour: str) -> str:
    """Black or white, whichever contrasts more with the classification colour (WCAG)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    try:
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    except ValueError:
        return "#ffffff"
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) else "#ffffff"


def render_pack(
    pack: Pack, search_path: Sequence[Path], root: Path | None = None, pdf: bool = True
) -> Rendered:
    """The pack as one HTML document plus its stylesheets, or B501 diagnostics.

    Template paths in diagnostics are shown relative to root (the project folder); pdf:
    whether the build makes the PDF the page links to.
    """
    env = environment(tuple(search_path))
    with template_errors(pack.path, root or Path.cwd()):
        template = env.get_template(PACK_TEMPLATE)
        values = context(pack, pdf)
        html = template.render(values)
        assets = {name: asset(env, name) for name in ASSETS}
        if values["draft_mark"]:
            assets[DRAFT_MARK] = DRAFT_SVG.encode("utf-8")
    return Rendered(html, assets)


def checks_context(pack: Pack, findings: Sequence[Diagnostic], today: dt.date) -> dict[str, Any]:
    """The checks page's data: findings by severity, worst first, each with its link."""
    links = passage_links(pack)
    groups = []
    for severity in sorted(Severity, reverse=True):
        rows = [
            {
                "code": d.code,
                "severity": str(severity),
                "message": d.message,
                "where": str(d.position),
                "link": passage_link(pack, d.position, links),
                "meaning": CATALOGUE[d.code][1] if d.code in CATALOGUE else "",
            }
            for d in findings
            if d.severity == severity
        ]
        if rows:
            groups.append({"severity": str(severity), "findings": rows})
    return {
        "pack": pack,
        "spec": pack.spec,
        "banner_ink": banner_ink(pack.colour),
        "machine_suggested": False,
        "draft": None,
        "draft_mark": None,
        "today": today,
        "groups": groups,
        "count": len(findings),
    }


def render_checks(
    pack: Pack,
    findings: Sequence[Diagnostic],
    today: dt.date,
    search_path: Sequence[Path],
    root: Path | None = None,
) -> str:
    """The editor's checks page: every finding of the pack, linked to its passage."""
    env = environment(tuple(search_path))
    with template_errors(pack.path, root or Path.cwd()):
        html = env.get_template(CHECKS_TEMPLATE).render(checks_context(pack, findings, today))
    return html


@contextmanager
def template_errors(page: str, root: Path) -> Iterator[None]:
    """Whatever a template raises becomes a B501 diagnostic at its line, never a traceback
    (at `page`, the file the page is made from, when no template line is known)."""
    try:
        yield
    except jinja2.TemplateSyntaxError as error:
        where = Position(
            _shown_template(error.filename or error.name or "?", root), error.lineno or 0, 1
        )
        raise DiagnosticError(
            [Diagnostic.make("B501", f"template syntax: {error.message}", where)]
        ) from None
    except jinja2.TemplateNotFound as error:
        where = _template_frame(page, root)
        raise DiagnosticError(
            [Diagnostic.make("B501", f"template not found: '{error.name}'", where)]
        ) from None
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError) as error:
        # "'generator.model.PackFile object' has no attribute" -> "'PackFile object' ...":
        # the module path means nothing to an editor.
        message = _MODULE_PATH.sub(r"'\1'", str(error))
        where = _template_frame(page, root)
        raise DiagnosticError([Diagnostic.make("B501", f"template: {message}", where)]) from None
    except (Exception, RecursionError, MemoryError) as error:
        # Templates are code from whoever wrote them: whatever they raise is their error,
        # reported at their line, never a traceback (a runaway macro, 1/0, a huge range).
        # Python words a RecursionError by where the limit struck ("... while calling a
        # Python object"), which depends on the caller's depth: report it one way.
        said = "maximum recursion depth exceeded" if isinstance(error, RecursionError) else error
        message = f"template: {type(error).__name__}: {said}"
        where = _template_frame(page, root)
        raise DiagnosticError([Diagnostic.make("B501", message, where)]) from None


def asset(env: jinja2.Environment, name: str) -> bytes:
    """A stylesheet or script of the template search path, as it is."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source.encode("utf-8")


def _shown_template(filename: str, root: Path) -> str:
    """A template's path relative to the project, '!theme/NAME' for the built-in theme."""
    path = Path(filename).resolve()
    if path.is_relative_to(root.resolve()):
        return path.relative_to(root.resolve()).as_posix()
    if path.is_relative_to(THEME):
        return f"!theme/{path.relative_to(THEME).as_posix()}"
    return path.as_posix()


def _template_frame(page: str, root: Path) -> Position:
    """The innermost template line in the traceback Jinja2 rewrote for the current error."""
    for frame in reversed(traceback.extract_tb(sys.exc_info()[2])):
        if frame.filename.endswith((".j2", ".html", ".css")):
            return Position(_shown_template(frame.filename, root), frame.lineno or 0, 1)
    return Position(page)
