"""Reading input files safely: text with encoding checks, YAML with positions and limits."""

from __future__ import annotations

import os
import pickle
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Diagnostic, DiagnosticError, Position, text_position

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
# What YAML itself allows as a printable character; anything else can only come from an
# escape and breaks the outputs (UTF-8 cannot encode a lone surrogate; XML refuses NUL).
_UNCARRIABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class YamlDocument:
    """Plain data from one YAML file, plus the position of every key and value in it."""

    path: str
    data: Any
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)
    text: str = ""  # the file as read, so that later stages never read it again

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
    """The file's bytes, or a diagnostic if it is missing, unreadable, not a file or too large."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer that never comes.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _read_error("file not found", shown) from None
    except IsADirectoryError:
        raise _read_error("is a folder, not a file", shown) from None
    except OSError as error:
        raise _read_error(f"cannot read file: {error.strerror or error}", shown) from None
    # fstat before fdopen: fdopen itself refuses a folder with an IsADirectoryError.
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        if stat.S_ISDIR(mode):
            raise _read_error("is a folder, not a file", shown)
        raise _read_error("not a regular file (a pipe, socket or device?)", shown)
    with os.fdopen(handle, "rb") as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as error:
            raise _read_error(f"cannot read file: {error.strerror or error}", shown) from None
    if len(data) > limit:
        size = max(len(data), os.stat(path).st_size if path.exists() else 0)
        message = f"file is {size} bytes; the limit is {limit}"
        raise DiagnosticError([Diagnostic.make("B004", message, Position(shown))])
    return data


def _read_error(message: str, shown: str) -> DiagnosticError:
    return DiagnosticError([Diagnostic.make("B006", message, Position(shown))])


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
    """Parse YAML text; every problem becomes a diagnostic with the file's position.

    The same text is parsed once per process: the load and the placeholder review both
    read every annotation, and `briefs serve` reads them all again after each save.
    PyYAML's composer is pure Python; a pickled copy comes back about 15x faster, and
    each caller gets its own copy to change."""
    document: YamlDocument = pickle.loads(_parsed(text, shown))  # bytes _parsed pickled
    return document


@lru_cache(maxsize=512)
def _parsed(text: str, shown: str) -> bytes:
    return pickle.dumps(_parse_yaml(text, shown), pickle.HIGHEST_PROTOCOL)


def _parse_yaml(text: str, shown: str) -> YamlDocument:
    if "\x00" in text:
        where = _offset_position(text, text.index("\x00"), shown)
        raise DiagnosticError([Diagnostic.make("B001", "NUL character in YAML", where)])
    node = _compose(text, shown)
    if node is not None:
        _check_expansion(node, shown)
    builder = _Builder(shown)
    data = None if node is None else builder.build(node, (), 0)
    if builder.diagnostics:
        raise DiagnosticError(builder.diagnostics)
    return YamlDocument(shown, data, builder.positions, builder.key_positions, text)


def _offset_position(text: str, offset: int, shown: str) -> Position:
    return text_position(shown, text, offset)


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader whose composer stops at MAX_DEPTH, before Python's recursion limit."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH + 1:
                raise _TooDeep(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
            node: yaml.Node | None = super().compose_node(parent, index)
            assert node is not None  # the parser only asks for a node where one follows
            return node
        finally:
            self._depth -= 1


def _compose(text: str, shown: str) -> yaml.Node | None:
    """The node tree of one YAML document, or a positioned B001 / B004."""
    try:
        return yaml.compose(text, Loader=_BoundedLoader)
    except _TooDeep as error:
        where = Position(shown, error.mark.line + 1, error.mark.column + 1)
        message = f"nested deeper than {MAX_DEPTH} levels"
        raise DiagnosticError([Diagnostic.make("B004", message, where)]) from None
    except yaml.reader.ReaderError as error:
        # Raised for characters YAML forbids in a file (controls, U+FFFE ...).
        code = error.character if isinstance(error.character, int) else 0
        message = f"YAML syntax: character U+{code:04X} is not allowed here ({error.reason})"
        where = _offset_position(text, error.position, shown)
        raise DiagnosticError([Diagnostic.make("B001", message, where)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        position = Position(shown, mark.line + 1, mark.column + 1) if mark else Position(shown)
        message = f"YAML syntax: {problem}"
        raise DiagnosticError([Diagnostic.make("B001", message, position)]) from None
    except yaml.YAMLError as error:
        message = f"YAML syntax: {str(error).splitlines()[0] if str(error) else 'invalid YAML'}"
        raise DiagnosticError([Diagnostic.make("B001", message, Position(shown))]) from None


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _check_expansion(root: yaml.Node, shown: str) -> None:
    """Refuse a tree whose aliases expand past MAX_VALUES, or refer to their own ancestors.

    Aliases make the composed tree a graph that shares nodes, so a small file can stand
    for a huge one ("billion laughs"). Sizes are counted once per distinct node, without
    recursion, so the check costs what the file costs, not what it would expand to.
    """
    sizes: dict[int, int] = {}
    pending: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            pending.discard(key)
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > MAX_VALUES:
                message = f"expands to more than {MAX_VALUES} values (an alias expansion bomb?)"
                raise DiagnosticError([Diagnostic.make("B004", message, _mark(node, shown))])
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in pending:
            message = "an alias refers to a value that contains it (endless nesting)"
            raise DiagnosticError([Diagnostic.make("B004", message, _mark(node, shown))])
        pending.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _mark(node: yaml.Node, shown: str) -> Position:
    return Position(shown, node.start_mark.line + 1, node.start_mark.column + 1)


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

    def _check_characters(self, node: yaml.Node) -> None:
        """Escapes ("\\0", "\\ud800") can make characters no text file may hold: refuse them."""
        found = _UNCARRIABLE.search(str(node.value))
        if found:
            char = found.group()
            kind = (
                "a lone surrogate"
                if "\ud800" <= char <= "\udfff"
                else "a noncharacter"
                if char in "\ufffe\uffff"
                else "a control character"
            )
            message = f"value holds U+{ord(char):04X}, {kind}; remove the escape that makes it"
            self.diagnostics.append(Diagnostic.make("B007", message, self._at(node)))

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
            self._check_characters(key_node)
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
            self._check_characters(node)
            return node.value
        try:
            value = self._scalars.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            # A timestamp-looking value that is no real date ("2025-13-45") stays text,
            # so validation can name the field and say what was expected.
            return node.value
        return value
