"""`briefs build`: every stale pack through the pipeline, results as they come."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.cli.options import (
    PACKS,
    RELEASE,
    STRICT,
    TODAY,
    Context,
    emit,
    finish,
    guarded,
    output_options,
    pack_paths,
    parse_shard,
    project_of,
    reader_of,
)
from generator.pdf.variants import PDF_VARIANTS

if TYPE_CHECKING:
    from generator.build.noop import Request
    from generator.build.pipeline import PackResult
    from generator.nlp.reader import Reader


@click.command()
@PACKS
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder  [default: build/ in the project]",
)
@click.option("--no-pdf", is_flag=True, help="Write the HTML only (fast preview).")
@click.option(
    "--pdf-variant",
    type=click.Choice(PDF_VARIANTS),
    default=None,
    help="PDF flavour: tagged and accessible (PDF/UA-1), archival with the pack's data "
    "attached (PDF/A-3b), or plain  [default: pdf_variant in briefs.yaml, else pdf/ua-1]",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Packs built at once, each in its own process  [default: number of cores]",
)
@click.option("--force", is_flag=True, help="Rebuild every pack, even those that are up to date.")
@STRICT
@RELEASE
@TODAY
@click.option(
    "--shard",
    callback=parse_shard,
    metavar="K/N",
    help="Build only slice K of N of the sorted packs (for a CI job matrix).",
)
@output_options
@click.pass_obj
@guarded
def build(
    ctx: Context,
    packs: tuple[Path, ...],
    out: Path | None,
    no_pdf: bool,
    pdf_variant: str | None,
    jobs: int | None,
    force: bool,
    strict: bool,
    release: bool,
    today: Any,
    shard: tuple[int, int] | None,
) -> None:
    """Build HTML and PDF for PACKS (default: every pack in briefs/).

    Packs whose inputs (pack, articles, annotations, templates, CSS, config, code) have
    not changed since the last build are skipped; --force rebuilds them anyway. A skipped
    pack prints one line and the count of its findings (--verbose prints them again).
    """
    from generator.build.noop import Request, one_pack, up_to_date
    from generator.cli.report import github_prefix, report_fresh

    reporter = ctx.reporter
    request = Request(
        packs, out, not no_pdf, strict, pdf_variant, today and today.date(), shard, release
    )
    # The fast path: decided from the manifests, before the models and stages are imported.
    fresh = None if force else up_to_date(ctx.project_dir, request)
    if fresh is not None:
        root, found = fresh
        reporter.path_prefix = github_prefix(root)
        report_fresh(reporter, found, shard)
        finish(reporter.seen, strict)
        return
    from generator.pdf.worker import spare_core, warm_worker

    # One pack with a PDF: the worker forks now, before the models and stages are imported
    # here, so that WeasyPrint is imported over there meanwhile (the build's own test of
    # the same, pack by pack, finds this worker already running).
    with warm_worker(request.pdf and one_pack(ctx.project_dir, request) and spare_core()):
        _build(ctx, request, jobs, force)


def _build(ctx: Context, request: Request, jobs: int | None, force: bool) -> None:
    """The full build: the project, its packs, the pipeline; results as they come."""
    from generator.build.noop import select_shard
    from generator.build.pipeline import BuildOptions
    from generator.build.pipeline import build as run_build
    from generator.cli.report import github_prefix, up_to_date_line

    reporter, packs, shard = ctx.reporter, request.packs, request.shard
    project = project_of(ctx)
    reporter.path_prefix = github_prefix(project.root)
    options = BuildOptions(
        out=(request.out or project.root / "build").absolute(),
        pdf=request.pdf,
        strict=request.strict,
        pdf_variant=request.pdf_variant or project.config.pdf_variant,
        jobs=jobs or os.cpu_count() or 1,
        force=force,
        today=request.today,
        release=request.release,
    )
    readers: list[Reader] = []

    def reader() -> Reader:
        # Made on first need: an up-to-date build never loads the entity rules or models.
        if not readers:
            readers.append(reader_of(project))
        return readers[0]

    paths = pack_paths(project, packs)
    if shard:
        paths = select_shard(paths, *shard)
        reporter.info(f"shard {shard[0]}/{shard[1]}: {len(paths)} of the packs")
    with reporter.progress(len(paths)) as progress:

        def report(result: PackResult) -> None:
            if result.skipped:
                progress.advance(up_to_date_line(reporter, result.path, result.diagnostics))
                return
            emit(result.diagnostics)
            if result.ok:
                built = project.shown(options.out / result.slug)
                progress.advance(f"built {result.path} -> {built}/index.html")
                for output in result.outputs:
                    reporter.detail(f"  wrote {project.shown(output)}")
            else:
                progress.advance(f"failed {result.path}")

        results = run_build(project, paths, options, reader=reader, on_result=report)
    for made in readers:
        emit(made.diagnostics)
    finish(reporter.seen, request.strict, failed=not all(r.ok for r in results))
