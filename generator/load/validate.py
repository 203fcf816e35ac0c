"""Validation with positions: a YAML document against a model, every problem a diagnostic.

A document with mistakes is also salvaged where it can be (an unknown key dropped, a bad
optional value left to its default, a broken list item left out), so that the rest of
the pack is still read and checked: one run reports every problem.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import re
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from generator.errors import Diagnostic, DiagnosticError
from generator.load.sources import YamlDocument

M = TypeVar("M", bound=BaseModel)

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}
_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")
# Custom errors raised by the model's own validators, and the code each one reports.
_CUSTOM_CODES = {"web_url": "B204", "article_id": "B202", "css_colour": "B105"}
_DATE_TYPES = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_future",
    "date_past",
}
_ISO_PARTS = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*$")
# How many times a broken document is pruned and validated again before giving up.
_SALVAGE_ROUNDS = 8


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice a mistyped word most likely meant (case and punctuation aside), if any
    is close enough: the one suggestion every 'did you mean' of the loader makes."""
    from rapidfuzz import (
        fuzz,
        process,
        utils,
    )  # only on the error path: a clean load never needs it

    options = list(choices)
    # A plain edit similarity: a typo is a few letters off ('tittle'), where a partial
    # match would take 'source_name' for 'url'.
    hint = process.extractOne(
        word, options, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=60
    )
    return str(hint[0]) if hint else None


def validate(model: type[M], document: YamlDocument, what: str) -> M:
    """Validate a YAML document against a model; every problem becomes a diagnostic."""
    result = validate_all(model, document, what)
    if result.diagnostics or result.model is None:
        raise DiagnosticError(result.diagnostics)
    return result.model


@dataclass(frozen=True)
class Validated(Generic[M]):
    """Every problem of a document, and the model of what is sound in it: None when
    nothing can be made of it (not a mapping, or a required field outside any list
    broken). List items left out are remembered, so positions still point at the file."""

    model: M | None
    diagnostics: list[Diagnostic]
    removed: frozenset[tuple[Any, ...]] = frozenset()  # list items left out, as written
    cut: frozenset[tuple[Any, ...]] = frozenset()  # everything left out: keys and items

    def damaged(self, loc: tuple[Any, ...]) -> bool:
        """True when something at or under loc (as written) was left out."""
        return any(c[: len(loc)] == loc for c in self.cut)

    def original(self, loc: tuple[Any, ...]) -> tuple[Any, ...]:
        """Where a field of the model was in the file: its list indices counted with the
        items left out."""
        found: list[Any] = []
        for part in loc:
            if isinstance(part, int):
                gone = sorted(i for *parent, i in self.removed if tuple(parent) == tuple(found))
                for index in gone:
                    part += index <= part
            found.append(part)
        return tuple(found)


def validate_all(model: type[M], document: YamlDocument, what: str) -> Validated[M]:
    """Every problem of a document and the model of what is sound in it."""
    data = document.data
    if not isinstance(data, dict):
        got = "an empty file" if data is None else _describe(data)
        message = f"expected a mapping with the {what} fields, got {got}"
        return Validated(None, [Diagnostic.make("B102", message, document.position(()))])
    try:
        return Validated(model.model_validate(data), [])
    except ValidationError as error:
        details = error.errors(include_url=False)
    found = [(tuple(d["loc"]), _diagnostic(model, document, d)) for d in details]
    # "unknown key 'tittle'; did you mean 'title'?" already explains the missing 'title'.
    meant = {
        (loc[:-1], match.group(1))
        for loc, diagnostic in found
        if (match := _DID_YOU_MEAN.search(diagnostic.message))
    }
    diagnostics = [
        diagnostic
        for loc, diagnostic in found
        if not (diagnostic.code == "B103" and (loc[:-1], loc[-1]) in meant)
    ]
    salvaged, removed, cut = _salvage(model, data, details)
    return Validated(salvaged, diagnostics, removed, cut)


class _Gone:
    """Marks a list item left out, so that the other items keep their indices."""


_GONE = _Gone()


Locs = frozenset[tuple[Any, ...]]


def _salvage(
    model: type[M], data: dict[str, Any], details: list[Any]
) -> tuple[M | None, Locs, Locs]:
    """The model of the document with its broken parts taken out: an unknown key is
    renamed to the key it meant or removed, a bad value removed (an optional field then
    takes its default), and where that leaves a required field missing, the list item
    holding it goes. None if a required field outside any list is broken."""
    pruned = copy.deepcopy(data)
    cut: set[tuple[Any, ...]] = set()
    for _ in range(_SALVAGE_ROUNDS):
        for detail in details:
            loc = _in_file(pruned, tuple(detail["loc"]))
            if detail["type"] == "extra_forbidden" and _rename(model, pruned, loc):
                continue
            if detail["type"] == "missing":
                items = [i for i, part in enumerate(loc) if isinstance(part, int)]
                if not items:
                    return None, frozenset(), frozenset()
                loc = loc[: items[-1] + 1]
            _cut(pruned, loc)
            cut.add(loc)
        try:
            result = model.model_validate(_without_gone(pruned))
        except ValidationError as error:
            details = error.errors(include_url=False)
        else:
            return result, frozenset(_gone_items(pruned, ())), frozenset(cut)
    return None, frozenset(), frozenset()


