"""The known names of places, organisations and agreements: the shipped generator/names.yaml
and a project's own names.yaml, which the checks compare the articles' names against."""

from __future__ import annotations

from pathlib import Path

from generator.errors import Diagnostic, DiagnosticError, Position
from generator.load.paths import inside
from generator.load.sources import load_yaml
from generator.load.validate import validate
from generator.model import KnownName, NameKind, NamesFile, NameSpec

NAMES_FILE = "names.yaml"
SHIPPED = Path(__file__).resolve().parent.parent / NAMES_FILE
_SECTIONS: tuple[tuple[NameKind, str], ...] = (
    ("place", "places"),
    ("organisation", "organisations"),
    ("agreement", "agreements"),
)


def load_names(root: Path) -> tuple[KnownName, ...]:
    """Every known name: the shipped list, then the project's additions."""
    files = [(SHIPPED, f"generator/{NAMES_FILE}")]
    project_file = root / NAMES_FILE
    if project_file.is_symlink() or project_file.is_file():
        if not inside(project_file, root):
            message = f"{NAMES_FILE} is a link out of the project"
            raise DiagnosticError([Diagnostic.make("B202", message, Position(NAMES_FILE))])
        files.append((project_file, NAMES_FILE))
    names: list[KnownName] = []
    for path, shown in files:
        parsed = validate(NamesFile, load_yaml(path, shown), "known names")
        for kind, section in _SECTIONS:
            for entry in getattr(parsed, section):
                spec = NameSpec(name=entry) if isinstance(entry, str) else entry
                names.append(KnownName(kind, spec.name, tuple(spec.aliases), shown))
    return tuple(names)
