"""A warm PDF worker for a build of one pack: a process forked as the build starts, that
imports WeasyPrint (and pikepdf, fontconfig) on the second core while the parent loads,
reads, checks and renders the pack; the pdf stage then hands it the rendered pack.

On two cores this overlaps the two longest serial parts of a one-pack build: importing
and warming WeasyPrint, and everything before the PDF. A build of several packs in
worker processes does not need it (the build imports WeasyPrint once, before it forks
them: preload).
The PDF it returns is byte for byte the one the parent would have made.
It pays only with a core to spare: on a machine already busy (a one-minute load average
within half a job of the number of cores) the worker's work would only compete with the
build's, so a build makes its PDF itself. BRIEFS_PDF_WORKER=0 in the environment turns
the worker off, =1 on whatever the load (`make bench` measures with and without).
`briefs serve` calls `supersede()` on every change: a PDF started before it is dropped
once laid out (it would only keep the current version's PDF waiting), not written.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from generator.errors import Diagnostic, Position

logger = logging.getLogger(__name__)
_WARM_HTML = """<!DOCTYPE html><html lang="en"><head><title>briefs</title>
<link rel="stylesheet" href="print.css"></head><body><main><section><h2>briefs</h2>
<p>briefs <em>briefs</em> <strong>briefs</strong></p><table><tr><th>briefs</th>
<td>briefs</td></tr></table></section></main></body></html>"""
_pool: ProcessPoolExecutor | None = None
_used = False  # whether the worker was given a PDF to make
_owner = 0  # the process that started it
# Set when the worker is given its first PDF; inherited by the worker at its fork, so its
# warm-up can tell that a PDF is already waiting.
_asked: Any = None
# A count of changes (shared memory, inherited by the worker at its fork): a job made at
# an older count is no longer wanted. Only `briefs serve` moves it.
_generation: Any = None


def exit_with_parent() -> None:
    """A pool worker's initializer: the worker ends when the process that started it does.
    A build killed outright (SIGKILL, the OOM killer) cannot shut its pool down, and its
    workers would otherwise wait on their queue for ever; the kernel's parent-death signal
    is no help, as it fires when the forking *thread* ends. The check costs a system call
    every half second."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)  # no cleanup: what the pack left half-written is a temporary file

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@dataclass(frozen=True)
class PdfJob:
    """What the pdf stage needs, as plain data that crosses to the worker."""

    html: str
    assets: dict[str, bytes]
    variant: str
    attachments: dict[str, bytes]
    date_iso: str
    sources: Mapping[str, str]
    where: Position
    pages: Mapping[str, int] | None = None  # the anchors' pages in the pack's last PDF
    generation: int = -1  # the count of changes when it was handed over (-1: always wanted)


@dataclass(frozen=True)
class PdfDone:
    """The PDF (empty if WeasyPrint failed, saying why), glyph findings, refused URLs,
    and the page each anchor starts on."""

    pdf: bytes
    glyphs: list[Diagnostic]
    refused: list[tuple[str, str]]
    failure: str | None = None
    pages: dict[str, int] = field(default_factory=dict)
    superseded: bool = False  # dropped unmade: something changed after it was started


def make(job: PdfJob) -> PdfDone:
    """The glyph check and the PDF of a job, in the warm worker when there is one."""
    return start(job)()


def start(job: PdfJob) -> Callable[[], PdfDone]:
    """Hand a job to the warm worker, when there is one, and return what waits for its
    PDF: the caller does its own work meanwhile. Without a worker, the PDF is made here
    when waited for."""
    global _used
    # A process forked from the one that started the worker (a --jobs worker) has a copy
    # of the pool that no thread serves: it makes its PDFs itself.
    if _pool is None or os.getpid() != _owner:
        return lambda: _make(job)
    _used = True
    _asked.set()
    job = replace(job, generation=_generation.value)
    try:
        future = _pool.submit(_make, job)
    except Exception as error:  # a broken worker costs its head start, not the pack
        logger.debug("PDF worker failed; making the PDF here", exc_info=error)
        return lambda: _make(job)

    def wait() -> PdfDone:
        try:
            return future.result()
        except Exception as error:
            logger.debug("PDF worker failed; making the PDF here", exc_info=error)
            return _make(job)

    return wait


