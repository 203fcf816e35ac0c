"""The annotated corpus (corpus/): real articles, their gold annotations and their split.

`corpus/manifest*.csv` has one row per article (publisher, kind, date, URL, licence, how
it was obtained); `corpus/texts/ID.txt` is the text and `corpus/ann/ID.ann.yaml` its
annotation by the shared guide. `corpus/splits.yaml` assigns every publisher to one of
train, dev or test, so no publisher is in two splits and the test split stays unseen.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.load import anchors
from generator.model import AnnotationFile

SPLITS = ("train", "dev", "test")
MANIFEST_COLUMNS = (
    "id",
    "title",
    "publisher",
    "kind",
    "region",
    "published",
    "url",
    "licence",
    "obtained",
    "words",
)
KINDS = (
    "wire",
    "joint-statement",
    "readout",
    "government-release",
    "multilateral-release",
    "analysis",
    "event-report",
)

Span = tuple[int, int]


class CorpusError(ValueError):
    """A corpus file that does not follow the format (a maintainer's mistake, not a user's)."""


@dataclass(frozen=True)
class GoldItem:
    """A gold proposal or follow-up: where its quote is, and the fields the guide fills."""

    start: int
    end: int
    who: str | None  # `by` of a proposal, `owner` of a follow-up
    due: str | None = None


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    text: str
    publisher: str
    kind: str
    region: str
    published: dt.date | None
    split: str
    proposals: tuple[GoldItem, ...]
    follow_ups: tuple[GoldItem, ...]
    acronyms: tuple[tuple[str, str], ...]
    people: tuple[tuple[str, str | None], ...]

    @property
    def words(self) -> int:
        return len(self.text.split())


def read_manifest(root: Path) -> dict[str, dict[str, str]]:
    """Every manifest row by article id (manifest.csv, or the per-team manifest-*.csv)."""
    rows: dict[str, dict[str, str]] = {}
    for path in sorted(root.glob("manifest*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != MANIFEST_COLUMNS:
                raise CorpusError(f"{path}: columns must be {', '.join(MANIFEST_COLUMNS)}")
            for row in reader:
                if row["id"] in rows:
                    raise CorpusError(f"{path}: article {row['id']} listed twice")
                rows[row["id"]] = row
    return rows


def publisher_key(publisher: str, aliases: dict[str, str] | None = None) -> str:
    """The organisation behind a manifest's publisher: "Pacific Islands Forum (communiqué
    republished by PINA)" is the Pacific Islands Forum; `aliases` in splits.yaml fold the
    parts of one organisation ("United Nations Peacekeeping") into it."""
    key = re.sub(r"\s*\(.*?\)\s*", " ", publisher).split(",")[0].strip()
    return (aliases or {}).get(key, key)


def read_aliases(root: Path) -> dict[str, str]:
    path = root / "splits.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return dict((data or {}).get("aliases") or {})


def read_splits(root: Path) -> dict[str, str]:
    """Publisher (organisation key) → split, from corpus/splits.yaml."""
    data = yaml.safe_load((root / "splits.yaml").read_text(encoding="utf-8"))
    split_of: dict[str, str] = {}
    for split in SPLITS:
        for publisher in data.get(split) or []:
            if publisher in split_of:
                raise CorpusError(f"splits.yaml: {publisher!r} is in two splits")
            split_of[publisher] = split
    return split_of


def load_corpus(root: Path, splits: Iterable[str] = SPLITS) -> list[CorpusArticle]:
    """The corpus articles of the given splits, in id order."""
    wanted = set(splits)
    manifest = read_manifest(root)
    split_of = read_splits(root)
    aliases = read_aliases(root)
    articles = []
    for article_id, row in sorted(manifest.items()):
        publisher = publisher_key(row["publisher"], aliases)
        split = split_of.get(publisher)
        if split is None:
            raise CorpusError(f"splits.yaml: publisher {publisher!r} has no split")
        if split not in wanted:
            continue
        text = (root / "texts" / f"{article_id}.txt").read_text(encoding="utf-8")
        gold = read_gold(root / "ann" / f"{article_id}.ann.yaml")
        articles.append(
            corpus_article(article_id, text, gold, {**row, "publisher": publisher}, split)
        )
    return articles


def read_gold(path: Path) -> AnnotationFile:
    """A gold annotation: the build's annotation format plus free `checks` notes."""
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CorpusError(f"{path}: not a mapping")
    data.pop("checks", None)
    for item in data.get("follow_ups") or []:
        if isinstance(item, dict) and item.get("due") is not None:
            item["due"] = str(item["due"])
    try:
        return AnnotationFile.model_validate(data)
    except ValueError as error:
        raise CorpusError(f"{path}: {error}") from error


