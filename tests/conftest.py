"""Shared fixtures: a throwaway copy of the repository's project, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_ID = "000_14fe1292e5f1f02f"
SEED_PACK = "asean-rok-summit-2025"
# The build date every test runs at unless it says otherwise (briefs reads
# SOURCE_DATE_EPOCH as its default --today): 2025-10-28, the seed pack's own date.
BUILD_EPOCH = "1761609600"
# What the editorial checks report on the seed pack at that date (tests/test_checks.py).
SEED_CHECKS = [
    f"seeds/{SEED_ID}.ann.yaml:50:5: info[C430]: follow-up 'Accelerate negotiations on the"
    " Thailand–ROK Economic Partnership Agreement (EPA)' has no due date",
    f"seeds/{SEED_ID}.ann.yaml:54:5: info[C430]: follow-up 'Strengthen political and security"
    " cooperation against cybercrime and for maritime awareness' has no due date",
    f"seeds/{SEED_ID}.ann.yaml:66:3: warning[C422]: 'AKFTA' is expanded as 'ASEAN-Korea Trade"
    " Agreement' here but as 'ASEAN–Korea Free Trade Agreement' in the pack glossary"
    f" (briefs/{SEED_PACK}.yaml:38:3); use one expansion",
    f"seeds/{SEED_ID}.txt:1:186: info[C405]: 'October 27' has no year; read as 2025-10-27,"
    " the year of the article's date (2025-10-27): confirm",
    f"seeds/{SEED_ID}.txt:1:393: warning[C410]: 'Lee Chae-myung' is a variant spelling of"
    f" 'Lee Jae-myung' (people: of briefs/{SEED_PACK}.yaml); the pack should use the"
    " canonical name",
    f"seeds/{SEED_ID}.txt:2:465: warning[C401]: target date 'by 2024' is before the article's"
    " date (2025-10-27); check the source",
    f"seeds/{SEED_ID}.txt:3:165: info[C421]: 'ROK' is used 4 times but never defined in the"
    " text; the pack glossary expands it as 'Republic of Korea'",
]
SEED_WARNINGS = 3


@pytest.fixture(autouse=True, scope="session")
def _build_date() -> Iterator[None]:
    """Every run of briefs in a test judges due dates as of the same day, whatever today is
    (session-wide, so that module- and session-scoped builds see it too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        yield


@dataclass(frozen=True)
class Run:
    """What a user sees from one CLI invocation."""

    status: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stderr.splitlines()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the repository's seeds/ and its seed pack in a temporary project folder."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(REPO / "seeds", root / "seeds")
    (root / "briefs").mkdir()
    shutil.copy(REPO / "briefs" / f"{SEED_PACK}.yaml", root / "briefs")
    return root


@pytest.fixture
def repo_project(tmp_path: Path) -> Path:
    """A copy of the repository's seeds/ and every pack in briefs/."""
    root = tmp_path / "repo"
    root.mkdir()
    for folder in ("seeds", "briefs"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.fixture
def briefs() -> Callable[..., Run]:
    """Run the `briefs` command in a folder, as a user would, capturing what it prints."""

    def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
        completed = subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        return Run(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture(scope="session")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed pack built once, PDF included, for every test that inspects the PDF."""
    root = tmp_path_factory.mktemp("seed") / "project"
    root.mkdir()
    for folder in ("seeds", "briefs"):
        shutil.copytree(REPO / folder, root / folder)
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "build", f"briefs/{SEED_PACK}.yaml"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    return root / "build" / f"{SEED_PACK}.pdf"
