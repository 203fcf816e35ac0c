"""Incremental builds: a pack is rebuilt only when something it was made from has changed.

Each built pack leaves a manifest in `<out>/.briefs/<pack>.json`: the key of the build
(the code, its libraries and the build options), the SHA-256 of every input file read
(pack file, articles, annotations, project files) and a digest of the listing of every
template folder, the window of build dates over which its date checks find the same,
the SHA-256 of every output and the findings to report again. A pack is up to date when
the key matches, every input and output is unchanged byte for byte and the build date
lies in the window; anything else (a missing or corrupt manifest, an output edited or
deleted) is rebuilt, never trusted. Because the manifest lists the pack's inputs, the
check needs neither the pack's YAML nor the pydantic models: deliberately light, so that
the CLI can decide "nothing to do" before any heavy import (noop.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import Diagnostic, Position, Severity
from generator.load.paths import confined_tree, inside
from generator.render.theme import THEME

MANIFEST_DIR = ".briefs"
ARTICLE_FILES = (".txt", ".md", ".ann.yaml")
PROJECT_FILES = ("briefs.yaml", "entities.yaml", "people.yaml", "names.yaml")
CODE = Path(__file__).resolve().parent.parent  # the whole generator package
# Date windows are stored as ISO dates; None is an open end.
Window = tuple[dt.date | None, dt.date | None]


@dataclass(frozen=True)
class Manifest:
    """What a previous build of one pack made, and from what."""

    key: str
    title: str
    inputs: dict[str, str]  # absolute path of a file or "tree:" + folder -> digest
    window: Window  # the build dates [from, until) over which the findings hold
    outputs: dict[str, str]  # path relative to the output folder -> sha256
    diagnostics: tuple[Diagnostic, ...]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def default_build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH when set (reproducible-builds.org), so that
    a CI job or a test can pin the date the checks judge due dates against."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


@cache
def code_version() -> str:
    """A hash of this package's code and data files and of the installed distributions
    (their dist-info names carry the versions: any upgrade counts, no metadata import)."""
    digest = hashlib.sha256()
    found = []
    top = os.fspath(CODE)
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = [f for f in subfolders if f != "__pycache__"]
        found += [os.path.join(folder, f) for f in files if f.endswith((".py", ".yaml", ".json"))]
    # os.walk and plain strings: pathlib costs more than hashing, and so does relpath (a
    # third of the whole digest): each path is the folder's plus a separator and the rest.
    for path in sorted(found):
        digest.update(path[len(top) + 1 :].encode())
        with open(path, "rb") as stream:
            digest.update(stream.read())
    for entry in sys.path:
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith(".dist-info"))
        except OSError:
            continue
        digest.update("\n".join(names).encode())
    return digest.hexdigest()


def options_key(pdf: bool, strict: bool, pdf_variant: str, release: bool) -> dict[str, Any]:
    """The build options that change what a build writes (jobs and debug do not; --release
    makes review findings errors). Not the build date: a manifest records the dates over
    which its findings hold instead."""
    return {"pdf": pdf, "strict": strict, "pdf_variant": pdf_variant, "release": release}


def build_key(options: dict[str, Any]) -> str:
    """The code and the options that change what a build writes."""
    digest = hashlib.sha256(code_version().encode())
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    return digest.hexdigest()


class Inputs:
    """Hashes the files and folders a build reads; each once per run, shared by its packs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._digests: dict[str, str] = {}

    def _inside(self, path: Path) -> bool:
        """Confinement first: a path that leads out of the project (or the built-in theme)
        is fingerprinted by its name alone, never stat-ed, opened or hashed."""
        return inside(path, self.root) or inside(path, THEME)

    def digest(self, name: str) -> str:
        """The digest of an input as a manifest names it: a file, or "tree:" + a folder."""
        if name not in self._digests:
            if name.startswith("tree:"):
                self._digests[name] = self._tree(Path(name.removeprefix("tree:")))
            else:
                self._digests[name] = self._file(Path(name))
        return self._digests[name]

    def _file(self, path: Path) -> str:
        if not self._inside(path):
            return "outside the project"
        try:
            # Only regular files are read: opening a FIFO an input names would block.
            regular = stat.S_ISREG(path.stat().st_mode)
            return sha256(path.read_bytes()) if regular else "not a file"
        except OSError:
            return "absent"

    def _tree(self, folder: Path) -> str:
        """The listing of a folder (the files in it are inputs of their own)."""
        trusted = self.root if inside(folder, self.root) else THEME
        files, outside = confined_tree(folder, trusted)
        listing = [p.relative_to(folder).as_posix() for p in files if "__pycache__" not in p.parts]
        listing += [f"outside:{p.as_posix()}" for p in outside]  # refused by the build
        return sha256("\n".join(listing).encode())

    def tree_files(self, folder: Path) -> list[Path]:
        trusted = self.root if inside(folder, self.root) else THEME
        return [p for p in confined_tree(folder, trusted)[0] if "__pycache__" not in p.parts]

    def record(self, files: Iterable[Path], trees: Iterable[Path]) -> dict[str, str]:
        """The inputs of one pack, as its manifest stores them."""
        names = [f"tree:{folder.as_posix()}" for folder in trees]
        names += [path.as_posix() for path in files]
        return {name: self.digest(name) for name in sorted(set(names))}

    def unchanged(self, recorded: dict[str, str]) -> bool:
        return all(self.digest(name) == digest for name, digest in recorded.items())


