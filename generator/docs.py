"""Writes docs/diagnostics.md from the catalogue in errors.py (`make docs`)."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.errors import CATALOGUE

DIAGNOSTICS_MD = Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md"
# Headings for the ranges; a range without one is still listed, under its number.
RANGES = {
    "B0": "Reading files",
    "B1": "Validating values",
    "B2": "References between files",
    "B3": "Quote anchors",
    "B5": "Rendering and PDF",
    "B6": "The build itself",
    "C4": "Editorial checks",
    "N7": "Reading articles with spaCy",
    "P8": "Printing: fonts and glyphs",
    "E9": "Editors: scaffolding, imports, preview",
}


def diagnostics_markdown() -> str:
    """docs/diagnostics.md: every code with its severity and meaning, grouped by range."""
    lines = [
        "# Diagnostics",
        "",
        "<!-- Generated from generator/errors.py by `make docs`; do not edit by hand. -->",
        "",
        "Every problem is printed as one line, `path:line:col: severity[CODE]: message`,",
        "and the run ends with a count. Errors stop the pack they belong to (other packs",
        "still build); warnings do not, unless `--strict` is given. A code keeps its",
        "meaning once released.",
    ]
    current = ""
    for code in sorted(CATALOGUE):
        severity, meaning = CATALOGUE[code]
        if code[:2] != current:
            current = code[:2]
            title = RANGES.get(current, "Other")
            lines += ["", f"## {current}xx: {title}", "", "| code | severity | meaning |"]
            lines += ["| --- | --- | --- |"]
        cell = meaning.replace("|", "\\|")
        lines.append(f"| {code} | {severity} | {cell} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    from generator.build.atomic import write_atomic

    write_atomic(DIAGNOSTICS_MD, diagnostics_markdown().encode("utf-8"))
    print(f"wrote {DIAGNOSTICS_MD}", file=sys.stderr)


if __name__ == "__main__":
    main()
