"""doccano exports (JSONL)."""

from __future__ import annotations

from generator.tools.imports.json_positions import _bad, _Json, _list
from generator.tools.imports.spans import Document, Span


def _doccano(parsed: _Json) -> list[Document]:
    record = parsed.data
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise _bad("expected a doccano record with 'text'", parsed.at(record))
    spans = []
    key = "label" if record.get("label") else "labels"
    for entry in _list(parsed, record, key, "[start, end, label] triples"):
        if isinstance(entry, list) and len(entry) == 3:
            spans.append(Span(entry[0], entry[1], str(entry[2]), None, parsed.at(entry)))
    for entity in _list(parsed, record, "entities", "entities"):
        if isinstance(entity, dict) and {"start_offset", "end_offset", "label"} <= entity.keys():
            spans.append(
                Span(
                    entity["start_offset"],
                    entity["end_offset"],
                    str(entity["label"]),
                    None,
                    parsed.at(entity),
                )
            )
    return [Document(record["text"], tuple(spans), parsed.at(record))]
