"""The entry point's quick answer (cli/entry.py): a plain `briefs build` that finds every
pack up to date is answered before click is imported, with the very lines and exit status
of the click app; anything else goes to the click app."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.noop import Request
from generator.cli.entry import plain_build
from tests.conftest import SEED_ID, SEED_PACK, SEED_WARNINGS, Run

# Runs the entry point (or the click app) as `briefs ARGS...` and prints, after its own
# output, whether click was imported: the quick answer's whole point.
_RUN = (
    "import sys\n"
    "from generator.cli.{module} import main\n"
    "sys.argv = ['briefs', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as stop:\n"
    "    status = stop.code or 0\n"
    "else:\n"
    "    status = 0\n"
    "print('click imported:', 'click' in sys.modules)\n"
    "sys.exit(status)\n"
)


def _briefs(module: str, cwd: Path, *args: str) -> Run:
    done = subprocess.run(
        [sys.executable, "-c", _RUN.format(module=module), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def built(project: Path, briefs: Callable[..., Run]) -> Path:
    assert briefs("build", "--no-pdf", cwd=project).status == 0
    return project


@pytest.mark.parametrize(
    ("args", "quick"),
    [
        (["build", "--no-pdf"], True),
        (["--project", "{root}", "build", "--no-pdf"], True),
        (["--project={root}", "build", "--no-pdf", "--release"], True),
        # The seed's warnings fail a --strict build: never up to date, the click app's.
        (["build", "--no-pdf", "--strict"], False),
    ],
)
def test_an_up_to_date_build_is_answered_without_click_and_as_click_would(
    built: Path, args: list[str], quick: bool
) -> None:
    args = [a.format(root=built) for a in args]
    _briefs("app", built, *args)  # built with these options: from now on up to date
    ours, theirs = _briefs("entry", built, *args), _briefs("app", built, *args)
    assert ours.stdout == f"click imported: {not quick}\n"
    assert theirs.stdout == "click imported: True\n"
    assert (ours.status, ours.stderr) == (theirs.status, theirs.stderr)
    if quick:
        assert ours.status == 0
        assert ours.lines == [
            f"up to date briefs/{SEED_PACK}.yaml (0 errors, {SEED_WARNINGS} warnings)",
            f"0 errors, {SEED_WARNINGS} warnings",
        ]
    else:
        assert ours.status == 1 and f"failed briefs/{SEED_PACK}.yaml" in ours.lines


def test_a_build_with_work_to_do_goes_to_the_click_app(built: Path) -> None:
    annotations = built / "seeds" / f"{SEED_ID}.ann.yaml"
    annotations.write_text(annotations.read_text("utf-8") + "# edited\n", "utf-8")
    run = _briefs("entry", built, "build", "--no-pdf")
    assert run.status == 0, run.stderr
    assert run.stdout == "click imported: True\n"
    assert f"built briefs/{SEED_PACK}.yaml -> build/{SEED_PACK}/index.html" in run.lines


def test_other_command_lines_go_to_the_click_app(built: Path) -> None:
    run = _briefs("entry", built, "build", "--no-pdf", "--verbose")
    assert run.stdout == "click imported: True\n"
    assert sum("warning[" in line for line in run.lines) == SEED_WARNINGS
    bad = _briefs("entry", built, "build", "--no-such-option")
    assert bad.status == 2 and "No such option '--no-such-option'" in bad.stderr


def test_what_counts_as_a_plain_build(tmp_path: Path) -> None:
    assert plain_build(["build"]) == (Path("."), Request())
    assert plain_build(["--project", "p", "build", "--no-pdf", "--strict"]) == (
        Path("p"),
        Request(pdf=False, strict=True),
    )
    assert plain_build(["--project=p", "build", "--release"]) == (Path("p"), Request(release=True))
    afile = tmp_path / "briefs.yaml"
    afile.write_text("", "utf-8")
    for args in (
        [],
        ["check"],
        ["build", "--force"],
        ["build", "briefs/x.yaml"],
        ["build", "--today", "2025-01-01"],
        ["--debug", "build"],
        ["--project", "build"],  # click reads "build" as the folder, then wants a command
        ["--project", "--debug", "build"],
        ["--project=", "build"],
        ["--project", str(afile), "build"],  # click refuses a file as the project folder
        ["build", "--help"],
    ):
        assert plain_build(args) is None, args
