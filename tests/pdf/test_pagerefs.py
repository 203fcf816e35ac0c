"""Page references from the last PDF of a pack (pdf/pagerefs.py): the numbers written into
the HTML give, in one layout, the very PDF that WeasyPrint's target-counter passes give;
numbers that no longer hold are found again; every contents entry names its page."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build.atomic import write_atomic
from generator.build.pipeline import BuildOptions, run_pack
from generator.load.pack import find_project
from generator.pdf import make, pagerefs
from generator.pdf.make import PdfOptions, render_pdf
from generator.render.rendered import Rendered
from tests.printing import SECOND_PACK, copy_repo, run_briefs

CSS = b".contents a::after { content: leader('. ') target-counter(attr(href url), page); }"
HTML = """<!DOCTYPE html><html><body><nav class="contents">
<a href="#b">B</a> <A class=x HREF='#c'>C</A><area href="#b"/> <a href="https://example.org/">x</a>
<a title="a > b" href="#b">again</a></nav><h2 id="b">B</h2><h2 id="c">C</h2></body></html>"""


def test_each_in_document_link_carries_its_targets_page_and_the_css_reads_it() -> None:
    rendered = Rendered(HTML, {"print.css": CSS, "screen.css": b"a { color: red; }"})
    made = pagerefs.numbered(rendered, {"b": 3, "c": 12, "unlinked": 1})
    assert made is not None
    html = made.rendered.html
    assert '<a data-briefs-page="3" href="#b">B</a>' in html
    assert "<A data-briefs-page=\"12\" class=x HREF='#c'>" in html
    assert '<area data-briefs-page="3" href="#b"/>' in html
    assert '<a data-briefs-page="3" title="a > b" href="#b">' in html
    assert '<a href="https://example.org/">' in html
    # Nothing else of the document changes.
    assert re.sub(r' data-briefs-page="\d+"', "", html) == HTML
    assert made.pages == {"b": 3, "c": 12}
    css = made.rendered.assets["print.css"]
    assert b"attr(data-briefs-page)" in css and b"target-counter" not in css
    assert made.rendered.assets["screen.css"] == b"a { color: red; }"


@pytest.mark.parametrize(
    ("html", "css", "pages"),
    [
        (HTML, b".contents a::after { content: counter(page); }", {"b": 3, "c": 12}),
        (HTML, CSS + b" @page { counter-increment: page 2; }", {"b": 3, "c": 12}),
        (HTML.replace("<body>", '<body style="counter-reset: page 5">'), CSS, {"b": 3, "c": 1}),
        (HTML, CSS, {"b": 3}),  # where #c lands is not known
    ],
    ids=["no target-counter", "own page counter", "own page counter inline", "unknown target"],
)
def test_left_to_weasyprint_when_written_numbers_could_differ(
    html: str, css: bytes, pages: dict[str, int]
) -> None:
    assert pagerefs.numbered(Rendered(html, {"print.css": css}), pages) is None


def test_the_pages_kept_are_read_back_and_anything_unreadable_is_none(tmp_path: Path) -> None:
    pagerefs.remember(tmp_path, "p", {"summary": 3, "facts": 4}, None, write_atomic)
    assert pagerefs.remembered(tmp_path, "p") == {"summary": 3, "facts": 4}
    writes: list[Path] = []
    pagerefs.remember(tmp_path, "p", {"summary": 3, "facts": 4}, {"summary": 3, "facts": 4},
                      lambda path, data: writes.append(path))  # fmt: skip
    assert writes == []  # unchanged: not written again
    assert pagerefs.remembered(tmp_path, "missing") is None
    for bad in ("{not json", "[3]", '{"summary": "3"}', '{"summary": true}'):
        (tmp_path / "p.json").write_text(bad, "utf-8")
        assert pagerefs.remembered(tmp_path, "p") is None, bad


def test_a_cache_that_cannot_be_written_costs_nothing_but_the_head_start(tmp_path: Path) -> None:
    def refuse(path: Path, data: bytes) -> None:
        raise PermissionError(13, "read-only", str(path))

    pagerefs.remember(tmp_path, "p", {"summary": 3}, None, refuse)
    assert pagerefs.remembered(tmp_path, "p") is None


def _contents_entries(pdf: bytes | Path) -> list[tuple[str, int]]:
    """(title, page) of every line of the contents page that ends in a page number."""
    reader = PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    contents = reader.pages[1].extract_text().split("Contents", 1)[1]
    found = re.findall(r"^(.+?)[ .]*?(\d+)$", contents, re.MULTILINE)
    return [(t.strip(" ."), int(n)) for t, n in found if not t.startswith(("Page ", "OFFICIAL"))]


def _assert_contents_name_their_pages(pdf: bytes) -> None:
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    entries = _contents_entries(pdf)
    assert [t for t, _ in entries][:3] == ["Summary", "Timeline", "Key facts"], entries
    for title, page in entries:
        heading = title.split(". ", 1)[-1][:25]  # a source: "A1. Title" is headed "Title"
        assert heading in " ".join(texts[page - 1].split()), (title, page)


@pytest.mark.slow
def test_known_pages_make_the_same_pdf_in_one_layout_and_wrong_ones_are_corrected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_repo(tmp_path / "project")
    options = BuildOptions(out=root / "build")
    run = run_pack(
        find_project(root), root / "briefs" / f"{SECOND_PACK}.yaml", options, until="render"
    )
    assert run.rendered is not None
    first, _, pages = render_pdf(run.rendered, PdfOptions())
    assert pages["summary"] <= pages["facts"] < pages["sources"]

    laid_out: list[str] = []
    real = make._lay_out

    def spy(document: Rendered, rendered: Rendered, options: PdfOptions) -> object:
        laid_out.append(document.html)
        return real(document, rendered, options)

    monkeypatch.setattr(make, "_lay_out", spy)
    known, _, again = render_pdf(run.rendered, PdfOptions(pages=pages))
    assert known == first and again == pages
    assert len(laid_out) == 1 and pagerefs.ATTRIBUTE in laid_out[0]
    _assert_contents_name_their_pages(known)

    laid_out.clear()
    stale = {anchor: page + 1 for anchor, page in pages.items()}
    corrected, _, found = render_pdf(run.rendered, PdfOptions(pages=stale))
    assert corrected == first and found == pages
    assert len(laid_out) == 2 and pagerefs.ATTRIBUTE not in laid_out[1]


@pytest.mark.slow
def test_a_build_keeps_the_pages_for_the_next_which_makes_the_same_pdf(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "project")
    pack = f"briefs/{SECOND_PACK}.yaml"
    pdf = root / "build" / f"{SECOND_PACK}.pdf"
    kept = root / ".briefs-cache" / "pages" / f"{SECOND_PACK}.json"
    assert run_briefs("build", pack, cwd=root).status == 0
    first = pdf.read_bytes()
    pages = json.loads(kept.read_text("utf-8"))
    assert dict(_contents_entries(pdf))["Summary"] == pages["summary"]
    assert run_briefs("build", "--force", pack, cwd=root).status == 0
    assert pdf.read_bytes() == first
    kept.write_text("{damaged", "utf-8")
    assert run_briefs("build", "--force", pack, cwd=root).status == 0
    assert pdf.read_bytes() == first
    assert json.loads(kept.read_text("utf-8")) == pages
