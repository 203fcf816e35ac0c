"""The registry of item kinds (model.KINDS) is complete: every kind has its list in the
annotation file, its partial and its import labels, and the stages agree with it."""

from __future__ import annotations

import typing
from pathlib import Path

from generator.model import KINDS, AnnotationFile, ItemKey, ItemKind
from generator.tools.imports.spans import DEFAULT_LABELS, TARGETS

REPO = Path(__file__).resolve().parent.parent


def test_every_kind_is_described_once() -> None:
    assert [k.name for k in KINDS] == list(typing.get_args(ItemKind))
    assert [k.key for k in KINDS] == list(typing.get_args(ItemKey))
    lists = [
        name
        for name, field in AnnotationFile.model_fields.items()
        if typing.get_origin(field.annotation) is list
        and typing.get_args(field.annotation)[0] in {k.spec for k in KINDS}
    ]
    assert lists == [k.key for k in KINDS]


def test_every_kind_has_its_partial_and_import_labels() -> None:
    for kind in KINDS:
        assert (REPO / "templates" / kind.partial).is_file(), kind.partial
        assert all(DEFAULT_LABELS[label] == kind.key for label in kind.labels)
    assert (*(k.key for k in KINDS), "ignore") == TARGETS


def test_an_imported_quote_becomes_an_item_of_its_kind() -> None:
    for kind in KINDS:
        spec = kind.from_quote("agreed to meet", 2)
        assert isinstance(spec, kind.spec)
        assert (spec.quote, spec.occurrence) == ("agreed to meet", 2)
