"""Articles longer than spaCy's max_length are read in pieces, offsets kept right
(issue 12, class 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.nlp import reader as nlp
from generator.nlp.reader import Reader, load_rules

PARAGRAPH = (
    "Kuala Lumpur: the ROK and ASEAN met on 27 October 2025. "
    "The Secretary urged the ROK to act by 2026.\n"
)


def no_models(package: str) -> str | None:
    return None


def test_an_article_over_spacys_max_length_is_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """spaCy's own limit (1,000,000 characters), with the blank pipeline to keep it quick."""
    monkeypatch.setattr(nlp, "installed_version", no_models)
    reader = Reader(rules=load_rules(None))
    text = PARAGRAPH * (1_000_000 // len(PARAGRAPH) + 50)
    assert len(text) > reader.pipeline().max_length
    analysis = reader.analyse(text, dt.date(2025, 10, 27))
    assert analysis.sentences[-1].end == len(text.rstrip())
    rok = [e for e in analysis.entities if e.text == "ROK"]
    assert len(rok) == 2 * text.count(PARAGRAPH)
    assert all(text[e.start : e.end] == "ROK" for e in rok)


@pytest.mark.parametrize("limit", [500, 97, 40])
def test_pieces_keep_every_offset_right(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    """The real model with a small max_length: paragraphs, then a paragraph longer than
    the limit (cut at a space), then one with no space at all (cut anywhere)."""
    reader = Reader(rules=load_rules(None))
    monkeypatch.setattr(reader.pipeline(), "max_length", limit)
    text = PARAGRAPH * 12 + PARAGRAPH.strip() * 3 + "\n" + "x" * 300 + "\n" + PARAGRAPH
    analysis = reader.analyse(text, dt.date(2025, 10, 27))
    for sentence in analysis.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    for entity in analysis.entities:
        assert text[entity.start : entity.end] == entity.text
    assert sum(e.text == "ROK" for e in analysis.entities) == 2 * 13 + 2 * 3
    for mention in analysis.dates:
        assert text[mention.start : mention.end] == mention.text
