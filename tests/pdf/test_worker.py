"""The warm PDF worker: the PDF it makes is byte for byte the one made in process, and a
build of one pack that uses it writes the same files as one that does not."""

from __future__ import annotations

import dataclasses
import signal

import pytest

from generator.errors import Position
from generator.pdf import worker
from generator.render.theme import THEME

HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title>
<link rel="stylesheet" href="print.css"></head><body><h1>Title</h1><p>Text \ue000.</p>
<img src="https://example.org/x.png" alt="x"></body></html>"""


def job() -> worker.PdfJob:
    css = (THEME / "print.css").read_bytes()
    return worker.PdfJob(
        HTML,
        {"print.css": css},
        "pdf/ua-1",
        {},
        "2025-10-28T00:00:00+00:00",
        {"seeds/a.txt": "Text \ue000."},
        Position("briefs/p.yaml"),
    )


@pytest.mark.slow
def test_the_worker_makes_the_same_pdf_and_findings_as_the_process() -> None:
    here = worker.make(job())
    with worker.warm_worker(True):
        assert worker._pool is not None
        there = worker.make(job())
    assert worker._pool is None
    assert there.pdf.startswith(b"%PDF-")
    assert there == here
    assert [d.code for d in there.glyphs] == ["P801"]
    assert there.refused == [("https://example.org/x.png", "no network access")]


def test_no_worker_is_started_when_not_wanted() -> None:
    with worker.warm_worker(False):
        assert worker._pool is None


def test_a_worker_never_given_a_pdf_is_stopped_not_waited_for() -> None:
    with worker.warm_worker(True):
        assert worker._pool is not None
        processes = list(worker._pool._processes.values())  # type: ignore[attr-defined]
    assert processes and all(p.exitcode == -signal.SIGTERM for p in processes)


@pytest.mark.slow
def test_a_process_forked_from_the_build_makes_its_pdfs_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A --jobs worker inherits a copy of the pool that nothing serves: it must not wait
    on it."""
    with worker.warm_worker(True):
        monkeypatch.setattr(worker, "_owner", -1)  # as seen from another process
        done = worker.make(job())
        assert not worker._used
    assert done.pdf.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("setting", "load", "started"),
    [(None, 0.2, True), (None, 1.8, False), ("1", 1.8, True), ("0", 0.2, False)],
)
def test_a_build_starts_its_worker_only_with_a_core_to_spare(
    monkeypatch: pytest.MonkeyPatch, setting: str | None, load: float, started: bool
) -> None:
    if setting is None:
        monkeypatch.delenv("BRIEFS_PDF_WORKER", raising=False)
    else:
        monkeypatch.setenv("BRIEFS_PDF_WORKER", setting)
    monkeypatch.setattr(worker.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(worker.os, "getloadavg", lambda: (load, load, load))
    assert worker.spare_core() is started


@pytest.mark.parametrize("asked", [False, True])
def test_the_warm_up_makes_its_first_document_only_while_no_pdf_waits(
    monkeypatch: pytest.MonkeyPatch, asked: bool
) -> None:
    """Once a PDF is waiting, the warm-up stops after the imports: its small document
    would only hold the PDF up."""
    import threading

    from generator.pdf import make

    made: list[object] = []
    event = threading.Event()
    if asked:
        event.set()
    monkeypatch.setattr(worker, "_asked", event)
    monkeypatch.setattr(make, "render_pdf", lambda *args: made.append(args))
    worker._warm()
    assert len(made) == (0 if asked else 1)


@pytest.mark.slow
@pytest.mark.parametrize("asked_meanwhile", [False, True])
def test_a_pdf_asked_for_while_the_warm_up_lays_out_stops_it_before_writing(
    monkeypatch: pytest.MonkeyPatch, asked_meanwhile: bool
) -> None:
    import threading

    from generator.pdf import make, structure

    event = threading.Event()
    lay_out, written = make._lay_out, []

    def laid_out_while_asked(*args: object) -> object:
        if asked_meanwhile:
            event.set()  # the build hands its PDF over while the warm-up lays out
        return lay_out(*args)

    monkeypatch.setattr(worker, "_asked", event)
    monkeypatch.setattr(make, "_lay_out", laid_out_while_asked)
    monkeypatch.setattr(structure, "mend_structure", lambda data, **_: written.append(data) or data)
    worker._warm()
    assert len(written) == (0 if asked_meanwhile else 1)


@pytest.mark.slow
def test_handing_the_worker_a_pdf_says_so_to_its_warm_up() -> None:
    with worker.warm_worker(True):
        assert worker._asked is not None and not worker._asked.is_set()
        worker.make(job())
        assert worker._asked.is_set()
    assert worker._asked is None


def test_the_worker_imports_for_a_pdf_nothing_of_the_stages_before() -> None:
    """What the worker imports on the way to its first PDF is what the PDF's start waits
    for: no Jinja2, markdown-it, models or checks (render/rendered.py)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from generator.pdf import glyphs, make, structure, worker\n"
        "from generator.render.rendered import Rendered\n"
        "from generator.render.theme import THEME\n"
        "heavy = ('jinja2', 'markdown_it', 'pydantic', 'spacy', 'generator.model',"
        " 'generator.checks', 'generator.render.html')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("pdf", [True, False])
def test_a_build_forks_its_pack_workers_with_weasyprint_imported_once(pdf: bool) -> None:
    """Packs built in worker processes share the parent's WeasyPrint import (pdf/worker.py,
    preload); a build without PDFs does not pay for it."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator.build import pipeline\n"
        "class Pool:\n"
        "    def __init__(self, *args, **kwargs):\n"
        "        print('weasyprint' in sys.modules, 'pikepdf' in sys.modules)\n"
        "        raise SystemExit(0)\n"
        "pipeline.ProcessPoolExecutor = Pool\n"
        "stale = [(0, Path('a.yaml'), None), (1, Path('b.yaml'), None)]\n"
        f"options = pipeline.BuildOptions(out=Path('build'), jobs=2, pdf={pdf})\n"
        "list(pipeline._build_stale(None, stale, options, None, None))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(pdf), str(pdf)]


@pytest.mark.slow
def test_a_pdf_superseded_before_it_is_written_is_dropped_and_the_next_one_made() -> None:
    with worker.warm_worker(True):
        first = worker.start(job())  # handed over at this count of changes ...
        worker.supersede()  # ... which moves before the worker has laid it out
        second = worker.start(job())
        dropped, made = first(), second()
    assert dropped == worker.PdfDone(b"", [], [], superseded=True)
    assert made == worker.make(job())  # the same bytes and findings as without a worker
    assert made.pdf.startswith(b"%PDF-") and not made.superseded


def test_without_a_worker_nothing_is_superseded() -> None:
    worker.supersede()  # a build never calls it; without a worker it does nothing
    assert worker._generation is None


@pytest.mark.slow
def test_a_pdf_superseded_while_it_waits_for_the_worker_is_not_laid_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.pdf import make

    laid_out: list[bool] = []
    real = make._lay_out

    def counted(*args: object) -> object:
        laid_out.append(True)
        return real(*args)  # type: ignore[arg-type]

    with worker.warm_worker(True):
        worker.supersede()  # a change between handing over and the worker starting
        stale = dataclasses.replace(job(), generation=0)  # handed over before it
        monkeypatch.setattr(make, "_lay_out", counted)
        done = worker._make(stale)  # here, as the worker would: it reads the same count
    assert done.superseded and not laid_out