def _make(job: PdfJob) -> PdfDone:
    import datetime as dt

    from generator.pdf.glyphs import check_glyphs
    from generator.pdf.make import PdfOptions, Superseded, render_pdf
    from generator.render.rendered import Rendered

    css = job.assets.get("print.css", b"").decode("utf-8")
    glyphs = check_glyphs(job.html, css, job.sources, job.where)
    date = dt.datetime.fromisoformat(job.date_iso)
    options = PdfOptions(
        job.variant, job.attachments, date=date, pages=job.pages, wanted=_wanted(job)
    )
    try:
        pdf, refused, pages = render_pdf(Rendered(job.html, job.assets), options)
    except Superseded:
        return PdfDone(b"", [], [], superseded=True)
    except Exception as error:  # WeasyPrint raises many types; each becomes B503
        return PdfDone(b"", glyphs, [], f"{error}")
    return PdfDone(pdf, glyphs, refused, pages=pages)


def _wanted(job: PdfJob) -> Callable[[], bool] | None:
    """Whether the job is still wanted, asked in the worker: nothing changed since it
    was handed over (None: always, in a build or without a worker)."""
    shared = _generation
    if shared is None or job.generation < 0:
        return None
    return lambda: bool(shared.value == job.generation)


def supersede() -> None:
    """Something changed: the PDFs handed to the worker so far are no longer wanted."""
    if _generation is not None:
        _generation.value += 1


def _warm() -> None:
    """Pay in the worker, ahead of time, what the first PDF would pay: the imports,
    fontconfig's configuration and caches, and, unless the PDF is already waiting,
    WeasyPrint's first document. That small document loads the faces and runs every
    code path once, which the PDF would otherwise do itself: it pays while the build
    is still busy, but made after the PDF was asked for it only delays it (by about
    0.3 s here: the document costs more than it saves the PDF), so it is not started
    then, and not written if the PDF is asked for while it is laid out."""
    import weasyprint  # noqa: F401  (the import is most of the warm-up)

    from generator.pdf import glyphs
    from generator.pdf.make import PdfOptions, Superseded, render_pdf
    from generator.render.rendered import Rendered
    from generator.render.theme import THEME

    glyphs.resolve("serif")
    asked = _asked
    if asked is not None and asked.is_set():
        return
    # The theme's faces, regular, bold and italic, loaded into the shared font map. A PDF
    # asked for while the document is laid out stops it there: its writing (a third of
    # its cost) would only hold that PDF up.
    css = {"print.css": (THEME / "print.css").read_bytes()}
    wanted = None if asked is None else (lambda: not asked.is_set())
    try:
        render_pdf(Rendered(_WARM_HTML, css), PdfOptions(wanted=wanted))
    except Superseded:
        return


def preload() -> None:
    """Import what a PDF needs (WeasyPrint, pikepdf) in a build about to fork workers for
    its packs: imported once and shared by every fork, instead of once in each worker.
    On two free cores the wall time is the same (the workers imported in parallel); on a
    busy machine the second import was CPU the packs needed. It starts no thread (fork
    stays safe): WeasyPrint loads its libraries, fontconfig is first asked in a worker."""
    import weasyprint  # noqa: F401

    from generator.pdf import make, structure  # noqa: F401


def spare_core() -> bool:
    """Whether a build should start its warm worker: a core is idle, or the environment
    says so (BRIEFS_PDF_WORKER=1; =0 never)."""
    setting = os.environ.get("BRIEFS_PDF_WORKER")
    if setting in ("0", "1"):
        return setting == "1"
    return os.getloadavg()[0] < (os.cpu_count() or 1) - 0.5


def worker_running() -> bool:
    return _pool is not None


@contextmanager
def warm_worker(wanted: bool) -> Iterator[None]:
    """A warm worker for the duration of a build (one pack, with a PDF) or of `briefs
    serve`, when wanted."""
    global _pool, _used, _owner, _asked, _generation
    if not wanted or _pool is not None or os.environ.get("BRIEFS_PDF_WORKER") == "0":
        yield
        return
    # fork: the worker starts from the parent's imports instead of from nothing.
    context = multiprocessing.get_context("fork")
    _asked = context.Event()
    _generation = context.Value("q", 0, lock=False)  # one writer: the serving thread
    _pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=context,
        initializer=exit_with_parent,
    )
    _owner = os.getpid()
    _pool.submit(_warm)
    try:
        yield
    finally:
        pool, _pool = _pool, None
        if not _used:  # never given a PDF (the pack was up to date, or failed): no waiting
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()
        _used, _asked, _generation = False, None, None
        pool.shutdown(wait=True, cancel_futures=True)
