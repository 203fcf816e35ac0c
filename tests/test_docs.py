"""docs/diagnostics.md lists every code of the catalogue, and is what `make docs` writes."""

from __future__ import annotations

import re

from generator.docs import DIAGNOSTICS_MD, diagnostics_markdown
from generator.errors import CATALOGUE


def test_diagnostics_doc_is_up_to_date() -> None:
    assert DIAGNOSTICS_MD.read_text(encoding="utf-8") == diagnostics_markdown(), (
        "docs/diagnostics.md is stale: run `make docs` and commit it"
    )


def test_every_code_is_documented_once_with_its_severity() -> None:
    rows = re.findall(r"^\| ([A-Z]\d{3}) \| (\w+) \|", diagnostics_markdown(), re.MULTILINE)
    assert [code for code, _ in rows] == sorted(CATALOGUE)
    assert all(severity == str(CATALOGUE[code][0]) for code, severity in rows)
