"""The annotation file of an article (seeds/NAME.ann.yaml): where it is, the title an
article gets when nobody wrote one, and the one writer of its YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.model import KINDS, AnnotationFile, ArticleMeta

ANNOTATION_SUFFIX = ".ann.yaml"
TITLE_LIMIT = 120

# The order an editor reads an item in: whether it is confirmed (a draft's first line, so
# it reads as a check box), what it says, the quote that backs it last.
_ITEM_ORDER = (
    "confirmed",
    "text",
    "by",
    "title",
    "action",
    "owner",
    "due",
    "status",
    "quote",
    "prefix",
    "suffix",
    "occurrence",
)


def _field_order(name: str) -> float:
    """Where a field goes in an item: a field of a newer kind just before the quote."""
    if name in _ITEM_ORDER:
        return _ITEM_ORDER.index(name)
    return _ITEM_ORDER.index("quote") - 0.5


def annotation_path(article: Path) -> Path:
    """seeds/x.txt -> seeds/x.ann.yaml"""
    return article.with_name(article.stem + ANNOTATION_SUFFIX)


def first_line_title(text: str, fallback: str) -> str:
    """The article's first non-blank line, shortened to TITLE_LIMIT characters; else fallback."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), fallback)
    return line if len(line) <= TITLE_LIMIT else line[: TITLE_LIMIT - 3].rstrip() + "\u2026"


def empty_annotation(text: str, article_id: str) -> AnnotationFile:
    """An annotation with a title from the first line and nothing else."""
    return AnnotationFile(article=ArticleMeta(title=first_line_title(text, article_id)))


def as_draft(annotation: AnnotationFile) -> AnnotationFile:
    """The annotation with every item and person unconfirmed: what briefs drafted (annotate,
    new, import, a build's drafts for an article without a file) waits for an editor."""
    update: dict[str, Any] = {
        key: [spec.model_copy(update={"confirmed": False}) for spec in getattr(annotation, key)]
        for key in (*(kind.key for kind in KINDS), "people")
    }
    return annotation.model_copy(update=update)


def _entry(item: dict[str, Any]) -> dict[str, Any]:
    """An item or person as written: `confirmed` only while false (true is the default)."""
    if item.get("confirmed") is True:
        del item["confirmed"]
    return {name: item[name] for name in sorted(item, key=_field_order)}


def annotation_yaml(annotation: AnnotationFile, header: str, schema_line: str | None = None) -> str:
    """An annotation as YAML an editor curates, under a comment header: no empty optional
    fields, quotes last, dates bare, one quote on one line (easier to check against its
    article). Every `.ann.yaml` briefs writes (new, annotate, import) comes from here;
    header is plain text, each line becomes a comment under the schema line."""
    data: dict[str, Any] = annotation.model_dump(mode="json", by_alias=True, exclude_none=True)
    if data["article"].get("language") == "en":
        del data["article"]["language"]  # the default; keep the file short
    if annotation.article.published is not None:  # a YAML date, not a quoted string
        data["article"]["published"] = annotation.article.published
    for key in (*(kind.key for kind in KINDS), "people"):
        data[key] = [_entry(item) for item in data[key]]
    for key in ("people", "glossary"):
        if not data[key]:
            del data[key]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return (f"{schema_line}\n" if schema_line else "") + comment + body
