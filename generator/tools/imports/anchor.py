"""From documents to articles: each span becomes a quote anchor in its article."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Diagnostic, DiagnosticError, Position
from generator.load import anchors
from generator.load.annotations import ANNOTATION_SUFFIX
from generator.load.pack import ARTICLE_SUFFIXES, Project
from generator.load.sources import read_text
from generator.tools.imports.check import _show, check_span
from generator.tools.imports.labels import target_of
from generator.tools.imports.spans import Anchored, Document, Imported, Target

# ---- from documents to articles ---------------------------------------------------------


@dataclass(frozen=True)
class _Article:
    id: str
    path: Path
    folded: anchors.Folded


def _articles(project: Project) -> list[_Article]:
    found = []
    if project.seeds.is_dir():
        for path in sorted(project.seeds.iterdir()):
            if (
                path.suffix in ARTICLE_SUFFIXES
                and path.is_file()
                and not path.name.endswith(ANNOTATION_SUFFIX)
            ):
                text = read_text(path, project.shown(path))
                found.append(_Article(path.stem, path, anchors.fold(text)))
    return found


def match_article(
    project: Project, document: Document, articles: Sequence[_Article], chosen: str | None
) -> tuple[_Article, int]:
    """The article the document's text comes from, and where (folded) the document starts in it."""
    folded = anchors.fold_plain(document.text)
    candidates = [a for a in articles if a.id == chosen] if chosen else list(articles)
    if chosen and not candidates:
        message = f"no article '{chosen}' in {project.shown(project.seeds)}/"
        raise DiagnosticError([Diagnostic.make("E915", message, document.position)])
    exact = [a for a in candidates if a.folded.text == folded]
    if exact:
        return exact[0], 0
    containing = [
        (a, a.folded.text.find(folded)) for a in candidates if folded and folded in a.folded.text
    ]
    if len(containing) == 1 or (chosen and containing):
        return containing[0]
    if chosen:
        return candidates[0], -1  # quotes are looked up one by one
    opening = " ".join(document.text.split())[:50]
    message = (
        f"no article in {project.shown(project.seeds)}/ has this document's text "
        f'("{opening}..."); add it as seeds/NAME.txt or pass --article NAME'
    )
    raise DiagnosticError([Diagnostic.make("E915", message, document.position)])


def anchor_span(
    article: _Article,
    base: int,
    document: Document,
    bounds: tuple[int, int],
    kind: Target,
    where: Position,
) -> tuple[Anchored | None, list[Diagnostic]]:
    """The quote for a checked span, with the occurrence that makes it point at that span."""
    quote = document.text[bounds[0] : bounds[1]]
    needle = anchors.fold_plain(quote)
    starts = _all(article.folded.text, needle)
    if not starts:
        message = f"quote {_show(quote)} is not in {article.path.name}"
        return None, [Diagnostic.make("E915", message, where)]
    if base >= 0:
        doc_folded = anchors.fold(document.text)
        target = base + bisect.bisect_left(doc_folded.origin, bounds[0])
        occurrence = starts.index(target) + 1 if target in starts else None
        if occurrence is None:
            message = (
                f"quote {_show(quote)} found in {article.path.name}, but not at the span's place"
            )
            return None, [Diagnostic.make("E915", message, where)]
    elif len(starts) > 1:
        message = (
            f"quote {_show(quote)} occurs {len(starts)} times in {article.path.name}; "
            "add occurrence: by hand"
        )
        return None, [Diagnostic.make("E915", message, where)]
    else:
        occurrence = 1
    start = starts[occurrence - 1]
    return Anchored(
        kind, " ".join(quote.split()), occurrence if len(starts) > 1 else None, start
    ), []


def _all(haystack: str, needle: str) -> list[int]:
    found, index = [], haystack.find(needle)
    while needle and index != -1:
        found.append(index)
        index = haystack.find(needle, index + 1)
    return found


def import_documents(
    project: Project,
    documents: Iterable[Document],
    mapping: dict[str, Target] | None,
    article_id: str | None = None,
) -> tuple[dict[str, Imported], list[Diagnostic]]:
    """Every span checked, mapped and anchored, grouped by article; and every finding."""
    articles = _articles(project)
    results: dict[str, Imported] = {}
    diagnostics: list[Diagnostic] = []
    unmapped: dict[str, Position] = {}
    for document in documents:
        try:
            article, base = match_article(project, document, articles, article_id)
        except DiagnosticError as error:
            diagnostics += error.diagnostics
            continue
        imported = results.setdefault(article.id, Imported(article.id, article.path))
        for span in document.spans:
            kind = target_of(span.label, mapping)
            if kind is None:
                unmapped.setdefault(span.label, span.position)
                continue
            if kind == "ignore":
                continue
            bounds, found = check_span(document.text, span)
            diagnostics += found
            if bounds is None:
                continue
            anchored, found = anchor_span(article, base, document, bounds, kind, span.position)
            diagnostics += found
            if anchored is not None and anchored not in imported.items:
                imported.items.append(anchored)
    for label, where in unmapped.items():
        hint = "map it in --labels FILE" if mapping is not None else "pass --labels FILE to map it"
        message = (
            f"label '{label}' is not mapped to facts, proposals or follow_ups; "
            f"its spans are skipped ({hint})"
        )
        diagnostics.append(Diagnostic.make("E914", message, where))
    return results, diagnostics
