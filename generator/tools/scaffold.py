"""Scaffolding: a new pack from articles (`briefs new`) and a new project (`briefs init`).

Both plan every file first (path -> bytes) and leave the writing to build.write_atomic,
so nothing is half-made when a check fails.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path

from generator.errors import Diagnostic, DiagnosticError, Position, display_path
from generator.load.annotations import (
    annotation_path,
    annotation_yaml,
    as_draft,
    empty_annotation,
)
from generator.load.pack import ARTICLE_SUFFIXES, Project, validate
from generator.load.schema import SCHEMA_DIR, modeline, schema_files
from generator.load.sources import load_yaml, read_text
from generator.model import ARTICLE_ID, AnnotationFile

STARTER = Path(__file__).resolve().parents[2] / "starter"
_NAME = re.compile(ARTICLE_ID)
Files = dict[Path, bytes]


def draft_annotation(text: str, article_id: str) -> AnnotationFile:
    """The first draft of an article's annotation: for now its title and empty lists.

    This is the one seam for machine drafting: the spaCy drafter (generator/nlp/draft.py)
    takes over here, with the same signature as load.Drafter.
    """
    return empty_annotation(text, article_id)


def draft_yaml(annotation: AnnotationFile, schema_line: str, source: str) -> str:
    """A drafted annotation with its schema line and a header saying what to do with it."""
    header = (
        f"Draft annotation of {source}: check every item against the article, then keep,\n"
        "edit or delete it, and set its confirmed: false to true (or run `briefs confirm`).\n"
        "Each quote must be verbatim from the article."
    )
    return annotation_yaml(annotation, header, schema_line)


def _quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any title.
    return json.dumps(value, ensure_ascii=False)


def pack_yaml(
    title: str, article_ids: Sequence[str], classification: str, today: dt.date, schema_line: str
) -> str:
    """A new pack that validates and builds at once, with TODOs where an editor decides."""
    articles = ", ".join(article_ids)
    return f"""{schema_line}
# A new briefing pack: fill in the TODOs, then `briefs serve` to see it as you edit.
title: {_quoted(title)}
event:
  name: {_quoted(title)}
  date: {today.isoformat()}            # TODO: the event's date
  # place: TODO
prepared:
  date: {today.isoformat()}
  by: "TODO: your desk"
  for: "TODO: who reads it"
classification: {classification}
summary: |
  TODO: two or three sentences the reader needs first (Markdown).
topics:
  - title: {_quoted(title)}
    articles: [{articles}]
"""


def plan_new(project: Project, name: str, sources: Sequence[Path], today: dt.date) -> Files:
    """The files `briefs new NAME --from ...` writes: the pack, copied articles, drafts."""
    name = name.removesuffix(".yaml")
    pack_path = project.briefs / f"{name}.yaml"
    shown = project.shown(pack_path)
    if not _NAME.match(name) or "/" in name:
        message = f"pack name '{name}': use letters, digits, '.', '_' and '-' only"
        raise DiagnosticError([Diagnostic.make("E902", message, Position(shown))])
    if pack_path.exists():
        message = "pack already exists; choose another name or edit it"
        raise DiagnosticError([Diagnostic.make("E901", message, Position(shown))])
    files: Files = {}
    ids: list[str] = []
    titles: list[str] = []
    diagnostics: list[Diagnostic] = []
    for source in sources:
        try:
            article_id, title = _add_article(project, source.absolute(), files)
        except DiagnosticError as error:
            diagnostics += error.diagnostics
            continue
        ids.append(article_id)
        titles.append(title)
    if diagnostics:
        raise DiagnosticError(diagnostics)
    schema_dir = project.root / SCHEMA_DIR
    _add_schemas(schema_dir, files)
    classification = next(iter(project.config.classifications))
    line = modeline("pack", pack_path, schema_dir)
    files[pack_path] = pack_yaml(titles[0], ids, classification, today, line).encode()
    return files


def _add_article(project: Project, source: Path, files: Files) -> tuple[str, str]:
    """Plan an article for a new pack (copied into seeds/ if it lives elsewhere); its id, title."""
    shown = display_path(source, project.root)
    if source.suffix not in ARTICLE_SUFFIXES:
        message = f"expected an article ({' or '.join(ARTICLE_SUFFIXES)}), got '{source.name}'"
        raise DiagnosticError([Diagnostic.make("E902", message, Position(shown))])
    text = read_text(source, shown)
    article_id = source.stem
    if not _NAME.match(article_id):
        message = f"'{source.name}' cannot name an article: use letters, digits, '.', '_' and '-'"
        raise DiagnosticError([Diagnostic.make("E902", message, Position(shown))])
    target = project.seeds / source.name
    if source.resolve() != target.resolve():
        if target.exists() and target.read_bytes() != source.read_bytes():
            message = f"{project.shown(target)} exists with other text; rename one of them"
            raise DiagnosticError([Diagnostic.make("E903", message, Position(shown))])
        files[target] = source.read_bytes()
    annotation_file = annotation_path(target)
    if annotation_file.is_file():
        existing = validate(
            AnnotationFile, load_yaml(annotation_file, project.shown(annotation_file)), "annotation"
        )
        return article_id, existing.article.title
    draft = as_draft(draft_annotation(text, article_id))  # an editor confirms what it drafted
    line = modeline("annotation", annotation_file, project.root / SCHEMA_DIR)
    files[annotation_file] = draft_yaml(draft, line, project.shown(target)).encode()
    return article_id, draft.article.title


def _add_schemas(schema_dir: Path, files: Files) -> None:
    """Schemas for the modelines to point at, where the project has none yet."""
    for name, data in schema_files().items():
        if not (schema_dir / name).exists():
            files[schema_dir / name] = data


def plan_init(target: Path) -> Files:
    """The files of a new project: settings, a sample pack and article, schemas, templates/."""
    if target.is_symlink() and not target.exists():
        message = (
            "is a link to a folder that does not exist; `briefs init` makes a new project"
            " in a new or empty folder (make the folder, or remove the link)"
        )
        raise DiagnosticError([Diagnostic.make("E904", message, Position(target.as_posix()))])
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "is a file" if target.is_file() else "is not empty"
        message = f"{what}; `briefs init` makes a new project in a new or empty folder"
        raise DiagnosticError([Diagnostic.make("E904", message, Position(target.as_posix()))])
    files: Files = {}
    for path in sorted(STARTER.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            files[target / path.relative_to(STARTER)] = path.read_bytes()
    for name, data in schema_files().items():
        files[target / SCHEMA_DIR / name] = data
    return files
