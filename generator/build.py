"""The build: load -> render -> pdf for each pack, then write every output atomically.

This is the only module that writes files.
"""

from __future__ import annotations

import html
import logging
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic, DiagnosticError, Position, Severity
from .exports import export_files
from .load import Drafter, Project, load_pack
from .model import Pack
from .pdf import PdfOptions, make_pdf
from .render import render_pack, template_dirs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    pdf: bool = True
    strict: bool = False
    pdf_variant: str = "pdf/ua-1"


@dataclass(frozen=True)
class PackResult:
    """What happened to one pack: its findings and, if it built, the files it wrote."""

    path: str
    slug: str
    title: str = ""
    diagnostics: tuple[Diagnostic, ...] = ()
    outputs: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.outputs)


@dataclass
class Outputs:
    """Files gathered for one pack before any is written (MkDocs-style: all, then write)."""

    files: dict[Path, bytes] = field(default_factory=dict)


def check_pack(project: Project, path: Path, drafter: Drafter | None = None) -> tuple[Pack | None, list[Diagnostic]]:
    """Load and validate one pack; its diagnostics (the checks stage adds to these)."""
    try:
        return load_pack(project, path, drafter), []
    except DiagnosticError as error:
        return None, error.diagnostics


def build_pack(project: Project, path: Path, options: BuildOptions, drafter: Drafter | None = None) -> PackResult:
    """Build one pack; a failure is reported in the result, never raised."""
    shown = project.shown(path)
    pack, diagnostics = check_pack(project, path, drafter)
    if pack is None or _fails(diagnostics, options.strict):
        return PackResult(shown, path.stem, diagnostics=tuple(diagnostics))
    try:
        outputs, more = _outputs(project, pack, options)
    except DiagnosticError as error:
        return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics + error.diagnostics))
    diagnostics += more
    if _fails(diagnostics, options.strict):
        return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics))
    for target, data in outputs.files.items():
        write_atomic(target, data)
    return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics), tuple(outputs.files))


def _fails(diagnostics: Sequence[Diagnostic], strict: bool) -> bool:
    worst = Severity.WARNING if strict else Severity.ERROR
    return any(d.severity >= worst for d in diagnostics)


def _outputs(project: Project, pack: Pack, options: BuildOptions) -> tuple[Outputs, list[Diagnostic]]:
    rendered = render_pack(pack, search_path(project, pack), project.root)
    outputs = Outputs()
    folder = options.out / pack.slug
    outputs.files[folder / "index.html"] = rendered.html.encode("utf-8")
    for name, data in rendered.assets.items():
        outputs.files[folder / name] = data
    outputs.files.update(export_files(pack, options.out))
    diagnostics: list[Diagnostic] = []
    if options.pdf:
        pdf, diagnostics = make_pdf(rendered, Position(pack.path), PdfOptions(options.pdf_variant))
        outputs.files[options.out / f"{pack.slug}.pdf"] = pdf
    return outputs, diagnostics


def search_path(project: Project, pack: Pack) -> list[Path]:
    """Where a pack's templates come from, first hit wins: its own, the project's, the theme."""
    return template_dirs(project.templates, (project.root / pack.path).parent / "templates")


def build(
    project: Project,
    paths: Sequence[Path],
    options: BuildOptions,
    drafter: Drafter | None = None,
    on_result: Callable[[PackResult], None] | None = None,
) -> list[PackResult]:
    """Build every pack given (a failing pack never stops the others), then the index page.

    on_result hears about each pack as soon as it is done (progress bars, CI logs).
    """
    results = []
    for path in paths:
        results.append(build_pack(project, path, options, drafter))
        if on_result is not None:
            on_result(results[-1])
    built = [r for r in results if r.ok]
    if built:
        write_atomic(options.out / "index.html", index_page(_all_built(options.out, built)))
    return results


def select_shard(paths: Sequence[Path], k: int, n: int) -> list[Path]:
    """Slice k of n (1-based) of the sorted packs: every n-th, so shards stay even in size."""
    return sorted(paths)[k - 1 :: n]


def _all_built(out: Path, fresh: Sequence[PackResult]) -> dict[str, str]:
    """Packs in the index: those just built, plus earlier ones still on disk."""
    titles = {r.slug: r.title for r in fresh}
    if out.is_dir():
        for folder in sorted(out.iterdir()):
            if (folder / "index.html").is_file() and folder.name not in titles:
                titles[folder.name] = folder.name
    return dict(sorted(titles.items()))


def index_page(packs: Mapping[str, str]) -> bytes:
    """A plain page that lists every pack in build/, with links to its HTML and PDF."""
    rows = "\n".join(
        f'<li><a href="{html.escape(slug)}/index.html">{html.escape(title)}</a> '
        f'(<a href="{html.escape(slug)}.pdf">PDF</a>)</li>'
        for slug, title in packs.items()
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Briefing packs</title>
<style>body {{ font: 17px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }}</style>
</head>
<body>
<main>
<h1>Briefing packs</h1>
<ul>
{rows}
</ul>
</main>
</body>
</html>
"""
    return page.encode("utf-8")


def write_atomic(target: Path, data: bytes) -> None:
    """Write data to target so that readers see the old file or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
