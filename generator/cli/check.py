"""`briefs check`: load, enrich and check packs without rendering."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from generator.cli.options import (
    PACKS,
    RELEASE,
    STRICT,
    TODAY,
    Context,
    emit,
    finish,
    guarded,
    output_options,
    pack_paths,
    project_of,
    reader_of,
)


@click.command()
@PACKS
@STRICT
@RELEASE
@TODAY
@output_options
@click.pass_obj
@guarded
def check(ctx: Context, packs: tuple[Path, ...], strict: bool, release: bool, today: Any) -> None:
    """Validate PACKS and their articles without rendering anything."""
    from generator.build.pipeline import BuildOptions, run_pack
    from generator.cli.report import github_prefix

    project = project_of(ctx)
    reader = reader_of(project)
    ctx.reporter.path_prefix = github_prefix(project.root)
    options = BuildOptions(
        out=project.root / "build", today=today.date() if today else None, release=release
    )
    diagnostics = []
    for path in pack_paths(project, packs):
        found = run_pack(project, path, options, reader, until="check").diagnostics
        diagnostics += emit(found)
        ctx.reporter.detail(f"checked {project.shown(path)}: {len(found)} findings")
    finish(emit(reader.diagnostics) + diagnostics, strict)
