"""What the enrich stage learns about one article, as plain, JSON-serialisable data.

An `Analysis` is the interface between spaCy (nlp.py, extract.py) and everything after
it: the drafter, the build's who's who and glossary, and the checks stage. Every span is
a pair of character offsets into the article's text exactly as it was read (after line
ends were made "\\n"), so `text[start:end]` is the quoted passage. Nothing here imports
spaCy, so reading an analysis back from the cache never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

# Bump when the shape of the data changes, so old cache entries are not read back.
SCHEMA_VERSION = 2


@dataclass(frozen=True)
class Sentence:
    """One sentence: offsets into the text (trailing whitespace excluded) and its text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    """A named entity. `canonical` is the name an entity rule maps it to, if any."""

    text: str
    label: str
    start: int
    end: int
    canonical: str | None = None


@dataclass(frozen=True)
class Acronym:
    """An acronym the text defines ("Long Form (LF)" or "LF (Long Form)") where it does."""

    short: str
    long: str
    start: int
    end: int


@dataclass(frozen=True)
class AcronymUse:
    """An acronym the text uses but never defines: its first use, how often, and any
    expansion the entity rules know (`known`), which the text itself does not give."""

    short: str
    start: int
    end: int
    count: int
    known: str | None = None


@dataclass(frozen=True)
class DateMention:
    """A date as written and as ISO text at its precision ("2026", "2026-10", "2026-10-27").

    `value` is None when the text gives no year and the article has no date. For a range
    ("2026-2030", "September 9-11") `value` is its start and `end_value` its end.
    `year_inferred` says the year came from the article's date, not the text;
    `preposition` is the word that governs it ("by", "in", "until"), if any.
    """

    text: str
    start: int
    end: int
    value: str | None
    end_value: str | None = None
    year_inferred: bool = False
    preposition: str | None = None


@dataclass(frozen=True)
class Person:
    """A person, merged across mentions: canonical name, other spellings, role, mentions."""

    name: str
    role: str | None
    aliases: tuple[str, ...]
    mentions: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Proposal:
    """Something an actor proposed, urged, called for, suggested, recommended or offered."""

    quote: str
    start: int
    end: int
    by: str | None
    text: str
    trigger: str
    score: float = 1.0  # the classifier's confidence (1.0 for a rule's find)


@dataclass(frozen=True)
class FollowUp:
    """A commitment or scheduled action, with its owner and due date where the text says."""

    quote: str
    start: int
    end: int
    action: str
    owner: str | None
    due: str | None
    trigger: str
    score: float = 1.0  # the classifier's confidence (1.0 for a rule's find)


@dataclass(frozen=True)
class Fact:
    """A sentence that carries who/what/when, with its rank score (higher is better)."""

    quote: str
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class Note:
    """Something the analysis could not settle, for the user (code from errors.CATALOGUE)."""

    code: str
    message: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Analysis:
    """Everything the enrich stage found in one article, in the order of the text."""

    model: str
    model_version: str
    reference_date: str | None
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    acronyms: tuple[Acronym, ...]
    undefined_acronyms: tuple[AcronymUse, ...]
    dates: tuple[DateMention, ...]
    people: tuple[Person, ...]
    facts: tuple[Fact, ...]
    proposals: tuple[Proposal, ...]
    follow_ups: tuple[FollowUp, ...]
    notes: tuple[Note, ...] = ()

    def day_at(self, start: int, end: int) -> DateMention | None:
        """The one day (not a range) read at these characters of the text, if any: a check
        takes the date from here rather than read it again with a year of its own."""
        inside = (m for m in self.dates if m.start <= start and end <= m.end)
        return next((m for m in inside if m.value and m.end_value is None), None)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (lists and dicts), the inverse of `from_json`."""
        data: dict[str, Any] = _adapter().dump_python(self, mode="json")
        return data

    @classmethod
    def from_json(cls, data: Any) -> Analysis:
        """Rebuild an analysis from `to_json` data; ValueError if it does not fit."""
        try:
            return _adapter().validate_python(data, strict=False)
        except ValidationError as error:
            raise ValueError(f"not an analysis: {error.error_count()} problems") from None


@lru_cache(maxsize=1)
def _adapter() -> TypeAdapter[Analysis]:
    return TypeAdapter(Analysis)
