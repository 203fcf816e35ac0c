"""`briefs schema`: write or check the JSON Schemas of the input files."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import Context, guarded, project_of, say, write_files


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
    from generator.errors import Diagnostic, DiagnosticError, Position
    from generator.load.schema import SCHEMA_DIR, schema_files, stale

    project = project_of(ctx)
    folder = (out or project.root / SCHEMA_DIR).absolute()
    if check_only:
        behind = stale(folder)
        message = "out of date with generator/model.py; run `briefs schema` (or `make schemas`)"
        where = [Position(project.shown(folder / name)) for name in behind]
        if behind:
            raise DiagnosticError(Diagnostic.make("E930", message, w) for w in where)
        say(f"{project.shown(folder)}/: up to date")
        return
    write_files(
        {folder / name: data for name, data in schema_files().items()}, project.root, "wrote"
    )
