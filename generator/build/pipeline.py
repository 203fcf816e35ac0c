"""The build line: load -> enrich -> check -> render -> pdf -> write for each pack
(`run_pack`), and the build of many packs around it (incremental, in parallel).

Every file briefs writes goes through build/atomic.py (write_atomic): the build's outputs
here, and elsewhere the drafts (`annotate --write`, `import`, `new`/`init`), the analysis
cache and docs/diagnostics.md. The model-training tools of nlp/ (`make train`, the
corpus splits) write their own development files.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import logging
import multiprocessing
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from generator.build import incremental, noop
from generator.build.atomic import (
    LOCK_NAME,
    WriteError,
    output_lock,
    remove_stale_temporaries,
    write_atomic,
    write_unit,
)
from generator.build.desk import desk_missing, write_desk
from generator.build.incremental import Window, default_build_date
from generator.errors import Diagnostic, DiagnosticError, Position, Severity
from generator.pdf.variants import DEFAULT_PDF_VARIANT
from generator.pdf.worker import exit_with_parent, preload, spare_core, warm_worker
from generator.render.theme import THEME, template_dirs

if TYPE_CHECKING:
    from generator.load.pack import Drafter, Project
    from generator.model import Pack
    from generator.nlp.reader import Reader
    from generator.pdf.make import PdfOptions
    from generator.render.rendered import Rendered

# The stages' modules (Jinja2, WeasyPrint, spaCy, pydantic models) are imported where a
# pack is actually built, so a build that finds everything up to date never pays for them.

logger = logging.getLogger(__name__)

# A pack's file name names its outputs (build/NAME/, build/NAME.pdf).
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# What a manifest will say a pack was made from: the build key and the input digests.
Recorded = tuple[str, dict[str, str]]


@dataclass(frozen=True)
class BuildOptions:
    out: Path
    pdf: bool = True
    strict: bool = False
    pdf_variant: str = DEFAULT_PDF_VARIANT
    jobs: int = 1
    force: bool = False
    today: dt.date | None = None  # the build date the checks use (None: today's date)
    preview: bool = False  # serve: render even when the findings would fail a build
    release: bool = False  # refuse what no editor confirmed and placeholders (review.py)

    @property
    def build_date(self) -> dt.date:
        return self.today or default_build_date()

    def fingerprint_key(self) -> dict[str, object]:
        """The options that change what a build writes (jobs and debug do not). Not the
        build date: a manifest records the dates over which its findings hold instead."""
        return incremental.options_key(self.pdf, self.strict, self.pdf_variant, self.release)


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


Stage = Literal["load", "enrich", "check", "render", "pdf", "write"]


def run_pack(
    project: Project,
    path: Path,
    options: BuildOptions,
    reader: Reader | None = None,
    drafter: Drafter | None = None,
    until: Stage = "write",
    recorded: Recorded | None = None,
) -> Run:
    """The build line of one pack, up to `until`; each stage runs only if the line has
    not stopped (a stage raised, or the findings fail the build)."""
    run = Run(project, path, options, until)
    run.step("load", _load, drafter or (reader.draft if reader else None))
    run.step("enrich", _enrich, reader)
    run.step("check", _check)
    run.step("render", _render)
    run.step("pdf", _pdf)
    run.step("write", _write, recorded)
    return run


@dataclass
class Run:
    """One pack on its way down the build line: what the stages have made of it so far."""

    project: Project
    path: Path
    options: BuildOptions
    until: Stage = "write"
    pack: Pack | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    templates: list[Path] = field(default_factory=list)
    rendered: Rendered | None = None
    outputs: Outputs = field(default_factory=Outputs)
    written: tuple[Path, ...] = ()
    stopped: bool = False
    # The load found problems but read the rest: enrich and check still run on what was
    # read, so one run reports every problem; nothing is rendered from it.
    salvaged: bool = False
    window: Window = (None, None)  # the build dates over which the findings hold

    @property
    def shown(self) -> str:
        return self.project.shown(self.path)

    def step(self, name: Stage, stage: Callable[..., None], *args: object) -> None:
        """Run one stage unless the line has stopped; stop after `until`, when the stage
        raised, or when the findings fail the build (a preview goes on rendering)."""
        if self.stopped:
            return
        try:
            stage(self, *args)
        except DiagnosticError as error:
            self.diagnostics += error.diagnostics
            self.stopped = True
        except Exception as error:  # a bug must cost one pack, not the run
            self.diagnostics = [_internal_error(self.shown, error)]
            self.stopped = True
        # In file, line and column order, however many stages found them.
        self.diagnostics.sort(key=lambda d: (d.position, d.code, d.message))
        failing = not self.options.preview and _fails(self.diagnostics, self.options.strict)
        if self.salvaged:  # on to the checks, and no further
            failing = name not in ("load", "enrich")
        self.stopped = self.stopped or name == self.until or failing

    def result(self) -> PackResult:
        title = self.pack.spec.title if self.pack else ""
        return PackResult(self.shown, self.path.stem, title, tuple(self.diagnostics), self.written)


def check_pack(
    project: Project,
    path: Path,
    drafter: Drafter | None = None,
    reader: Reader | None = None,
    today: dt.date | None = None,
    release: bool = False,
) -> tuple[Pack | None, list[Diagnostic]]:
    """The line up to the checks (load, enrich, check): the pack and its diagnostics."""
    options = BuildOptions(out=project.root / "build", today=today, release=release)
    run = run_pack(project, path, options, reader, drafter, until="check")
    return run.pack, run.diagnostics


def _load(run: Run, drafter: Drafter | None) -> None:
    from generator.load.pack import read_pack

    run.pack, problems = read_pack(run.project, run.path, drafter)
    if run.pack is None:
        raise DiagnosticError(problems)
    run.diagnostics += problems
    run.salvaged = bool(problems)


def _enrich(run: Run, reader: Reader | None) -> None:
    from generator.nlp.reader import enrich

    if reader is not None and run.pack is not None:
        run.pack = enrich(run.pack, reader)


def _check(run: Run) -> None:
    from generator.checks import check, stable_dates

    assert run.pack is not None
    run.diagnostics += check(run.pack, run.options.build_date, run.options.release)
    run.window = stable_dates(run.pack, run.options.build_date)


def _render(run: Run) -> None:
    """The pack's pages and assets, and its checks page."""
    from generator.render.html import render_checks, render_pack

    project, pack, options = run.project, run.pack, run.options
    assert pack is not None
    run.templates = search_path(project, pack)
    run.rendered = render_pack(pack, run.templates, project.root, options.pdf)
    checks_page = render_checks(
        pack, run.diagnostics, options.build_date, run.templates, project.root
    )
    folder = options.out / pack.slug
    run.outputs.files[folder / "index.html"] = run.rendered.html.encode("utf-8")
    run.outputs.files[folder / "checks.html"] = checks_page.encode("utf-8")
    for name, data in run.rendered.assets.items():
        run.outputs.files[folder / name] = data


