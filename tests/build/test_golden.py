"""Golden files: the seed pack's whole HTML and the text of its PDF, compared line by line.

Regenerate after an intended change with `make golden`, then review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import SEED_PACK, TESTS, Run

GOLDEN = TESTS / "golden"
UPDATE = os.environ.get("BRIEFS_UPDATE_GOLDEN") == "1"


def compare(actual: str, name: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    expected = golden.read_text(encoding="utf-8")
    assert actual.splitlines() == expected.splitlines(), f"{name} differs; run `make golden`"


def test_seed_pack_html_matches_golden(project: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("build", "--no-pdf", f"briefs/{SEED_PACK}.yaml", cwd=project)
    assert run.status == 0, run.stderr
    compare((project / "build" / SEED_PACK / "index.html").read_text("utf-8"), f"{SEED_PACK}.html")


@pytest.mark.slow
def test_seed_pack_pdf_text_matches_golden(seed_pdf: Path) -> None:
    reader = PdfReader(seed_pdf)
    pages = [f"--- page {n} ---\n{page.extract_text()}" for n, page in enumerate(reader.pages, 1)]
    compare("\n".join(pages) + "\n", f"{SEED_PACK}.pdf.txt")
