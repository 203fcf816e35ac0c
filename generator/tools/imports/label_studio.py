"""Label Studio exports (JSON; offsets in UTF-16 code units)."""

from __future__ import annotations

from generator.tools.imports.json_positions import _bad, _Json, _list
from generator.tools.imports.spans import Document, Span


def _label_studio(parsed: _Json) -> list[Document]:
    tasks = parsed.data if isinstance(parsed.data, list) else [parsed.data]
    documents = []
    for task in tasks:
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise _bad(
                "expected Label Studio tasks: objects with 'data' and 'annotations'",
                parsed.at(task),
            )
        data = task["data"]
        texts = [v for v in data.values() if isinstance(v, str)]
        text = (
            data.get("text")
            if isinstance(data.get("text"), str)
            else texts[0]
            if len(texts) == 1
            else None
        )
        if text is None:
            raise _bad("the task's 'data' has no 'text' (nor one text field)", parsed.at(data))
        spans = []
        for annotation in _list(parsed, task, "annotations", "annotations"):
            if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
                continue
            for result in _list(parsed, annotation, "result", "results"):
                value = result.get("value") if isinstance(result, dict) else None
                if not isinstance(value, dict) or "start" not in value or "labels" not in value:
                    continue  # relations, choices, ratings: not spans
                if "end" not in value:
                    raise _bad("a labelled span has 'start' but no 'end'", parsed.at(value))
                for label in _list(parsed, value, "labels", "labels"):
                    spans.append(
                        Span(
                            value["start"],
                            value["end"],
                            str(label),
                            value.get("text"),
                            parsed.at(value),
                        )
                    )
        documents.append(Document(text, tuple(spans), parsed.at(task)))
    return documents
