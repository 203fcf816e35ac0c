"""Which label means facts, proposals or follow-ups (a mapping file, or the defaults)."""

from __future__ import annotations

from pathlib import Path

from generator.errors import Diagnostic, DiagnosticError
from generator.load.sources import load_yaml
from generator.tools.imports.spans import _LETTERS, DEFAULT_LABELS, TARGETS, Target

# ---- label mapping ----------------------------------------------------------------------


def load_labels(path: Path, shown: str) -> dict[str, Target]:
    """A mapping file: `LABEL: TARGET` (a kind's key, or ignore), one line per label."""
    document = load_yaml(path, shown)
    if not isinstance(document.data, dict):
        raise DiagnosticError(
            [
                Diagnostic.make(
                    "E919",
                    f"expected a mapping of LABEL: {'|'.join(TARGETS)}",
                    document.position(()),
                )
            ]
        )
    mapping: dict[str, Target] = {}
    problems = []
    for label, target in document.data.items():
        if target not in TARGETS:
            message = f"label '{label}': expected one of {list(TARGETS)}, got {target!r}"
            problems.append(Diagnostic.make("E919", message, document.position((label,))))
        else:
            mapping[str(label)] = target
    if problems:
        raise DiagnosticError(problems)
    return mapping


def target_of(label: str, mapping: dict[str, Target] | None) -> Target | None:
    if mapping is not None:
        return mapping.get(label)
    return DEFAULT_LABELS.get(_LETTERS.sub("", label.lower()))
