"""How briefs puts files on disk: atomic replacement, a short output lock, stale-file cleanup.

Every output is written to a temporary file beside its target and renamed over it, so
a reader (or a build killed with SIGKILL) sees the old file or the new one, never half
of one. Each temporary file is flock()ed by the process writing it; the kernel drops
that lock when the process dies, however it dies, so the next build can tell a
temporary left by a dead build (remove it) from one a concurrent build is still
writing (leave it). The output lock, held only while one pack's files are renamed into
place or the index page is written, keeps the files of a pack from one build.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import Diagnostic, DiagnosticError, Position, display_path

logger = logging.getLogger(__name__)

TEMP_SUFFIX = ".tmp"
LOCK_NAME = ".briefs.lock"


class WriteError(DiagnosticError, OSError):
    """A file cannot be written (disk full, read-only, a folder in the way): a positioned
    B602 naming the path and the cause. Still an OSError for callers that expect one."""

    def __init__(self, target: Path, error: OSError) -> None:
        shown = display_path(target.absolute(), Path.cwd())
        cause = error.strerror or type(error).__name__
        if isinstance(error, IsADirectoryError) or (target.is_dir() and not target.is_symlink()):
            cause = "a folder is in the way"
        message = f"cannot write {shown}: {cause}; nothing of it was replaced"
        DiagnosticError.__init__(self, [Diagnostic.make("B602", message, Position(shown))])


def write_atomic(target: Path, data: bytes) -> None:
    """Write data to target so that readers see the old file or the new one, never half."""
    write_unit({target: data})


def write_unit(files: dict[Path, bytes]) -> None:
    """Write several files as a unit: every one is written to its temporary and synced
    first; only if all of them could be written are they renamed into place. A failure
    (a full disk, a read-only folder) removes the temporaries and replaces nothing: a
    WriteError naming the file and the cause."""
    written: list[tuple[Path, int, str]] = []
    try:
        for target, data in files.items():
            try:
                written.append((target, *_written_temporary(target, data)))
            except OSError as error:
                raise WriteError(target, error) from error
        for target, _, temporary in written:
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise WriteError(target, error) from error
        for folder in {target.parent for target in files}:
            _sync_folder(folder)
    finally:
        for _, handle, temporary in written:
            Path(temporary).unlink(missing_ok=True)  # gone already when it was renamed
            os.close(handle)  # releases the lock, after the rename


def _written_temporary(target: Path, data: bytes) -> tuple[int, str]:
    """A locked temporary beside target holding data, synced to disk."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _locked_temporary(target)
    try:
        with os.fdopen(handle, "wb", closefd=False) as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.fchmod(handle, 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        os.close(handle)
        raise
    return handle, temporary


def _locked_temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside target, locked by this process."""
    while True:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
        )
        fcntl.flock(handle, fcntl.LOCK_EX)
        # A cleanup may have taken the file between mkstemp and flock: then take another.
        if _same_file(temporary, handle):
            return handle, temporary
        os.close(handle)


def _same_file(path: str | Path, handle: int) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(handle).st_ino
    except FileNotFoundError:
        return False


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut after a build keeps the new file)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename is still atomic
    finally:
        os.close(handle)


def remove_stale_temporaries(out: Path) -> list[Path]:
    """Delete temporary files that killed builds left in out/ and its pack folders.

    A temporary another build is writing right now is locked, and stays.
    """
    if not out.is_dir():
        return []
    removed = []
    for path in [*out.glob(f".*{TEMP_SUFFIX}"), *out.glob(f"*/.*{TEMP_SUFFIX}")]:
        if path.is_symlink() or not path.is_file():
            continue
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _same_file(path, handle):
                path.unlink()
                removed.append(path)
        except OSError:
            continue  # locked: a live build is writing it
        finally:
            os.close(handle)
    for path in removed:
        logger.info("removed %s, left by an interrupted build", path)
    return removed


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Exclusive use of out/ while a few files are renamed into place (milliseconds)."""
    out.mkdir(parents=True, exist_ok=True)
    handle = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
