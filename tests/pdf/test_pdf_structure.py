"""The structure-tree repairs of generator/pdf/structure.py, each on a small page that shows
the defect in WeasyPrint's own output first (so each test fails without its repair)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest
from pikepdf import Name

from generator.pdf import structure as pdf_structure
from generator.pdf.structure import declare_pdf_ua, elements, kids, kind, mend, mend_structure

pytestmark = pytest.mark.slow

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Mini</title><style>
@page { size: A5; margin: 20mm; @top-left { content: "Running head" }
        @bottom-right { content: "Page " counter(page) " of " counter(pages) } }
.glossary > div { display: flex; }
</style></head><body>
<h1>Mini pack</h1>
<dl class="glossary">
  <div><dt>ASEAN</dt><dd>Association of Southeast Asian Nations</dd></div>
  <div><dt>ROK</dt><dd>Republic of Korea</dd></div>
</dl>
<table>
  <thead><tr><th scope="col">No.</th><th scope="col">Action</th><th scope="col">Due</th></tr></thead>
  <tbody>
    <tr><th scope="row">F1</th><td>Upgrade the agreement</td><td>2026</td></tr>
    <tr><th scope="row">F2</th><td>Adopt the work plan</td><td>2026</td></tr>
  </tbody>
</table>
<p id="p1"><span class="anchor" id="anchor-1"></span>A cited passage, <a href="#p1">linked</a>.</p>
<p><a href="#p1" style="display: block"><span style="display: block">Back to it</span></a></p>
</body></html>"""


@pytest.fixture(scope="module")
def raw() -> bytes:
    """WeasyPrint's PDF/UA-1 of the page, before any repair."""
    from weasyprint import HTML

    return bytes(HTML(string=PAGE).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def repaired(data: bytes, step: Callable[[pikepdf.Pdf], Any]) -> pikepdf.Pdf:
    pdf = opened(data)
    step(pdf)
    return pdf


def types(pdf: pikepdf.Pdf) -> list[str]:
    return [str(element.S) for element in elements(pdf)]


def marked_content_tags(pdf: pikepdf.Pdf) -> list[str]:
    """The tag of every marked-content sequence of page 1, in paint order."""
    return [
        str(operands[0])
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])
        if str(operator) in ("BDC", "BMC")
    ]


def test_running_heads_become_pagination_artifacts(raw: bytes) -> None:
    before = opened(raw)
    tags_before = marked_content_tags(before)
    pdf = repaired(raw, pdf_structure.artifact_margin_boxes)
    tags_after = marked_content_tags(pdf)
    # WeasyPrint tags the margin boxes' text as /Span with MCIDs no element of the tree owns.
    assert tags_after.count("/Artifact") - tags_before.count("/Artifact") >= 2
    page = pdf.pages[0].obj
    artifacts = [
        operands[1]
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) == "BDC" and operands[0] == Name.Artifact and len(operands) == 2
    ]
    assert artifacts and all(a.Type == Name.Pagination for a in artifacts)
    # Every MCID left on the page belongs to an element of the tree, and the ParentTree
    # maps no MCID to an element outside it.
    reachable = {e.objgen for e in elements(pdf)}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    owners = nums[int(page.StructParents) * 2 + 1]
    assert all(o is None or o.objgen in reachable for o in owners)
    assert pdf_structure.artifact_margin_boxes(pdf) == 0  # idempotent


def instructions(pdf: pikepdf.Pdf) -> list[list[tuple[str, str]]]:
    """Every page's content as (operands, operator) text, whatever its bytes look like."""
    return [
        [
            (repr(list(operands)), str(operator))
            for operands, operator in pikepdf.parse_content_stream(page)
        ]
        for page in pdf.pages
    ]


