"""JSON Schemas: generated from model.py, committed up to date, and the seed files obey them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.load.schema import MODELS, file_name, schema, schema_files, stale
from tests.conftest import REPO, Run

SCHEMAS = REPO / "schemas"
STARTER = REPO / "starter"


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2: a date stays a string)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)


def validator(kind: str) -> jsonschema.Draft202012Validator:
    """A validator for the committed schema, checking formats (dates) as editors do."""
    committed = json.loads((SCHEMAS / file_name(kind)).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        committed, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_committed_schemas_are_up_to_date() -> None:
    assert stale(SCHEMAS) == [], "run `make schemas` and commit schemas/"
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(schema_files())


@pytest.mark.parametrize("kind", list(MODELS))
def test_schemas_are_valid_draft_2020_12(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(kind))


def seed_files() -> list[tuple[str, Path]]:
    files = [("pack", p) for p in sorted((REPO / "briefs").glob("*.yaml"))]
    files += [("annotation", p) for p in sorted((REPO / "seeds").glob("*.ann.yaml"))]
    files += [("pack", p) for p in sorted((STARTER / "briefs").glob("*.yaml"))]
    files += [("annotation", p) for p in sorted((STARTER / "seeds").glob("*.ann.yaml"))]
    files += [("project", STARTER / "briefs.yaml")]
    return files


@pytest.mark.parametrize(("kind", "path"), seed_files(), ids=lambda v: str(v).rsplit("/", 2)[-1])
def test_seed_files_validate(kind: str, path: Path) -> None:
    errors = [error.message for error in validator(kind).iter_errors(load(path))]
    assert errors == []


def test_schema_rejects_what_the_loader_rejects() -> None:
    pack = load(REPO / "briefs" / "asean-rok-summit-2025.yaml")
    pack["tittle"] = pack.pop("title")
    messages = sorted(error.message for error in validator("pack").iter_errors(pack))
    assert messages == [
        "'title' is a required property",
        "Additional properties are not allowed ('tittle' was unexpected)",
    ]
    follow_up = {"action": "x", "quote": "y", "due": "26 March"}
    annotation = {"article": {"title": "t"}, "follow_ups": [follow_up]}
    assert not validator("annotation").is_valid(annotation)
    follow_up["due"] = 2026
    assert validator("annotation").is_valid(annotation)


def test_schema_check_command_reports_a_stale_file(
    tmp_path: Path, briefs: Callable[..., Run]
) -> None:
    run = briefs("schema", "--out", "schemas", cwd=tmp_path)
    assert run.status == 0, run.stderr
    assert briefs("schema", "--check", "--out", "schemas", cwd=tmp_path).status == 0
    (tmp_path / "schemas" / "pack.schema.json").write_text("{}\n")
    run = briefs("schema", "--check", "--out", "schemas", cwd=tmp_path)
    assert run.status == 1
    assert run.lines == [
        "schemas/pack.schema.json: error[E930]: out of date with generator/model.py; "
        "run `briefs schema` (or `make schemas`)",
        "1 error, 0 warnings",
    ]