def corpus_article(
    article_id: str, text: str, gold: AnnotationFile, row: dict[str, str], split: str
) -> CorpusArticle:
    folded = anchors.fold(text)

    def span(item: Any) -> Span:
        found = anchors.find_quote(folded, item.quote, item.prefix, item.suffix, item.occurrence)
        if found.match is None:
            raise CorpusError(f"{article_id}: quote not found: {item.quote[:70]!r}")
        return found.match.start, found.match.end

    proposals = tuple(GoldItem(*span(p), p.by) for p in gold.proposals)
    follow_ups = tuple(
        GoldItem(*span(f), f.owner, str(f.due) if f.due is not None else None)
        for f in gold.follow_ups
    )
    return CorpusArticle(
        id=article_id,
        text=text,
        publisher=row["publisher"],
        kind=row["kind"],
        region=row["region"],
        published=gold.article.published,
        split=split,
        proposals=proposals,
        follow_ups=follow_ups,
        acronyms=tuple(gold.glossary.items()),
        people=tuple((p.name, p.role) for p in gold.people),
    )


def overlap_matches(a: Span, b: Span) -> bool:
    """The guide's match: the spans overlap by at least half of the shorter one."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return shorter > 0 and shared * 2 >= shorter


def same_person(a: str, b: str) -> bool:
    """The guide's match for people: one name's words contain the other's."""
    x, y = _name_words(a), _name_words(b)
    return bool(x and y) and (x <= y or y <= x)


def _name_words(name: str) -> set[str]:
    return {w.strip(".,").casefold() for w in name.split() if w.strip(".,")}


def publishers(articles: Sequence[CorpusArticle]) -> list[str]:
    return sorted({a.publisher for a in articles})


def split_by_hash(publisher: str) -> str:
    """A new publisher's split, fixed before any model sees it: about 22% of publishers go
    to test and 13% to dev, by a hash of the name (no one chooses, so no one tunes)."""
    bucket = int(hashlib.sha256(f"briefs-split:{publisher}".encode()).hexdigest(), 16) % 100
    return "test" if bucket < 22 else "dev" if bucket < 35 else "train"


def assign_splits(root: Path) -> dict[str, object]:
    """splits.yaml with every manifest publisher in one split; earlier assignments kept."""
    path = root / "splits.yaml"
    split_of = read_splits(root) if path.is_file() else {}
    aliases = read_aliases(root)
    for row in read_manifest(root).values():
        key = publisher_key(row["publisher"], aliases)
        split_of.setdefault(key, split_by_hash(key))
    assigned: dict[str, object] = {
        s: sorted(p for p, v in split_of.items() if v == s) for s in SPLITS
    }
    assigned["aliases"] = aliases
    header = (
        "# Which split each publisher's articles are in (python -m generator.nlp.corpus).\n"
        "# A publisher is in one split only; a new one is placed by a hash of its name,\n"
        "# and a placement is never changed once a model has been fitted.\n"
    )
    path.write_text(header + yaml.safe_dump(assigned, sort_keys=False, allow_unicode=True), "utf-8")
    return assigned


def publisher_folds(publishers: Iterable[str], folds: int | None) -> list[list[str]]:
    """The publishers held out together in each fold: one each (leave one publisher out),
    or `folds` groups dealt in name order, so a publisher is never on both sides."""
    ordered = sorted(set(publishers))
    if not folds or folds >= len(ordered):
        return [[p] for p in ordered]
    return [ordered[i::folds] for i in range(folds)]


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    from collections import Counter

    parser = argparse.ArgumentParser(prog="python -m generator.nlp.corpus", description=__doc__)
    parser.add_argument("corpus", nargs="?", default="corpus", type=Path)
    args = parser.parse_args(argv)
    assign_splits(args.corpus)
    articles = load_corpus(args.corpus)
    for split in SPLITS:
        part = [a for a in articles if a.split == split]
        kinds = Counter(a.kind for a in part)
        print(
            f"{split:5} {len(part):4} articles {len({a.publisher for a in part}):3} publishers "
            f"{sum(len(a.proposals) for a in part):4} proposals "
            f"{sum(len(a.follow_ups) for a in part):4} follow-ups  "
            + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
        )
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
