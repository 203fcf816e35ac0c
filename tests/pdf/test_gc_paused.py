"""The cyclic garbage collector is paused while a PDF is made (pdf/make.py: gc_paused),
then restored as it was; the PDF is the same either way."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

import pytest

from generator.pdf import make
from generator.pdf.make import PdfOptions, gc_paused, render_pdf
from generator.render.rendered import Rendered
from generator.render.theme import THEME

_HTML = """<!DOCTYPE html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="print.css"></head><body><main><section id="s">
<h2>Summary</h2><p>A paragraph, <em>some</em> <strong>text</strong>.</p></section>
</main></body></html>"""


@pytest.fixture
def rendered() -> Rendered:
    return Rendered(_HTML, {"print.css": (THEME / "print.css").read_bytes()})


def test_no_collection_while_a_pdf_is_laid_out_and_the_collector_is_restored(
    rendered: Rendered, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    real = make._lay_out

    def spy(*args: object) -> object:
        seen.append(gc.isenabled())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(make, "_lay_out", spy)
    assert gc.isenabled()
    render_pdf(rendered, PdfOptions())
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with contextlib.suppress(RuntimeError), gc_paused():
        raise RuntimeError("a failed PDF")
    assert gc.isenabled()


def test_the_pdf_is_the_same_with_the_collector_running(
    rendered: Rendered, monkeypatch: pytest.MonkeyPatch
) -> None:
    paused, _, _ = render_pdf(rendered, PdfOptions())

    @contextlib.contextmanager
    def running() -> Iterator[None]:
        yield

    monkeypatch.setattr(make, "gc_paused", running)
    assert render_pdf(rendered, PdfOptions())[0] == paused
