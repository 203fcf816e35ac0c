"""The command line: `briefs build`, `briefs check`; diagnostics out, exit status 1 on errors."""

from __future__ import annotations

import functools
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from .build import PackResult
    from .errors import Diagnostic
    from .load import Project
    from .nlp import Reader
    from .report import Reporter

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Options every command shares."""

    def __init__(self, project_dir: Path, debug: bool) -> None:
        self.project_dir = project_dir
        self.debug = debug
        self._reporter: Reporter | None = None

    @property
    def reporter(self) -> Reporter:
        """How this run prints (set by the --diagnostics/--quiet/--verbose options)."""
        if self._reporter is None:
            from .report import Reporter, wants_colour

            self._reporter = Reporter(colour=wants_colour(sys.stderr))
        return self._reporter

    @reporter.setter
    def reporter(self, reporter: Reporter) -> None:
        self._reporter = reporter


def _reporter() -> Reporter:
    obj = click.get_current_context().find_object(Context)
    if obj is None:  # a command run without the group (tests calling it directly)
        obj = Context(Path("."), debug=False)
    return obj.reporter


def emit(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Print diagnostics one per line (stderr; stdout for --diagnostics github), in order."""
    return _reporter().diagnostics(diagnostics)


def finish(diagnostics: Sequence[Diagnostic], strict: bool, failed: bool = False) -> None:
    """Print the count line and exit 1 when anything failed."""
    from .errors import Severity

    _reporter().summary()
    worst = Severity.WARNING if strict else Severity.ERROR
    if failed or any(d.severity >= worst for d in diagnostics):
        sys.exit(1)


