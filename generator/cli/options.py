"""What every verb shares: the context, printing diagnostics, exit status, common options."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from generator.cli.report import Reporter
    from generator.errors import Diagnostic
    from generator.load.pack import Project
    from generator.nlp.reader import Reader

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
            from generator.cli.report import Reporter, wants_colour

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
    from generator.cli.report import failing

    _reporter().summary()
    if failing(diagnostics, strict, failed):
        sys.exit(1)


def output_options(command: F) -> F:
    """--diagnostics, --quiet and --verbose: how a command prints what it found."""

    @functools.wraps(command)
    def wrapper(
        *args: Any, diagnostics_format: str, quiet: bool, verbose: bool, **kwargs: Any
    ) -> Any:
        from generator.cli.report import NORMAL, QUIET, VERBOSE, Reporter, wants_colour

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
        click.option(
            "-v",
            "--verbose",
            is_flag=True,
            help="Also print every file written, and again the findings of packs not rebuilt.",
        ),
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
        from generator.errors import DiagnosticError

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
    from generator.build.atomic import write_atomic
    from generator.nlp.reader import make_reader

    return make_reader(project.root, project.config.model, write_atomic)


def project_of(ctx: Context) -> Project:
    from generator.load.pack import find_project

    return find_project(ctx.project_dir)


def pack_paths(project: Project, packs: Sequence[Path]) -> list[Path]:
    """The packs named on the command line, or every pack of the project."""
    from generator.errors import Diagnostic, DiagnosticError, Position
    from generator.load.pack import pack_files

    if not packs:
        found = pack_files(project)
        if not found:
            where = Position(project.shown(project.briefs))
            raise DiagnosticError([Diagnostic.make("B006", "no pack files (*.yaml) found", where)])
        return found
    return [Path(p).absolute() for p in packs]


PACKS = click.argument("packs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
STRICT = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
RELEASE = click.option(
    "--release",
    is_flag=True,
    help="Refuse any pack with an item no editor has confirmed or a placeholder (TODO, "
    "empty text, the event date `briefs new` guessed): one error line for each.",
)
TODAY = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The build date (YYYY-MM-DD) the checks judge due dates against  "
    "[default: the date of SOURCE_DATE_EPOCH if set, else today]",
)


def say(message: str) -> None:
    """A line for the user on stderr."""
    click.echo(message, err=True)


def write_files(files: dict[Path, bytes], root: Path, verb: str = "created") -> None:
    """Write planned files atomically, saying each one."""
    from generator.build.atomic import write_atomic
    from generator.errors import display_path

    for path, data in files.items():
        write_atomic(path, data)
        say(f"{verb} {display_path(path.absolute(), root.absolute())}")
