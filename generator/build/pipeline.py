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
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build import incremental
from generator.build.atomic import (
    LOCK_NAME,
    WriteError,
    output_lock,
    remove_stale_temporaries,
    write_atomic,
    write_unit,
)
from generator.errors import Diagnostic, DiagnosticError, Position, Severity
from generator.render.theme import template_dirs

if TYPE_CHECKING:
    from generator.load.pack import Drafter, Project
    from generator.model import Pack
    from generator.nlp.reader import Reader
    from generator.pdf.make import PdfOptions
    from generator.render.html import Rendered

# The stages' modules (Jinja2, WeasyPrint, spaCy, pydantic models) are imported where a
# pack is actually built, so a build that finds everything up to date never pays for them.

logger = logging.getLogger(__name__)

# A pack's file name names its outputs (build/NAME/, build/NAME.pdf).
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    pdf: bool = True
    strict: bool = False
    pdf_variant: str = "pdf/ua-1"
    jobs: int = 1
    force: bool = False
    today: dt.date | None = None  # the build date the checks use (None: today's date)

    @property
    def build_date(self) -> dt.date:
        return self.today or default_build_date()

    def fingerprint_key(self) -> dict[str, object]:
        """The options that change what a build writes (jobs and debug do not); the build
        date among them, since whether a follow-up is overdue depends on it."""
        return {
            "pdf": self.pdf,
            "strict": self.strict,
            "pdf_variant": self.pdf_variant,
            "today": self.build_date.isoformat(),
        }


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


def default_build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH when set (reproducible-builds.org), so that
    a CI job or a test can pin the date the checks judge due dates against."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def check_pack(
    project: Project,
    path: Path,
    drafter: Drafter | None = None,
    reader: Reader | None = None,
    today: dt.date | None = None,
) -> tuple[Pack | None, list[Diagnostic]]:
    """Load and validate one pack, enrich it with what spaCy reads in its articles (a
    reader's drafts stand in for missing annotations) and run the editorial checks as of
    today (default: today's date); the pack and its diagnostics."""
    from generator.checks import check
    from generator.load.pack import load_pack
    from generator.nlp.reader import enrich

    try:
        pack = load_pack(project, path, drafter or (reader.draft if reader else None))
        if reader:
            pack = enrich(pack, reader)
        return pack, check(pack, today or default_build_date())
    except DiagnosticError as error:
        return None, error.diagnostics
    except Exception as error:  # a bug must cost one pack, not the run
        return None, [_internal_error(project.shown(path), error)]


def _failed(shown: str, slug: str, diagnostic: Diagnostic) -> PackResult:
    return PackResult(shown, slug, diagnostics=(diagnostic,))


def _internal_error(shown: str, error: Exception) -> Diagnostic:
    logger.debug("internal error in %s", shown, exc_info=error)
    message = (
        f"internal error: {type(error).__name__}: {error}"
        " (a bug in briefs; `briefs --debug ...` shows the traceback)"
    )
    return Diagnostic.make("B601", message, Position(shown))


def build_pack(
    project: Project,
    path: Path,
    options: BuildOptions,
    drafter: Drafter | None = None,
    reader: Reader | None = None,
    fingerprint: str | None = None,
) -> PackResult:
    """Build one pack; a failure is reported in the result, never raised."""
    try:
        return _build_pack(project, path, options, drafter, reader, fingerprint)
    except Exception as error:  # a bug must cost one pack, not the run
        shown = project.shown(path)
        return _failed(shown, path.stem, _internal_error(shown, error))


