"""Where the theme's print.css lets pages break, tried on made-up sections of every length:
a list may start a page, and a short glossary never has a page to itself."""

from __future__ import annotations

from functools import cache
from typing import Any

from tests.conftest import REPO

PRINT_CSS = REPO / "templates" / "print.css"


@cache
def _sheet(css: str) -> Any:
    from weasyprint import CSS

    return CSS(string=css, font_config=_fonts())


@cache
def _fonts() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _pages(main: str, undo: str = "") -> list[list[str]]:
    """The words of each page of a document whose <main> is main, printed with the theme
    (and undo, a rule that takes one of the theme's back)."""
    from weasyprint import HTML

    sheets = [_sheet(PRINT_CSS.read_text("utf-8"))] + ([_sheet(undo)] if undo else [])
    page = f'<html><body data-classification="OFFICIAL"><main>{main}</main></body></html>'
    document = HTML(string=page).render(stylesheets=sheets, font_config=_fonts())

    def words(box: Any) -> list[str]:
        own = box.text.split() if type(box).__name__ == "TextBox" else []
        return own + [w for child in getattr(box, "children", []) for w in words(child)]

    furniture = {"OFFICIAL", "Page", "of"}
    return [
        [w for w in words(p._page_box) if w not in furniture and not w.isdigit()]
        for p in document.pages
    ]


def _topic(lines: int, items: int = 3) -> str:
    """A summary of so many lines, then a topic: heading, three lines of notes, a list."""
    notes = "<br>".join(f"Note{n}" for n in range(3))
    listed = "".join(f"<li>{'<br>'.join(['Item'] * 2)}</li>" for _ in range(items))
    filler = "<br>".join(["Filler"] * lines)
    return (
        f'<section class="summary"><h2>Summary</h2><p>{filler}</p></section>'
        f'<section class="facts"><h2>Key</h2><section class="topic"><h3>Topic</h3>'
        f'<div class="topic-notes"><p>{notes}</p></div>'
        + (f'<ul class="fact-list">{listed}</ul>' if items else "")
        + "</section></section>"
    )


def _pushed_over(lines: int, undo: str = "") -> bool:
    """Notes that fit on the page when no list follows them go over when one does."""
    alone = _pages(_topic(lines, items=0), undo)
    return "Note2" in alone[0] and "Note2" not in _pages(_topic(lines), undo)[0]


def test_a_list_that_does_not_fit_never_pushes_what_precedes_it_over() -> None:
    """WeasyPrint's own stylesheet keeps a list with what precedes it; a topic's heading and
    notes then went over with the list's first item and left the foot of the page blank."""
    lengths = range(29, 36)
    assert not [n for n in lengths if _pushed_over(n)]
    assert [n for n in lengths if _pushed_over(n, "ul { break-before: avoid }")], (
        "the lengths tried include no case of the rule"
    )


def _people_and_glossary(rows: int) -> str:
    """A people table of so many rows, a glossary of three terms, then the sources."""
    people = "".join(f"<tr><th>Person{n}</th><td>Role</td><td>—</td></tr>" for n in range(rows))
    terms = "".join(f"<div><dt>T{n}</dt><dd>Term</dd></div>" for n in range(3))
    return (
        '<section class="summary"><h2>Summary</h2><p>Text</p></section>'
        '<section class="people"><h2>People</h2><table class="people-table"><thead><tr>'
        f"<th>Name</th><th>Role</th><th>Also</th></tr></thead><tbody>{people}</tbody></table>"
        f'</section><section class="glossary"><h2>Glossary</h2><dl class="glossary-list">{terms}'
        '</dl></section><section class="sources"><h2>Sources</h2><p>Source</p></section>'
    )


def _glossary_alone(pages: list[list[str]]) -> bool:
    (page,) = [p for p in pages if "Glossary" in p]
    return not any(w.startswith("Person") for w in page)


def test_a_short_glossary_never_has_a_page_to_itself() -> None:
    rows = range(18, 26)
    assert not [n for n in rows if _glossary_alone(_pages(_people_and_glossary(n)))]
    undone = [
        n
        for n in rows
        if _glossary_alone(_pages(_people_and_glossary(n), ".glossary { break-before: auto }"))
    ]
    assert undone, "the lengths tried include no case of the rule"
