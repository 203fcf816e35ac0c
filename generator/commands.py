"""The commands for editors and CI: serve, new, init, schema and import (cli.py adds them)."""

from __future__ import annotations

import datetime as dt
import webbrowser
from pathlib import Path

import click

from .cli import Context, emit, finish, guarded, output_options, project_of

PORT = 8000


def _say(message: str) -> None:
    click.echo(message, err=True)


def _write(files: dict[Path, bytes], root: Path, verb: str = "created") -> None:
    from .atomic import write_atomic
    from .errors import display_path

    for path, data in files.items():
        write_atomic(path, data)
        _say(f"{verb} {display_path(path.absolute(), root.absolute())}")


@click.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=PORT,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
@click.pass_obj
@guarded
def serve(ctx: Context, port: int, open_browser: bool) -> None:
    """Preview every pack on 127.0.0.1; pages reload by themselves when you save."""
    from .serve import serve as run

    run(ctx.project_dir, port, _say, on_ready=webbrowser.open if open_browser else None)


@click.command()
@click.argument("name")
@click.option(
    "--from",
    "sources",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="An article (.txt or .md) for the pack; repeat for more. Copied into seeds/ if elsewhere.",
)
@click.pass_obj
@guarded
def new(ctx: Context, name: str, sources: tuple[Path, ...]) -> None:
    """Start pack NAME (briefs/NAME.yaml) from articles, drafting their annotations."""
    from .scaffold import plan_new

    project = project_of(ctx)
    _write(plan_new(project, name, sources, dt.date.today()), project.root)
    _say("next: fill in the TODOs, and watch the pack take shape with `briefs serve`")


@click.command()
@click.argument("directory", type=click.Path(file_okay=True, path_type=Path))
@guarded
def init(directory: Path) -> None:
    """Create a new project in DIRECTORY: settings, a sample pack and article, schemas."""
    from .scaffold import plan_init

    _write(plan_init(directory), Path.cwd())
    _say(f"next: cd {directory} && briefs build   (or briefs serve to preview)")


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the schemas  [default: schemas/ in the project]",
)
@click.option("--check", "check_only", is_flag=True, help="Only check they are up to date.")
@click.pass_obj
@guarded
def schema(ctx: Context, out: Path | None, check_only: bool) -> None:
    """Write the JSON Schemas of pack, annotation and project files (for editors)."""
    from .errors import Diagnostic, DiagnosticError, Position
    from .schema import SCHEMA_DIR, schema_files, stale

    project = project_of(ctx)
    folder = (out or project.root / SCHEMA_DIR).absolute()
    if check_only:
        behind = stale(folder)
        message = "out of date with generator/model.py; run `briefs schema` (or `make schemas`)"
        where = [Position(project.shown(folder / name)) for name in behind]
        if behind:
            raise DiagnosticError(Diagnostic.make("E930", message, w) for w in where)
        _say(f"{project.shown(folder)}/: up to date")
        return
    _write({folder / name: data for name, data in schema_files().items()}, project.root, "wrote")


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
    from .errors import Severity
    from .imports import plan_import

    project = project_of(ctx)
    files, diagnostics, lines = plan_import(project, file, fmt, labels, article_id, merge)  # type: ignore[arg-type]
    emit(diagnostics)
    worst = Severity.WARNING if strict else Severity.ERROR
    if not any(d.severity >= worst for d in diagnostics):
        from .atomic import write_atomic

        for path, data in files.items():
            if dry_run:
                click.echo(f"# ---- {project.shown(path)}")
                click.echo(data.decode("utf-8"), nl=False)
            else:
                write_atomic(path, data)
        for line in lines:
            ctx.reporter.info(f"{'would write' if dry_run else 'wrote'} {line}")
    finish(diagnostics, strict, failed=not files)


COMMANDS = (serve, new, init, schema, import_)
