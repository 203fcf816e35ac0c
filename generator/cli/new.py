"""`briefs new` (a pack from articles) and `briefs init` (a project)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.options import Context, guarded, project_of, say, write_files


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
    from generator.tools.scaffold import plan_new

    project = project_of(ctx)
    write_files(plan_new(project, name, sources, dt.date.today()), project.root)
    say("next: fill in the TODOs, and watch the pack take shape with `briefs serve`")


@click.command()
@click.argument("directory", type=click.Path(file_okay=True, path_type=Path))
@guarded
def init(directory: Path) -> None:
    """Create a new project in DIRECTORY: settings, a sample pack and article, schemas."""
    from generator.tools.scaffold import plan_init

    write_files(plan_init(directory), Path.cwd())
    say(f"next: cd {directory} && briefs build   (or briefs serve to preview)")
