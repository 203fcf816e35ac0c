"""Render helpers: highlighted source segments, dates, Markdown with raw HTML off."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.errors import Position
from generator.model import Anchor, Article, ArticleMeta, FactSpec, Item, Paragraph
from generator.render.html import (
    keeps_lines,
    long_date,
    markdown,
    partial_date,
    source_paragraphs,
)


def make_article(text: str, spans: list[tuple[int, int]]) -> Article:
    items = tuple(
        Item(
            f"a-fact-{n}",
            "fact",
            FactSpec(text="t", quote=text[s:e]),
            Anchor(f"src-{n}", s, e, 0),
            "a",
            Position("x"),
        )
        for n, (s, e) in enumerate(spans)
    )
    return Article("a", "a.txt", text, (Paragraph(1, 0, len(text)),), ArticleMeta(title="A"), items)


def test_overlapping_anchors_split_into_segments_with_every_mark() -> None:
    text = "one two three four"
    (paragraph,) = source_paragraphs(make_article(text, [(4, 13), (8, 18)]))
    assert [(s.text, s.marks, s.starts) for s in paragraph.segments] == [
        ("one ", (), ()),
        ("two ", ("src-0",), ("src-0",)),
        ("three", ("src-0", "src-1"), ("src-1",)),
        (" four", ("src-1",), ()),
    ]


def test_dates_are_spelt_out_at_their_precision() -> None:
    assert long_date(dt.date(2025, 10, 7)) == "7 October 2025"
    assert partial_date("2026") == "2026"
    assert partial_date("2026-03") == "March 2026"
    assert partial_date("2030-12-31") == "31 December 2030"


def test_markdown_shows_raw_html_and_script_links_as_text() -> None:
    html = markdown("<script>alert(1)</script> [x](javascript:alert(1)) **b**")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert "<strong>b</strong>" in html


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("North Province\nDate: Monday 16th December\nVenue: Town Hall, Riverton", True),
        ("The ministers agreed:\n- to meet again in May\n- to open a joint office", True),
        ("Harare Province\nMonday 16th December\nTown Hall, Harare", True),
        (
            "The ministers met in Geneva on Tuesday to discuss the\n"
            "ceasefire and agreed to meet again in May, when the\n"
            "two delegations will review the first month.",
            False,
        ),
        ("One paragraph on a single line.", False),
    ],
)
def test_a_paragraph_keeps_its_lines_unless_they_only_wrap_prose(text: str, kept: bool) -> None:
    assert keeps_lines(text) is kept
