"""What a run prints: diagnostics as text, GitHub workflow commands or JSON; progress; colour.

Human lines go to stderr; machine output (workflow commands, JSON) goes to stdout, so
`briefs check --diagnostics json > findings.json` keeps the two apart.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from generator.errors import Diagnostic, Severity, summary_line

if TYPE_CHECKING:  # rich is imported only when a terminal will show its colours or bar
    from collections.abc import Sequence

    from rich.console import Console
    from rich.progress import Progress
    from rich.text import Text

    from generator.build.noop import Fresh

Format = Literal["text", "github", "json"]
FORMATS: tuple[Format, ...] = ("text", "github", "json")
QUIET, NORMAL, VERBOSE = 0, 1, 2

_SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
}
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def wants_colour(stream: TextIO, environ: dict[str, str] | None = None) -> bool:
    """Colour only on a terminal; NO_COLOR (https://no-color.org) always wins, FORCE_COLOR next."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def github_escape(text: str, *, prop: bool = False) -> str:
    """Escape a workflow command's message (or property value, which also escapes : and ,)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_command(diagnostic: Diagnostic, path_prefix: str = "") -> str:
    """`::error file=...,line=...,col=...,title=CODE::message`, as GitHub Actions reads it."""
    position = diagnostic.position
    props = [f"file={github_escape(path_prefix + position.path, prop=True)}"]
    if position.line:
        props += [f"line={position.line}", f"col={position.col or 1}"]
    props.append(f"title={github_escape(diagnostic.code, prop=True)}")
    command = _GITHUB_COMMAND[diagnostic.severity]
    return f"::{command} {','.join(props)}::{github_escape(diagnostic.message)}"


def as_json(diagnostic: Diagnostic) -> dict[str, Any]:
    position = diagnostic.position
    return {
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "path": position.path,
        "line": position.line,
        "col": position.col or (1 if position.line else 0),
        "text": str(diagnostic),
    }


def github_prefix(project_root: Path, environ: dict[str, str] | None = None) -> str:
    """The project folder as seen from the repository root, so annotations land on the file."""
    env = os.environ if environ is None else environ
    workspace = env.get("GITHUB_WORKSPACE")
    if not workspace:
        return ""
    try:
        relative = project_root.resolve().relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else f"{relative}/"


@dataclass
class Reporter:
    """Prints a run's diagnostics and progress in the chosen format and verbosity."""

    format: Format = "text"
    verbosity: int = NORMAL
    colour: bool = False
    path_prefix: str = ""
    err: TextIO = field(default_factory=lambda: sys.stderr)
    out: TextIO = field(default_factory=lambda: sys.stdout)
    seen: list[Diagnostic] = field(default_factory=list)
    _console: Console | None = None

    @property
    def plain(self) -> bool:
        """No colour and no terminal: lines are written as they are, without rich."""
        return not self.colour and not _isatty(self.err)

    def _line(self, message: str, style: str = "") -> None:
        if self.plain:
            self.err.write(message + "\n")
            self.err.flush()
        else:
            from rich.text import Text

            self.console.print(Text(message, style=style))

    @property
    def console(self) -> Console:
        from rich.console import Console

        if self._console is None:
            self._console = Console(
                file=self.err,
                no_color=not self.colour,
                color_system="auto" if self.colour else None,
                force_terminal=self.colour or None,
                highlight=False,
                markup=False,
                emoji=False,
                soft_wrap=True,
            )
        return self._console

    def diagnostics(self, found: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Print each finding (one line each) and remember it for the summary."""
        shown = list(found)
        self.seen += shown
        for diagnostic in shown:
            if self.format == "github":
                self._print_out(github_command(diagnostic, self.path_prefix))
            elif self.format == "text" and self.plain:
                self._line(str(diagnostic))
            elif self.format == "text":
                self.console.print(self._styled(diagnostic))
        return shown

    def replay(self, found: Iterable[Diagnostic]) -> None:
        """Findings of a pack that was not rebuilt: printed again only for --verbose or
        a machine format; always counted in the summary."""
        if self.verbosity >= VERBOSE or self.format != "text":
            self.diagnostics(found)
        else:
            self.seen += found

    def _styled(self, diagnostic: Diagnostic) -> Text:
        from rich.text import Text

        text = Text()
        text.append(f"{diagnostic.position}: ", style="bold")
        text.append(
            f"{diagnostic.severity}[{diagnostic.code}]", style=_SEVERITY_STYLE[diagnostic.severity]
        )
        text.append(f": {diagnostic.message}")
        return text

    def _print_out(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def info(self, message: str) -> None:
        """A line for people (what was built); hidden by --quiet."""
        if self.verbosity >= NORMAL:
            self._line(message)

    def detail(self, message: str) -> None:
        """A line only --verbose shows (timings, every file written)."""
        if self.verbosity >= VERBOSE:
            self._line(message, "dim")

    def summary(self) -> None:
        """The closing count; JSON output is written here, whole, once."""
        if self.format == "json":
            document = {
                "diagnostics": [as_json(d) for d in self.seen],
                "errors": sum(d.severity == Severity.ERROR for d in self.seen),
                "warnings": sum(d.severity == Severity.WARNING for d in self.seen),
            }
            self._print_out(json.dumps(document, indent=2, ensure_ascii=False))
        if self.verbosity >= NORMAL or self.seen:
            self._line(summary_line(self.seen))

    @contextmanager
    def progress(self, total: int, what: str = "packs") -> Iterator[Progressor]:
        """A bar on a terminal for more than one item; numbered plain lines otherwise."""
        bar = total > 1 and self.verbosity == NORMAL and not self.plain and self.console.is_terminal
        if not bar:
            yield Progressor(self, total, None, None)
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
            # No refresh thread: builds fork worker processes, and forking while another
            # thread runs is unsafe. The bar redraws whenever a pack is done.
            auto_refresh=False,
        )
        with progress:
            task = progress.add_task(f"building {total} {what}", total=total)
            progress.refresh()
            yield Progressor(self, total, progress, task)


@dataclass
class Progressor:
    """Advances a progress bar, or prints `[2/5] ...` lines where there is no bar."""

    reporter: Reporter
    total: int
    bar: Progress | None
    task: Any
    done: int = 0

    def advance(self, message: str) -> None:
        self.done += 1
        if self.bar is not None:
            from rich.text import Text

            self.bar.console.print(Text(message))
            self.bar.advance(self.task)
            self.bar.refresh()
        elif self.total > 1:
            self.reporter.info(f"[{self.done}/{self.total}] {message}")
        else:
            self.reporter.info(message)


def report_fresh(reporter: Reporter, found: Sequence[Fresh], shard: tuple[int, int] | None) -> None:
    """The lines of a build that found every pack up to date (build/noop.py), the same
    whether the click app or the entry point's quick path (cli/entry.py) answers."""
    if shard:
        reporter.info(f"shard {shard[0]}/{shard[1]}: {len(found)} of the packs")
    with reporter.progress(len(found)) as progress:
        for pack in found:
            progress.advance(up_to_date_line(reporter, pack.path, pack.diagnostics))


def up_to_date_line(reporter: Reporter, shown: str, diagnostics: Sequence[Diagnostic]) -> str:
    """The line of a pack that was not rebuilt: its findings are counted, not printed
    again (unless --verbose, or for machines: GitHub annotations, JSON)."""
    reporter.replay(diagnostics)
    return f"up to date {shown} ({summary_line(diagnostics)})"


def failing(diagnostics: Iterable[Diagnostic], strict: bool, failed: bool = False) -> bool:
    """Whether a run ends with exit status 1: anything failed, an error was found, or a
    warning with --strict."""
    worst = Severity.WARNING if strict else Severity.ERROR
    return failed or any(d.severity >= worst for d in diagnostics)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
