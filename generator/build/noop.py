"""The no-op fast path: `briefs build` finds every pack up to date from the manifests
alone, before the pydantic models, Jinja2, markdown-it, spaCy or WeasyPrint are imported.

It needs what briefs.yaml resolves to (the packs folder, the default PDF variant), which
only the validated config knows; so each build leaves a stamp, `<out>/.briefs/project.json`,
holding the digest of briefs.yaml and its resolved settings. When the digest still
matches, the settings are the config's; when anything does not match (the stamp, a
manifest, an input, an output, the build date's window), the fast path gives up and the
full build decides, pack by pack, with the very same manifest check.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build import incremental
from generator.build.desk import desk_missing
from generator.errors import Diagnostic, display_path
from generator.load.paths import inside, pack_listing, project_root

if TYPE_CHECKING:
    from generator.model import ProjectConfig

STAMP = "project.json"
CONFIG_NAME = "briefs.yaml"


@dataclass(frozen=True)
class Request:
    """A `briefs build` as asked for on the command line, before the config is read."""

    packs: tuple[Path, ...] = ()
    out: Path | None = None
    pdf: bool = True
    strict: bool = False
    pdf_variant: str | None = None  # None: the config's
    today: dt.date | None = None
    shard: tuple[int, int] | None = None
    release: bool = False


@dataclass(frozen=True)
class Fresh:
    """A pack found up to date: what its last build reported and wrote."""

    path: str
    slug: str
    title: str
    diagnostics: tuple[Diagnostic, ...]
    outputs: tuple[Path, ...]


def select_shard(paths: Sequence[Path], k: int, n: int) -> list[Path]:
    """Slice k of n (1-based) of the sorted packs: every n-th, so shards stay even in size."""
    return sorted(paths)[k - 1 :: n]


def project_stamp(root: Path, out: Path, config: ProjectConfig) -> tuple[Path, bytes]:
    """The stamp a build leaves for the fast path: briefs.yaml's digest and settings."""
    record = {
        "root": root.as_posix(),
        "config": incremental.Inputs(root).digest((root / CONFIG_NAME).as_posix()),
        "briefs_dir": config.briefs_dir,
        "pdf_variant": config.pdf_variant,
    }
    return out / incremental.MANIFEST_DIR / STAMP, json.dumps(record, indent=1).encode()


def one_pack(start: Path, request: Request) -> bool:
    """Whether the build asks for exactly one pack, as far as can be told before the
    config is read (briefs_dir as the last build's stamp says, else the default). Only a
    head start hangs on it: the PDF worker forks before the models are imported."""
    if request.packs:
        paths = list(request.packs)
    else:
        root = project_root(start, CONFIG_NAME)
        out = (request.out or root / "build").absolute()
        try:
            folder = str(
                json.loads((out / incremental.MANIFEST_DIR / STAMP).read_bytes())["briefs_dir"]
            )
        except (OSError, ValueError, KeyError, TypeError):
            folder = "briefs"
        briefs = root / folder
        if not inside(briefs, root):
            return False
        paths = pack_listing(briefs, root)
    if request.shard:
        paths = select_shard(paths, *request.shard)
    return len(paths) == 1


def up_to_date(start: Path, request: Request) -> tuple[Path, list[Fresh]] | None:
    """The project root and every requested pack, if all are up to date; else None."""
    root = project_root(start, CONFIG_NAME)
    out = (request.out or root / "build").absolute()
    try:
        stamp = json.loads((out / incremental.MANIFEST_DIR / STAMP).read_bytes())
        briefs, variant = root / str(stamp["briefs_dir"]), str(stamp["pdf_variant"])
        inputs = incremental.Inputs(root)
        if stamp["root"] != root.as_posix() or stamp["config"] != inputs.digest(
            (root / CONFIG_NAME).as_posix()
        ):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if request.packs:
        paths = [Path(p).absolute() for p in request.packs]
    elif inside(briefs, root):
        paths = pack_listing(briefs, root)
    else:
        return None  # the build refuses the folder (B202)
    if request.shard:
        paths = select_shard(paths, *request.shard)
    if not paths or len({p.stem for p in paths}) < len(paths):
        return None  # the build reports these (B006, B205)
    if desk_missing(out):
        return None  # the build writes the desk again
    key = incremental.build_key(
        incremental.options_key(
            request.pdf, request.strict, request.pdf_variant or variant, request.release
        )
    )
    day = request.today or incremental.default_build_date()
    found = []
    for path in paths:
        manifest = incremental.fresh_manifest(out, path, key, day, inputs)
        if manifest is None:
            return None
        outputs = tuple(out / relative for relative in manifest.outputs)
        shown = display_path(path, root)
        found.append(Fresh(shown, path.stem, manifest.title, manifest.diagnostics, outputs))
    return root, found
