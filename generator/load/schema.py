"""JSON Schemas of the input files, generated from the pydantic models the loader validates with.

One source of truth: `make schemas` (or `briefs schema`) regenerates schemas/ from
model.py, and a test fails when the committed files fall behind. Editors use them
through the `# yaml-language-server: $schema=...` line at the top of each file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model import AnnotationFile, NamesFile, PackFile, PeopleFile, ProjectConfig

SCHEMA_DIR = "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELS: dict[str, type[BaseModel]] = {
    "pack": PackFile,
    "annotation": AnnotationFile,
    "project": ProjectConfig,
    "people": PeopleFile,
    "names": NamesFile,
}
TITLES = {
    "pack": "briefs pack file (briefs/PACK.yaml)",
    "annotation": "briefs annotation file (seeds/NAME.ann.yaml)",
    "project": "briefs project settings (briefs.yaml)",
    "people": "briefs project people (people.yaml)",
    "names": "briefs known names of places, organisations and agreements (names.yaml)",
}


def file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of input file."""
    generated = MODELS[kind].model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DIALECT, **generated, "title": TITLES[kind]}


def schema_files() -> dict[str, bytes]:
    """Every schema as the bytes committed under schemas/, by file name."""
    return {
        file_name(kind): (json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n").encode()
        for kind in MODELS
    }


def modeline(kind: str, yaml_file: Path, schema_dir: Path) -> str:
    """The comment that points YAML editors (yaml-language-server) at a file's schema."""
    relative = os.path.relpath(schema_dir / file_name(kind), yaml_file.parent)
    return f"# yaml-language-server: $schema={Path(relative).as_posix()}"


def stale(schema_dir: Path) -> list[str]:
    """The schema files under schema_dir that are missing or differ from the models."""
    return [
        name
        for name, data in schema_files().items()
        if not (schema_dir / name).is_file() or (schema_dir / name).read_bytes() != data
    ]
