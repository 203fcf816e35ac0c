"""`make eval`: scores `briefs annotate` against hand-made gold annotations (tests/gold/).

Proposals and follow-ups match gold items of their kind when their character spans
overlap (each gold item at most once); acronyms match on the short form and a long form
equal to, or ending with, the other; a person is found when the words of the shorter
name all appear in the longer one. Run: python -m generator.evaluate [GOLD_DIR] [-v].
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.load import anchors
from generator.load.pack import validate
from generator.load.sources import load_yaml, read_text
from generator.model import AnnotationFile, PersonSpec, QuoteAnchor
from generator.nlp.analysis import Analysis
from generator.nlp.reader import Reader, load_rules
from generator.nlp.scores import Score  # one scorer: the corpus's and the gold's

Span = tuple[int, int]


def match_spans(predicted: Sequence[Span], gold: Sequence[Span]) -> Score:
    """One-to-one matching by overlap, the largest overlaps paired first."""
    pairs = sorted(
        (
            (min(p[1], g[1]) - max(p[0], g[0]), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
            if min(p[1], g[1]) > max(p[0], g[0])
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    tp = len(used_g)
    return Score(tp, len(predicted) - tp, len(gold) - tp)


def _normal(text: str) -> str:
    folded = anchors.fold_plain(text).casefold().replace("-", " ").replace("\u2013", " ")
    return re.sub(r"[\"'.,]", "", " ".join(folded.split()))


def same_long_form(a: str, b: str) -> bool:
    x, y = _normal(a), _normal(b)
    return x == y or x.endswith(" " + y) or y.endswith(" " + x)


def match_acronyms(predicted: Mapping[str, str], gold: Mapping[str, str]) -> Score:
    tp = sum(
        1
        for short, long in predicted.items()
        if short in gold and same_long_form(long, gold[short])
    )
    return Score(tp, len(predicted) - tp, len(gold) - tp)


def _words(name: str) -> set[str]:
    return {w.strip(".,").casefold() for w in name.split() if w.strip(".,")}


def same_person(predicted: str, gold: PersonSpec) -> bool:
    words = _words(predicted)
    for name in (gold.name, *gold.aliases):
        known = _words(name)
        if words and known and (words <= known or known <= words):
            return True
    return False


def match_people(predicted: Iterable[str], gold: Sequence[PersonSpec]) -> Score:
    """Recall only: how many gold people were found (fp counts names not in the gold)."""
    names = list(predicted)
    found = sum(1 for person in gold if any(same_person(n, person) for n in names))
    extra = sum(1 for n in names if not any(same_person(n, p) for p in gold))
    return Score(found, extra, len(gold) - found)


@dataclass(frozen=True)
class ArticleScore:
    name: str
    proposals: Score
    follow_ups: Score
    acronyms: Score
    people: Score
    words: int


def gold_spans(text: str, items: Iterable[QuoteAnchor]) -> list[Span]:
    folded = anchors.fold(text)
    spans = []
    for item in items:
        lookup = anchors.find_quote(folded, item.quote, item.prefix, item.suffix, item.occurrence)
        if lookup.match is None:
            raise ValueError(f"gold quote not found: {item.quote[:60]!r}")
        spans.append((lookup.match.start, lookup.match.end))
    return spans


def score_article(name: str, text: str, gold: AnnotationFile, analysis: Analysis) -> ArticleScore:
    return ArticleScore(
        name,
        match_spans(
            [(p.start, p.end) for p in analysis.proposals], gold_spans(text, gold.proposals)
        ),
        match_spans(
            [(f.start, f.end) for f in analysis.follow_ups], gold_spans(text, gold.follow_ups)
        ),
        match_acronyms({a.short: a.long for a in analysis.acronyms}, gold.glossary),
        match_people([p.name for p in analysis.people], gold.people),
        len(text.split()),
    )


def article_text(gold_file: Path, seeds: Path) -> tuple[str, Path]:
    name = gold_file.name.removesuffix(".ann.yaml")
    for folder in (gold_file.parent, seeds):
        for suffix in (".txt", ".md"):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return read_text(candidate, str(candidate)), candidate
    raise FileNotFoundError(f"no article text for {gold_file}")


def table(scores: Sequence[ArticleScore]) -> str:
    total = {
        kind: sum((getattr(s, kind) for s in scores), Score())
        for kind in ("proposals", "follow_ups", "acronyms", "people")
    }
    lines = [f"{'':12} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>4} {'fp':>3} {'fn':>3}"]
    for kind in ("proposals", "follow_ups", "acronyms"):
        s = total[kind]
        label = kind.replace("_", "-")
        lines.append(
            f"{label:12} {s.precision:9.2f} {s.recall:7.2f} {s.f1:6.2f} {s.tp:4} {s.fp:3} {s.fn:3}"
        )
    s = total["people"]
    lines.append(f"{'people':12} {'':>9} {s.recall:7.2f} {'':>6} {s.tp:4} {'-':>3} {s.fn:3}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.evaluate", description=__doc__)
    parser.add_argument("gold", nargs="?", default="tests/gold", type=Path)
    parser.add_argument("--seeds", default="seeds", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per article")
    args = parser.parse_args(argv)
    reader = Reader(rules=load_rules(Path.cwd()))
    files = sorted(args.gold.glob("*.ann.yaml"))
    if not files:
        print(f"no gold annotations in {args.gold}", file=sys.stderr)
        return 1
    scores = []
    seconds = 0.0
    for gold_file in files:
        gold = validate(AnnotationFile, load_yaml(gold_file, str(gold_file)), "annotation")
        text, _ = article_text(gold_file, args.seeds)
        reader.pipeline()  # load outside the timing: the rate is of reading, not loading
        started = time.perf_counter()
        analysis = reader._read(text, gold.article.published)
        seconds += time.perf_counter() - started
        scores.append(score_article(gold_file.name.removesuffix(".ann.yaml"), text, gold, analysis))
    if args.verbose:
        for s in scores:
            print(
                f"{s.name:40} prop {s.proposals.tp}/{s.proposals.fp}/{s.proposals.fn}  "
                f"fu {s.follow_ups.tp}/{s.follow_ups.fp}/{s.follow_ups.fn}  "
                f"acr {s.acronyms.tp}/{s.acronyms.fp}/{s.acronyms.fn}  "
                f"ppl {s.people.tp}/{s.people.fn}"
            )
    print(
        f"{len(scores)} articles, {sum(s.words for s in scores)} words; model {reader.model.name} "
        f"{reader.model.version}"
    )
    print(table(scores))
    words = sum(s.words for s in scores)
    print(f"speed: {words / seconds:,.0f} words/second once the model is loaded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
