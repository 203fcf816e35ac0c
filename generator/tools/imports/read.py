"""Which tool made an export, and reading it into documents."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from pathlib import Path

from generator.errors import Diagnostic, DiagnosticError, Position
from generator.load.sources import decode_text, read_bytes
from generator.tools.imports.brat import _brat
from generator.tools.imports.doccano import _doccano
from generator.tools.imports.json_positions import _json_lines, _parse_json
from generator.tools.imports.label_studio import _label_studio
from generator.tools.imports.prodigy import _prodigy
from generator.tools.imports.spans import FORMATS, Document, Format


def detect_format(path: Path, text: str) -> Format | None:
    """The export format, from the file name and, for JSONL, the first record's keys."""
    if path.suffix == ".ann":
        return "brat"
    if path.suffix == ".json":
        return "label-studio"
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        record = json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    if {"spans", "tokens", "_input_hash"} & record.keys():
        return "prodigy"
    if {"label", "entities", "labels"} & record.keys():
        return "doccano"
    return None


def read_export(
    path: Path, shown: str, fmt: Format | None
) -> tuple[Format, list[Document], list[Diagnostic]]:
    """The documents of one export file, in the given or detected format, and any warnings."""
    if path.suffix == ".ann" or fmt == "brat":
        document, warnings = _brat(path, shown)
        return "brat", [document], warnings
    text = decode_text(read_bytes(path, shown), shown)
    fmt = fmt or detect_format(path, text)
    if fmt is None:
        message = "cannot tell the export format; pass --format " + "|".join(FORMATS)
        raise DiagnosticError([Diagnostic.make("E910", message, Position(shown))])
    if fmt == "label-studio":
        return fmt, _label_studio(_parse_json(text, shown)), []
    readers = {"doccano": _doccano, "prodigy": _prodigy}
    return fmt, [doc for record in _json_lines(text, shown) for doc in readers[fmt](record)], []
