"""`briefs import`: the annotation files an import writes (planned, not written)."""

from __future__ import annotations

from pathlib import Path

from generator.errors import Diagnostic, Position, display_path
from generator.load import anchors
from generator.load.annotations import annotation_path, annotation_yaml, first_line_title
from generator.load.pack import Project, validate
from generator.load.sources import load_yaml
from generator.model import KIND_BY_KEY, KINDS, AnnotationFile, ArticleMeta, ItemSpec
from generator.tools.imports.anchor import import_documents
from generator.tools.imports.labels import load_labels
from generator.tools.imports.read import read_export
from generator.tools.imports.spans import PLACEHOLDER_BY, Format, Imported

# ---- writing the annotation -------------------------------------------------------------


def merged_annotation(
    imported: Imported, existing: AnnotationFile | None, title: str
) -> AnnotationFile:
    """The article's annotation with the imported items added after any existing ones."""
    base = existing or AnnotationFile(article=ArticleMeta(title=title))
    have = {
        (kind.key, anchors.fold_plain(spec.quote), spec.occurrence)
        for kind in KINDS
        for spec in kind.specs(base)
    }
    lists: dict[str, list[ItemSpec]] = {kind.key: list(kind.specs(base)) for kind in KINDS}
    for item in sorted(imported.items, key=lambda i: i.start):
        if (item.kind, anchors.fold_plain(item.quote), item.occurrence) in have:
            continue
        lists[item.kind].append(KIND_BY_KEY[item.kind].from_quote(item.quote, item.occurrence))
    return base.model_copy(update=lists)


def annotation_text(annotation: AnnotationFile, schema_line: str, source: str) -> str:
    """The imported annotation with its schema line and a header saying what to do next."""
    header = (
        f"Imported by `briefs import` from {source}.\n"
        "Every quote was checked against the article. Now write each item's text in your\n"
        f"own words, and its owner, due date or proposer (`by: {PLACEHOLDER_BY}`); then set\n"
        "its confirmed: false to true (or run `briefs confirm`)."
    )
    return annotation_yaml(annotation, header, schema_line)


def plan_import(
    project: Project,
    path: Path,
    fmt: Format | None,
    labels: Path | None,
    article_id: str | None,
    merge: bool,
) -> tuple[dict[Path, bytes], list[Diagnostic], list[str]]:
    """The .ann.yaml files an import writes, every finding, and a line per article for people."""
    from generator.load.schema import SCHEMA_DIR, modeline

    shown = display_path(path.absolute(), project.root)
    mapping = load_labels(labels, display_path(labels.absolute(), project.root)) if labels else None
    fmt, documents, diagnostics = read_export(path, shown, fmt)
    results, found = import_documents(project, documents, mapping, article_id)
    diagnostics += found
    files: dict[Path, bytes] = {}
    report = []
    for imported in results.values():
        target = annotation_path(imported.article_path)
        existing = None
        if target.is_file():
            if not merge:
                message = "exists; pass --merge to add the imported items to it"
                diagnostics.append(
                    Diagnostic.make("E917", message, Position(project.shown(target)))
                )
                continue
            existing = validate(
                AnnotationFile, load_yaml(target, project.shown(target)), "annotation"
            )
        text = imported.article_path.read_text(encoding="utf-8")
        annotation = merged_annotation(
            imported, existing, first_line_title(text, imported.article_id)
        )
        line = modeline("annotation", target, project.root / SCHEMA_DIR)
        files[target] = annotation_text(annotation, line, f"{shown} ({fmt})").encode("utf-8")
        counts = {k.key: sum(i.kind == k.key for i in imported.items) for k in KINDS}
        summary = ", ".join(f"{k.replace('_', '-')}: {n}" for k, n in counts.items())
        report.append(f"{project.shown(target)} from {shown} ({summary})")
    return files, diagnostics, report