def _build_pack(
    project: Project,
    path: Path,
    options: BuildOptions,
    drafter: Drafter | None,
    reader: Reader | None,
    fingerprint: str | None,
) -> PackResult:
    shown = project.shown(path)
    if not _SLUG.fullmatch(path.stem):
        message = (
            f"pack file name '{path.stem}' cannot name an output folder: use letters,"
            " digits, '.', '_' and '-', starting with a letter or digit"
        )
        return _failed(shown, path.stem, Diagnostic.make("B205", message, Position(shown)))
    pack, diagnostics = check_pack(project, path, drafter, reader, options.build_date)
    if pack is None or _fails(diagnostics, options.strict):
        return PackResult(shown, path.stem, diagnostics=tuple(diagnostics))
    try:
        outputs, more = _outputs(project, pack, options, diagnostics)
    except DiagnosticError as error:
        return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics + error.diagnostics))
    diagnostics += more
    if _fails(diagnostics, options.strict):
        return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics))
    unit = dict(outputs.files)
    if fingerprint is not None:
        manifest = incremental.manifest_bytes(
            fingerprint, pack.spec.title, outputs.files, options.out, diagnostics
        )
        unit[incremental.manifest_path(options.out, pack.slug)] = manifest
    try:
        with output_lock(options.out):
            write_unit(unit)  # all of the pack's files, or none: the last build stays whole
    except WriteError as error:
        return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics + error.diagnostics))
    except OSError as error:  # the lock file itself
        failed = WriteError(options.out / LOCK_NAME, error).diagnostics
        return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics + failed))
    return PackResult(shown, pack.slug, pack.spec.title, tuple(diagnostics), tuple(outputs.files))


def _fails(diagnostics: Sequence[Diagnostic], strict: bool) -> bool:
    worst = Severity.WARNING if strict else Severity.ERROR
    return any(d.severity >= worst for d in diagnostics)


def _outputs(
    project: Project, pack: Pack, options: BuildOptions, findings: Sequence[Diagnostic]
) -> tuple[Outputs, list[Diagnostic]]:
    from generator.exports.files import export_files
    from generator.pdf.glyphs import check_glyphs
    from generator.pdf.make import make_pdf
    from generator.render.html import render_checks, render_pack

    templates = search_path(project, pack)
    rendered = render_pack(pack, templates, project.root)
    checks_page = render_checks(pack, findings, options.build_date, templates, project.root)
    outputs = Outputs()
    folder = options.out / pack.slug
    outputs.files[folder / "index.html"] = rendered.html.encode("utf-8")
    outputs.files[folder / "checks.html"] = checks_page.encode("utf-8")
    for name, data in rendered.assets.items():
        outputs.files[folder / name] = data
    outputs.files.update(export_files(pack, options.out))
    diagnostics: list[Diagnostic] = []
    if options.pdf:
        where = Position(pack.path)
        css = rendered.assets.get("print.css", b"").decode("utf-8")
        diagnostics += check_glyphs(rendered.html, css, _source_texts(project, pack), where)
        locate = _url_locator(project, pack, rendered, templates, where)
        pdf, more = make_pdf(rendered, where, _pdf_options(pack, options.pdf_variant, locate))
        diagnostics += more
        outputs.files[options.out / f"{pack.slug}.pdf"] = pdf
    return outputs, diagnostics


def search_path(project: Project, pack: Pack) -> list[Path]:
    """Where a pack's templates come from, first hit wins: its own, the project's, the theme."""
    pack_templates = (project.root / pack.path).parent / "templates"
    return template_dirs(project.templates, pack_templates, root=project.root)


def _url_locator(
    project: Project, pack: Pack, rendered: Rendered, search_path: Sequence[Path], where: Position
) -> Callable[[str], Position]:
    """Finds the file and line that asked for a URL the PDF stage refused."""
    from generator.load.pack import ANNOTATION_SUFFIX
    from generator.pdf.make import PACK_BASE
    from generator.pdf.provenance import template_files, url_locator

    sources = [(pack.path, project.root / pack.path)]
    for article in pack.articles:
        annotation = (project.root / article.path).with_name(f"{article.id}{ANNOTATION_SUFFIX}")
        sources.append((project.shown(annotation), annotation))
    sources += [(project.shown(p), p) for p in template_files(search_path)]
    assets = [data.decode("utf-8", "replace") for data in rendered.assets.values()]
    documents = [rendered.html, *assets]
    return url_locator(documents, sources, PACK_BASE, where)


def _pdf_options(pack: Pack, variant: str, locate: Callable[[str], Position]) -> PdfOptions:
    """An archival PDF carries the pack's data; every date in it is the pack's own date."""
    from generator.exports.packdata import pack_json
    from generator.pdf.make import PdfOptions

    prepared = pack.spec.prepared.date
    date = dt.datetime(prepared.year, prepared.month, prepared.day, tzinfo=dt.UTC)
    archival = variant.startswith("pdf/a-3")
    attachments = {f"{pack.slug}.json": pack_json(pack)} if archival else {}
    return PdfOptions(variant, attachments, locate=locate, date=date)


