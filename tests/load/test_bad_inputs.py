"""The bad-input suite: every broken or hostile input in tests/bad_inputs/ gets a clear error.

Each folder in tests/bad_inputs/ (except _base) is one case, named after what it
breaks. Its files are laid over a copy of _base/, a small valid project; then
`briefs build --no-pdf` (or the command line in its `args` file) runs in it. For every
case the test asserts what a user would see: exit status 1, exactly the lines in
`expected.txt`, no traceback, nothing written to build/, and no byte of the secret
files that hostile links point at.

Files a case may hold besides its inputs:
  expected.txt  the exact lines the command prints on stderr
  args          the command line (default: build --no-pdf)
  symlinks      lines 'PATH -> TARGET'; {outside} is a folder beside the project
                holding secret.txt, secret.yaml and seeds/ (a copy of _base/seeds)
  special       lines 'fifo PATH' (a named pipe) or 'large PATH BYTES' (a big file)

To add a case, make its folder with its inputs, run
    BRIEFS_UPDATE_BAD_INPUTS=1 .venv/bin/pytest tests/load/test_bad_inputs.py
and review the expected.txt it writes.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.app import cli
from generator.render.theme import THEME
from tests.conftest import TESTS

CASES_DIR = TESTS / "bad_inputs"
BASE = CASES_DIR / "_base"
META = {"expected.txt", "args", "symlinks", "special"}
SECRET = "TOP-SECRET-4f1c: this must never reach an output or a message"
UPDATE = os.environ.get("BRIEFS_UPDATE_BAD_INPUTS") == "1"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


@dataclass(frozen=True)
class Outcome:
    status: int
    stderr: str
    stdout: str
    exception: BaseException | None
    root: Path


def lay_out(case: Path, tmp_path: Path) -> Path:
    """The project of one case: _base/, the case's files over it, links and special files."""
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    shutil.copytree(case, root, dirs_exist_ok=True, ignore=lambda _d, names: META & set(names))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n")
    (outside / "secret.yaml").write_text(f"article:\n  title: {SECRET}\n")
    shutil.copytree(BASE / "seeds", outside / "seeds")
    for line in _lines(case / "symlinks"):
        link, target = (part.strip() for part in line.split("->"))
        path = root / link
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target.replace("{outside}", str(outside)))
    for line in _lines(case / "special"):
        kind, name, *rest = line.split()
        path = root / name
        path.unlink(missing_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "large":
            path.write_bytes(b"A line of a very long article.\n" * (int(rest[0]) // 31 + 1))
        else:
            raise ValueError(f"unknown special file kind {kind!r} in {case}")
    return root


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line for line in path.read_text().splitlines() if line.strip()]


def run_case(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    case = CASES_DIR / name
    root = lay_out(case, tmp_path)
    args = (_lines(case / "args") or ["build --no-pdf"])[0].split()
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    stderr = result.stderr.replace(str(THEME), "{theme}").replace(str(tmp_path), "{tmp}")
    return Outcome(result.exit_code, stderr, result.stdout, result.exception, root)


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outcome = run_case(name, tmp_path, monkeypatch)
    expected_file = CASES_DIR / name / "expected.txt"
    if UPDATE:
        expected_file.write_text(outcome.stderr)
    # A user's mistake ends in sys.exit(1), never in an exception the CLI did not handle.
    assert isinstance(outcome.exception, SystemExit), outcome.exception
    assert outcome.status == 1
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert outcome.stderr == expected_file.read_text()
    assert SECRET not in outcome.stderr + outcome.stdout
    build = outcome.root / "build"
    written = [p for p in build.rglob("*") if p.is_file()] if build.exists() else []
    assert written == [], f"a failing pack wrote {written}"


def test_base_project_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cases fail because of what they change, not because _base/ is broken."""
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "0 errors, 0 warnings"
    assert (root / "build" / "pack" / "index.html").is_file()
