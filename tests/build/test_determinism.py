"""Same inputs, same outputs: HTML and PDF bytes do not change between builds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEED_PACK, Run


@pytest.mark.slow
def test_two_builds_give_identical_bytes(project: Path, briefs: Callable[..., Run]) -> None:
    first = briefs("build", "--out", "one", cwd=project)
    second = briefs("build", "--out", "two", cwd=project)
    assert first.status == 0 and second.status == 0, first.stderr + second.stderr
    for name in (f"{SEED_PACK}.pdf", f"{SEED_PACK}/index.html", "index.html"):
        assert (project / "one" / name).read_bytes() == (project / "two" / name).read_bytes(), name
