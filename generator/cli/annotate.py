"""`briefs annotate PATH`: draft the annotation of one article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from generator.cli.options import Context, emit, finish, guarded, project_of, reader_of


@click.command()
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

    from generator.tools.annotate import draft_for

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
