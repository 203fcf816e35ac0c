"""The `briefs` command's entry point. A plain `briefs build` (no option but --project,
--no-pdf, --strict, --release) that finds every pack up to date is answered here, from the
manifests (build/noop.py), before click and the CLI's modules are imported: a third of
what a no-op build cost. Any other command line, and any build with work to do, goes to
the click app (cli/app.py), which prints the very same lines for an up-to-date build.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.build.noop import Request

# The flags a quick answer understands, as the Request fields they set.
_FLAGS = {"--no-pdf": ("pdf", False), "--strict": ("strict", True), "--release": ("release", True)}


def main() -> None:
    """`briefs ...`: the quick answer if there is one, else the click app."""
    quick(sys.argv[1:])
    from generator.cli.app import main as click_main

    click_main()


def plain_build(args: Sequence[str]) -> tuple[Path, Request] | None:
    """The project folder and the request of `[--project DIR] build [FLAGS]`; None for
    any other command line (click parses those, and says what is wrong with them)."""
    from generator.build.noop import Request

    rest = list(args)
    project = "."
    if rest[:1] == ["--project"] and len(rest) > 1:
        project, rest = rest[1], rest[2:]
    elif rest and rest[0].startswith("--project="):
        project, rest = rest[0].removeprefix("--project="), rest[1:]
    if rest[:1] != ["build"] or not all(flag in _FLAGS for flag in rest[1:]):
        return None
    # What click would refuse or read otherwise (an option as the value, a file): its own.
    if not project or project.startswith("-") or Path(project).is_file():
        return None
    fields = dict(_FLAGS[flag] for flag in rest[1:])
    return Path(project), Request(**fields)  # type: ignore[arg-type]


def quick(args: Sequence[str]) -> None:
    """Exit with the up-to-date build's lines and status, if the command line is a plain
    build and every pack is up to date; else return, having printed nothing."""
    asked = plain_build(args)
    if asked is None:
        return
    from generator.build.noop import up_to_date

    project, request = asked
    try:
        fresh = up_to_date(project, request)
    except Exception:  # whatever went wrong, the click app meets it again and reports it
        return
    if fresh is None:
        return
    from generator.cli.report import Reporter, failing, github_prefix, report_fresh, wants_colour

    root, found = fresh
    reporter = Reporter(colour=wants_colour(sys.stderr), path_prefix=github_prefix(root))
    report_fresh(reporter, found, None)
    reporter.summary()
    sys.exit(1 if failing(reporter.seen, request.strict) else 0)