def _in_file(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """A location in the data validated (items left out skipped) as one in the data."""
    found: list[Any] = []
    for part in loc:
        if isinstance(data, list) and isinstance(part, int):
            kept = [i for i, item in enumerate(data) if item is not _GONE]
            part = kept[part] if part < len(kept) else part
        found.append(part)
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            data = None
    return tuple(found)


def _without_gone(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _without_gone(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_without_gone(item) for item in data if item is not _GONE]
    return data


def _gone_items(data: Any, loc: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        if value is _GONE:
            yield (*loc, key)
        else:
            yield from _gone_items(value, (*loc, key))


def _rename(model: type[BaseModel], data: dict[str, Any], loc: tuple[Any, ...]) -> bool:
    """Move an unknown key's value to the key it was meant to be ('tittle' to 'title'),
    where that key is not written too; True if it was moved."""
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    known = _fields_at(model, loc[:-1])
    meant = did_you_mean(str(loc[-1]), known) if known and isinstance(parent, dict) else None
    if meant is None or meant in parent or loc[-1] not in parent:
        return False
    parent[meant] = parent.pop(loc[-1])
    return True


def _cut(data: Any, loc: tuple[Any, ...]) -> None:
    """Remove the value at loc: a key of a mapping, or (marked gone) an item of a list."""
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    last = loc[-1] if loc else None
    if isinstance(parent, dict) and last in parent:
        del parent[last]
    elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        parent[last] = _GONE


def _diagnostic(model: type[BaseModel], document: YamlDocument, detail: Any) -> Diagnostic:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    name = dotted(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _fields_at(model, loc[:-1])
        hint = did_you_mean(key, known) if known else None
        suggestion = f"; did you mean '{hint}'?" if hint else f"; expected one of {sorted(known)}"
        return Diagnostic.make(
            "B101", f"unknown key '{key}'{suggestion}", document.position(loc, key=True)
        )
    if kind == "missing":
        parent = dotted(loc[:-1])
        where = f" in '{parent}'" if parent else ""
        return Diagnostic.make(
            "B103", f"missing required field '{loc[-1]}'{where}", document.position(loc[:-1])
        )
    position = document.position(loc)
    value = detail.get("input")
    got = _describe(value)
    if kind in _CUSTOM_CODES:
        return Diagnostic.make(_CUSTOM_CODES[kind], f"{name}: {detail['msg']}, got {got}", position)
    if kind in _DATE_TYPES or kind == "partial_date_parsing":
        no_such_day = impossible_date(value)
        if no_such_day:
            return Diagnostic.make("B104", f"{name}: {got} {no_such_day}", position)
        expected = (
            detail["msg"] if kind == "partial_date_parsing" else "expected a date (YYYY-MM-DD)"
        )
        return Diagnostic.make("B104", f"{name}: {expected}, got {got}", position)
    if kind in ("literal_error", "enum"):
        expected = detail.get("ctx", {}).get("expected", "")
        hint = did_you_mean(str(value), re.findall(r"'([^']*)'", expected))
        suggestion = f"; did you mean '{hint}'?" if hint else ""
        return Diagnostic.make(
            "B105", f"{name}: expected {expected}, got {got}{suggestion}", position
        )
    if kind in ("too_short", "string_too_short"):
        return Diagnostic.make("B103", f"{name}: must not be empty", position)
    expected = _EXPECTED.get(kind) or detail["msg"].removeprefix("Input should be ").removeprefix(
        "Value "
    )
    return Diagnostic.make("B102", f"{name}: expected {expected}, got {got}", position)


def impossible_date(value: Any) -> str | None:
    """Why a date written as digits does not exist ('2023-02-30': February 2023 has 28
    days), or None when it is not such a date."""
    match = _ISO_PARTS.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return f"does not exist: there is no month {month}"
    if match[3] is None:
        return None
    day, days = int(match[3]), calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    month_name = dt.date(year, month, 1).strftime("%B")
    return f"does not exist: {month_name} {year} has {days} days"


def one_of(value: str, choices: Sequence[str]) -> str:
    """'expected one of [...], got 'x'', with a did-you-mean: for a value from a set the
    project defines (classifications), checked outside the model."""
    hint = did_you_mean(value, choices)
    suggestion = f"; did you mean '{hint}'?" if hint else ""
    return f"expected one of {list(choices)}, got {_describe(value)}{suggestion}"


def dotted(loc: Iterable[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names (as written in files) of the model found at loc, for did-you-mean."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = next(
                (f for n, f in current.model_fields.items() if (f.alias or n) == part), None
            )
            current = field.annotation if field else None
        else:
            args = typing.get_args(current)
            current = args[-1] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated so the model or container type underneath shows."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation
