"""The file system says no (issue 12, class 8): a full disk, a read-only output folder, a
folder where a file goes, `init` into a dangling link: a clear diagnostic naming the path
and the cause, never B601; and a pack's outputs are replaced as a unit or not at all."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import atomic
from tests.conftest import FIXTURES, SEED_ID, SEED_PACK, Run


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def failing_fsync(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    """os.fsync fails with code for the temporary of the output called name."""
    real = os.fsync

    def fsync(handle: int) -> None:
        if os.readlink(f"/proc/self/fd/{handle}").split("/")[-1].startswith(f".{name}."):
            raise OSError(code, os.strerror(code))
        real(handle)

    monkeypatch.setattr(atomic.os, "fsync", fsync)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO])
@pytest.mark.parametrize("name", ["checks.html", f"{SEED_PACK}.json", "index.html"])
def test_a_failed_write_leaves_the_previous_build_whole(
    project: Path,
    briefs: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    name: str,
) -> None:
    first = briefs("build", "--no-pdf", cwd=project)
    assert first.status == 0, first.stderr
    before = snapshot(project / "build")
    pack = project / "briefs" / f"{SEED_PACK}.yaml"
    pack.write_text(pack.read_text().replace("title: Thailand", "title: Changed, Thailand", 1))
    failing_fsync(monkeypatch, name, code)
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 1
    assert "B601" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert "error[B602]: cannot write build/" in run.stderr, run.stderr
    assert os.strerror(code) in run.stderr, run.stderr
    # The pack's files are all the old ones (index.html of the pack included), and so is
    # its manifest, so the next build sees an older build, whole, and rebuilds it.
    after = snapshot(project / "build")
    assert {k: v for k, v in after.items() if k != ".briefs.lock"} == {
        k: v for k, v in before.items() if k != ".briefs.lock"
    }
    assert not [p for p in (project / "build").rglob("*.tmp")]


def test_an_annotation_target_that_is_a_folder(project: Path, briefs: Callable[..., Run]) -> None:
    (project / "seeds" / f"{SEED_ID}.ann.yaml").unlink()
    (project / "seeds" / f"{SEED_ID}.ann.yaml").mkdir()
    article = f"seeds/{SEED_ID}.txt"
    run = briefs("annotate", "--write", "--force", article, cwd=project)
    assert run.status == 1
    assert "Traceback" not in run.stderr and "B601" not in run.stderr
    assert (
        f"seeds/{SEED_ID}.ann.yaml: error[B602]: cannot write seeds/{SEED_ID}.ann.yaml: a folder is in the way"
        in run.stderr
    ), run.stderr


def test_an_import_target_that_is_a_folder(project: Path, briefs: Callable[..., Run]) -> None:
    shutil.copytree(FIXTURES / "imports", project / "exports")
    (project / "seeds" / f"{SEED_ID}.ann.yaml").unlink()
    (project / "seeds" / f"{SEED_ID}.ann.yaml").mkdir()
    run = briefs("import", "exports/label_studio_export.json", cwd=project)
    assert run.status == 1
    assert "Traceback" not in run.stderr and "B601" not in run.stderr
    assert "error[B602]" in run.stderr or "error[E917]" in run.stderr, run.stderr


def test_init_into_a_dangling_link(tmp_path: Path, briefs: Callable[..., Run]) -> None:
    (tmp_path / "new").symlink_to(tmp_path / "missing")
    run = briefs("init", "new", cwd=tmp_path)
    assert run.status == 1
    assert "Traceback" not in run.stderr and "B601" not in run.stderr
    assert run.lines[0].startswith("new: error[E904]: "), run.stderr
    assert "link" in run.lines[0]
    assert not (tmp_path / "missing").exists()
