"""Spans and quotes of a parsed article: character offsets, phrases, sentences.

Part of the extraction (extract.py puts the parts together); the rules follow spaCy's
analysis, not the raw text.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from generator.nlp.analysis import (
    Sentence,
)

# ---- spans and quotes --------------------------------------------------------------------


def _text(doc: Doc) -> str:
    """The doc's text, joined once: spaCy rebuilds `Doc.text` from its tokens on every call."""
    text = doc.user_data.get("briefs.text")
    if not isinstance(text, str):
        text = doc.user_data["briefs.text"] = doc.text
    return text


def _ents_in(span: Span) -> list[Span]:
    """The entities inside a span, from a list made once per doc."""
    ents = span.doc.user_data.get("briefs.ent_list")
    if not isinstance(ents, list):
        ents = span.doc.user_data["briefs.ent_list"] = list(span.doc.ents)
    return [e for e in ents if span.start <= e.start and e.end <= span.end]


def _ent_at(token: Token) -> Span | None:
    """The entity a token is part of (`Doc.ents` is rebuilt on every call, so index it once)."""
    index = token.doc.user_data.get("briefs.ents")
    if not isinstance(index, dict):
        index = {t: ent for ent in token.doc.ents for t in range(ent.start, ent.end)}
        token.doc.user_data["briefs.ents"] = index
    found = index.get(token.i)
    return found if isinstance(found, Span) else None


def _sentence(span: Span) -> Sentence:
    start, end = _trimmed(_text(span.doc), span.start_char, span.end_char)
    return Sentence(start, end, _text(span.doc)[start:end])


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _quote_span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Character offsets of tokens first..last, without dangling punctuation at the edges."""
    tokens = [t for t in doc[first : last + 1] if not t.is_space]
    while len(tokens) > 1 and (tokens[0].is_punct and tokens[0].text not in "(\"'\u2018\u201c"):
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1].is_punct and tokens[-1].text in ",;:-\u2013\u2014":
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree_span(token: Token, alone: bool = False) -> tuple[int, int]:
    """The whole phrase a token heads, kept inside its sentence; `alone` leaves out the
    actions coordinated with it ("upgrading X in 2026 [and leveraging Y]")."""
    sent = token.sent
    first = max(token.left_edge.i, sent.start)
    last = min(token.right_edge.i, sent.end - 1)
    if alone:
        cut = next(
            (c.i for c in token.children if c.dep_ in {"cc", "conj"} and c.i > token.i), None
        )
        if cut is not None:
            last = cut - 1
    return _quote_span(token.doc, first, last)


def _sentence_span(sent: Span) -> tuple[int, int]:
    return _trimmed(_text(sent.doc), sent.start_char, sent.end_char)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _phrase(token: Token, skip_det: bool = True) -> str:
    """The text of the phrase a token heads, without a leading article."""
    tokens = [t for t in token.subtree if not t.is_space]
    if skip_det:
        while tokens and tokens[0].dep_ == "det" and tokens[0].lower_ in {"the", "a", "an"}:
            tokens.pop(0)
    return _join(tokens)


def _join(tokens: Iterable[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip(" ,;:")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
