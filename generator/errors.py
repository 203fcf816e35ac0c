"""Diagnostics: positioned, one-line, compiler-style messages and the catalogue of their codes."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.IntEnum):
    """How serious a finding is; errors stop the pack, warnings do unless --strict is off."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


# The one catalogue of every code the tool can print (docs/diagnostics.md is generated
# from it, and a test keeps the two in step). Codes never change meaning once released.
CATALOGUE: dict[str, tuple[Severity, str]] = {
    # B0xx: reading files
    "B001": (Severity.ERROR, "The file is not valid YAML."),
    "B002": (Severity.ERROR, "A mapping has the same key twice."),
    "B003": (Severity.ERROR, "A YAML tag other than the standard ones (e.g. !!python/object)."),
    "B004": (Severity.ERROR, "The file is over a size, nesting or alias-expansion limit."),
    "B005": (Severity.ERROR, "The file is not UTF-8 text."),
    "B006": (Severity.ERROR, "The file cannot be read."),
    # B1xx: validating values
    "B101": (Severity.ERROR, "A key that the format does not know."),
    "B102": (Severity.ERROR, "A value of the wrong type."),
    "B103": (Severity.ERROR, "A required field is missing."),
    "B104": (Severity.ERROR, "A date that does not parse."),
    "B105": (Severity.ERROR, "A value outside the allowed set."),
    # B2xx: references between files
    "B201": (Severity.ERROR, "A pack names an article file that does not exist."),
    "B202": (Severity.ERROR, "A path that resolves outside the project folder."),
    "B203": (Severity.ERROR, "A pack lists the same article twice."),
    # B3xx: quote anchors
    "B301": (Severity.ERROR, "A quote is not found in its article."),
    "B302": (Severity.ERROR, "A quote occurs more than once and nothing says which one."),
    "B303": (Severity.ERROR, "A quote's occurrence, prefix or suffix matches no occurrence."),
    # B5xx: rendering
    "B501": (Severity.ERROR, "A template has a syntax error or uses an undefined value."),
    "B502": (
        Severity.WARNING,
        "A resource the document asked for was refused (network or outside the project).",
    ),
    "B503": (Severity.ERROR, "The PDF could not be produced."),
    # P8xx: printing (fonts and glyphs)
    "P801": (
        Severity.WARNING,
        "A character of the pack has no glyph in the fonts the stylesheet names.",
    ),
    "P802": (Severity.WARNING, "A font family the stylesheet names is not installed."),
    # B9xx: the tool itself
    "B900": (
        Severity.ERROR,
        "An internal error: a bug in briefs, not in the input; please report it.",
    ),
}


@dataclass(frozen=True, order=True)
class Position:
    """Where in which file a finding points; line and column count from 1 (0 = unknown)."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a code from the catalogue, where it is, and what to do about it."""

    code: str
    message: str
    position: Position
    severity: Severity = Severity.ERROR

    @classmethod
    def make(cls, code: str, message: str, position: Position) -> Diagnostic:
        """A diagnostic with the catalogue's severity for its code."""
        return cls(code, message, position, CATALOGUE[code][0])

    def __str__(self) -> str:
        return f"{self.position}: {self.severity}[{self.code}]: {self.message}"


class DiagnosticError(Exception):
    """Raised by a stage that cannot go on; carries every diagnostic it gathered."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def display_path(path: Path, root: Path) -> str:
    """The path as a user should see it: relative to the project where it lies inside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def summary_line(diagnostics: Iterable[Diagnostic]) -> str:
    """'2 errors, 1 warning' style count, for the end of a run."""
    counts = {Severity.ERROR: 0, Severity.WARNING: 0}
    for diagnostic in diagnostics:
        if diagnostic.severity in counts:
            counts[diagnostic.severity] += 1
    parts = []
    for severity, count in counts.items():
        noun = str(severity)
        parts.append(f"{count} {noun}{'' if count == 1 else 's'}")
    return ", ".join(parts)
