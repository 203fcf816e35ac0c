"""The build: load -> render -> pdf for each pack, then write every output atomically.

This is the only module that writes files.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import logging
import multiprocessing
import os
import tempfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import incremental
from .errors import Diagnostic, DiagnosticError, Position, Severity
from .glyphs import check_glyphs
from .load import ANNOTATION_SUFFIX, Drafter, Project, load_pack
from .model import Pack
from .packdata import pack_json
from .pdf import PdfOptions, make_pdf
from .render import render_pack, template_dirs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    pdf: bool = True
    strict: bool = False
    pdf_variant: str = "pdf/ua-1"
    jobs: int = 1
    debug: bool = False
    force: bool = False

    def fingerprint_key(self) -> dict[str, object]:
        """The options that change what a build writes (jobs and debug do not)."""
        return {"pdf": self.pdf, "strict": self.strict, "pdf_variant": self.pdf_variant}


@dataclass(frozen=True)
class PackResult:
    """What happened to one pack: its findings and, if it built, the files it wrote."""

    path: str
    slug: str
    title: str = ""
    diagnostics: tuple[Diagnostic, ...] = ()
    outputs: tuple[Path, ...] = ()
    skipped: bool = False  # up to date: nothing was rebuilt or written

    @property
    def ok(self) -> bool:
        return bool(self.outputs)


@dataclass
class Outputs:
    """Files gathered for one pack before any is written (MkDocs-style: all, then write)."""

    files: dict[Path, bytes] = field(default_factory=dict)


def check_pack(
    project: Project, path: Path, drafter: Drafter | None = None
) -> tuple[Pack | None, list[Diagnostic]]:
    """Load and validate one pack; its diagnostics (the checks stage adds to these)."""
    try:
        return load_pack(project, path, drafter), []
    except DiagnosticError as error:
        return None, error.diagnostics


def build_pack(
    project: Project,
    path: Path,
    options: BuildOptions,
    drafter: Drafter | None = None,
    fingerprint: str | None = None,
) -> PackResult:
    """Build one pack; a failure is reported in the result, never raised."""
    try:
        return _build_pack(project, path, options, drafter, fingerprint)
    except Exception as error:
        if options.debug:
            raise
        message = f"internal error: {type(error).__name__}: {error} (--debug shows a traceback)"
        where = Position(project.shown(path))
        return PackResult(
            where.path, path.stem, diagnostics=(Diagnostic.make("B900", message, where),)
        )


def _build_pack(
    project: Project,
    path: Path,
    options: BuildOptions,
    drafter: Drafter | None,
    fingerprint: str | None,
) -> PackResult:
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
    if fingerprint is not None:
        manifest = incremental.manifest_bytes(
            fingerprint, pack.spec.title, outputs.files, options.out, diagnostics
        )
        write_atomic(incremental.manifest_path(options.out, pack.slug), manifest)
    return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics), tuple(outputs.files))


def _fails(diagnostics: Sequence[Diagnostic], strict: bool) -> bool:
    worst = Severity.WARNING if strict else Severity.ERROR
    return any(d.severity >= worst for d in diagnostics)


def _outputs(
    project: Project, pack: Pack, options: BuildOptions
) -> tuple[Outputs, list[Diagnostic]]:
    pack_templates = (project.root / pack.path).parent / "templates"
    rendered = render_pack(pack, template_dirs(project.templates, pack_templates))
    outputs = Outputs()
    folder = options.out / pack.slug
    outputs.files[folder / "index.html"] = rendered.html.encode("utf-8")
    for name, data in rendered.assets.items():
        outputs.files[folder / name] = data
    diagnostics: list[Diagnostic] = []
    if options.pdf:
        css = rendered.assets.get("print.css", b"").decode("utf-8")
        texts = _source_texts(project, pack)
        diagnostics += check_glyphs(rendered.html, css, texts, Position(pack.path))
        pdf_options = _pdf_options(pack, options.pdf_variant)
        pdf, more = make_pdf(rendered, Position(pack.path), pdf_options)
        diagnostics += more
        outputs.files[options.out / f"{pack.slug}.pdf"] = pdf
    return outputs, diagnostics


def _pdf_options(pack: Pack, variant: str) -> PdfOptions:
    """An archival PDF carries the pack's data; every date in it is the pack's own date."""
    prepared = pack.spec.prepared.date
    date = dt.datetime(prepared.year, prepared.month, prepared.day, tzinfo=dt.UTC)
    archival = variant.startswith("pdf/a-3")
    attachments = {f"{pack.slug}.json": pack_json(pack)} if archival else {}
    return PdfOptions(variant, attachments, date)


def _source_texts(project: Project, pack: Pack) -> dict[str, str]:
    """The texts a pack is made from (pack file, articles, annotations), to point at characters."""
    texts = {pack.path: (project.root / pack.path).read_text(encoding="utf-8-sig")}
    for article in pack.articles:
        texts[article.path] = article.text
        name = f"{Path(article.id).name}{ANNOTATION_SUFFIX}"
        annotation = (project.root / article.path).with_name(name)
        if annotation.is_file():
            texts[project.shown(annotation)] = annotation.read_text(encoding="utf-8-sig")
    return texts


def build(
    project: Project, paths: Sequence[Path], options: BuildOptions, drafter: Drafter | None = None
) -> list[PackResult]:
    """Build every pack given that is out of date (a failing pack never stops the others).

    Results come back in the order of paths, whatever order the workers finish in.
    """
    fingerprinter = incremental.Fingerprinter(
        project.root, project.seeds, template_dirs(project.templates), options.fingerprint_key()
    )
    results: list[PackResult | None] = []
    stale: list[tuple[int, Path, str | None]] = []
    for index, path in enumerate(paths):
        fingerprint = fingerprinter.pack(path, project.shown(path))
        manifest = (
            None
            if options.force
            else incremental.fresh_manifest(options.out, path.stem, fingerprint)
        )
        if manifest is None:
            stale.append((index, path, fingerprint))
            results.append(None)
        else:
            outputs = tuple(options.out / p for p in manifest.outputs)
            shown = project.shown(path)
            results.append(
                PackResult(shown, path.stem, manifest.title, manifest.diagnostics, outputs, True)
            )
    for (index, _, _), result in zip(
        stale, _build_stale(project, stale, options, drafter), strict=True
    ):
        results[index] = result
    done = [r for r in results if r is not None]
    if any(r.ok and not r.skipped for r in done):
        write_atomic(options.out / "index.html", index_page(_all_built(options.out, done)))
    return done


def _build_stale(
    project: Project,
    stale: Sequence[tuple[int, Path, str | None]],
    options: BuildOptions,
    drafter: Drafter | None,
) -> list[PackResult]:
    """Build packs one after another, or in worker processes when --jobs allows."""
    paths = [path for _, path, _ in stale]
    fingerprints = [fingerprint for _, _, fingerprint in stale]
    workers = min(options.jobs, len(stale))
    if workers <= 1:
        return [
            build_pack(project, p, options, drafter, f)
            for p, f in zip(paths, fingerprints, strict=True)
        ]
    # fork: workers inherit the parent's imports instead of paying for them again.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(
            pool.map(
                build_pack,
                itertools.repeat(project),
                paths,
                itertools.repeat(options),
                itertools.repeat(drafter),
                fingerprints,
            )
        )


def _all_built(out: Path, fresh: Sequence[PackResult]) -> dict[str, str]:
    """Packs in the index: those just built, plus earlier ones still on disk."""
    titles = {r.slug: r.title for r in fresh if r.ok}
    if out.is_dir():
        for folder in sorted(out.iterdir()):
            if (folder / "index.html").is_file() and folder.name not in titles:
                manifest = incremental.read_manifest(incremental.manifest_path(out, folder.name))
                titles[folder.name] = manifest.title if manifest else folder.name
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
<style>
body {{ font: 17px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; }}
</style>
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
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
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
