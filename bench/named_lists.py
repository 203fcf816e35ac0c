"""What the who's who would print as organisations and places for corpus articles of the
train split: `python bench/named_lists.py [COUNT] > lists.txt`, then read the lists and
count the entries that are not names of organisations or places (hand-counted noise).

The articles are the first COUNT of the train split in a fixed order (every k-th by id),
so a before/after comparison reads the same texts. Never the dev or test split.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.nlp import dates
from generator.nlp.corpus import load_corpus
from generator.nlp.named import organisations_and_places
from generator.nlp.reader import Reader, load_rules

ROOT = Path(__file__).resolve().parent.parent


def main(count: int) -> None:
    articles = load_corpus(ROOT / "corpus", ["train"])
    step = max(len(articles) // count, 1)
    reader = Reader(rules=load_rules(None))
    for article in articles[::step][:count]:
        analysis = reader._read(article.text, dates.find_published(article.text))
        print(f"== {article.id}")
        organisations, places = organisations_and_places(analysis, article.text)
        print("  ORG: " + " | ".join(organisations))
        print("  GPE: " + " | ".join(places))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