def _pdf(run: Run, exports: bool = True) -> None:
    """The PDF, after the glyph check (a refused URL is traced to the file that asked for
    it), and the exports beside it (CSV, iCalendar, JSON: `briefs serve` wants the PDF
    only), made while the warm worker, when there is one, makes the PDF."""
    from generator.exports.files import export_files
    from generator.nlp.reader import CACHE_DIR
    from generator.pdf import pagerefs, worker
    from generator.pdf.make import refused_diagnostics

    pack, rendered, options = run.pack, run.rendered, run.options
    assert pack is not None and rendered is not None
    if not options.pdf:
        if exports:
            run.outputs.files.update(export_files(pack, options.out))
        return
    where = Position(pack.path)
    settings = _pdf_options(pack, options.pdf_variant)
    kept = run.project.root / CACHE_DIR / "pages"  # the anchors' pages in the last PDF
    known = pagerefs.remembered(kept, pack.slug)
    job = worker.PdfJob(
        rendered.html,
        rendered.assets,
        settings.variant,
        settings.attachments,
        settings.date.isoformat(),
        dict(pack.source_texts()),
        where,
        known,
    )
    finish = worker.start(job)
    try:
        if exports:
            run.outputs.files.update(export_files(pack, options.out))
    finally:
        done = finish()
    if done.superseded:  # serve: the pack changed meanwhile; its PDF is made afresh
        return
    if done.failure is not None:
        raise DiagnosticError([Diagnostic.make("B503", f"PDF failed: {done.failure}", where)])
    pagerefs.remember(kept, pack.slug, done.pages, known, write_atomic)
    # Only a refused URL needs tracing to the file that asked for it.
    locate = (
        _url_locator(run.project, pack, rendered, run.templates, where) if done.refused else None
    )
    run.diagnostics += done.glyphs + refused_diagnostics(done.refused, where, locate)
    run.outputs.files[pdf_path(options.out, pack.slug)] = done.pdf


