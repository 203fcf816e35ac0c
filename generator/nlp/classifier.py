"""The trained reading: which sentences propose something, which commit to something.

A logistic regression over each sentence's words and parse marks (`linear.py`, labels
PROPOSAL and FOLLOW_UP) trained on `corpus/` by `make train` and shipped in
`generator/nlp/models/sentences/`. It scores every sentence of an article; the sentences
over the thresholds tuned on the dev split (kept in the model's meta.json) become drafted
items, and the parse fills in who, what and when (`fields.py`). Sentences are cut by
`candidate_sentences`, the one definition that training and reading share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.nlp import linear

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


LABELS = ("PROPOSAL", "FOLLOW_UP")
MODEL_DIR = Path(__file__).resolve().parent / "models" / "sentences"
DEFAULT_THRESHOLD = 0.5
# The regression's inverse L2 strength, chosen by five-fold cross-validation of the train
# split by publisher (sentence F1: 0.03 to 1.0 tried; 0.1 and 0.3 best and level).
C = 0.1


@dataclass(frozen=True)
class Candidate:
    """One sentence of an article: its span (dateline left out) and the parse behind it."""

    start: int
    end: int
    sent: Span


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    proposal: float
    follow_up: float


@dataclass(frozen=True)
class SentenceModel:
    """The loaded classifier and the thresholds it was shipped with."""

    model: linear.LinearModel
    thresholds: dict[str, float]

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        return self.model.scores(texts)


def candidate_sentences(doc: Doc) -> Iterator[Candidate]:
    """Every sentence with words in it, without a leading dateline."""
    from generator.nlp.facts import _without_dateline

    for sent in doc.sents:
        if not any(t.is_alpha for t in sent):
            continue
        start, end = _without_dateline(doc, sent)
        if end > start:
            yield Candidate(start, end, sent)


def sentence_inputs(doc: Doc, reference: dt.date | None) -> list[tuple[Candidate, str]]:
    """Each candidate sentence with what the classifier reads of it: its words, then
    marks from the parse (`parse_marks`) and marks for the sentences the parse rules of
    `proposals.py` and `follow_ups.py` would take (the model learns how far to trust them)."""
    from generator.nlp.follow_ups import find_follow_ups
    from generator.nlp.people import find_people
    from generator.nlp.proposals import find_proposals
    from generator.nlp.words import Knowledge

    # The rules' marks as in training: no reference date, no project knowledge.
    people = find_people(doc, Knowledge())
    proposals = find_proposals(doc, people)
    follow_ups = find_follow_ups(doc, people, None, proposals)
    text = doc.text
    found = []
    for index, candidate in enumerate(candidate_sentences(doc)):
        span = (candidate.start, candidate.end)
        marks = parse_marks(candidate.sent, reference)
        if index == 0:
            marks.append("first_sentence")
        if any(_overlap(span, (p.start, p.end)) for p in proposals):
            marks.append("rule_proposal")
        if any(_overlap(span, (f.start, f.end)) for f in follow_ups):
            marks.append("rule_follow_up")
        words = " ".join(text[candidate.start : candidate.end].split())
        found.append((candidate, f"{words} || {' '.join(marks)}"))
    return found


def parse_marks(sent: Span, reference: dt.date | None) -> list[str]:
    """What the parse says of a sentence, as words a bag-of-words model can weigh: verb
    lemmas (so "urged" and "urges" are one feature even for a word seen once) with and
    without their tense, the root, modals with the verb they govern, each subject's kind
    with its verb ("first" for we/I: a commitment), infinitive complements ("call" ->
    "hold"), the verbs' prepositions ("call on"), whether its dates lie before or after
    the article's date, and quotation marks. Together they added 0.02 (proposals) and
    0.035 (follow-ups) to sentence F1 in a cross-validation of the train and dev splits
    by publisher (README, "make eval and make train")."""
    from generator.nlp.dates import is_past, normalise

    root = sent.root
    marks = [f"root_{root.lemma_.lower()}", f"roottag_{root.tag_}"]
    for t in sent:
        head = t.head.lemma_.lower()
        if t.pos_ in {"VERB", "AUX"} or t.tag_ == "MD":
            marks += [f"v_{t.lemma_.lower()}", f"vt_{t.lemma_.lower()}_{t.tag_}"]
        if t.tag_ == "MD":
            marks.append(f"md_{t.lower_}_{head}")
        if t.dep_ in {"nsubj", "nsubjpass"} and t.head.pos_ in {"VERB", "AUX"}:
            kind = "first" if t.lower_ in _FIRST_PERSON else (t.ent_type_ or t.pos_)
            marks.append(f"subj_{kind}_{head}")
        if t.dep_ == "xcomp":
            marks.append(f"xcomp_{head}_{t.lemma_.lower()}")
        if t.dep_ == "prep" and t.head.pos_ == "VERB":
            marks.append(f"prep_{head}_{t.lower_}")
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        marks.append("has_date")
        found = normalise(ent.text, reference) if reference else None
        if reference and found and found.value:
            marks.append(
                "date_past" if is_past(found.end_value or found.value, reference) else "date_future"
            )
    if any(c in sent.text for c in '"\u201c\u201d'):
        marks.append("quoted")
    return marks


_FIRST_PERSON = {"we", "i", "us", "our"}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_DIR) -> SentenceModel | None:
    """The shipped classifier, or None when it has not been trained (a fresh `corpus/`)."""
    model = linear.load(path)
    if model is None:
        return None
    thresholds: dict[str, Any] = model.meta.get("thresholds", {})
    return SentenceModel(
        model, {label: float(thresholds.get(label, DEFAULT_THRESHOLD)) for label in LABELS}
    )


def score_sentences(doc: Doc, model: SentenceModel, reference: dt.date | None) -> list[Scored]:
    inputs = sentence_inputs(doc, reference)
    cats = model.score([text for _, text in inputs])
    return [
        Scored(c, cat.get("PROPOSAL", 0.0), cat.get("FOLLOW_UP", 0.0))
        for (c, _), cat in zip(inputs, cats, strict=True)
    ]
