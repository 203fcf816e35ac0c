"""Refuse before you open: nothing outside the project is opened, hashed or stat-ed by a
build, check or serve, beyond the reading of links that the confinement check itself
needs (issue 12, class 2)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TESTS, Run

BASE = TESTS / "bad_inputs" / "_base"
SECRET = "TOP-SECRET-2a9e: must never be opened"

_touched: list[str] | None = None
OPENED = "opened "


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _touched is not None and event == "open" and isinstance(args[0], str | bytes | Path):
        _touched.append(OPENED + os.fsdecode(args[0]))


sys.addaudithook(_audit)  # audit hooks cannot be removed; it records only inside `spy`


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every path opened (audit hook) or stat-ed following links (os.stat) meanwhile."""
    global _touched
    touched: list[str] = []
    real_stat = os.stat

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if isinstance(path, str | bytes | os.PathLike) and kwargs.get("follow_symlinks", True):
            touched.append(os.fsdecode(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    _touched = touched
    try:
        yield touched
    finally:
        _touched = None


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET + "\n")
    (outside / "secret.yaml").write_text(f"article:\n  title: {SECRET}\n")
    (outside / "pack.yaml").write_text((root / "briefs" / "pack.yaml").read_text())
    (outside / "templates").mkdir()
    (outside / "templates" / "print.css").write_text(f"/* {SECRET} */\n")
    return root, outside


def _link(path: Path, target: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    path.unlink(missing_ok=True)
    path.symlink_to(target)


def _outside(touched: list[str], outside: Path, root: Path) -> list[str]:
    """The touched paths that are outside, or that lead outside through a link."""
    global _touched
    _touched = None
    seen = {
        (p[: len(OPENED)] if p.startswith(OPENED) else "", p.removeprefix(OPENED)) for p in touched
    }
    near = {
        (how, os.path.abspath(p))
        for how, p in seen
        if os.path.abspath(p).startswith((str(outside.parent), str(root.parent)))
    }
    return sorted(how + p for how, p in near if Path(p).resolve().is_relative_to(outside))


CASES: dict[str, Callable[[Path, Path], list[str]]] = {
    "article": lambda root, out: (_link(root / "seeds" / "base.txt", out / "secret.txt"), [])[1],
    "annotation": lambda root, out: (
        _link(root / "seeds" / "base.ann.yaml", out / "secret.yaml"),
        [],
    )[1],
    "pack": lambda root, out: [str(out / "pack.yaml")],
    "pack_link": lambda root, out: (
        _link(root / "briefs" / "pack.yaml", out / "pack.yaml"),
        [],
    )[1],
    "templates": lambda root, out: (_link(root / "templates", out / "templates"), [])[1],
    "pack_templates": lambda root, out: (
        _link(root / "briefs" / "templates", out / "templates"),
        [],
    )[1],
    "stylesheet": lambda root, out: (
        (root / "templates").mkdir(),
        _link(root / "templates" / "print.css", out / "secret.txt"),
        [],
    )[2],
    "seeds": lambda root, out: (_link(root / "seeds", out / "seeds"), [])[1],
}


@pytest.mark.parametrize("verb", ["build", "check"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_nothing_outside_is_opened_or_stated(
    case: str,
    verb: str,
    layout: tuple[Path, Path],
    briefs: Callable[..., Run],
    spy: list[str],
) -> None:
    root, outside = layout
    shutil.copytree(BASE / "seeds", outside / "seeds", dirs_exist_ok=True)
    args = CASES[case](root, outside)
    resolved = outside.resolve()
    spy.clear()
    run = briefs(verb, *(["--no-pdf"] if verb == "build" else []), *args, cwd=root)
    # A pack named on the command line is stat-ed by click (its argument type), not read.
    touched = [p for p in _outside(spy, resolved, root) if p not in args]
    if verb == "build" or ("templates" not in case and case != "stylesheet"):
        assert run.status == 1, run.stderr  # `check` renders nothing, so uses no template
        assert "B202" in run.stderr, run.stderr
    assert SECRET not in run.stderr + run.stdout
    assert touched == [], f"opened or stat-ed outside the project: {touched}\n{run.stderr}"
