"""`make eval`: how well the reading does on articles it was not fitted on, told honestly.

Scores follow the annotation guide: a drafted proposal or follow-up matches a gold one
when their spans overlap by at least half of the shorter (each gold item once); acronyms
match on short and long form after folding case, quote marks and hyphens; a person when
one name contains the other; a matched follow-up's `due` must equal the gold `due`.
Matched proposals' `by` and follow-ups' `owner` are scored leniently (`same_actor`): right
when the gold names nobody and neither does the draft, or when the draft names at least one
of the actors the gold names.

Printed, per kind: the test split (publishers never trained or tuned on, scored once per
model release), cross-validation of the train split (the reading as shipped, each fold's
classifier trained without the fold's publishers: one publisher a fold, or --folds N groups
of whole publishers), per article kind, and a keyword baseline on the same texts.
Run: python -m generator.nlp.scores [--corpus corpus] [--no-cv] [--folds N].
With --agreement DIR it scores a second annotator's files against the gold instead.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.nlp.actor_match import normal_form, same_actor
from generator.nlp.corpus import (
    CorpusArticle,
    GoldItem,
    assign_splits,
    load_corpus,
    overlap_matches,
    same_person,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from generator.nlp.analysis import Analysis, FollowUp, Person, Proposal
    from generator.nlp.classifier import SentenceModel

Span = tuple[int, int]


@dataclass(frozen=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Drafted:
    """What a reader drafted for one article, reduced to what the guide scores."""

    proposals: tuple[Span, ...]
    follow_ups: tuple[tuple[Span, str | None], ...]
    acronyms: Mapping[str, str] = field(default_factory=dict)
    people: tuple[str, ...] = ()
    # Who each proposal (`by`) and follow-up (`owner`) names, in the same order; empty
    # when the reader does not say (the keyword baseline).
    proposers: tuple[str | None, ...] = ()
    owners: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class ArticleScore:
    article: CorpusArticle
    proposals: Score
    follow_ups: Score
    acronyms: Score
    people: Score
    due_right: int
    due_matched: int
    by_right: int = 0
    by_matched: int = 0
    owner_right: int = 0
    owner_matched: int = 0


def pair_spans(predicted: Sequence[Span], gold: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) that match, largest overlaps first."""
    candidates = sorted(
        (
            (min(p[1], g[1]) - max(p[0], g[0]), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
            if overlap_matches(p, g)
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _span_score(
    predicted: Sequence[Span], gold: Sequence[GoldItem]
) -> tuple[Score, list[tuple[int, int]]]:
    pairs = pair_spans(predicted, [(g.start, g.end) for g in gold])
    tp = len(pairs)
    return Score(tp, len(predicted) - tp, len(gold) - tp), pairs


def match_acronyms(predicted: Mapping[str, str], gold: Iterable[tuple[str, str]]) -> Score:
    wanted = {normal_form(s): normal_form(lf) for s, lf in gold}
    tp = sum(1 for s, lf in predicted.items() if wanted.get(normal_form(s)) == normal_form(lf))
    return Score(tp, len(predicted) - tp, len(wanted) - tp)


def match_people(predicted: Sequence[str], gold: Sequence[str]) -> Score:
    found = sum(1 for g in gold if any(same_person(p, g) for p in predicted))
    extra = sum(1 for p in predicted if not any(same_person(p, g) for g in gold))
    return Score(found, extra, len(gold) - found)


def _actors_right(
    pairs: Sequence[tuple[int, int]], drafted: Sequence[str | None], gold: Sequence[GoldItem]
) -> tuple[int, int]:
    if not drafted:
        return 0, 0
    return sum(1 for i, j in pairs if same_actor(drafted[i], gold[j].who)), len(pairs)


def score_article(article: CorpusArticle, drafted: Drafted) -> ArticleScore:
    proposals, proposal_pairs = _span_score(drafted.proposals, article.proposals)
    spans = [s for s, _ in drafted.follow_ups]
    follow_ups, pairs = _span_score(spans, article.follow_ups)
    due_right = sum(1 for i, j in pairs if drafted.follow_ups[i][1] == article.follow_ups[j].due)
    by = _actors_right(proposal_pairs, drafted.proposers, article.proposals)
    owner = _actors_right(pairs, drafted.owners, article.follow_ups)
    return ArticleScore(
        article,
        proposals,
        follow_ups,
        match_acronyms(drafted.acronyms, article.acronyms),
        match_people(drafted.people, [name for name, _ in article.people]),
        due_right,
        len(pairs),
        *by,
        *owner,
    )


# ---- the readers scored -----------------------------------------------------------------

PROPOSAL_WORDS = {"propose", "proposed", "proposes", "proposal", "urge", "urged", "urges",
                  "call", "called", "calls", "suggest", "suggested", "recommend", "recommended",
                  "offer", "offered", "invite", "invited", "encourage", "encouraged", "should",
                  "must", "request", "requested", "ask", "asked"}  # fmt: skip
FOLLOW_UP_WORDS = {"will", "shall", "plan", "plans", "planned", "agree", "agreed", "commit",
                   "committed", "pledge", "pledged", "intend", "intends", "aim", "aims",
                   "next", "scheduled", "deadline", "by"}  # fmt: skip


def keyword_baseline(doc: Doc) -> Drafted:
    """The baseline: split sentences, look for trigger words."""
    proposals, follow_ups = [], []
    for sent in doc.sents:
        words = {t.lower_ for t in sent}
        span = (sent.start_char, sent.end_char)
        if words & PROPOSAL_WORDS:
            proposals.append(span)
        if words & FOLLOW_UP_WORDS:
            follow_ups.append((span, None))
    return Drafted(tuple(proposals), tuple(follow_ups))


def drafted_from(analysis: Analysis) -> Drafted:
    return Drafted(
        tuple((p.start, p.end) for p in analysis.proposals),
        tuple(((f.start, f.end), f.due) for f in analysis.follow_ups),
        {a.short: a.long for a in analysis.acronyms},
        tuple(p.name for p in analysis.people),
        tuple(p.by for p in analysis.proposals),
        tuple(f.owner for f in analysis.follow_ups),
    )


@dataclass
class Parsed:
    """An article parsed once, with the full reading of it, for every reader scored."""

    article: CorpusArticle
    doc: Doc
    analysis: Analysis


def parse_all(articles: Sequence[CorpusArticle], nlp: Language) -> list[Parsed]:
    from generator.nlp.extract import analyse
    from generator.nlp.reader import load_rules

    knowledge = load_rules(None).knowledge()
    docs = nlp.pipe([a.text for a in articles], batch_size=8)
    return [
        Parsed(a, doc, analyse(doc, a.published, "model", "0", knowledge))
        for a, doc in zip(articles, docs, strict=True)
    ]


def with_model(parsed: Parsed, model: SentenceModel) -> Drafted:
    """The classifier alone, with another sentence model (a cross-validation fold's)."""
    from generator.nlp.fields import draft_items

    proposals, follow_ups = draft_items(
        parsed.doc, parsed.analysis.people, parsed.article.published, model
    )
    return _spans(parsed, proposals, follow_ups)


def shipped_with(
    parsed: Parsed, model: SentenceModel, people: tuple[Person, ...] | None = None
) -> Drafted:
    """The reading as shipped (the classifier's sentences, the parse rules' items in
    them), with another sentence model and, if given, the people another screen kept."""
    from generator.nlp.extract import drafted_with
    from generator.nlp.follow_ups import find_follow_ups
    from generator.nlp.proposals import find_proposals

    doc, reference = parsed.doc, parsed.article.published
    people = parsed.analysis.people if people is None else people
    rules = find_proposals(doc, people)
    follow_ups = find_follow_ups(doc, people, reference, rules)
    drafted = _spans(parsed, *drafted_with(doc, people, reference, rules, follow_ups, model))
    return dataclasses.replace(drafted, people=tuple(p.name for p in people))


def _spans(
    parsed: Parsed, proposals: Sequence[Proposal], follow_ups: Sequence[FollowUp]
) -> Drafted:
    base = drafted_from(parsed.analysis)
    return Drafted(
        tuple((p.start, p.end) for p in proposals),
        tuple(((f.start, f.end), f.due) for f in follow_ups),
        base.acronyms,
        base.people,
        tuple(p.by for p in proposals),
        tuple(f.owner for f in follow_ups),
    )


# ---- reports ------------------------------------------------------------------------------


def totals(scores: Sequence[ArticleScore]) -> dict[str, Score]:
    return {
        kind: sum((getattr(s, kind) for s in scores), Score())
        for kind in ("proposals", "follow_ups", "acronyms", "people")
    }


def due_accuracy(scores: Sequence[ArticleScore]) -> float:
    return _share(scores, "due")


def _share(scores: Sequence[ArticleScore], field_name: str) -> float:
    """Of the matched items, the share whose `field_name` is right (due, by, owner)."""
    matched = sum(getattr(s, f"{field_name}_matched") for s in scores)
    right = sum(getattr(s, f"{field_name}_right") for s in scores)
    return right / matched if matched else 1.0


def table(
    title: str, scores: Sequence[ArticleScore], baseline: Sequence[ArticleScore] | None = None
) -> str:
    total = totals(scores)
    words = sum(s.article.words for s in scores)
    lines = [
        f"{title}: {len(scores)} articles, {words:,} words, "
        f"{len({s.article.publisher for s in scores})} publishers",
        f"  {'':12} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
        + ("   baseline P/R/F1" if baseline else ""),
    ]
    base = totals(baseline) if baseline else None
    for kind in ("proposals", "follow_ups", "acronyms", "people"):
        s = total[kind]
        row = (
            f"  {kind.replace('_', '-'):12} {s.precision:9.2f} {s.recall:7.2f} {s.f1:6.2f} "
            f"{s.tp:4} {s.fp:4} {s.fn:4}"
        )
        if base and kind in ("proposals", "follow_ups"):
            b = base[kind]
            row += f"   {b.precision:.2f}/{b.recall:.2f}/{b.f1:.2f}"
        lines.append(row)
    lines.append(f"  follow-up due right, of matched: {due_accuracy(scores):.2f}")
    if any(s.by_matched or s.owner_matched for s in scores):
        lines.append(
            f"  proposal by right, of matched: {_share(scores, 'by'):.2f}; follow-up owner "
            f"right, of matched: {_share(scores, 'owner'):.2f}"
        )
    return "\n".join(lines)


def by_kind(scores: Sequence[ArticleScore]) -> str:
    groups: dict[str, list[ArticleScore]] = defaultdict(list)
    for s in scores:
        groups[s.article.kind].append(s)
    lines = [f"  {'kind':22} {'n':>3}  {'proposals F1':>12} {'follow-ups F1':>13}"]
    for kind, group in sorted(groups.items()):
        t = totals(group)
        cells = [_f1_cell(t["proposals"], 12), _f1_cell(t["follow_ups"], 13)]
        lines.append(f"  {kind:22} {len(group):3}  {cells[0]} {cells[1]}")
    return "\n".join(lines)


def _f1_cell(score: Score, width: int) -> str:
    """F1, or where the gold has nothing to find (event reports), how many false alarms."""
    if score.tp + score.fn == 0:
        return f"{score.fp} drafted".rjust(width)
    return f"{score.f1:{width}.2f}"


def score_all(parsed: Sequence[Parsed], reader: Callable[[Parsed], Drafted]) -> list[ArticleScore]:
    return [score_article(p.article, reader(p)) for p in parsed]


def _with(model: SentenceModel, parsed: Parsed) -> Drafted:
    return with_model(parsed, model)


def cross_validate(
    parsed: Sequence[Parsed], dev: Sequence[Parsed], nlp: Language, folds: int | None = None
) -> list[ArticleScore]:
    """Train the sentence classifier and the people screen without a fold's publishers,
    score them; by default each publisher is a fold of its own. The thresholds are chosen
    as `make train` chooses them, from out-of-fold scores with dev's, except that a fold's
    own articles are left out of the pool; the screen stops early on dev."""
    import spacy

    from generator.nlp.classifier import LABELS, SentenceModel
    from generator.nlp.people import find_people
    from generator.nlp.people_screen import LABEL as PERSON
    from generator.nlp.people_screen import PeopleScreen, screen_people
    from generator.nlp.reader import load_rules
    from generator.nlp.training import (
        best_thresholds,
        examples,
        fold_models,
        out_of_fold,
        people_examples,
        pipeline_scorer,
        pooled_thresholds,
        spacy_fit,
    )

    knowledge = load_rules(None).knowledge()
    train_examples = [e for p in parsed for e in examples(p.article, p.doc)]
    dev_examples = [e for p in dev for e in examples(p.article, p.doc)]
    dev_people = [e for p in dev for e in people_examples(p.article, p.doc, knowledge)]
    models = fold_models(train_examples, folds)
    train_cats = out_of_fold(train_examples, models)
    scores: list[ArticleScore] = []
    for group, sentences in models:
        held = [p for p in parsed if p.article.publisher in group]
        rest = [p for p in parsed if p.article.publisher not in group]
        pool = [
            (e, c)
            for e, c in zip(train_examples, train_cats, strict=True)
            if e.publisher not in group
        ]
        thresholds = pooled_thresholds(
            [e for e, _ in pool],
            [c for _, c in pool],
            dev_examples,
            sentences.scores([e.text for e in dev_examples]),
        )
        model = SentenceModel(sentences, {label: thresholds[label] for label in LABELS})
        people = [e for p in rest for e in people_examples(p.article, p.doc, knowledge)]
        with tempfile.TemporaryDirectory(prefix="briefs-cv-") as work:
            screen_nlp = spacy.load(spacy_fit(people, dev_people, Path(work) / "people"))
        threshold = best_thresholds(pipeline_scorer(screen_nlp), dev_people, [PERSON])[PERSON]
        screen = PeopleScreen(screen_nlp, threshold)

        fold = [
            score_article(
                p.article,
                shipped_with(p, model, screen_people(p.doc, find_people(p.doc, knowledge), screen)),
            )
            for p in held
        ]
        t = totals(fold)
        print(
            f"  fold {', '.join(group)[:40]:40} {len(held):3} articles  proposals F1 "
            f"{t['proposals'].f1:.2f}  follow-ups F1 {t['follow_ups'].f1:.2f}  people P "
            f"{t['people'].precision:.2f} R {t['people'].recall:.2f}  thresholds "
            f"{thresholds['PROPOSAL']:.2f} {thresholds['FOLLOW_UP']:.2f}",
            flush=True,
        )
        scores += fold
    return scores


def agreement(root: Path, second: Path) -> list[ArticleScore]:
    """A second annotator's files (second/ID.ann.yaml, made without seeing the gold) scored
    against the corpus gold as if they were a reader's drafts: how far two people applying
    the guide agree, the ceiling a reader can be asked to reach."""
    from generator.nlp.corpus import corpus_article, read_gold, read_manifest

    manifest = read_manifest(root)
    golden = {a.id: a for a in load_corpus(root)}
    scores = []
    for path in sorted(second.glob("*.ann.yaml")):
        article = golden[path.name.removesuffix(".ann.yaml")]
        other = corpus_article(
            article.id,
            article.text,
            read_gold(path),
            {**manifest[article.id], "publisher": article.publisher},
            article.split,
        )
        drafted = Drafted(
            tuple((g.start, g.end) for g in other.proposals),
            tuple(((g.start, g.end), g.due) for g in other.follow_ups),
            dict(other.acronyms),
            tuple(name for name, _ in other.people),
            tuple(g.who for g in other.proposals),
            tuple(g.who for g in other.follow_ups),
        )
        scores.append(score_article(article, drafted))
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.nlp.scores", description=__doc__)
    parser.add_argument("--corpus", default="corpus", type=Path)
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument("--split", default="test", choices=["test", "dev"])
    parser.add_argument(
        "--folds",
        type=int,
        metavar="N",
        help="cross-validate in N folds of whole publishers (default: one per publisher)",
    )
    parser.add_argument(
        "--agreement",
        type=Path,
        metavar="DIR",
        help="score a second annotator's files in DIR against the gold, and stop",
    )
    args = parser.parse_args(argv)
    if args.agreement:
        second = agreement(args.corpus, args.agreement)
        print(table(f"agreement: {args.agreement} scored against the corpus gold", second))
        print(by_kind(second))
        return 0
    from generator.nlp.classifier import load_model
    from generator.nlp.training import reader_pipeline

    assign_splits(args.corpus)  # a new publisher is placed by its hash, never by hand
    nlp = reader_pipeline()
    articles = load_corpus(args.corpus, [args.split])
    started = time.perf_counter()
    held_out = parse_all(articles, nlp)
    words = sum(a.words for a in articles)
    print(f"reading speed: {words / (time.perf_counter() - started):,.0f} words/s (model loaded)")
    started = time.perf_counter()
    shipped = score_all(held_out, lambda p: drafted_from(p.analysis))
    baseline = score_all(held_out, lambda p: keyword_baseline(p.doc))
    print(table(f"{args.split} split, the reading as shipped", shipped, baseline))
    print(by_kind(shipped))
    model = load_model()
    if model is not None:
        trained = score_all(held_out, functools.partial(_with, model))
        print(table(f"{args.split} split, the trained classifier", trained, baseline))
    if not args.no_cv:
        train_parsed = parse_all(load_corpus(args.corpus, ["train"]), nlp)
        dev_parsed = parse_all(load_corpus(args.corpus, ["dev"]), nlp)
        cv_base = score_all(train_parsed, lambda p: keyword_baseline(p.doc))
        cv = cross_validate(train_parsed, dev_parsed, nlp, args.folds)
        how = f"{args.folds} folds of whole publishers" if args.folds else "leave one publisher out"
        print(
            table(
                f"train split, the reading as shipped with each fold's classifier, {how}",
                cv,
                cv_base,
            )
        )
        print(by_kind(cv))
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
