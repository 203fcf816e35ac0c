"""Where templates come from: the built-in theme and the search path that overrides it.

Kept apart from render.py so that deciding whether a pack is up to date (incremental.py)
never imports Jinja2 or markdown-it.
"""

from __future__ import annotations

from pathlib import Path

THEME = Path(__file__).resolve().parents[2] / "templates"


def template_dirs(project_templates: Path, pack_templates: Path | None = None) -> list[Path]:
    """The template search path, first hit wins: the pack's, the project's, the theme."""
    candidates = [p for p in (pack_templates, project_templates, THEME) if p is not None]
    unique: list[Path] = []
    for path in candidates:
        if path.is_dir() and path.resolve() not in [u.resolve() for u in unique]:
            unique.append(path)
    return unique
