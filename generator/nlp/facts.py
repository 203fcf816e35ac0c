"""Key facts: the ranked sentences of an article.

Part of the extraction (extract.py puts the parts together); the rules follow spaCy's
analysis, not the raw text.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from generator.nlp.analysis import (
    Fact,
)
from generator.nlp.datelines import dateline_at
from generator.nlp.spans import _ents_in, _sentence_span, _text, _trimmed

# ---- key facts -----------------------------------------------------------------------------


def rank_facts(doc: Doc, text: str, most: int = 5) -> tuple[Fact, ...]:
    """The sentences that carry who/what/when, best first by a simple score, in text order."""
    scored: list[tuple[float, int, int, int]] = []
    content = [s for s in doc.sents if _is_content(s)]
    for position, sent in enumerate(content):
        kinds = Counter(e.label_ for e in _ents_in(sent))
        names = {
            e.text
            for e in _ents_in(sent)
            if e.label_ in {"PERSON", "ORG", "GPE", "NORP", "EVENT", "LAW", "FAC"}
        }
        score = 2.0 * min(kinds["PERSON"], 2) + 1.0 * min(len(names), 4)
        score += 1.5 if kinds["DATE"] or kinds["TIME"] else 0.0
        score += 2.0 / (1 + position)
        if sent[0].pos_ == "PRON" or sent[0].lower_ in {"this", "these", "that", "it"}:
            score -= 1.5
        start, end = _without_dateline(doc, sent)
        scored.append((score, position, start, end))
    count = max(1, min(most, round(len(content) / 3) or 1))
    best = sorted(scored, key=lambda s: (-s[0], s[1]))[:count]
    return tuple(
        Fact(text[start:end], start, end, text[start:end], round(score, 2))
        for score, _, start, end in sorted(best, key=lambda s: s[1])
    )


def _is_content(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha]
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in sent)
    written = _text(sent.doc)[sent.start_char : sent.end_char]
    lowered = written.lower()
    boilerplate = "attributable to" in lowered or "all rights reserved" in lowered
    # A line without a full stop is a headline or a heading, not a sentence of the story.
    ends = written.rstrip().endswith((".", "!", "?", '"', "\u201d", "\u2019", "'", ")"))
    return 6 <= len(words) <= 80 and has_verb and ends and not boilerplate and not written.isupper()


def _without_dateline(doc: Doc, sent: Span) -> tuple[int, int]:
    """A sentence's span without the dateline that opens its line ("Kuala lumpur: Thailand
    proposes", "UNITED NATIONS -- Wang Yi held talks"; datelines.py reads it), when the
    sentence holds more than the dateline."""
    text = _text(doc)
    start, end = _sentence_span(sent)
    found = dateline_at(text, start)
    if found is None or found.start != start or found.end >= end:
        return start, end
    return _trimmed(text, found.end, end)
