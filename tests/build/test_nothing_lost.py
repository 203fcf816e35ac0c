"""Nothing lost: killed builds, concurrent builds and failing packs never damage good outputs."""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build.atomic import remove_stale_temporaries, write_atomic
from tests.conftest import REPO, TESTS

BASE = TESTS / "bad_inputs" / "_base"

# Runs the CLI after a patch that announces a stage (touches a marker) and then hangs there,
# so the test can kill the build at exactly that point.
HANG = """
import os, sys, time
from pathlib import Path
import generator.build.atomic as atomic
import generator.pdf.worker as pdf
marker = Path(sys.argv[1])
def hang():
    marker.touch()
    time.sleep(120)
if sys.argv[2] == "pdf":
    real_make = pdf._make
    def make(job):
        if job.where.path.endswith("pack.yaml"):
            hang()
        return real_make(job)
    pdf._make = make  # looked up when the pdf stage runs (in the warm worker, if any)
else:
    real_replace = os.replace
    class Os:
        def __getattr__(self, name):
            return getattr(os, name)
        def replace(self, source, target):
            if str(target).endswith("pack.pdf"):
                hang()
            return real_replace(source, target)
    atomic.os = Os()
from generator.cli.app import main
from tests.conftest import REPO, TESTS
sys.argv = ["briefs", "build", *sys.argv[3:]]
main()
"""


def two_pack_project(root: Path) -> Path:
    shutil.copytree(BASE, root)
    other = (root / "briefs" / "pack.yaml").read_text().replace("Ministerial meeting,", "Other,")
    (root / "briefs" / "other.yaml").write_text(other)
    return root


def briefs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def outputs(root: Path) -> dict[str, bytes]:
    build = root / "build"
    return {
        p.relative_to(build).as_posix(): p.read_bytes() for p in build.rglob("*") if p.is_file()
    }


def assert_whole(files: dict[str, bytes]) -> None:
    """Every HTML page complete, every PDF parses, no temporary file left as an output."""
    for name, data in files.items():
        assert not name.endswith(".tmp") or Path(name).name.startswith("."), name
        if name.endswith(".html"):
            assert data.rstrip().endswith(b"</html>"), name
        if name.endswith(".pdf"):
            assert len(PdfReader(io.BytesIO(data)).pages) >= 1, name


def start_hanging_build(
    root: Path, marker: Path, stage: str, *args: str
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", HANG, str(marker), stage, *args]
    return subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.DEVNULL)