def _source_texts(project: Project, pack: Pack) -> dict[str, str]:
    """The texts a pack is made from (pack file, articles, annotations), to point at characters."""
    from generator.load.pack import ANNOTATION_SUFFIX

    texts = {pack.path: (project.root / pack.path).read_text(encoding="utf-8-sig")}
    for article in pack.articles:
        texts[article.path] = article.text
        name = f"{Path(article.id).name}{ANNOTATION_SUFFIX}"
        annotation = (project.root / article.path).with_name(name)
        if annotation.is_file():
            texts[project.shown(annotation)] = annotation.read_text(encoding="utf-8-sig")
    return texts


def build(
    project: Project,
    paths: Sequence[Path],
    options: BuildOptions,
    drafter: Drafter | None = None,
    reader: Reader | Callable[[], Reader] | None = None,
    on_result: Callable[[PackResult], None] | None = None,
) -> list[PackResult]:
    """Build every pack given that is out of date (a failing pack never stops the others).

    Results come back in the order of paths, whatever order the workers finish in;
    on_result hears about each pack as soon as it is known (progress bars, CI logs).
    reader may be a function that makes one: it is called only if a pack needs building.
    """
    report = on_result or (lambda _: None)
    remove_stale_temporaries(options.out)
    fingerprinter = incremental.Fingerprinter(
        project.root,
        project.seeds,
        template_dirs(project.templates, root=project.root),
        options.fingerprint_key(),
    )
    results: list[PackResult | None] = []
    stale: list[tuple[int, Path, str | None]] = []
    names: dict[str, str] = {}
    for index, path in enumerate(paths):
        shown = project.shown(path)
        if path.stem in names:
            message = f"same output name '{path.stem}' as {names[path.stem]}; rename one of them"
            results.append(
                _failed(shown, path.stem, Diagnostic.make("B205", message, Position(shown)))
            )
            continue
        names[path.stem] = shown
        fingerprint = fingerprinter.pack(path, shown)
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
            fresh = PackResult(
                shown, path.stem, manifest.title, manifest.diagnostics, outputs, True
            )
            results.append(fresh)
            report(fresh)
    ready: Reader | None = None
    if stale and reader is not None:
        ready = reader() if callable(reader) else reader
        # Resolve the model here, once, so that its warnings reach the user even when
        # the packs are built in worker processes.
        ready.resolve()
    for (index, _, _), result in zip(
        stale, _build_stale(project, stale, options, drafter, ready), strict=True
    ):
        results[index] = result
        report(result)
    done = [r for r in results if r is not None]
    if any(r.ok and not r.skipped for r in done):
        # Under the lock, so that of two concurrent builds the later index lists both.
        with output_lock(options.out):
            write_atomic(options.out / "index.html", index_page(_all_built(options.out, done)))
    return done


def _build_stale(
    project: Project,
    stale: Sequence[tuple[int, Path, str | None]],
    options: BuildOptions,
    drafter: Drafter | None,
    reader: Reader | None,
) -> Iterator[PackResult]:
    """Build packs one after another, or in worker processes when --jobs allows; each
    result is yielded as soon as it (and those before it) are done."""
    paths = [path for _, path, _ in stale]
    fingerprints = [fingerprint for _, _, fingerprint in stale]
    workers = min(options.jobs, len(stale))
    if workers <= 1:
        for p, f in zip(paths, fingerprints, strict=True):
            yield build_pack(project, p, options, drafter, reader, f)
        return
    # fork: workers inherit the parent's imports instead of paying for them again.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(
            build_pack,
            itertools.repeat(project),
            paths,
            itertools.repeat(options),
            itertools.repeat(drafter),
            itertools.repeat(reader),
            fingerprints,
        )


def select_shard(paths: Sequence[Path], k: int, n: int) -> list[Path]:
    """Slice k of n (1-based) of the sorted packs: every n-th, so shards stay even in size."""
    return sorted(paths)[k - 1 :: n]


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
