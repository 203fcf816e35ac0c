"""`briefs annotate PATH`: read one article, draft its annotation, print or write it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.build.atomic import write_atomic
from generator.errors import Diagnostic, DiagnosticError, Position
from generator.load.annotations import annotation_path, annotation_yaml, as_draft
from generator.load.pack import ARTICLE_SUFFIXES, Project, validate
from generator.load.sources import load_yaml, read_text
from generator.model import AnnotationFile, ArticleMeta
from generator.nlp import dates
from generator.nlp.analysis import Analysis
from generator.nlp.draft import draft_annotation, draft_meta, to_json
from generator.nlp.reader import Reader, warnings_for


@dataclass(frozen=True)
class Draft:
    """One article's draft: as the YAML an editor edits and as the JSON other tools read."""

    target: Path
    target_shown: str
    analysis: Analysis
    annotation: AnnotationFile
    yaml: str
    warnings: tuple[Diagnostic, ...]

    @property
    def json(self) -> dict[str, Any]:
        return to_json(self.analysis, self.annotation, [str(w) for w in self.warnings])

    def write(self, force: bool) -> None:
        """Write the .ann.yaml beside the article; an existing one only with force."""
        if self.target.exists() and not force:
            message = f"{self.target_shown} exists; pass --force to replace it"
            raise DiagnosticError([Diagnostic.make("N704", message, Position(self.target_shown))])
        write_atomic(self.target, self.yaml.encode("utf-8"))


def draft_for(
    project: Project, path: Path, reader: Reader, published: dt.date | dt.datetime | None
) -> Draft:
    """Draft the annotation of the article at path. The article's metadata (and date) come
    from its existing .ann.yaml when there is one, so a redraft keeps what the editor set."""
    shown = project.shown(path)
    if path.suffix not in ARTICLE_SUFFIXES:
        expected = " or ".join(ARTICLE_SUFFIXES)
        message = f"not an article: expected a {expected} file, got '{path.name}'"
        raise DiagnosticError([Diagnostic.make("N705", message, Position(shown))])
    text = read_text(path, shown)
    target = annotation_path(path)
    meta: ArticleMeta | None = None
    if target.is_file():
        meta = validate(
            AnnotationFile, load_yaml(target, project.shown(target)), "annotation"
        ).article
    if isinstance(published, dt.datetime):
        published = published.date()
    reference = published or (meta.published if meta else None) or dates.find_published(text)
    analysis = reader.analyse(text, reference)
    if meta is None:
        meta = draft_meta(text, path.stem, analysis)
    elif published and meta.published != published:
        meta = meta.model_copy(update={"published": published})
    annotation = as_draft(draft_annotation(analysis, text, path.stem, meta))
    model = f"{analysis.model} {analysis.model_version}"
    header = (
        f"Machine draft of {shown} by `briefs annotate` (spaCy pipeline {model}).\n"
        "Every item is a suggestion (confirmed: false): check it against the article,\n"
        "correct or delete it, then set confirmed: true (or run `briefs confirm`)."
    )
    warnings = (*reader.diagnostics, *warnings_for(analysis, text, shown))
    return Draft(
        target,
        project.shown(target),
        analysis,
        annotation,
        annotation_yaml(annotation, header),
        tuple(warnings),
    )
