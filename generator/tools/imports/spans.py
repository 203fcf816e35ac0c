"""What an import is made of: formats, targets, spans, documents, anchored items."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.errors import Position

Format = Literal["label-studio", "doccano", "prodigy", "brat"]
FORMATS: tuple[Format, ...] = ("label-studio", "doccano", "prodigy", "brat")
Target = Literal["facts", "proposals", "follow_ups", "ignore"]
TARGETS: tuple[Target, ...] = ("facts", "proposals", "follow_ups", "ignore")
# Label names that need no mapping file (compared lower-case, letters only).
DEFAULT_LABELS: dict[str, Target] = {
    "fact": "facts",
    "facts": "facts",
    "keyfact": "facts",
    "proposal": "proposals",
    "proposals": "proposals",
    "followup": "follow_ups",
    "followups": "follow_ups",
    "action": "follow_ups",
    "commitment": "follow_ups",
}
PLACEHOLDER_BY = "TODO"
_LETTERS = re.compile(r"[^a-z]")


@dataclass(frozen=True)
class Span:
    """One labelled span as exported: offsets, label, the text it claims, where it was."""

    start: int
    end: int
    label: str
    claimed: str | None
    position: Position
    token_range: tuple[int, int] | None = None  # Prodigy: the characters its tokens cover


@dataclass(frozen=True)
class Document:
    """One exported document: its full text and its spans."""

    text: str
    spans: tuple[Span, ...]
    position: Position


@dataclass(frozen=True)
class Anchored:
    """A checked span, as an item of one kind with its quote and occurrence."""

    kind: Target
    quote: str
    occurrence: int | None
    start: int  # in the article's folded text, for ordering


@dataclass
class Imported:
    """What an import produced for one article."""

    article_id: str
    article_path: Path
    items: list[Anchored] = field(default_factory=list)
