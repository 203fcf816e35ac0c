"""Accessible output: a tagged PDF/UA-1 by default, and HTML with landmarks, a skip link and
headings in order that axe-core (in headless Chromium) and the Nu HTML checker both accept.

The browser and checker tests shell out to node and java; `make test` installs their npm
packages (package-lock.json) and Debian's chromium first.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import REPO, SEED_PACK
from tests.printing import SECOND_PACK, copy_repo, run_briefs, struct_elements
from tests.tables import table_rows

PACKS = [SEED_PACK, SECOND_PACK]
AXE = REPO / "tests" / "tools" / "axe-check.mjs"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("a11y") / "project")
    run = run_briefs("build", cwd=root)
    assert run.status == 0, run.stderr
    return root / "build"


# ---- PDF/UA-1 --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("slug", PACKS)
def test_pdf_is_tagged_pdf_ua_with_language_and_title(built: Path, slug: str) -> None:
    reader = PdfReader(built / f"{slug}.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.metadata is not None and reader.metadata.title
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp


@pytest.mark.slow
@pytest.mark.parametrize("slug", PACKS)
def test_pdf_tables_have_header_cells_and_the_timeline_has_alt_text(built: Path, slug: str) -> None:
    kinds: dict[str, int] = {}
    figures: list[dict[str, Any]] = []
    for element in struct_elements(PdfReader(built / f"{slug}.pdf")):
        kinds[element["/S"]] = kinds.get(element["/S"], 0) + 1
        if element["/S"] == "/Figure":
            figures.append(element)
    assert kinds["/Table"] >= 3 and kinds["/TH"] >= 3 * kinds["/Table"]
    assert kinds["/H1"] == 1 and kinds["/H2"] >= 8
    assert [str(f["/Alt"]).split(",")[0] for f in figures] == [
        f"Timeline of {_count(slug)} dated items"
    ]


def _count(slug: str) -> int:
    return {SEED_PACK: 5, SECOND_PACK: 7}[slug]


# ---- HTML structure --------------------------------------------------------------------


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.landmarks: list[str] = []
        self.links: list[str] = []
        self.lang: str | None = None
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag in ("header", "nav", "main", "footer", "aside"):
            self.landmarks.append(tag)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if attributes.get("id"):
            self.ids.append(attributes["id"] or "")


def _outline(page: Path) -> _Outline:
    parser = _Outline()
    parser.feed(page.read_text("utf-8"))
    return parser


@pytest.mark.slow
@pytest.mark.parametrize("slug", PACKS)
def test_html_has_landmarks_skip_link_and_headings_in_order(built: Path, slug: str) -> None:
    page = _outline(built / slug / "index.html")
    assert page.lang == "en"
    assert page.links[0] == "#main" and "main" in page.ids
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in page.landmarks
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    assert len(page.ids) == len(set(page.ids))


# ---- axe-core in headless Chromium ---------------------------------------------------


def node_json(script: Path, *args: object) -> Any:
    """What a browser script of tests/tools/ prints as JSON (each launches Debian's
    chromium through tests/tools/browser.mjs)."""
    assert (REPO / "node_modules" / "playwright-core").is_dir(), "run `make test` (npm ci)"
    completed = subprocess.run(
        ["node", str(script), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=REPO,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def axe(page: Path, width: int | None = None) -> dict[str, Any]:
    """axe-core's findings on page, in a window of width px (default: playwright's 1280)."""
    assert AXE.is_file() and (REPO / "node_modules" / "axe-core").is_dir(), (
        "run `make test` (npm ci)"
    )
    result: dict[str, Any] = node_json(AXE, page, CHROMIUM, *([width] if width else []))
    return result


@pytest.mark.slow
@pytest.mark.parametrize("slug", PACKS)
def test_axe_finds_no_violations(built: Path, slug: str) -> None:
    result = axe(built / slug / "index.html")
    assert result["passes"] > 20
    assert result["violations"] == []


@pytest.mark.slow
def test_axe_finds_no_violations_on_the_desk(built: Path) -> None:
    result = axe(built / "index.html")
    assert result["passes"] > 20
    assert result["violations"] == []


@pytest.mark.slow
def test_the_desk_has_landmarks_skip_link_and_headings_in_order(built: Path) -> None:
    page = _outline(built / "index.html")
    assert page.lang == "en"
    assert page.links[0] == "#main" and "main" in page.ids
    for landmark in ("header", "nav", "main", "footer", "aside"):
        assert landmark in page.landmarks
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    assert len(page.ids) == len(set(page.ids))


DESK_FILTER = REPO / "tests" / "tools" / "desk-filter.mjs"
OWNER = "Thailand and United States"


@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1280])
def test_the_desk_filters_by_owner_and_status_in_a_browser(built: Path, width: int) -> None:
    seen = node_json(DESK_FILTER, built / "index.html", width, OWNER, "overdue", CHROMIUM)
    page = (built / "index.html").read_text("utf-8")
    rows = table_rows(page, "register")
    assert seen["filtersShown"] and not seen["sideways"]
    assert seen["all"] == [row.cells[1] for row in rows]
    assert seen["byOwner"] == [row.cells[1] for row in rows if row.attrs["data-owner"] == OWNER]
    assert seen["count"] == f"Showing {len(seen['byOwner'])} of {len(rows)} follow-ups"
    overdue = [row.cells[1] for row in rows if "overdue" in row.attrs["class"].split()]
    assert seen["byStatus"] == overdue and overdue
    assert seen["address"] == "?status=overdue"


@pytest.mark.slow
def test_axe_reports_an_image_without_alt(built: Path, tmp_path: Path) -> None:
    """Test of the test: the same page with an image that has no text alternative."""
    page = (built / SECOND_PACK / "index.html").read_text("utf-8")
    broken = tmp_path / "index.html"
    broken.write_text(
        page.replace('<h2 id="summary-title">', '<img src="x.png"><h2 id="summary-title">'), "utf-8"
    )
    violations = axe(broken)["violations"]
    assert [v["id"] for v in violations] == ["image-alt"]
    assert violations[0]["nodes"] == ["img"]


# ---- the Nu HTML checker -------------------------------------------------------------


def vnu(page: Path) -> list[dict[str, Any]]:
    assert VNU.is_file(), "run `make test` (npm ci installs vnu-jar)"
    completed = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", str(page)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    messages: list[dict[str, Any]] = json.loads(completed.stderr)["messages"]
    # The checker reads the page as a file: URL, whose origin is opaque to it, so it warns
    # that the CSP's 'self' blocks the pack's own stylesheets beside it. Browsers load
    # them (the screenshot tests show the styled page); every other message counts.
    return [m for m in messages if not _own_stylesheet_under_csp(m)]


def _own_stylesheet_under_csp(message: dict[str, Any]) -> bool:
    text = str(message.get("message", ""))
    return (
        message.get("type") == "info"
        and text.startswith("Resource violates Content Security Policy")
        and any(f"“{name}”" in text for name in ("screen.css", "print.css", "desk.css", "desk.js"))
    )


@pytest.mark.slow
@pytest.mark.parametrize("slug", PACKS)
def test_html_is_valid_per_the_nu_checker(built: Path, slug: str) -> None:
    assert vnu(built / slug / "index.html") == []


@pytest.mark.slow
def test_the_desk_is_valid_per_the_nu_checker(built: Path) -> None:
    assert vnu(built / "index.html") == []


@pytest.mark.slow
def test_nu_checker_reports_an_invalid_element(built: Path, tmp_path: Path) -> None:
    """Test of the test: a list item outside any list is not valid HTML."""
    page = (built / SECOND_PACK / "index.html").read_text("utf-8")
    broken = tmp_path / "index.html"
    broken.write_text(page.replace('<main id="main">', '<main id="main"><li>stray</li>'), "utf-8")
    errors = [m for m in vnu(broken) if m["type"] == "error"]
    assert len(errors) == 1
    assert errors[0]["message"].startswith("Element “li” not allowed as child of element “main”")
