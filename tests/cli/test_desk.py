"""`briefs desk`: the desk's front page from packs built elsewhere (CI's shards)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run


def test_desk_with_no_pack_built_writes_an_empty_desk(
    tmp_path: Path, briefs: Callable[..., Run]
) -> None:
    run = briefs("desk", "--out", "site", "--today", "2026-01-05", cwd=tmp_path)
    assert run.status == 0, run.stderr
    assert run.lines == ["wrote site/index.html and desk.ics: 0 packs"]
    page = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert "No pack has been built yet." in page and "as of 5 January 2026" in page
    assert {p.name for p in (tmp_path / "site").iterdir()} >= {"desk.css", "desk.js", "desk.ics"}
