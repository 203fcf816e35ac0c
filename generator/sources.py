"""Reading input files safely: text with encoding checks, YAML with positions and limits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, DiagnosticError, Position

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
# Aliases let a small file name a huge tree ("billion laughs"); we count every value we
# build, so an expansion is refused long before it costs memory.
MAX_VALUES = 200_000

KeyPath = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_LINE_ENDS = re.compile(r"\r\n?")


@dataclass(frozen=True)
class YamlDocument:
    """Plain data from one YAML file, plus the position of every key and value in it."""

    path: str
    data: Any
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)

    def position(self, key_path: KeyPath, *, key: bool = False) -> Position:
        """Where the value at key_path starts (or its key), else its nearest enclosing value."""
        if key and key_path in self.key_positions:
            return self.key_positions[key_path]
        for end in range(len(key_path), -1, -1):
            found = self.positions.get(tuple(key_path[:end]))
            if found is not None:
                return found
        return Position(self.path, 1, 1)


def read_bytes(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, or a diagnostic if it is missing, unreadable or too large."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise DiagnosticError(
                [
                    Diagnostic.make(
                        "B004", f"file is {size} bytes; the limit is {limit}", Position(shown)
                    )
                ]
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DiagnosticError(
            [Diagnostic.make("B006", "file not found", Position(shown))]
        ) from None
    except IsADirectoryError:
        raise DiagnosticError(
            [Diagnostic.make("B006", "is a folder, not a file", Position(shown))]
        ) from None
    except OSError as error:
        message = f"cannot read file: {error.strerror or error}"
        raise DiagnosticError([Diagnostic.make("B006", message, Position(shown))]) from None


def decode_text(raw: bytes, shown: str) -> str:
    """UTF-8 text (BOM dropped, line ends made \\n), or a diagnostic at the first bad byte."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = (
            f"not UTF-8: byte 0x{raw[error.start]:02x} at offset {error.start} "
            "(save the file as UTF-8)"
        )
        raise DiagnosticError(
            [Diagnostic.make("B005", message, Position(shown, line, col))]
        ) from None
    return _LINE_ENDS.sub("\n", text)


def read_text(path: Path, shown: str) -> str:
    """A text file as a str, with every failure as a positioned diagnostic."""
    return decode_text(read_bytes(path, shown), shown)


def load_yaml(path: Path, shown: str) -> YamlDocument:
    """Parse one YAML file with safe, limited construction and remember where things are."""
    text = read_text(path, shown)
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: str) -> YamlDocument:
    """Parse YAML text; every problem becomes a diagnostic with the file's position."""
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise DiagnosticError(
            [Diagnostic.make("B001", "NUL character in YAML", Position(shown, line, col))]
        )
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        position = Position(shown, mark.line + 1, mark.column + 1) if mark else Position(shown)
        raise DiagnosticError(
            [Diagnostic.make("B001", f"YAML syntax: {problem}", position)]
        ) from None
    except yaml.YAMLError as error:
        raise DiagnosticError(
            [Diagnostic.make("B001", f"YAML syntax: {error}", Position(shown))]
        ) from None
    builder = _Builder(shown)
    data = None if node is None else builder.build(node, (), 0)
    if builder.diagnostics:
        raise DiagnosticError(builder.diagnostics)
    return YamlDocument(shown, data, builder.positions, builder.key_positions)


class _Builder:
    """Turns a composed YAML node tree into plain data, refusing what a safe loader should."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.positions: dict[KeyPath, Position] = {}
        self.key_positions: dict[KeyPath, Position] = {}
        self.diagnostics: list[Diagnostic] = []
        self.count = 0
        self._scalars = yaml.SafeLoader("")

    def _at(self, node: yaml.Node) -> Position:
        return Position(self.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: KeyPath, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            message = f"more than {MAX_VALUES} values (an alias expansion bomb?)"
            raise DiagnosticError([Diagnostic.make("B004", message, self._at(node))])
        if depth > MAX_DEPTH:
            message = f"nested deeper than {MAX_DEPTH} levels"
            raise DiagnosticError([Diagnostic.make("B004", message, self._at(node))])
        self.positions[path] = self._at(node)
        if node.tag not in _STANDARD_TAGS:
            self.diagnostics.append(
                Diagnostic.make("B003", f"unsupported YAML tag '{node.tag}'", self._at(node))
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diagnostics.append(
                    Diagnostic.make(
                        "B003", "YAML merge keys ('<<') are not supported", self._at(key_node)
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.append(
                    Diagnostic.make(
                        "B102", "a mapping key must be a plain string", self._at(key_node)
                    )
                )
                continue
            key = str(key_node.value)
            if key in result:
                first = self.key_positions.get((*path, key))
                where = f" (first at line {first.line})" if first else ""
                self.diagnostics.append(
                    Diagnostic.make("B002", f"duplicate key '{key}'{where}", self._at(key_node))
                )
                continue
            self.key_positions[(*path, key)] = self._at(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            value = self._scalars.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            # A timestamp-looking value that is no real date ("2025-13-45") stays text,
            # so validation can name the field and say what was expected.
            return node.value
        return value
