"""Importers never trace back (issue 12, class 7): whatever JSON (or brat text) an export
holds, `briefs import` plans an import or gives positioned E91x diagnostics."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import DiagnosticError
from generator.load.pack import Project, find_project
from generator.tools.imports.plan import plan_import
from tests.conftest import TESTS

BASE = TESTS / "bad_inputs" / "_base"
FUZZ = int(os.environ.get("BRIEFS_FUZZ_EXAMPLES", "600"))
FUZZ_SETTINGS = settings(
    max_examples=max(FUZZ // 3, 100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TEXT = (BASE / "seeds" / "base.txt").read_text(encoding="utf-8")
KEYS = [
    "text", "data", "annotations", "result", "value", "start", "end", "labels", "label",
    "entities", "start_offset", "end_offset", "spans", "tokens", "token_start", "token_end",
    "answer", "was_cancelled", "ws", "id", "_input_hash",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6) | st.integers(),
    st.floats(allow_nan=True),
    st.sampled_from([TEXT, TEXT[:40], "accept", "reject", "FACT", "x", ""]),
    st.text(max_size=20),
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=6)
    ),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def project() -> Iterator[Project]:
    root = Path(tempfile.mkdtemp(prefix="briefs-import-fuzz-"))
    shutil.copytree(BASE, root, dirs_exist_ok=True)
    (root / "seeds" / "base.ann.yaml").unlink()
    yield find_project(root)
    shutil.rmtree(root)


def plans_or_diagnoses(project: Project, name: str, content: bytes, fmt: Any) -> None:
    path = project.root / "exports" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    try:
        plan_import(project, path, fmt, None, None, False)
    except DiagnosticError as error:
        for diagnostic in error.diagnostics:
            assert diagnostic.code.startswith(("E91", "B0")), str(diagnostic)
            assert diagnostic.position.path.startswith("exports/"), str(diagnostic)


@FUZZ_SETTINGS
@given(json_values)
def test_label_studio_any_json(project: Project, value: Any) -> None:
    plans_or_diagnoses(project, "tasks.json", json.dumps(value).encode(), "label-studio")


@FUZZ_SETTINGS
@given(st.lists(json_values, min_size=1, max_size=3))
def test_doccano_any_json_lines(project: Project, records: list[Any]) -> None:
    lines = "\n".join(json.dumps(r) for r in records).encode()
    plans_or_diagnoses(project, "records.jsonl", lines, "doccano")


@FUZZ_SETTINGS
@given(st.lists(json_values, min_size=1, max_size=3))
def test_prodigy_any_json_lines(project: Project, records: list[Any]) -> None:
    lines = "\n".join(json.dumps(r) for r in records).encode()
    plans_or_diagnoses(project, "records.jsonl", lines, "prodigy")


@FUZZ_SETTINGS
@given(st.binary(max_size=200), st.text(max_size=200))
def test_brat_any_text_and_standoff(project: Project, text: bytes, standoff: str) -> None:
    (project.root / "exports").mkdir(exist_ok=True)
    (project.root / "exports" / "doc.txt").write_bytes(text)
    plans_or_diagnoses(project, "doc.ann", standoff.encode("utf-8", "surrogatepass"), None)


WRONG = [
    ("tasks.json", "label-studio", [{"data": {"text": TEXT}, "annotations": 5}]),
    ("tasks.json", "label-studio", [{"data": {"text": TEXT}, "annotations": [{"result": 5}]}]),
    (
        "tasks.json",
        "label-studio",
        [{"data": {"text": TEXT}, "annotations": [{"result": [{"value": {"start": 0, "labels": 5}}]}]}],
    ),
    (
        "tasks.json",
        "label-studio",
        [{"data": {"text": TEXT}, "annotations": [{"result": [{"value": {"start": 0, "labels": ["F"]}}]}]}],
    ),
    ("tasks.json", "label-studio", [{"data": {"text": TEXT}, "annotations": "abc"}]),
    ("r.jsonl", "doccano", {"text": TEXT, "label": 5}),
    ("r.jsonl", "doccano", {"text": TEXT, "entities": "abc"}),
    ("r.jsonl", "doccano", {"text": TEXT, "label": [["a", "b", "FACT"]]}),
    ("r.jsonl", "prodigy", {"text": TEXT, "spans": 5}),
    ("r.jsonl", "prodigy", {"text": TEXT, "spans": [{"start": 0, "end": 5, "label": "F", "token_start": 0, "token_end": 0}], "tokens": [{"text": "x", "start": "a"}]}),
    ("r.jsonl", "prodigy", {"text": TEXT, "tokens": "abc", "spans": "abc"}),
    ("r.jsonl", "prodigy", {"text": TEXT, "answer": [1]}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fmt", "value"), WRONG, ids=lambda v: str(v)[:40])
def test_wrong_types_are_diagnostics(project: Project, name: str, fmt: str, value: Any) -> None:
    plans_or_diagnoses(project, name, json.dumps(value).encode(), fmt)


def test_deep_nesting_is_a_diagnostic(project: Project) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    plans_or_diagnoses(project, "tasks.json", deep.encode(), "label-studio")
    plans_or_diagnoses(project, "r.jsonl", deep.encode(), "doccano")


def test_brat_text_that_is_not_utf8_is_a_diagnostic(project: Project) -> None:
    (project.root / "exports").mkdir(exist_ok=True)
    (project.root / "exports" / "doc.txt").write_bytes(b"caf\xe9 au lait\n")
    with pytest.raises(DiagnosticError) as raised:
        plan_import(project, project.root / "exports" / "doc.ann", None, None, None, False)
    assert [d.code for d in raised.value.diagnostics] == ["E910"]
    assert str(raised.value.diagnostics[0]).startswith("exports/doc.txt:1:4: error[E910]")
