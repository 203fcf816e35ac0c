"""Provenance of the shipped examples: every URL recorded in seeds/SOURCES.md and in the
seed annotations names the article it is given for (offline: the address's words, or the
page title recorded beside an address without words, against the article's title)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from tests.conftest import REPO

SOURCES = REPO / "seeds" / "SOURCES.md"
# Words of an address that say where on a site a page is, not what it is about.
SITE_WORDS = frozenset(
    {"about", "press", "office", "the", "news", "article", "articles", "statement"}
    | {"releases", "wg", "nsf", "open", "realitycheck", "www", "html", "php", "index"}
)
_URL = re.compile(r"https?://[^\s|,)]+")
_TITLED = re.compile(r"(https?://[^\s|,)]+) \([^)]*page title \"([^\"]+)\"")


def words(text: str) -> set[str]:
    """Lower-case words of a title or an address ("U.S." is "us", "Blinken's" "blinkens")."""
    text = unicodedata.normalize("NFKD", unquote(text)).casefold()
    text = re.sub(r"(?<=\w)[.'\u2019](?=\w)", "", text)
    return {w for w in re.findall(r"[a-z0-9]+", text) if len(w) > 1}


def names_the_article(url: str, title: str, page_title: str | None = None) -> bool:
    """True when most of what the address says (its path and query words, else the page
    title recorded for it) is in the article's title: an address made from its title."""
    parts = urlsplit(url)
    said = words(f"{parts.path} {parts.query}") - SITE_WORDS - {"p"}
    said = {w for w in said if not (w.isdigit() and len(w) > 4)}  # item numbers
    if not said:
        if page_title is None:
            return False
        said = words(page_title)
    return 2 * len(said & words(title)) >= len(said)


def sources_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].endswith((".txt", ".md")):
            rows.append((cells[0], cells[1], cells[4]))
    return rows


def annotation_urls() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted((REPO / "seeds").glob("*.ann.yaml")):
        article = yaml.safe_load(path.read_text(encoding="utf-8"))["article"]
        if article.get("url"):
            found.append((path.name, article["title"], article["url"]))
    return found


def test_every_article_in_seeds_has_a_row() -> None:
    listed = {name for name, _, _ in sources_rows()}
    texts = {p.name for p in (REPO / "seeds").iterdir() if p.suffix in (".txt", ".md")}
    texts.discard(SOURCES.name)
    assert texts <= listed


@pytest.mark.parametrize(("name", "title", "cell"), sources_rows())
def test_sources_urls_name_their_article(name: str, title: str, cell: str) -> None:
    titled = dict(_TITLED.findall(cell))
    for url in _URL.findall(cell):
        assert names_the_article(url, title, titled.get(url)), f"{name}: {url}"


@pytest.mark.parametrize(("name", "title", "url"), annotation_urls())
def test_annotation_urls_name_their_article(name: str, title: str, url: str) -> None:
    assert names_the_article(url, title), f"{name}: {url}"


def test_an_address_with_another_articles_slug_is_caught() -> None:
    title = "Secretary Blinken's Call with Thai Deputy Prime Minister and Foreign Minister Don"
    wrong = "https://www.newsbreak.com/news/2468937731347/deputy-first-minister-hits-back-at-criticism-of-crowd-restrictions"
    right = "https://www.einpresswire.com/article/1/secretary-blinken-s-call-with-thai-deputy-prime-minister"
    assert not names_the_article(wrong, title)
    assert names_the_article(right, title)
    assert not names_the_article("https://lapost.us/?p=38424", title)  # no words, no page title
