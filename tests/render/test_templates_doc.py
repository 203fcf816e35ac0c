"""docs/templates.md: every worked example, taken from the page itself, builds as it says."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import REPO, SEED_CHECKS, SEED_PACK, Run

DOC = REPO / "docs" / "templates.md"
FENCE = re.compile(r'^```\w+ title="([^"]+)"\n(.*?)^```', re.MULTILINE | re.DOTALL)
EXPECT = re.compile(r'<!-- test: expect "((?:[^"\\]|\\.)*)" -->')


def examples() -> dict[str, tuple[dict[str, str], list[str]]]:
    """Each '## Example: ...' section: its files (by title=) and what the HTML must contain."""
    found = {}
    for section in re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE):
        if section.startswith("Example: "):
            name = section.splitlines()[0].removeprefix("Example: ")
            files = dict(FENCE.findall(section))
            expects = [json.loads(f'"{e}"') for e in EXPECT.findall(section)]
            found[name] = (files, expects)
    return found


def test_the_guide_has_the_four_worked_examples() -> None:
    found = examples()
    assert list(found) == [
        "change the cover",
        "add to the cover",
        "add a section",
        "restyle the tracker",
    ]
    for files, expects in found.values():
        assert files and expects


@pytest.mark.parametrize("name", list(examples()))
def test_example_builds(name: str, project: Path, briefs: Callable[..., Run]) -> None:
    files, expects = examples()[name]
    for relative, text in files.items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 0, run.stderr
    html = (project / "build" / SEED_PACK / "index.html").read_text(encoding="utf-8")
    for expected in expects:
        assert expected in html


@pytest.mark.slow
def test_changed_cover_reaches_the_pdf(project: Path, briefs: Callable[..., Run]) -> None:
    files, _ = examples()["change the cover"]
    for relative, text in files.items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    run = briefs("build", cwd=project)
    assert run.status == 0, run.stderr
    first_page = PdfReader(project / "build" / f"{SEED_PACK}.pdf").pages[0].extract_text()
    assert "MINISTRY OF FOREIGN AFFAIRS" in first_page  # print.css sets it in capitals
    assert "4 follow-up items from 1 sources" in first_page


@pytest.mark.slow
def test_what_is_added_to_the_cover_prints_on_the_cover(
    project: Path, briefs: Callable[..., Run]
) -> None:
    """Following the guide puts the note on page 1, not on the contents page after it."""
    files, _ = examples()["add to the cover"]
    for relative, text in files.items():
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        (project / relative).write_text(text, encoding="utf-8")
    run = briefs("build", cwd=project)
    assert run.status == 0, run.stderr
    pages = PdfReader(project / "build" / f"{SEED_PACK}.pdf").pages
    cover, contents = pages[0].extract_text(), pages[1].extract_text()
    assert "Read the tracker first." in cover and "Minister of Foreign Affairs" in cover
    assert "Read the tracker first." not in contents and "Contents" in contents


def test_error_lines_in_the_guide_are_what_briefs_prints(
    project: Path, briefs: Callable[..., Run]
) -> None:
    shown = [line for line in DOC.read_text(encoding="utf-8").splitlines() if "error[B501]" in line]
    (project / "templates" / "partials").mkdir(parents=True)
    (project / "templates/partials/cover.html.j2").write_text(
        "<header>\n<p>x</p>\n<h1>{{ spec.titel }}</h1>\n</header>\n"
    )
    first = briefs("build", "--no-pdf", cwd=project)
    (project / "templates/partials/cover.html.j2").unlink()
    (project / "templates/pack.html.j2").write_text(
        '{% extends "!theme/pack.html.j2" %}\n{% block summary %}{{ x }</p>{% endblock %}\n'
    )
    second = briefs("build", "--no-pdf", cwd=project)
    assert shown == [first.lines[len(SEED_CHECKS)], second.lines[len(SEED_CHECKS)]]
