"""The command line: `briefs build`, `briefs check`; diagnostics out, exit status 1 on errors."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from .errors import Diagnostic
    from .load import Project

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Options every command shares."""

    def __init__(self, project_dir: Path, debug: bool) -> None:
        self.project_dir = project_dir
        self.debug = debug


def emit(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Print diagnostics one per line on stderr, in a stable order."""
    shown = list(diagnostics)
    for diagnostic in shown:
        click.echo(str(diagnostic), err=True)
    return shown


def finish(diagnostics: Sequence[Diagnostic], strict: bool, failed: bool = False) -> None:
    """Print the count line and exit 1 when anything failed."""
    from .errors import Severity, summary_line

    click.echo(summary_line(diagnostics), err=True)
    worst = Severity.WARNING if strict else Severity.ERROR
    if failed or any(d.severity >= worst for d in diagnostics):
        sys.exit(1)


def guarded(command: F) -> F:
    """Turn a user's mistake into diagnostics and exit 1; --debug keeps the traceback."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import DiagnosticError, summary_line

        ctx = click.get_current_context().find_object(Context)
        try:
            return command(*args, **kwargs)
        except DiagnosticError as error:
            if ctx and ctx.debug:
                traceback.print_exc()
            emit(error.diagnostics)
            click.echo(summary_line(error.diagnostics), err=True)
            sys.exit(1)

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    return wrapper  # type: ignore[return-value]


def project_of(ctx: Context) -> Project:
    from .load import find_project

    return find_project(ctx.project_dir)


def pack_paths(project: Project, packs: Sequence[Path]) -> list[Path]:
    """The packs named on the command line, or every pack of the project."""
    from .errors import Diagnostic, DiagnosticError, Position
    from .load import pack_files

    if not packs:
        found = pack_files(project)
        if not found:
            where = Position(project.shown(project.briefs))
            raise DiagnosticError([Diagnostic.make("B006", "no pack files (*.yaml) found", where)])
        return found
    return [Path(p).absolute() for p in packs]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefs")
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder (holds briefs/, seeds/, templates/ and optionally briefs.yaml).",
)
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def cli(click_ctx: click.Context, project_dir: Path, debug: bool) -> None:
    """Build briefing packs (HTML and PDF) from news articles and their annotations."""
    click_ctx.obj = Context(project_dir, debug)


PACKS = click.argument("packs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


@cli.command()
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
    type=click.Choice(["pdf/ua-1", "pdf/a-3b", "none"]),
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
) -> None:
    """Build HTML and PDF for PACKS (default: every pack in briefs/).

    Packs whose inputs (pack, articles, annotations, templates, CSS, config, code) have
    not changed since the last build are skipped; --force rebuilds them anyway.
    """
    from .build import BuildOptions
    from .build import build as run_build

    project = project_of(ctx)
    options = BuildOptions(
        out=(out or project.root / "build").absolute(),
        pdf=not no_pdf,
        strict=strict,
        pdf_variant=pdf_variant or project.config.pdf_variant,
        jobs=jobs or os.cpu_count() or 1,
        debug=ctx.debug,
        force=force,
    )
    results = run_build(project, pack_paths(project, packs), options)
    diagnostics = []
    for result in results:
        diagnostics += emit(result.diagnostics)
        if result.skipped:
            click.echo(f"up to date {result.path}", err=True)
        elif result.ok:
            click.echo(
                f"built {result.path} -> {project.shown(options.out / result.slug)}/index.html",
                err=True,
            )
    finish(diagnostics, strict, failed=not all(r.ok for r in results))


@cli.command()
@PACKS
@STRICT
@click.pass_obj
@guarded
def check(ctx: Context, packs: tuple[Path, ...], strict: bool) -> None:
    """Validate PACKS and their articles without rendering anything."""
    from .build import check_pack

    project = project_of(ctx)
    diagnostics = []
    for path in pack_paths(project, packs):
        _, found = check_pack(project, path)
        diagnostics += emit(found)
    finish(diagnostics, strict)


def main() -> None:
    cli(prog_name="briefs")
