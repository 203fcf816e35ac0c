"""The pack's HTML on screens of every size, laid out by headless Chromium
(tests/tools/layout-check.mjs): on a phone (390 px), a tablet and a desktop nothing is wider
than the screen, no text is smaller than 11 px, the tracker and the proposals become cards
and the timeline a list on a phone, and axe-core finds nothing there either.

Like tests/render/test_accessibility.py, these shell out to node and Debian's chromium;
`make test` installs both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SEED_PACK
from tests.printing import SECOND_PACK, copy_repo, run_briefs

from .test_accessibility import CHROMIUM, axe, node_json

LAYOUT = REPO / "tests" / "tools" / "layout-check.mjs"
PHONE, TABLET, DESKTOP = 390, 768, 1280
SMALLEST_TEXT = 11.0  # px, as rendered: SVG text counts at the size its picture is scaled to


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("screens") / "project")
    run = run_briefs("build", "--no-pdf", cwd=root)
    assert run.status == 0, run.stderr
    return root / "build"


def layout(page: Path, *widths: int) -> dict[int, dict[str, Any]]:
    """What layout-check.mjs measures on page at each width."""
    found = node_json(LAYOUT, page, CHROMIUM, *widths)
    return {int(width): measured for width, measured in found.items()}


@pytest.mark.slow
@pytest.mark.parametrize("slug", [SEED_PACK, SECOND_PACK])
def test_the_pack_reads_on_a_phone_a_tablet_and_a_desktop(built: Path, slug: str) -> None:
    screens = layout(built / slug / "index.html", PHONE, TABLET, DESKTOP)
    for width, seen in screens.items():
        assert seen["viewport"] == width
        assert seen["scrollWidth"] <= width, f"{width} px: the page scrolls sideways"
        assert seen["outside"] == [], f"{width} px: boxes outside the screen"
        assert seen["smallest"]["size"] >= SMALLEST_TEXT, f"{width} px: {seen['smallest']}"
    phone, desktop = screens[PHONE], screens[DESKTOP]
    assert phone["timeline"] == {"picture": False, "list": True}
    assert desktop["timeline"] == {"picture": True, "list": False}
    assert set(phone["trackerRows"]) == {"block"}  # cards
    assert set(desktop["trackerRows"]) == {"table-row"}


@pytest.mark.slow
def test_a_box_wider_than_the_phone_is_reported(built: Path, tmp_path: Path) -> None:
    """Test of the test: the same page with a fixed-width box that cannot fit a phone."""
    page = (built / SECOND_PACK / "index.html").read_text("utf-8")
    broken = tmp_path / "index.html"
    wide = '<p class="too-wide" style="width: 600px">wide</p>'
    broken.write_text(page.replace('<h2 id="summary-title">', wide + '<h2 id="summary-title">'))
    (tmp_path / "screen.css").write_bytes((built / SECOND_PACK / "screen.css").read_bytes())
    phone = layout(broken, PHONE)[PHONE]
    assert phone["scrollWidth"] > PHONE
    assert [box["element"] for box in phone["outside"]] == ["p.too-wide"]


@pytest.mark.slow
@pytest.mark.parametrize("slug", [SEED_PACK, SECOND_PACK])
def test_axe_finds_no_violations_on_a_phone(built: Path, slug: str) -> None:
    result = axe(built / slug / "index.html", PHONE)
    assert result["passes"] > 20
    assert result["violations"] == []
