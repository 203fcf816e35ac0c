"""What a run prints: GitHub workflow commands, JSON, shards, progress, quiet, verbose, colour."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.noop import select_shard
from generator.cli.report import github_command, github_prefix, wants_colour
from generator.errors import Diagnostic, Position, Severity
from tests.conftest import SEED_CHECKS, SEED_PACK, SEED_WARNINGS, Run

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BROKEN = f"briefs/{SEED_PACK}.yaml"


def break_pack(project: Path) -> None:
    pack = project / BROKEN
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("\ntitle:", "\ntittle:"), encoding="utf-8"
    )


def add_packs(project: Path, *names: str) -> None:
    for name in names:
        shutil.copy(project / BROKEN, project / "briefs" / f"{name}.yaml")


def test_github_command_escapes_as_actions_expects() -> None:
    diagnostic = Diagnostic("B101", "100% wrong\nsee: here", Position("briefs/a,b.yaml", 3, 7))
    assert (
        github_command(diagnostic)
        == "::error file=briefs/a%2Cb.yaml,line=3,col=7,title=B101::100%25 wrong%0Asee: here"
    )
    warning = Diagnostic("B502", "refused", Position("briefs/x.yaml"), Severity.WARNING)
    assert (
        github_command(warning, "site/") == "::warning file=site/briefs/x.yaml,title=B502::refused"
    )
    note = Diagnostic("B101", "fyi", Position("x.yaml", 1, 1), Severity.INFO)
    assert github_command(note).startswith("::notice ")


def test_github_prefix_places_a_project_inside_the_repository(tmp_path: Path) -> None:
    assert github_prefix(tmp_path / "site", {"GITHUB_WORKSPACE": str(tmp_path)}) == "site/"
    assert github_prefix(tmp_path, {"GITHUB_WORKSPACE": str(tmp_path)}) == ""
    assert github_prefix(tmp_path, {}) == ""


def test_check_with_github_diagnostics(project: Path, briefs: Callable[..., Run]) -> None:
    break_pack(project)
    run = briefs("check", "--diagnostics", "github", cwd=project)
    assert run.status == 1
    # The did-you-mean also explains the missing 'title', so it is the one finding.
    assert run.stdout.splitlines() == [
        f"::error file={BROKEN},line=2,col=1,title=B101::unknown key 'tittle'; did you mean 'title'?",
    ]
    assert run.lines == ["1 error, 0 warnings"]


def test_build_with_json_diagnostics(project: Path, briefs: Callable[..., Run]) -> None:
    break_pack(project)
    run = briefs("build", "--no-pdf", "--diagnostics", "json", cwd=project)
    assert run.status == 1
    findings = json.loads(run.stdout)
    assert (findings["errors"], findings["warnings"]) == (1, 0)
    assert findings["diagnostics"][0] == {
        "code": "B101",
        "severity": "error",
        "message": "unknown key 'tittle'; did you mean 'title'?",
        "path": BROKEN,
        "line": 2,
        "col": 1,
        "text": f"{BROKEN}:2:1: error[B101]: unknown key 'tittle'; did you mean 'title'?",
    }


def test_select_shard_is_a_deterministic_partition() -> None:
    paths = [Path(f"briefs/{name}.yaml") for name in "edcba"]
    shards = [select_shard(paths, k, 3) for k in (1, 2, 3)]
    assert shards[0] == [Path("briefs/a.yaml"), Path("briefs/d.yaml")]
    assert sorted(p for shard in shards for p in shard) == sorted(paths)
    assert select_shard(list(reversed(paths)), 1, 3) == shards[0]


def test_build_shard_builds_its_slice_only(project: Path, briefs: Callable[..., Run]) -> None:
    add_packs(project, "b-pack", "c-pack")
    run = briefs("build", "--no-pdf", "--shard", "2/2", cwd=project)
    assert run.status == 0, run.stderr
    assert run.lines == [
        "shard 2/2: 1 of the packs",
        *(line.replace(SEED_PACK, "b-pack") for line in SEED_CHECKS),
        "built briefs/b-pack.yaml -> build/b-pack/index.html",
        f"0 errors, {SEED_WARNINGS} warnings",
    ]
    bad = briefs("build", "--shard", "3/2", cwd=project)
    assert bad.status == 2
    assert "Invalid value for '--shard': expected 1 <= K <= N, got '3/2'" in bad.stderr


def test_plain_progress_lines_when_not_a_terminal(
    project: Path, briefs: Callable[..., Run]
) -> None:
    add_packs(project, "b-pack")
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.lines == [
        *SEED_CHECKS,
        f"[1/2] built briefs/{SEED_PACK}.yaml -> build/{SEED_PACK}/index.html",
        *(line.replace(SEED_PACK, "b-pack") for line in SEED_CHECKS),
        "[2/2] built briefs/b-pack.yaml -> build/b-pack/index.html",
        f"0 errors, {2 * SEED_WARNINGS} warnings",
    ]
    assert not ANSI.search(run.stderr)


def test_quiet_prints_problems_only_and_verbose_every_file(
    project: Path, briefs: Callable[..., Run]
) -> None:
    quiet = briefs("build", "--no-pdf", "--quiet", cwd=project)
    # Problems only: the seed pack's findings and their count, no progress lines.
    assert (quiet.status, quiet.stdout) == (0, "")
    assert quiet.lines == [*SEED_CHECKS, f"0 errors, {SEED_WARNINGS} warnings"]
    verbose = briefs("build", "--no-pdf", "--force", "-v", cwd=project)
    assert f"  wrote build/{SEED_PACK}/index.html" in verbose.lines
    assert f"  wrote build/{SEED_PACK}.follow-ups.ics" in verbose.lines
    break_pack(project)
    quiet = briefs("check", "-q", cwd=project)
    assert quiet.lines[-1] == "1 error, 0 warnings"


def test_colour_follows_the_environment(project: Path, briefs: Callable[..., Run]) -> None:
    break_pack(project)
    plain = {**os.environ, "NO_COLOR": "", "FORCE_COLOR": ""}
    forced = briefs("check", cwd=project, env={**plain, "FORCE_COLOR": "1"})
    assert ANSI.search(forced.stderr)
    assert ANSI.sub("", forced.stderr).splitlines()[0] == (
        f"{BROKEN}:2:1: error[B101]: unknown key 'tittle'; did you mean 'title'?"
    )
    refused = briefs("check", cwd=project, env={**plain, "FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert not ANSI.search(refused.stderr)


def test_wants_colour() -> None:
    class Stream(io.StringIO):
        def __init__(self, tty: bool) -> None:
            super().__init__()
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

    assert wants_colour(Stream(tty=True), {})
    assert not wants_colour(Stream(tty=True), {"NO_COLOR": "1"})
    assert not wants_colour(Stream(tty=True), {"TERM": "dumb"})
    assert not wants_colour(Stream(tty=False), {})
    assert wants_colour(Stream(tty=False), {"FORCE_COLOR": "1"})


def on_terminal(args: list[str], cwd: Path) -> str:
    """What a command shows on a terminal (a pseudo-terminal), escape codes and all."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**env, "TERM": "xterm-256color", "COLUMNS": "100"},
    )
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_and_colour_on_a_terminal(project: Path) -> None:
    add_packs(project, "b-pack", "c-pack")
    (project / "briefs" / "c-pack.yaml").write_text("tittle: x\n", encoding="utf-8")
    shown = on_terminal(["build", "--no-pdf"], project)
    assert "building 3 packs" in shown
    assert "\u2501" in shown  # the bar itself
    assert ANSI.search(shown)
    text = ANSI.sub("", shown)
    assert "error[B101]" in text and "built briefs/b-pack.yaml" in text


@pytest.mark.parametrize("flag", ["--quiet", "--verbose"])
def test_no_progress_bar_when_quiet_or_verbose(project: Path, flag: str) -> None:
    add_packs(project, "b-pack")
    assert "building 2 packs" not in on_terminal(["build", "--no-pdf", flag], project)
