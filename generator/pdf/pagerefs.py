"""Page references without WeasyPrint's second layout.

The print CSS numbers the contents and the "see p. N" references with
`target-counter(attr(href url), page)`. WeasyPrint resolves a page number only once the
target has been laid out, then lays the pages with references out again (a third of the
layout of a pack). When the pages of the targets are known beforehand, from the last PDF
made of the same pack, the PDF is made instead from the same HTML with each in-document
link carrying its target's page as `data-briefs-page`, and the CSS reading that attribute
in place of target-counter: one layout. The numbers are then checked against where the
targets landed; if any differs (the pack changed), the document is made again the usual
way. A document whose numbers agree is the one WeasyPrint's own passes end with: the PDF
is byte for byte the same (tests/pdf/test_pagerefs.py).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from generator.render.rendered import Rendered

logger = logging.getLogger(__name__)
TARGET_COUNTER = "target-counter(attr(href url), page)"
ATTRIBUTE = "data-briefs-page"
# A stylesheet that resets or steps the page counter numbers pages its own way: left to
# WeasyPrint (page numbers read here are page positions, 1, 2, 3 ...).
_OWN_PAGE_COUNTER = re.compile(r"counter-(?:reset|increment|set)\s*:[^;}]*\bpage\b")

Pages = dict[str, int]  # anchor (an element's id) -> the page it starts on, from 1


@dataclass(frozen=True)
class Numbered:
    """The HTML and assets with the page numbers written in, and the numbers written."""

    rendered: Rendered
    pages: Pages


def numbered(rendered: Rendered, pages: Mapping[str, int]) -> Numbered | None:
    """The document with every in-document link's target page written in, or None when
    that would not give the same PDF (no target-counter to replace, a page counter of the
    CSS's own, or a link whose target's page is not known)."""
    css = {name: data for name, data in rendered.assets.items() if name.endswith(".css")}
    token = TARGET_COUNTER.encode()
    if not any(token in data for data in css.values()):
        return None
    if any(_OWN_PAGE_COUNTER.search(data.decode("utf-8", "replace")) for data in css.values()):
        return None
    if _OWN_PAGE_COUNTER.search(rendered.html):
        return None
    links = _Links()
    links.feed(rendered.html)
    links.close()
    found = [(start + 1 + len(tag), target) for start, tag, target in links.found]
    if any(target not in pages for _, target in found):
        return None
    # Each attribute goes right after its tag's name; anything else there and the
    # document is not the one it seems: left to WeasyPrint.
    lowered = rendered.html.lower()
    if not all(lowered.startswith(f"<{tag}", start) for start, tag, _ in links.found):
        return None
    html = _annotate(rendered.html, found, pages)
    assets = dict(rendered.assets)
    for name, data in css.items():
        assets[name] = data.replace(token, f"attr({ATTRIBUTE})".encode())
    return Numbered(Rendered(html, assets), {target: pages[target] for _, target in found})


def anchor_pages(document: Any) -> Pages:
    """Where each anchor of a laid-out WeasyPrint document starts: its first page."""
    pages: Pages = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def agrees(made: Numbered, laid_out: Pages) -> bool:
    """Every number written in is the page its target landed on."""
    return all(laid_out.get(target) == page for target, page in made.pages.items())


class _Links(HTMLParser):
    """The start tag of every element that links inside the document, and its target."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # (offset of the tag's "<", tag, target)
        self._line_starts = [0]

    def feed(self, data: str) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", data)]
        super().feed(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if href and href.startswith("#"):
            line, column = self.getpos()
            start = self._line_starts[line - 1] + column
            self.found.append((start, tag, href[1:]))

    handle_startendtag = handle_starttag


def _annotate(html: str, found: list[tuple[int, str]], pages: Mapping[str, int]) -> str:
    pieces, last = [], 0
    for at, target in found:
        pieces += [html[last:at], f' {ATTRIBUTE}="{pages[target]}"']
        last = at
    pieces.append(html[last:])
    return "".join(pieces)


# ---- what the last PDF of a pack found, kept in the project's cache ----------------------


def remembered(folder: Path, slug: str) -> Pages | None:
    """The anchors' pages of the last PDF made of this pack, if any (anything unreadable
    counts as none: the numbers are checked anyway)."""
    try:
        data = json.loads((folder / f"{slug}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    pages = {k: v for k, v in data.items() if isinstance(k, str) and type(v) is int}
    return pages if len(pages) == len(data) else None


def remember(
    folder: Path, slug: str, pages: Pages, known: Pages | None, write: Callable[[Path, bytes], Any]
) -> None:
    """Keep the anchors' pages for the next PDF of the pack (written only when changed;
    a cache that cannot be written costs the next PDF its head start, nothing else)."""
    if pages and pages != known:
        try:
            write(folder / f"{slug}.json", json.dumps(pages, sort_keys=True).encode("utf-8"))
        except OSError as error:
            logger.warning("cannot keep the page numbers of %s: %s", slug, error)