def wait_for(marker: Path, process: subprocess.Popen[bytes], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not marker.exists():
        assert process.poll() is None, "the build ended before reaching the stage"
        assert time.monotonic() < deadline, "the build never reached the stage"
        time.sleep(0.05)


@pytest.mark.slow
def test_sigkill_during_pdf_stage_keeps_every_earlier_output(tmp_path: Path) -> None:
    root = two_pack_project(tmp_path / "project")
    assert briefs(root, "build").returncode == 0
    before = outputs(root)
    assert {"pack.pdf", "other.pdf", "pack/index.html", "index.html"} <= set(before)
    pack = root / "briefs" / "pack.yaml"
    pack.write_text(pack.read_text().replace("Ministerial meeting,", "Changed meeting,"))
    marker = tmp_path / "in-pdf-stage"
    process = start_hanging_build(root, marker, "pdf")
    wait_for(marker, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    after = outputs(root)
    assert_whole(after)
    # The killed pack wrote nothing: its old files are all there, byte for byte.
    for name in ("pack.pdf", "pack/index.html", "pack/print.css", "index.html"):
        assert after[name] == before[name], name
    assert after.keys() - before.keys() <= {".briefs.lock"}


def descendants(pid: int) -> set[int]:
    """The processes under pid (Linux /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    wanted = {pid}
    while wanted:
        wanted = {child for child, parent in parents.items() if parent in wanted} - found
        found |= wanted
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_builds_workers_do_not_outlive_it(tmp_path: Path) -> None:
    root = two_pack_project(tmp_path / "project")
    marker = tmp_path / "in-pdf-stage"
    process = start_hanging_build(root, marker, "pdf", "--jobs", "2", "--force")
    wait_for(marker, process)
    workers = descendants(process.pid)
    assert workers  # the pack hangs in a worker process
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)]


@pytest.mark.slow
def test_sigkill_mid_write_leaves_the_old_file_and_the_next_build_cleans_up(
    tmp_path: Path,
) -> None:
    root = two_pack_project(tmp_path / "project")
    assert briefs(root, "build").returncode == 0
    before = outputs(root)
    pack = root / "briefs" / "pack.yaml"
    pack.write_text(pack.read_text().replace("Ministerial meeting,", "Changed meeting,"))
    marker = tmp_path / "before-rename"
    process = start_hanging_build(root, marker, "rename")
    wait_for(marker, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    after = outputs(root)
    leftovers = [name for name in after if name.endswith(".tmp")]
    # A pack's files are all written before any is renamed (a unit): killed at the PDF's
    # rename, the PDF's and the manifest's (renamed last) temporaries are left.
    assert sorted(Path(n).name.split(".")[1] for n in leftovers) == ["pack", "pack"], leftovers
    assert {Path(n).name.rsplit(".", 2)[0] for n in leftovers} == {".pack.pdf", ".pack.json"}
    assert after["pack.pdf"] == before["pack.pdf"]
    assert_whole(after)
    rebuilt = briefs(root, "build")
    assert rebuilt.returncode == 0, rebuilt.stderr
    final = outputs(root)
    assert [name for name in final if name.endswith(".tmp")] == []
    assert_whole(final)
    assert b"Changed meeting" in final["pack/index.html"]


@pytest.mark.slow
def test_concurrent_builds_into_one_folder_keep_every_file_whole(tmp_path: Path) -> None:
    root = two_pack_project(tmp_path / "project")
    assert briefs(root, "build").returncode == 0
    serial = outputs(root)
    shutil.rmtree(root / "build")
    command = [sys.executable, "-m", "generator", "build"]
    runs = [
        subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr.decode()
    concurrent = outputs(root)
    assert_whole(concurrent)
    assert [name for name in concurrent if name.endswith(".tmp")] == []
    for name, data in serial.items():
        if not name.endswith(".pdf"):  # PDFs differ only in their creation time
            assert concurrent[name] == data, name
    assert b"pack/index.html" in concurrent["index.html"]
    assert b"other/index.html" in concurrent["index.html"]


def test_cleanup_removes_only_unlocked_temporaries(tmp_path: Path) -> None:
    out = tmp_path / "build"
    (out / "pack").mkdir(parents=True)
    stale = out / ".pack.pdf.abc123.tmp"
    stale.write_bytes(b"%PDF-half")
    stale_inner = out / "pack" / ".index.html.x1.tmp"
    stale_inner.write_bytes(b"<html")
    busy = out / ".other.pdf.def456.tmp"
    busy.write_bytes(b"%PDF-being-written")
    user_file = out / "notes.tmp"
    user_file.write_text("not ours")
    handle = os.open(busy, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as a live writer holds it
        removed = remove_stale_temporaries(out)
        assert sorted(removed) == sorted([stale, stale_inner])
        assert busy.exists() and user_file.exists()
    finally:
        os.close(handle)
    assert remove_stale_temporaries(out) == [busy]
    assert user_file.exists()


def test_write_atomic_replaces_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "x.pdf"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["x.pdf"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_a_failing_pack_never_stops_the_others(tmp_path: Path) -> None:
    root = two_pack_project(tmp_path / "project")
    broken = root / "briefs" / "broken.yaml"
    broken.write_text("title: [unclosed\n")
    third = root / "briefs" / "third.yaml"
    third.write_text((root / "briefs" / "pack.yaml").read_text())
    result = briefs(root, "build", "--no-pdf")
    assert result.returncode == 1
    assert "briefs/broken.yaml:2:1: error[B001]" in result.stderr
    assert (root / "build" / "pack" / "index.html").is_file()
    assert (root / "build" / "other" / "index.html").is_file()
    assert (root / "build" / "third" / "index.html").is_file()
    assert not (root / "build" / "broken").exists()


def test_an_internal_error_costs_one_pack_not_the_run(tmp_path: Path) -> None:
    """A bug (here: render raising for one pack) is B601 for that pack; the rest build."""
    root = two_pack_project(tmp_path / "project")
    code = (
        "import sys, generator.render.html as b\n"
        "real = b.render_pack\n"
        "def render_pack(pack, *args):\n"
        "    if pack.slug == 'other': raise KeyError('boom')\n"
        "    return real(pack, *args)\n"
        "b.render_pack = render_pack\n"
        "from generator.cli.app import main\n"
        "sys.argv = ['briefs'] + sys.argv[1:]\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for debug in ([], ["--debug"]):
        run = subprocess.run(
            [sys.executable, "-c", code, *debug, "build", "--no-pdf"],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert run.returncode == 1
        line = (
            "briefs/other.yaml: error[B601]: internal error: KeyError: 'boom'"
            " (a bug in briefs; `briefs --debug ...` shows the traceback)"
        )
        assert line in run.stderr.splitlines()
        assert ("Traceback" in run.stderr) == bool(debug)
        assert (root / "build" / "pack" / "index.html").is_file()
