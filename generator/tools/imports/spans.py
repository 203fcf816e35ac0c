"""What an import is made of: formats, targets, spans, documents, anchored items."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.errors import Position
from generator.model import KINDS, PLACEHOLDER, ItemKey

Format = Literal["label-studio", "doccano", "prodigy", "brat"]
FORMATS: tuple[Format, ...] = ("label-studio", "doccano", "prodigy", "brat")
Target = ItemKey | Literal["ignore"]
TARGETS: tuple[Target, ...] = (*(kind.key for kind in KINDS), "ignore")
# Label names that need no mapping file (compared lower-case, letters only).
DEFAULT_LABELS: dict[str, Target] = {label: kind.key for kind in KINDS for label in kind.labels}
PLACEHOLDER_BY = PLACEHOLDER
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
