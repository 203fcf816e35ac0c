"""The command line as a user meets it: help, outputs, exit status, a failing pack."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEED_CHECKS, SEED_PACK, SEED_WARNINGS, Run


@pytest.mark.parametrize("command", [[], ["build"], ["check"]])
def test_every_command_has_help(
    command: list[str], tmp_path: Path, briefs: Callable[..., Run]
) -> None:
    run = briefs(*command, "--help", cwd=tmp_path)
    assert run.status == 0
    assert "Usage: briefs" in run.stdout


def test_build_writes_html_assets_and_index(project: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 0, run.stderr
    assert run.lines == [
        *SEED_CHECKS,
        f"built briefs/{SEED_PACK}.yaml -> build/{SEED_PACK}/index.html",
        f"0 errors, {SEED_WARNINGS} warnings",
    ]
    folder = project / "build" / SEED_PACK
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["checks.html", "index.html", "print.css", "screen.css"]
    index = (project / "build" / "index.html").read_text("utf-8")
    assert f'href="{SEED_PACK}/index.html"' in index
    assert "Thailand at the 26th ASEAN–Republic of Korea Summit" in index


def test_out_option_and_python_m(project: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("build", "--no-pdf", "--out", "elsewhere", cwd=project)
    assert run.status == 0, run.stderr
    assert (project / "elsewhere" / SEED_PACK / "index.html").is_file()
    assert not (project / "build").exists()


def test_failing_pack_does_not_stop_the_others(project: Path, briefs: Callable[..., Run]) -> None:
    (project / "briefs" / "broken.yaml").write_text("title: [unclosed\n", "utf-8")
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 1
    assert (
        "briefs/broken.yaml:2:1: error[B001]: YAML syntax: expected ',' or ']', but got '<stream end>'"
        in run.lines
    )
    assert run.lines[-1] == f"1 error, {SEED_WARNINGS} warnings"
    assert (project / "build" / SEED_PACK / "index.html").is_file()
    assert not (project / "build" / "broken").exists()


def test_check_validates_without_writing(project: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("check", cwd=project)
    assert run.status == 0, run.stderr
    assert run.lines == [*SEED_CHECKS, f"0 errors, {SEED_WARNINGS} warnings"]
    assert not (project / "build").exists()


def test_project_option_works_from_another_folder(
    project: Path, tmp_path: Path, briefs: Callable[..., Run]
) -> None:
    run = briefs("--project", str(project), "check", cwd=tmp_path)
    assert run.status == 0, run.stderr


def test_no_packs_is_a_positioned_error(tmp_path: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("build", cwd=tmp_path)
    assert run.status == 1
    assert run.lines == ["briefs: error[B006]: no pack files (*.yaml) found", "1 error, 0 warnings"]