def output_options(command: F) -> F:
    """--diagnostics, --quiet and --verbose: how a command prints what it found."""

    @functools.wraps(command)
    def wrapper(
        *args: Any, diagnostics_format: str, quiet: bool, verbose: bool, **kwargs: Any
    ) -> Any:
        from .report import NORMAL, QUIET, VERBOSE, Reporter, wants_colour

        obj = click.get_current_context().find_object(Context)
        if obj is not None:
            level = QUIET if quiet else VERBOSE if verbose else NORMAL
            obj.reporter = Reporter(
                format=diagnostics_format,  # type: ignore[arg-type]
                verbosity=level,
                colour=wants_colour(sys.stderr),
            )
            if verbose:
                import logging

                logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
        return command(*args, **kwargs)

    options = [
        click.option(
            "--diagnostics",
            "diagnostics_format",
            type=click.Choice(["text", "github", "json"]),
            default="text",
            show_default=True,
            help="How to print findings: lines for people, GitHub Actions workflow commands "
            "(inline annotations), or one JSON document on stdout.",
        ),
        click.option("-q", "--quiet", is_flag=True, help="Print problems only."),
        click.option("-v", "--verbose", is_flag=True, help="Also print every file written."),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def parse_shard(
    _ctx: click.Context | None, _param: click.Parameter | None, value: str | None
) -> tuple[int, int] | None:
    """'2/4' -> (2, 4): the second of four slices of the sorted packs."""
    if value is None:
        return None
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter(f"expected K/N such as 1/4, got '{value}'") from None
    if not 1 <= k <= n:
        raise click.BadParameter(f"expected 1 <= K <= N, got '{value}'")
    return k, n


def guarded(command: F) -> F:
    """Turn a user's mistake into diagnostics and exit 1; --debug keeps the traceback."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import DiagnosticError

        ctx = click.get_current_context().find_object(Context)
        try:
            return command(*args, **kwargs)
        except DiagnosticError as error:
            if ctx and ctx.debug:
                traceback.print_exc()
            emit(error.diagnostics)
            _reporter().summary()
            sys.exit(1)

    wrapper.__name__ = command.__name__
    wrapper.__doc__ = command.__doc__
    return wrapper  # type: ignore[return-value]


def reader_of(project: Project) -> Reader:
    """The spaCy reader for a project: its model, entity rules and analysis cache."""
    from .atomic import write_atomic
    from .nlp import make_reader

    return make_reader(project.root, project.config.model, write_atomic)


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
    if debug:  # shows the traceback of an internal error (B601) a build logs
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


PACKS = click.argument("packs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
TODAY = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The build date (YYYY-MM-DD) the checks judge due dates against  "
    "[default: the date of SOURCE_DATE_EPOCH if set, else today]",
)


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
    today: Any,
    shard: tuple[int, int] | None,
) -> None:
    """Build HTML and PDF for PACKS (default: every pack in briefs/).

    Packs whose inputs (pack, articles, annotations, templates, CSS, config, code) have
    not changed since the last build are skipped; --force rebuilds them anyway.
    """
    from .build import BuildOptions, select_shard
    from .build import build as run_build
    from .report import github_prefix

    project = project_of(ctx)
    reporter = ctx.reporter
    reporter.path_prefix = github_prefix(project.root)
    options = BuildOptions(
        out=(out or project.root / "build").absolute(),
        pdf=not no_pdf,
        strict=strict,
        pdf_variant=pdf_variant or project.config.pdf_variant,
        jobs=jobs or os.cpu_count() or 1,
        force=force,
        today=today.date() if today else None,
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
            emit(result.diagnostics)
            if result.skipped:
                progress.advance(f"up to date {result.path}")
            elif result.ok:
                built = project.shown(options.out / result.slug)
                progress.advance(f"built {result.path} -> {built}/index.html")
                for output in result.outputs:
                    reporter.detail(f"  wrote {project.shown(output)}")
            else:
                progress.advance(f"failed {result.path}")

        results = run_build(project, paths, options, reader=reader, on_result=report)
    for made in readers:
        emit(made.diagnostics)
    finish(reporter.seen, strict, failed=not all(r.ok for r in results))


@cli.command()
@PACKS
@STRICT
@TODAY
@output_options
@click.pass_obj
@guarded
def check(ctx: Context, packs: tuple[Path, ...], strict: bool, today: Any) -> None:
    """Validate PACKS and their articles without rendering anything."""
    from .build import check_pack
    from .report import github_prefix

    project = project_of(ctx)
    reader = reader_of(project)
    ctx.reporter.path_prefix = github_prefix(project.root)
    diagnostics = []
    for path in pack_paths(project, packs):
        _, found = check_pack(project, path, reader=reader, today=today.date() if today else None)
        diagnostics += emit(found)
        ctx.reporter.detail(f"checked {project.shown(path)}: {len(found)} findings")
    finish(emit(reader.diagnostics) + diagnostics, strict)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON (see README).")
@click.option("--write", is_flag=True, help="Write PATH's .ann.yaml instead of printing it.")
@click.option("--force", is_flag=True, help="With --write, replace an existing .ann.yaml.")
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The article's date (YYYY-MM-DD), for dates written without a year  "
    "[default: article.published of an existing .ann.yaml, else a date at the top of the text]",
)
@click.pass_obj
@guarded
def annotate(
    ctx: Context, path: Path, as_json: bool, write: bool, force: bool, published: Any
) -> None:
    """Draft the annotation of an article (facts, proposals, follow-ups, people, acronyms)."""
    import json

    from .annotate import draft_for

    project = project_of(ctx)
    draft = draft_for(project, path.absolute(), reader_of(project), published)
    warnings = emit(draft.warnings)
    if as_json:
        click.echo(json.dumps(draft.json, ensure_ascii=False, indent=2))
    if write:
        draft.write(force)
        click.echo(f"wrote {draft.target_shown}", err=True)
    elif not as_json:
        click.echo(draft.yaml, nl=False)
    finish(warnings, strict=False)


# serve, new, init, schema and import live in commands.py, which uses the helpers above.
from .commands import COMMANDS  # noqa: E402

for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    cli(prog_name="briefs")
