"""Reading an HTML table as a reader sees it: the body rows of the first table with a
class, each with its attributes, the text of its cells and its links."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Row:
    attrs: dict[str, str]
    cells: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)


class _Table(HTMLParser):
    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class = css_class
        self.rows: list[Row] = []
        self._state = "before"  # before, head, body, after
        self._cell: list[str] | None = None
        self._link: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if self._state == "before" and tag == "table":
            if self.css_class in attributes.get("class", "").split():
                self._state = "head"
        elif self._state == "head" and tag == "tbody":
            self._state = "body"
        elif self._state == "body" and tag == "tr":
            self.rows.append(Row(attributes))
        elif self._state == "body" and tag in ("td", "th"):
            self._cell = []
        elif self._cell is not None and tag == "a":
            self._link = (attributes.get("href", ""), [])

    def handle_endtag(self, tag: str) -> None:
        if self._state == "body" and tag == "table":
            self._state = "after"
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "a" and self._link is not None:
            self.rows[-1].links.append((self._link[0], "".join(self._link[1])))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._link is not None:
            self._link[1].append(data)


def table_rows(html: str, css_class: str) -> list[Row]:
    """The body rows of the first <table class="css_class ..."> of a page."""
    parser = _Table(css_class)
    parser.feed(html)
    return parser.rows
