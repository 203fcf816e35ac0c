"""Where templates come from: the built-in theme and the search path that overrides it.

Kept apart from render.py so that deciding whether a pack is up to date (incremental.py)
never imports Jinja2 or markdown-it.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import Diagnostic, DiagnosticError, Position, display_path
from generator.load.paths import confined_tree

THEME = Path(__file__).resolve().parents[2] / "templates"


def template_dirs(
    project_templates: Path, pack_templates: Path | None = None, root: Path | None = None
) -> list[Path]:
    """The template search path, first hit wins: the pack's, the project's, the theme.

    With root (the project folder), a template folder that is a link out of it, or that
    holds a template, stylesheet, font, image or folder linking out of it, is refused
    (B202) before anything out there is read or stat-ed.
    """
    candidates = [p for p in (pack_templates, project_templates) if p is not None]
    if root is not None:
        _refuse_links_out(candidates, root)
    unique: list[Path] = []
    for path in [*candidates, THEME]:
        if path.is_dir() and path.resolve() not in [u.resolve() for u in unique]:
            unique.append(path)
    return unique


def _refuse_links_out(folders: list[Path], root: Path) -> None:
    problems = []
    for folder in folders:
        for link in confined_tree(folder, root)[1]:
            message = (
                "template folder is a link out of the project"
                if link == folder
                else "link out of the project in a template folder (templates, stylesheets,"
                " fonts and images must lie inside it)"
            )
            problems.append(Diagnostic.make("B202", message, Position(display_path(link, root))))
    if problems:
        raise DiagnosticError(problems)
