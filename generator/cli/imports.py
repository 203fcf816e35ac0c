"""`briefs import FILE`: spans from labelling tools become quote anchors."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import Context, emit, finish, guarded, output_options, project_of


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["label-studio", "doccano", "prodigy", "brat"]),
    default=None,
    help="The export's format  [default: from the file name and content]",
)
@click.option(
    "--labels",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="YAML file mapping each label to facts, proposals, follow_ups or ignore.",
)
@click.option(
    "--article", "article_id", default=None, help="The article in seeds/ the spans belong to."
)
@click.option("--merge", is_flag=True, help="Add to an existing .ann.yaml (its comments are lost).")
@click.option("--dry-run", is_flag=True, help="Print the annotation files instead of writing them.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (write nothing).")
@output_options
@click.pass_obj
@guarded
def import_(
    ctx: Context,
    file: Path,
    fmt: str | None,
    labels: Path | None,
    article_id: str | None,
    merge: bool,
    dry_run: bool,
    strict: bool,
) -> None:
    """Turn spans exported by Label Studio, doccano, Prodigy or brat into quote anchors."""
    from generator.errors import Severity
    from generator.tools.imports.plan import plan_import

    project = project_of(ctx)
    files, diagnostics, lines = plan_import(project, file, fmt, labels, article_id, merge)  # type: ignore[arg-type]
    emit(diagnostics)
    worst = Severity.WARNING if strict else Severity.ERROR
    if not any(d.severity >= worst for d in diagnostics):
        from generator.build.atomic import write_atomic

        for path, data in files.items():
            if dry_run:
                click.echo(f"# ---- {project.shown(path)}")
                click.echo(data.decode("utf-8"), nl=False)
            else:
                write_atomic(path, data)
        for line in lines:
            ctx.reporter.info(f"{'would write' if dry_run else 'wrote'} {line}")
    finish(diagnostics, strict, failed=not files)
