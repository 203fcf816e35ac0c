"""WeasyPrint's fixed-length C arrays come from the open array type (pdf/cdata.py): the
same memory and values as cffi's own, without a parse for each length; the PDF is the
same."""

from __future__ import annotations

import cffi
import pytest

from generator.pdf.cdata import fast_arrays
from generator.pdf.make import PdfOptions, render_pdf
from generator.render.rendered import Rendered
from generator.render.theme import THEME


@pytest.fixture
def ffi() -> cffi.FFI:
    made = cffi.FFI()
    made.cdef("typedef uint32_t glyph_t; typedef struct { int x, y; } point_t;")
    return made


def test_a_filled_array_is_the_open_array_with_the_same_bytes(ffi: cffi.FFI) -> None:
    plain = ffi.new("glyph_t[4]", [3, 1, 4, 1])
    fast_arrays(ffi)
    fast = ffi.new("glyph_t[4]", [3, 1, 4, 1])
    assert ffi.typeof(fast) is ffi.typeof("glyph_t[]")  # no glyph_t[4] parsed
    assert len(fast) == 4
    assert ffi.buffer(fast)[:] == ffi.buffer(plain)[:]


def test_an_empty_array_has_its_length_zeroed(ffi: cffi.FFI) -> None:
    fast_arrays(ffi)
    tags = ffi.new("glyph_t[100]")
    assert ffi.typeof(tags) is ffi.typeof("glyph_t[]")
    assert ffi.sizeof(tags) == 400
    assert list(tags) == [0] * 100
    assert ffi.sizeof(ffi.new("char[4]")) == 4


def test_anything_else_goes_to_cffi_as_before(ffi: cffi.FFI) -> None:
    fast_arrays(ffi)
    fast_arrays(ffi)  # once per instance: not wrapped twice
    partly = ffi.new("glyph_t[5]", [7, 8])  # values that do not fill it
    assert ffi.typeof(partly) is ffi.typeof("glyph_t[5]")
    assert list(partly) == [7, 8, 0, 0, 0]
    point = ffi.new("point_t *", {"x": 2})
    assert (point.x, point.y) == (2, 0)
    text = ffi.new("char[]", b"ab")
    assert ffi.string(text) == b"ab"
    matrix = ffi.new("glyph_t[2][3]")
    assert ffi.sizeof(matrix) == 24


def test_a_pdf_is_the_same_with_weasyprints_arrays_made_either_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from weasyprint.text.ffi import ffi

    # Glyphs of scripts in three fonts: each subset asks for arrays of its own lengths.
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title><link rel="stylesheet" '
        'href="print.css"></head><body><main><h2 id="s">Summary</h2><p>Plain, <b>bold</b>'
        " and <i>italic</i> text; สวัสดี; 안녕하세요.</p></main></body></html>"
    )
    rendered = Rendered(html, {"print.css": (THEME / "print.css").read_bytes()})
    fast_arrays(ffi)
    fast, _, _ = render_pdf(rendered, PdfOptions())
    monkeypatch.setattr(ffi, "new", type(ffi).new.__get__(ffi))  # cffi's own again
    monkeypatch.setattr("generator.pdf.make.fast_arrays", lambda _ffi: None)
    plain, _, _ = render_pdf(rendered, PdfOptions())
    assert ffi.typeof(ffi.new("hb_codepoint_t[3]", [1, 2, 3])) is ffi.typeof("hb_codepoint_t[3]")
    assert fast == plain
