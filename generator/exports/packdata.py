"""The pack data (`<pack>.data.json`, format briefs-pack-data/1): what an archival PDF
carries as its attachment, so the follow-ups stay machine-readable inside the PDF.

The document holds the pack file's fields, every article's metadata and anchored
annotations, and the merged follow-up tracker. Its bytes depend only on the inputs
(keys in a fixed order, no timestamps), so an archival PDF stays reproducible. It is not
the pack export (`<pack>.json` beside the PDF, exports/files.py), which carries the
articles' text and every anchor for other tools.
"""

from __future__ import annotations

import json
from typing import Any

from generator.model import KINDS, Article, Item, Pack
from generator.render.html import glossary, people
from generator.render.tracker import tracker

FORMAT = "briefs-pack-data/1"


def attachment_name(slug: str) -> str:
    """The name of the pack data attached to an archival PDF."""
    return f"{slug}.data.json"


def pack_data(pack: Pack) -> dict[str, Any]:
    """A plain, JSON-ready description of the pack and everything its annotations say."""
    labels = {article.id: f"A{n}" for n, article in enumerate(pack.articles, start=1)}
    return {
        "format": FORMAT,
        "pack": {
            "slug": pack.slug,
            "path": pack.path,
            **pack.spec.model_dump(mode="json", by_alias=True),
        },
        "articles": [_article(article, labels[article.id]) for article in pack.articles],
        "tracker": [
            {
                "number": row.label,
                "action": row.action,
                "owner": row.owner,
                "due": row.due,
                "status": row.status,
                "sources": [_source(item, labels) for item in row.items],
            }
            for row in tracker(pack.articles)
        ],
        "people": [person.model_dump(mode="json") for person in people(pack)],
        "glossary": dict(glossary(pack)),
    }


def pack_data_json(pack: Pack) -> bytes:
    """pack_data as UTF-8 JSON text."""
    return (json.dumps(pack_data(pack), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _article(article: Article, label: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": article.id,
        "label": label,
        "path": article.path,
        "annotated": article.annotated,
        "meta": article.meta.model_dump(mode="json"),
    }
    for kind in KINDS:
        data[kind.key] = [_item(item) for item in article.of_kind(kind.name)]
    return data


def _item(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        **item.spec.model_dump(mode="json", exclude_none=True),
        "anchor": {
            "start": item.anchor.start,
            "end": item.anchor.end,
            "paragraph": item.anchor.paragraph + 1,
        },
        "machine_suggested": item.machine,
    }


def _source(item: Item, labels: dict[str, str]) -> dict[str, Any]:
    return {
        "article": item.article_id,
        "label": labels[item.article_id],
        "item": item.id,
        "quote": item.spec.quote,
    }
