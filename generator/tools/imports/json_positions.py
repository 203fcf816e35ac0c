"""Reading JSON and JSONL exports with the line and column of every object."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from generator.errors import Diagnostic, DiagnosticError, Position

# ---- reading exports, with the position of every JSON object --------------------------


class _PositionDecoder(json.JSONDecoder):
    """A JSON decoder that remembers where each object and array started (by identity)."""

    def __init__(self) -> None:
        super().__init__()
        self.starts: dict[int, int] = {}

        def object_at(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
            value, end = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
            self.starts[id(value)] = s_and_end[1] - 1
            return value, end

        def array_at(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
            value, end = json.decoder.JSONArray(s_and_end, *args)  # type: ignore[attr-defined]
            self.starts[id(value)] = s_and_end[1] - 1
            return value, end

        settings = ("parse_string", "strict", "parse_float", "parse_int", "parse_constant")
        context = SimpleNamespace(
            **{name: getattr(self, name) for name in settings},
            object_hook=None,
            object_pairs_hook=None,
            memo={},
            parse_object=object_at,
            parse_array=array_at,
        )
        # The pure-Python scanner: the C one would not call the wrappers above.
        self.scan_once = json.scanner.py_make_scanner(context)  # type: ignore[attr-defined]


@dataclass
class _Json:
    """Parsed JSON plus a way to turn any object of it back into a file position."""

    data: Any
    shown: str
    text: str
    starts: dict[int, int]
    line_offset: int = 0  # for JSONL: the line this document is on (0-based)
    col_offset: int = 0

    def at(self, value: Any) -> Position:
        offset = self.starts.get(id(value))
        if offset is None:
            return Position(self.shown, self.line_offset + 1, 1)
        line = self.text.count("\n", 0, offset)
        col = offset - (self.text.rfind("\n", 0, offset) + 1)
        return Position(self.shown, self.line_offset + line + 1, col + 1)


def _parse_json(text: str, shown: str, line_offset: int = 0) -> _Json:
    decoder = _PositionDecoder()
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as error:
        where = Position(shown, line_offset + error.lineno, error.colno)
        raise DiagnosticError(
            [Diagnostic.make("E910", f"not valid JSON: {error.msg}", where)]
        ) from None
    except RecursionError:  # the pure-Python scanner recurses once per level
        message = "not an export: JSON nested too deeply to be one"
        raise _bad(message, Position(shown, line_offset + 1, 1)) from None
    return _Json(data, shown, text, decoder.starts, line_offset)


def _json_lines(text: str, shown: str) -> list[_Json]:
    lines = []
    problems: list[Diagnostic] = []
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            try:
                lines.append(_parse_json(line, shown, number))
            except DiagnosticError as error:
                problems += error.diagnostics
    if problems:
        raise DiagnosticError(problems)
    return lines


def _bad(what: str, where: Position) -> DiagnosticError:
    return DiagnosticError([Diagnostic.make("E910", what, where)])


def _list(parsed: _Json, owner: dict[str, Any], key: str, what: str) -> list[Any]:
    """owner[key] as a list: absent or null is an empty one; any other type is E910."""
    value = owner.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        got = type(value).__name__.replace("dict", "an object").replace("str", "text")
        raise _bad(f"'{key}' must be a list of {what}, got {got}", parsed.at(owner))
    return value
