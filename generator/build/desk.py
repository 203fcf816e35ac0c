"""Writing the desk's front page: `build/index.html` with its stylesheet and script, and
`build/desk.ics`, from every pack in the output folder (render/desk.py makes them).

The page depends on every pack's outputs, so it is made after the packs, from what they
wrote, under the output lock (of two concurrent builds, the later page lists both), and
its files are written as one unit: a reader sees the old desk or the new one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from generator.render.theme import template_dirs

if TYPE_CHECKING:
    from generator.load.pack import Project

DESK_FILES = ("index.html", "desk.css", "desk.js", "desk.ics")


def built_slugs(out: Path) -> list[str]:
    """The packs in the output folder: every folder with a pack page in it."""
    if not out.is_dir():
        return []
    return sorted(f.name for f in out.iterdir() if (f / "index.html").is_file())


def desk_missing(out: Path) -> bool:
    """True when a pack is in the output folder but a file of the desk is not."""
    return bool(built_slugs(out)) and not all((out / name).is_file() for name in DESK_FILES)


def write_desk(project: Project, out: Path, today: dt.date) -> int:
    """The desk's files, made from every pack in out/ and written as one unit; the
    number of packs it lists."""
    # Here, not at the top: the no-op build (noop.py) asks desk_missing, and writes nothing.
    from generator.build.atomic import output_lock, write_unit
    from generator.render.desk import desk_ics, read_packs, render_desk

    search_path = template_dirs(project.templates, root=project.root)
    with output_lock(out):
        packs = read_packs(out, built_slugs(out))
        files = render_desk(packs, today, project.config.classifications, search_path, project.root)
        files["desk.ics"] = desk_ics(packs, today)
        write_unit({out / name: data for name, data in files.items()})
    return len(packs)
