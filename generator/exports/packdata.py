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
    labels = article_labels(pack)
    return {
        "format": FORMAT,
        "pack": {
            "slug": pack.slug,
            "path": pack.path,
            **pack.spec.model_dump(mode="json", by_alias=True),
        },
        "articles": [_article(article, labels[article.id]) for article in pack.articles],
        "tracker": tracker_data(pack),
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


def tracker_data(pack: Pack) -> list[dict[str, Any]]:
    """The tracker exactly as the pack prints it (render/tracker.py): one entry per row,
    F-number, merged action, owner, due date, status and every source. The pack data, the
    pack export, the CSV and the calendars all take the tracker from here."""
    labels = article_labels(pack)
    articles = {article.id: article for article in pack.articles}
    return [
        {
            "number": row.label,
            "id": row.id,
            "action": row.action,
            "owner": row.owner,
            "due": row.due,
            "status": row.status,
            "sources": [_source(articles[item.article_id], item, labels) for item in row.items],
        }
        for row in tracker(pack.articles)
    ]


def article_labels(pack: Pack) -> dict[str, str]:
    """'A1', 'A2', ...: how the pack refers to its articles, in their order."""
    return {article.id: f"A{n}" for n, article in enumerate(pack.articles, start=1)}


def _source(article: Article, item: Item, labels: dict[str, str]) -> dict[str, Any]:
    # The follow-up as its own article records it, so a reader of the data (the desk's
    # front page) can merge the rows of several packs as one pack merges its articles'.
    spec = item.follow_up
    label = labels[item.article_id]
    paragraph = item.anchor.paragraph + 1
    return {
        "article": item.article_id,
        "label": label,
        "ref": f"{label} ¶{paragraph}",
        "title": article.meta.title,
        "published": article.meta.published.isoformat() if article.meta.published else None,
        "item": item.id,
        "paragraph": paragraph,
        "quote": item.spec.quote,
        "passage": " ".join(article.text[item.anchor.start : item.anchor.end].split()),
        "action": spec.action,
        "owner": spec.owner,
        "due": spec.due,
        "status": spec.status,
        "machine_suggested": item.machine,
        "confirmed": item.confirmed,
    }
