"""Shared fixtures: a throwaway copy of the repository's project, and a CLI runner."""

from __future__ import annotations

import contextlib
import logging
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent  # the data folders (checks/, golden/, ...) live here
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
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
    f"seeds/{SEED_ID}.txt:1:1: warning[C450]: 'Kuala lumpur' is the place 'Kuala Lumpur'"
    " (generator/names.yaml) written in the wrong case; the pack should write 'Kuala Lumpur'",
    f"seeds/{SEED_ID}.txt:1:186: info[C405]: 'October 27' has no year; read as 2025-10-27,"
    " the year of the article's date (2025-10-27): confirm",
    f"seeds/{SEED_ID}.txt:1:393: warning[C410]: 'Lee Chae-myung' is a variant spelling of"
    f" 'Lee Jae-myung' (people: of briefs/{SEED_PACK}.yaml); the pack should use the"
    " canonical name",
    f"seeds/{SEED_ID}.txt:2:465: warning[C401]: target date 'by 2024' is before the article's"
    " date (2025-10-27); check the source",
    f"seeds/{SEED_ID}.txt:3:165: info[C421]: 'ROK' is used 4 times but never defined in the"
    " text; the pack glossary expands it as 'Republic of Korea'",
    f"seeds/{SEED_ID}.txt:4:302: warning[C451]: 'ASEAN-Korea Trade Agreement' is not a known"
    " agreement; did you mean 'ASEAN-Korea Free Trade Agreement' (AKFTA)? (generator/names.yaml"
    " lists it; if 'ASEAN-Korea Trade Agreement' is right, add it to names.yaml)",
    f"seeds/{SEED_ID}.txt:4:365: warning[C451]: 'Regional Business Partnership Agreement' is"
    " not a known agreement; did you mean 'Regional Comprehensive Economic Partnership' (RCEP)?"
    " (generator/names.yaml lists it; if 'Regional Business Partnership Agreement' is right,"
    " add it to names.yaml)",
]
SEED_WARNINGS = 6


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


def invoke(args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None) -> Run:
    """Run the `briefs` command in-process (click's runner) in a folder, as a user would:
    what it prints on stdout and stderr, its exit status, and any traceback on stderr."""
    from click.testing import CliRunner

    from generator.cli.app import cli
    from generator.render.html import environment

    environment.cache_clear()  # as in a new process: templates on disk are read afresh
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        with contextlib.chdir(cwd):
            result = CliRunner().invoke(cli, list(args), prog_name="briefs", env=env)
    finally:  # --debug and --verbose configure logging on streams that are now closed
        root.handlers[:] = handlers
        root.setLevel(level)
    stderr = result.stderr
    if result.exc_info and result.exception and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return Run(result.exit_code, result.stdout, stderr)


@pytest.fixture
def briefs() -> Callable[..., Run]:
    """Run the `briefs` command in a folder, in-process, capturing what it prints."""

    def run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
        return invoke(args, cwd, env)

    return run


@pytest.fixture
def briefs_process() -> Callable[..., Run]:
    """Run the `briefs` command as a real process, where the process is the point."""

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
    run = invoke(["build", f"briefs/{SEED_PACK}.yaml"], root)
    assert run.status == 0, run.stderr
    return root / "build" / f"{SEED_PACK}.pdf"
