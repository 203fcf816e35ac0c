"""`briefs desk`: write the desk's front page from the packs already built (CI's publish
job, which collects the packs of several shards into one folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from generator.cli.options import TODAY, Context, guarded, project_of, say


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The folder the packs were built into  [default: build/ in the project]",
)
@TODAY
@click.pass_obj
@guarded
def desk(ctx: Context, out: Path | None, today: Any) -> None:
    """Write index.html and desk.ics in OUT from every pack built there.

    `briefs build` does this itself; this is for packs built apart (CI shards) and
    collected into one folder.
    """
    from generator.build.desk import write_desk
    from generator.build.incremental import default_build_date

    project = project_of(ctx)
    folder = (out or project.root / "build").absolute()
    count = write_desk(project, folder, today.date() if today else default_build_date())
    listed = f"{count} pack{'' if count == 1 else 's'}"
    say(f"wrote {project.shown(folder / 'index.html')} and desk.ics: {listed}")
