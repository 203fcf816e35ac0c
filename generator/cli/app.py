"""The `briefs` command group: global options, and one verb per module of this folder."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import annotate, build, check, confirm, desk, imports, new, schema, serve
from generator.cli.options import Context


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
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(message)s")


for _verb in (
    build.build,
    check.check,
    desk.desk,
    annotate.annotate,
    confirm.confirm,
    serve.serve,
    new.new,
    new.init,
    schema.schema,
    imports.import_,
):
    cli.add_command(_verb)


def main() -> None:
    cli(prog_name="briefs")