def _write(run: Run, recorded: Recorded | None) -> None:
    """Every output and the manifest of an incremental build as one unit, under the lock:
    all of the pack's files, or none, so the last build stays whole (B602 says why)."""
    pack, options, files = run.pack, run.options, run.outputs.files
    assert pack is not None
    unit = dict(files)
    if recorded is not None:
        key, inputs = recorded
        made = incremental.Manifest(
            key, pack.spec.title, inputs, run.window, {}, tuple(run.diagnostics)
        )
        manifest = incremental.manifest_bytes(made, files, options.out)
        unit[incremental.manifest_path(options.out, pack.slug)] = manifest
    try:
        with output_lock(options.out):
            write_unit(unit)
    except WriteError:
        raise
    except OSError as error:  # the lock file itself
        raise WriteError(options.out / LOCK_NAME, error) from error
    run.written = tuple(files)


def pdf_of(run: Run) -> tuple[bytes | None, list[Diagnostic]]:
    """The PDF of a run that stopped after render (serve's PDF on demand), made by the
    build's own pdf stage; its bytes (None if it failed, or was dropped because the pack
    changed meanwhile: then without findings) and the stage's findings."""
    if run.pack is None or run.rendered is None:
        return None, []
    later = replace(run, until="pdf", diagnostics=[], outputs=Outputs(), stopped=False)
    later.step("pdf", _pdf, False)
    return later.outputs.files.get(pdf_path(run.options.out, run.pack.slug)), later.diagnostics


def pdf_path(out: Path, slug: str) -> Path:
    return out / f"{slug}.pdf"


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
    recorded: Recorded | None = None,
) -> PackResult:
    """Build one pack; a failure is reported in the result, never raised."""
    shown = project.shown(path)
    if not _SLUG.fullmatch(path.stem):
        message = (
            f"pack file name '{path.stem}' cannot name an output folder: use letters,"
            " digits, '.', '_' and '-', starting with a letter or digit"
        )
        return _failed(shown, path.stem, Diagnostic.make("B205", message, Position(shown)))
    return run_pack(project, path, options, reader, drafter, recorded=recorded).result()


def _fails(diagnostics: Sequence[Diagnostic], strict: bool) -> bool:
    worst = Severity.WARNING if strict else Severity.ERROR
    return any(d.severity >= worst for d in diagnostics)


def search_path(project: Project, pack: Pack) -> list[Path]:
    """Where a pack's templates come from, first hit wins: its own, the project's, the theme."""
    pack_templates = (project.root / pack.path).parent / "templates"
    return template_dirs(project.templates, pack_templates, root=project.root)


def _url_locator(
    project: Project,
    pack: Pack,
    rendered: Rendered,
    search_path: Sequence[Path],
    where: Position,
) -> Callable[[str], Position]:
    """Finds the file and line that asked for a URL the PDF stage refused."""
    from generator.pdf.make import PACK_BASE
    from generator.pdf.provenance import template_files, url_locator

    sources: list[tuple[str, str | Path]] = [(pack.path, pack.text)]
    sources += [a.annotation_file for a in pack.articles if a.annotation_file]
    sources += [(project.shown(p), p) for p in template_files(search_path)]
    assets = [data.decode("utf-8", "replace") for data in rendered.assets.values()]
    documents = [rendered.html, *assets]
    return url_locator(documents, sources, PACK_BASE, where)


