"""`briefs serve`: the live preview (the server itself is tools/serve.py)."""

from __future__ import annotations

import click

from generator.cli.options import Context, guarded, say

PORT = 8000


@click.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=PORT,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks any free port).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a web browser.")
@click.pass_obj
@guarded
def serve(ctx: Context, port: int, open_browser: bool) -> None:
    """Preview every pack on 127.0.0.1; pages reload by themselves when you save."""
    import webbrowser

    from generator.tools.serve import serve as run

    run(ctx.project_dir, port, say, on_ready=webbrowser.open if open_browser else None)
