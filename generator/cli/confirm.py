"""`briefs confirm`: an editor marks drafted items and people as confirmed."""

from __future__ import annotations

import click

from generator.cli.options import Context, guarded, project_of, say


@click.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH[:LINE] ...")
@click.option(
    "--all", "everything", is_flag=True, help="Confirm every item and person of each file."
)
@click.pass_obj
@guarded
def confirm(ctx: Context, targets: tuple[str, ...], everything: bool) -> None:
    """Confirm what you have reviewed: the item or person at seeds/x.ann.yaml:LINE (any
    line of it, or a position `briefs build --release` printed), or with --all every one
    in seeds/x.ann.yaml. Its `confirmed: false` becomes `confirmed: true`, nothing else
    in the file changes."""
    from generator.build.atomic import write_atomic
    from generator.tools.confirm import confirm as confirm_one

    project = project_of(ctx)
    for target in targets:
        done = confirm_one(project, target, everything)
        if done.text is not None:
            write_atomic(done.path, done.text.encode("utf-8"))
        say(done.summary())
