"""The seed pack's PDF as a reader and a PDF library see it: pages, outline, metadata, links."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from tests.conftest import SEED_ID, SEED_PACK, Run

pytestmark = pytest.mark.slow


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def test_metadata_names_the_pack(seed_pdf: Path) -> None:
    meta = PdfReader(seed_pdf).metadata
    assert meta is not None
    assert meta.title == "Thailand at the 26th ASEAN–Republic of Korea Summit"
    assert meta.author == "Regional Affairs Desk"
    assert (
        meta.subject
        == "26th ASEAN–Republic of Korea Summit, 27 October 2025, Kuala Lumpur, Malaysia"
    )
    assert "AKFTA" in (meta.get("/Keywords") or "")
    assert str(meta.get("/CreationDate", "")).startswith("D:20251028")
    assert str(meta.get("/ModDate", "")).startswith("D:20251028")


def test_outline_has_every_section(seed_pdf: Path) -> None:
    outline = PdfReader(seed_pdf).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == [
        "Summary",
        "Timeline",
        "Key facts",
        "Proposals",
        "Follow-up tracker",
        "Who’s who",
        "Glossary",
        "Sources",
    ]


def test_every_page_but_the_cover_has_header_footer_and_classification(seed_pdf: Path) -> None:
    texts = page_texts(seed_pdf)
    total = len(texts)
    assert total >= 5
    for number, text in enumerate(texts, start=1):
        assert "OFFICIAL" in text, f"page {number} lacks the classification"
        if number > 1:
            assert f"Page {number} of {total}" in text
            assert "Thailand at the 26th ASEAN–Republic of Korea Summit" in text


def test_contents_page_numbers_point_at_the_sections(seed_pdf: Path) -> None:
    texts = page_texts(seed_pdf)
    contents = texts[1]
    for title in ("Summary", "Key facts", "Proposals", "Follow-up tracker", "Glossary", "Sources"):
        match = re.search(rf"{re.escape(title)}[ .]*?(\d+)\s*$", contents, re.MULTILINE)
        assert match, f"{title} missing from contents:\n{contents}"
        page = int(match.group(1))
        assert re.search(rf"^{re.escape(title)}$", texts[page - 1], re.MULTILINE), (
            f"{title} is not on page {page}"
        )


def test_items_link_to_their_source_passage_with_page(seed_pdf: Path) -> None:
    reader = PdfReader(seed_pdf)
    texts = page_texts(seed_pdf)
    sources_page = next(
        i for i, t in enumerate(texts) if t.startswith("Sources") or "\nSources\n" in t
    )
    refs = re.findall(r"A1 ¶(\d+), see p\.\s(\d+)", "\n".join(texts))
    assert len(refs) >= 15  # 8 facts, 3 proposals, 4 follow-ups
    for paragraph, page in refs:
        # The link's page is where the quote starts: on its paragraph's page or the next.
        around = "\n".join(texts[max(int(page) - 2, sources_page) : int(page)])
        assert f"¶{paragraph} " in around, (paragraph, page)
    links = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    internal = [link for link in links if "/Dest" in link or "/GoTo" in str(link.get("/A", ""))]
    assert len(internal) >= 15


def test_headings_are_not_stranded_at_a_page_bottom(seed_pdf: Path) -> None:
    for number, text in enumerate(page_texts(seed_pdf), start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        body = [line for line in lines if not re.match(r"(Page \d+ of \d+|OFFICIAL)", line)]
        if body:
            assert body[-1] not in {"Key facts", "Proposals", "Glossary", "Who’s who"}, (
                f"heading stranded at the bottom of page {number}"
            )


def test_long_tracker_repeats_its_header_row_on_every_page(
    project: Path, briefs: Callable[..., Run]
) -> None:
    annotation = project / "seeds" / f"{SEED_ID}.ann.yaml"
    data = yaml.safe_load(annotation.read_text("utf-8"))
    template = data["follow_ups"][0]
    data["follow_ups"] = [
        {
            **template,
            "action": f"Action number {n} " + "with a long description " * 4,
            "occurrence": None,
        }
        for n in range(40)
    ]
    for item in data["follow_ups"]:
        del item["occurrence"]
    # Forty follow-ups on one quote need a disambiguator each; the same passage is fine.
    data["follow_ups"] = [{**item, "occurrence": 1} for item in data["follow_ups"]]
    annotation.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    run = briefs("build", f"briefs/{SEED_PACK}.yaml", cwd=project)
    assert run.status == 0, run.stderr
    texts = page_texts(project / "build" / f"{SEED_PACK}.pdf")
    tracker_pages = [t for t in texts if "Action number" in t]
    assert len(tracker_pages) >= 2
    for text in tracker_pages:
        assert re.search(r"Action\s+Owner\s+Due\s+Status\s+Source", text), text[:300]
