"""Prodigy exports (JSONL, with tokens)."""

from __future__ import annotations

from typing import Any

from generator.tools.imports.json_positions import _bad, _Json, _list
from generator.tools.imports.spans import Document, Span


def _prodigy(parsed: _Json) -> list[Document]:
    record = parsed.data
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise _bad("expected a Prodigy task with 'text'", parsed.at(record))
    if record.get("answer", "accept") != "accept":
        return []  # rejected and ignored examples carry no confirmed spans
    tokens = record.get("tokens") or []
    spans = []
    for span in _list(parsed, record, "spans", "spans"):
        if not isinstance(span, dict) or not {"start", "end", "label"} <= span.keys():
            continue
        claimed, token_range = span.get("text"), None
        if _has_tokens(tokens, span):
            covered = tokens[span["token_start"] : span["token_end"] + 1]
            token_range = (covered[0].get("start"), covered[-1].get("end"))
            if claimed is None and token_range == (span["start"], span["end"]):
                # The tokens' own text is the export's claim for what the span covers.
                claimed = "".join(
                    t["text"] + (" " if t.get("ws") else "") for t in covered
                ).rstrip()
        where = parsed.at(span)
        spans.append(
            Span(span["start"], span["end"], str(span["label"]), claimed, where, token_range)
        )
    return [Document(record["text"], tuple(spans), parsed.at(record))]


def _has_tokens(tokens: Any, span: dict[str, Any]) -> bool:
    start, end = span.get("token_start"), span.get("token_end")
    return (
        isinstance(tokens, list)
        and isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start <= end < len(tokens)
        and all(
            isinstance(t, dict) and isinstance(t.get("text"), str) for t in tokens[start : end + 1]
        )
    )
