"""The pdf stage: WeasyPrint turns a rendered pack into PDF bytes, fetching nothing else."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Diagnostic, DiagnosticError, Position
from generator.pdf.cdata import fast_arrays
from generator.pdf.pagerefs import Pages, agrees, anchor_pages, numbered
from generator.pdf.variants import DEFAULT_PDF_VARIANT
from generator.render.rendered import Rendered

logger = logging.getLogger(__name__)

_MIME = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2"}
ATTACHMENT_DESCRIPTION = "The pack's data: its annotations and merged follow-up tracker, as JSON"
# Where the document believes it lives; only its own assets are served from here.
PACK_BASE = "file:///briefs-pack/"
_shared_fonts: Any = None  # see font_config()


@dataclass(frozen=True)
class PdfOptions:
    """The PDF flavour, files to embed, and the date stamped on them (fixed: reproducible bytes)."""

    variant: str = DEFAULT_PDF_VARIANT
    attachments: dict[str, bytes] = field(default_factory=dict)
    # Where a refused URL was written (see provenance.py); else the pack's position.
    locate: Callable[[str], Position] | None = None
    date: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    # Where the anchors were in the last PDF of the pack (pagerefs.py): one layout, not two.
    pages: Mapping[str, int] | None = None
    # Asked once the pages are laid out: False, and the PDF is not written (Superseded).
    wanted: Callable[[], bool] | None = None


class Superseded(Exception):
    """The PDF was no longer wanted when laid out (`briefs serve`: the pack changed)."""


def make_pdf(
    rendered: Rendered, where: Position, options: PdfOptions
) -> tuple[bytes, list[Diagnostic]]:
    """The PDF of a rendered pack, and warnings for every resource that was refused."""
    try:
        pdf, refused, _ = render_pdf(rendered, options)
    except Exception as error:  # WeasyPrint raises many types; none may escape as a traceback
        raise DiagnosticError([Diagnostic.make("B503", f"PDF failed: {error}", where)]) from error
    return pdf, refused_diagnostics(refused, where, options.locate)


def refused_diagnostics(
    refused: list[tuple[str, str]], where: Position, locate: Callable[[str], Position] | None
) -> list[Diagnostic]:
    """B502 for every URL the fetcher refused, at the file that asked for it if known."""
    find = locate or (lambda _url: where)
    return [
        Diagnostic.make("B502", f"refused to fetch '{url}': {why}", find(url))
        for url, why in dict.fromkeys(refused)
    ]


def render_pdf(
    rendered: Rendered, options: PdfOptions
) -> tuple[bytes, list[tuple[str, str]], Pages]:
    """The PDF bytes, the URLs refused (url, why) and the page each anchor starts on;
    WeasyPrint's errors are raised."""
    from generator.pdf.structure import mend_structure  # pikepdf: where PDFs are made only

    with _weasyprint_warnings() as messages, gc_paused():
        _still_wanted(options)
        laid_out = None
        made = numbered(rendered, options.pages) if options.pages else None
        if made is not None:
            laid_out = _lay_out(made.rendered, rendered, options)
            if not agrees(made, laid_out.pages):
                laid_out = None  # the pack changed: its numbers are WeasyPrint's to find
                messages.clear()
        if laid_out is None:
            laid_out = _lay_out(rendered, rendered, options)
        _still_wanted(options)
        pdf = laid_out.document.write_pdf(**laid_out.write_options)
        pdf = mend_structure(bytes(pdf), declare_ua=options.variant.startswith("pdf/a"))
    for message in messages:
        logger.debug("weasyprint: %s", message)
    return bytes(pdf), list(laid_out.fetcher.refused), laid_out.pages


def _still_wanted(options: PdfOptions) -> None:
    if options.wanted is not None and not options.wanted():
        raise Superseded


@dataclass(frozen=True)
class _LaidOut:
    document: Any  # weasyprint.Document
    write_options: dict[str, Any]
    fetcher: Any
    pages: Pages


def _lay_out(document: Rendered, rendered: Rendered, options: PdfOptions) -> _LaidOut:
    """The pages of `document`, which is `rendered` itself or it with page numbers written
    in: everything the PDF says about itself (identifier, fonts) comes from `rendered`."""
    from weasyprint import HTML, Attachment
    from weasyprint.text.ffi import ffi

    fast_arrays(ffi)
    fetcher = _fetcher_class()(document.assets)
    write_options: dict[str, Any] = {
        "pdf_identifier": hashlib.sha256(rendered.html.encode("utf-8")).hexdigest()[:32].encode(),
        "pdf_tags": True,
        "uncompressed_pdf": False,
    }
    if options.variant != "none":
        write_options["pdf_variant"] = options.variant
    if options.attachments:
        write_options["attachments"] = [
            Attachment(
                string=data,
                name=name,
                url_fetcher=fetcher,
                base_url=PACK_BASE,
                description=ATTACHMENT_DESCRIPTION,
                created=options.date,
                modified=options.date,
                relationship="Data",
            )
            for name, data in options.attachments.items()
        ]
    html = HTML(string=document.html, base_url=PACK_BASE, url_fetcher=fetcher)
    laid_out = html.render(font_config=font_config(rendered), **write_options)
    return _LaidOut(laid_out, write_options, fetcher, anchor_pages(laid_out))


def font_config(rendered: Rendered) -> Any:
    """WeasyPrint's fonts for this document: one FontConfiguration per process, reused, so
    that Pango's font map and the faces it loaded stay warm from one PDF to the next (a
    fresh one costs each PDF about a quarter of its layout). The PDF bytes are the same
    either way; a document with its own @font-face gets a fresh one, so that no pack's
    faces reach another's PDF."""
    from weasyprint.text.fonts import FontConfiguration

    global _shared_fonts
    own_faces = "@font-face" in rendered.html or any(
        b"@font-face" in data for name, data in rendered.assets.items() if name.endswith(".css")
    )
    if own_faces:
        return FontConfiguration()
    if _shared_fonts is None:
        _shared_fonts = FontConfiguration()
    return _shared_fonts


def _fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the pack's own assets from memory and refuses every other URL."""

        def __init__(self, assets: dict[str, bytes]) -> None:
            super().__init__(allowed_protocols=("file",))
            self.assets = assets
            self.refused: list[tuple[str, str]] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            name = url.removeprefix(PACK_BASE) if url.startswith(PACK_BASE) else None
            if name is not None and name in self.assets:
                mime = _MIME.get(Path(name).suffix, "application/octet-stream")
                return URLFetcherResponse(url, self.assets[name], {"Content-Type": mime})
            why = "not one of the pack's assets" if url.startswith("file:") else "no network access"
            self.refused.append((url[:200], why))
            raise ValueError(f"briefs refused to fetch {url[:200]}")

    return AssetFetcher


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a PDF is made. WeasyPrint allocates about a
    million objects for a pack, and each few thousand the collector runs; the full
    collections it triggers walk the whole heap (WeasyPrint's, fontconfig's, the models')
    and cost a PDF a tenth of its time, to find nothing: what a PDF leaves is freed by
    reference counting (objects in the process are as many after ten PDFs as after
    one). The collector runs again as before once the PDF is made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's log lines for this document instead of printing them."""
    messages: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    wp_logger = logging.getLogger("weasyprint")
    handler = Collector(logging.WARNING)
    wp_logger.addHandler(handler)
    old_propagate = wp_logger.propagate
    wp_logger.propagate = False
    try:
        yield messages
    finally:
        wp_logger.removeHandler(handler)
        wp_logger.propagate = old_propagate