def test_margin_boxes_edited_in_place_as_if_parsed(
    raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pagination artifacts are written into WeasyPrint's content bytes where they
    stand (no page parsed), with the same instructions as parsing every page gives."""
    edited = repaired(raw, pdf_structure.artifact_margin_boxes)
    parses: list[object] = []
    real_parse = pikepdf.parse_content_stream
    monkeypatch.setattr(pdf_structure, "_MARKED", re.compile(rb"(?!)"))  # never matches
    monkeypatch.setattr(
        pikepdf, "parse_content_stream", lambda page: parses.append(page) or real_parse(page)
    )
    parsed = repaired(raw, pdf_structure.artifact_margin_boxes)
    assert parses  # with nothing found in place, the pages were parsed
    assert instructions(edited) == instructions(parsed)
    assert "/Artifact" in str(instructions(edited))


def test_margin_boxes_in_place_parse_no_page(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(page: object) -> None:
        raise AssertionError("parsed a page")

    monkeypatch.setattr(pikepdf, "parse_content_stream", refuse)
    assert pdf_structure.artifact_margin_boxes(opened(raw)) >= 2


def test_definition_list_items_are_one_item_with_label_and_body(raw: bytes) -> None:
    before = opened(raw)
    lists = [e for e in elements(before) if kind(e) == "/L"]
    assert [str(k.S) for k in kids(lists[0])] == ["/Div", "/Div"]  # WeasyPrint's tagging
    pdf = repaired(raw, pdf_structure.pair_definition_lists)
    lst = next(e for e in elements(pdf) if kind(e) == "/L")
    items = kids(lst)
    assert [str(i.S) for i in items] == ["/LI", "/LI"]
    for item in items:
        assert [str(k.S) for k in kids(item)] == ["/Lbl", "/LBody"]
        assert all(k.P.objgen == item.objgen for k in kids(item))
    assert pdf_structure.pair_definition_lists(pdf) == 0


def test_every_header_cell_has_the_scope_its_html_gave_it(raw: bytes) -> None:
    before = opened(raw)
    assert not any("/Scope" in th.A for th in elements(before) if kind(th) == "/TH")
    pdf = repaired(raw, pdf_structure.scope_header_cells)
    scopes = [str(th.A.Scope) for th in elements(pdf) if kind(th) == "/TH"]
    assert scopes == ["/Column", "/Column", "/Column", "/Row", "/Row"]
    assert pdf_structure.scope_header_cells(pdf) == 0


def test_empty_anchor_spans_are_dropped_and_nothing_else(raw: bytes) -> None:
    before = opened(raw)

    def empty(pdf: pikepdf.Pdf) -> int:
        return sum(1 for e in elements(pdf) if kind(e) == "/Span" and not kids(e))

    assert empty(before) >= 1
    count = len(types(before))
    pdf = repaired(raw, pdf_structure.drop_empty_inline_elements)
    assert empty(pdf) == 0
    assert len(types(pdf)) == count - empty(before)


def test_link_annotations_print(raw: bytes) -> None:
    def flags(pdf: pikepdf.Pdf) -> list[int]:
        return [
            int(a.get("/F", 0))
            for page in pdf.pages
            for a in page.obj.get("/Annots", [])
            if a.Subtype == Name.Link
        ]

    assert flags(opened(raw)) and not all(f & 4 for f in flags(opened(raw)))
    pdf = repaired(raw, pdf_structure.print_link_annotations)
    assert all(f & 4 and not f & 2 for f in flags(pdf))


def test_every_link_annotation_is_in_a_link_element(raw: bytes) -> None:
    """The block <span> inside the second link has an annotation of its own, which
    WeasyPrint tags under the /Span; it moves to the /Link, and the ParentTree says so."""

    def outside_links(pdf: pikepdf.Pdf) -> list[str]:
        inside = {
            kid.Obj.objgen
            for link in elements(pdf)
            if kind(link) == "/Link"
            for kid in kids(link)
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == Name.OBJR
        }
        annotations = [a for a in pdf.pages[0].obj.Annots if a.Subtype == Name.Link]
        assert len(annotations) >= 3
        return [str(a.Rect) for a in annotations if a.objgen not in inside]

    assert outside_links(opened(raw))
    pdf = repaired(raw, pdf_structure.lift_link_annotations)
    assert outside_links(pdf) == []
    parents = dict(pdf_structure._parent_tree_arrays(pdf))
    for annotation in pdf.pages[0].obj.Annots:
        assert kind(parents[int(annotation.StructParent)]) == "/Link"
    assert pdf_structure.lift_link_annotations(pdf) == 0


# WeasyPrint's PDF/A writer leaves its sRGB profile's file to the garbage collector.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_archival_pdf_declares_pdf_ua_with_its_extension_schema() -> None:
    from weasyprint import HTML

    data = bytes(HTML(string=PAGE).write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True))
    pdf = opened(data)
    assert "pdfuaid" not in pdf.Root.Metadata.read_bytes().decode()
    assert declare_pdf_ua(pdf)
    xmp = pdf.Root.Metadata.read_bytes().decode()
    assert 'pdfuaid:part="1"' in xmp and 'pdfaid:part="3"' in xmp
    assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp
    assert not declare_pdf_ua(pdf)  # said once
    with pdf.open_metadata() as meta:  # still well-formed XMP
        assert meta["pdfuaid:part"] == "1"


def test_mending_keeps_the_pages_and_is_reproducible(raw: bytes) -> None:
    once = mend_structure(raw)
    assert once == mend_structure(raw)
    twice = opened(once)
    mend(twice)
    assert types(twice) == types(opened(once))
    assert len(opened(once).pages) == len(opened(raw).pages)


def test_untagged_pdf_is_left_alone() -> None:
    from weasyprint import HTML

    plain = bytes(HTML(string="<p lang=en>x</p>").write_pdf())
    assert mend_structure(plain) == plain