def pack_inputs(
    inputs: Inputs, pack: Path, seeds: Path, template_dirs: Iterable[Path], article_ids: list[str]
) -> dict[str, str]:
    """Every file and folder a build of this pack reads (the theme and templates included)."""
    trees = [*template_dirs, pack.parent / "templates"]
    files = [pack, *(inputs.root / name for name in PROJECT_FILES)]
    files += [seeds / f"{a}{suffix}" for a in article_ids for suffix in ARTICLE_FILES]
    for folder in trees:
        files += inputs.tree_files(folder)
    return inputs.record(files, trees)


def article_ids(data: Any) -> list[str]:
    """The article ids a pack's raw YAML data names (before validation)."""
    topics = data.get("topics") if isinstance(data, dict) else None
    ids: list[str] = []
    for topic in topics if isinstance(topics, list) else []:
        articles = topic.get("articles") if isinstance(topic, dict) else None
        ids += [str(a) for a in articles] if isinstance(articles, list) else []
    return ids


def manifest_path(out: Path, slug: str) -> Path:
    return out / MANIFEST_DIR / f"{slug}.json"


def in_window(window: Window, day: dt.date) -> bool:
    start, until = window
    return (start is None or start <= day) and (until is None or day < until)


def fresh_manifest(
    out: Path, pack: Path, key: str, day: dt.date, inputs: Inputs
) -> Manifest | None:
    """The manifest of an up-to-date build of this pack, or None if it must be rebuilt
    (a manifest left by another pack file of the same name is not this pack's)."""
    manifest = read_manifest(manifest_path(out, pack.stem))
    if manifest is None or manifest.key != key or not in_window(manifest.window, day):
        return None
    if pack.as_posix() not in manifest.inputs:
        return None
    if not inputs.unchanged(manifest.inputs):
        return None
    for relative, digest in manifest.outputs.items():
        try:
            if sha256((out / relative).read_bytes()) != digest:
                return None
        except OSError:
            return None
    return manifest


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def read_manifest(path: Path) -> Manifest | None:
    """A manifest as written by manifest_bytes; None for anything missing or malformed."""
    try:
        raw = json.loads(path.read_bytes())
        start, until = raw["window"]
        return Manifest(
            key=str(raw["key"]),
            title=str(raw["title"]),
            inputs={str(k): str(v) for k, v in raw["inputs"].items()},
            window=(_date(start), _date(until)),
            outputs={str(k): str(v) for k, v in raw["outputs"].items()},
            diagnostics=tuple(
                Diagnostic(
                    d["code"],
                    d["message"],
                    Position(d["path"], int(d["line"]), int(d["col"])),
                    Severity[d["severity"].upper()],
                )
                for d in raw["diagnostics"]
            ),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def manifest_bytes(manifest: Manifest, outputs: dict[Path, bytes], out: Path) -> bytes:
    """The manifest of a fresh build, with the hashes of the outputs it wrote."""
    start, until = manifest.window
    record = {
        "key": manifest.key,
        "title": manifest.title,
        "inputs": manifest.inputs,
        "window": [start and start.isoformat(), until and until.isoformat()],
        "outputs": {
            path.relative_to(out).as_posix(): sha256(data) for path, data in sorted(outputs.items())
        },
        "diagnostics": [
            {
                "code": d.code,
                "message": d.message,
                "path": d.position.path,
                "line": d.position.line,
                "col": d.position.col,
                "severity": str(d.severity),
            }
            for d in manifest.diagnostics
        ],
    }
    return json.dumps(record, indent=1, sort_keys=True).encode("utf-8")