def _pdf_options(pack: Pack, variant: str) -> PdfOptions:
    """An archival PDF carries the pack's data; every date in it is the pack's own date."""
    from generator.exports.packdata import attachment_name, pack_data_json
    from generator.pdf.make import PdfOptions

    prepared = pack.spec.prepared.date
    date = dt.datetime(prepared.year, prepared.month, prepared.day, tzinfo=dt.UTC)
    archival = variant.startswith("pdf/a-3")
    attachments = {attachment_name(pack.slug): pack_data_json(pack)} if archival else {}
    return PdfOptions(variant, attachments, date=date)


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
    inputs = incremental.Inputs(project.root)
    key = incremental.build_key(options.fingerprint_key())
    template_dirs(project.templates, root=project.root)  # a link out: B202 before anything
    # Every folder a template may come from, whether it exists yet or not.
    project_templates = [project.templates, THEME]
    results: list[PackResult | None] = []
    stale: list[tuple[int, Path, Recorded | None]] = []
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
        manifest = (
            None
            if options.force
            else incremental.fresh_manifest(options.out, path, key, options.build_date, inputs)
        )
        if manifest is None:
            recorded = _recorded(inputs, project, path, project_templates)
            stale.append((index, path, None if recorded is None else (key, recorded)))
            results.append(None)
        else:
            outputs = tuple(options.out / p for p in manifest.outputs)
            fresh = PackResult(
                shown, path.stem, manifest.title, manifest.diagnostics, outputs, True
            )
            results.append(fresh)
            report(fresh)
    # One pack with a PDF: a worker imports WeasyPrint while this process does the rest.
    with warm_worker(options.pdf and min(options.jobs, len(stale)) == 1 and spare_core()):
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
    if any(r.ok and not r.skipped for r in done) or desk_missing(options.out):
        write_desk(project, options.out, options.build_date)
    stamp, data = noop.project_stamp(project.root, options.out, project.config)
    if any(r.ok for r in done) and _read(stamp) != data:
        with output_lock(options.out):
            write_atomic(stamp, data)
    return done


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _recorded(
    inputs: incremental.Inputs, project: Project, path: Path, templates: Sequence[Path]
) -> dict[str, str] | None:
    """What a build of this pack will read, hashed before it starts; None when the pack
    cannot be read (it is built, fails, and leaves no manifest)."""
    from generator.load.sources import parse_yaml, read_text

    if not project.inside(path):
        return None  # the build refuses it (B202) without opening it
    try:
        data = parse_yaml(read_text(path, project.shown(path)), project.shown(path)).data
    except DiagnosticError:
        return None
    ids = incremental.article_ids(data)
    return incremental.pack_inputs(inputs, path, project.seeds, templates, ids)


def _build_stale(
    project: Project,
    stale: Sequence[tuple[int, Path, Recorded | None]],
    options: BuildOptions,
    drafter: Drafter | None,
    reader: Reader | None,
) -> Iterator[PackResult]:
    """Build packs one after another, or in worker processes when --jobs allows; each
    result is yielded as soon as it (and those before it) are done."""
    paths = [path for _, path, _ in stale]
    records = [recorded for _, _, recorded in stale]
    workers = min(options.jobs, len(stale))
    if workers <= 1:
        for p, r in zip(paths, records, strict=True):
            yield build_pack(project, p, options, drafter, reader, r)
        return
    if options.pdf:
        preload()  # WeasyPrint imported here once, not in every worker
    # fork: workers inherit the parent's imports instead of paying for them again.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=exit_with_parent
    ) as pool:
        yield from pool.map(
            build_pack,
            itertools.repeat(project),
            paths,
            itertools.repeat(options),
            itertools.repeat(drafter),
            itertools.repeat(reader),
            records,
        )


def index_page(packs: Mapping[str, str]) -> bytes:
    """A plain page that lists packs with links to their HTML and PDF (`briefs serve`'s
    index; a build writes the desk's front page, build/desk.py)."""
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
