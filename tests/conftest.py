"""Shared fixtures: a throwaway copy of the repository's project, and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_ID = "000_14fe1292e5f1f02f"
SEED_PACK = "asean-rok-summit-2025"


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
