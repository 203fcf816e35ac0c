"""Paths, checked before anything is opened: confinement to the project, the project's
root, its pack files. Kept apart from sources.py (YAML) so that the no-op build can use
them without importing a YAML parser."""

from __future__ import annotations

import os
from pathlib import Path

# ---- confinement: checked before a path is opened, hashed or stat-ed ---------------------


def inside(path: Path, root: Path) -> bool:
    """True when path, with every symlink followed, lies within root. Only the links on
    the way are read (lstat, readlink): the target itself is never opened or stat-ed."""
    # os.path.realpath, not Path.resolve(): resolve() also stats the target it finds.
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def project_root(start: Path, config_name: str = "briefs.yaml") -> Path:
    """The folder holding briefs.yaml, searching upward from start; else start itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / config_name).is_file():
            return folder
    return start


def pack_listing(folder: Path, root: Path) -> list[Path]:
    """The pack files (*.yaml, *.yml) in folder, sorted; a link out of root is listed
    unread (loading refuses it), never stat-ed."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml") and (not inside(p, root) or p.is_file())
    )


def confined_tree(folder: Path, root: Path) -> tuple[list[Path], list[Path]]:
    """The regular files under folder, and the links (or folder itself) that lead out of
    root. Nothing out of root is opened or stat-ed; links to folders are not walked."""
    if not inside(folder, root):
        return [], [folder]
    files: list[Path] = []
    outside: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as scan:
                entries = list(scan)
        except OSError:  # absent, not a folder, unreadable: nothing under it
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                if not inside(path, root):
                    outside.append(path)
                elif path.is_file():
                    files.append(path)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif entry.is_file(follow_symlinks=False):
                files.append(path)
    return sorted(files), sorted(outside)
