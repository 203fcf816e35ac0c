"""The timeline picture: which items it shows, how it draws them, and its text alternative."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.load.pack import find_project, load_pack
from generator.model import Pack
from generator.render.html import partial_date
from generator.render.timeline import _axis, _Scale, _short, span, timeline
from generator.render.tracker import tracker
from tests.conftest import REPO, SEED_ID, SEED_PACK
from tests.printing import SECOND_PACK, copy_repo, run_briefs, struct_elements

SVG = "{http://www.w3.org/2000/svg}"


def _pack(slug: str, root: Path = REPO) -> Pack:
    return load_pack(find_project(root), root / "briefs" / f"{slug}.yaml")


def _draw(pack: Pack) -> ET.Element:
    labels = {a.id: f"A{n}" for n, a in enumerate(pack.articles, start=1)}
    drawn = timeline(pack, tracker(pack.articles), labels, partial_date)
    return ET.fromstring(str(drawn.svg))


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("2025-12", dt.date(2025, 12, 1), dt.date(2025, 12, 31)),
        ("2025-10-27", dt.date(2025, 10, 27), dt.date(2025, 10, 27)),
    ],
)
def test_a_partial_date_covers_its_whole_year_or_month(
    text: str, first: dt.date, last: dt.date
) -> None:
    assert span(text) == (first, last)


def test_second_pack_timeline_shows_event_sources_and_follow_ups_due() -> None:
    pack = _pack(SECOND_PACK)
    labels = {a.id: f"A{n}" for n, a in enumerate(pack.articles, start=1)}
    drawn = timeline(pack, tracker(pack.articles), labels, partial_date)
    assert [(m.kind, m.label) for m in drawn.marks] == [
        ("source", "A1 published"),
        ("source", "A2 published"),
        ("event", "Bilateral meeting during the APEC Ministerial Meeting"),
        ("source", "A3 published"),
        ("prepared", "Pack prepared"),
        ("due", "F1 Carry Thailand's APEC 2022 agenda into the U.S. APEC host year"),
        ("due", "F2 Mark 190 years of Thailand–United States diplomatic relations"),
    ]
    assert drawn.alt.startswith("Timeline of 7 dated items, 15 December 2021 to 2023. ")
    assert (
        "2023: due, F2, Mark 190 years of Thailand–United States diplomatic relations" in drawn.alt
    )


def test_svg_has_a_text_alternative_and_no_script() -> None:
    svg = _draw(_pack(SECOND_PACK))
    assert svg.get("role") == "img"
    title_id, desc_id = (svg.get("aria-labelledby") or "").split()
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert (
        title is not None
        and title.get("id") == title_id
        and (title.text or "").startswith("Timeline of")
    )
    assert (
        desc is not None
        and desc.get("id") == desc_id
        and "Shapes, not colours" in (desc.text or "")
    )
    assert not list(svg.iter(f"{SVG}script"))
    assert not any(name.startswith("on") for el in svg.iter() for name in el.attrib)


def test_each_kind_has_its_own_shape_and_every_mark_a_label() -> None:
    """Black and white: kinds differ by geometry, never by colour alone."""
    svg = _draw(_pack(SECOND_PACK))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    for label in ("A1 published", "Pack prepared", "Event", "Source published", "Follow-up due"):
        assert label in texts
    paths = [p.get("d") or "" for p in svg.iter(f"{SVG}path")]
    shapes = {
        "ring": len(list(svg.iter(f"{SVG}circle"))),
        "square": sum(1 for r in svg.iter(f"{SVG}rect") if r.get("fill") != "#fff"),
        "diamond": sum(1 for d in paths if d.count("L") == 3 and "Z" in d),
        "bracket": sum(1 for d in paths if "Z" not in d),
        "triangle": sum(
            1
            for p in svg.iter(f"{SVG}path")
            if (p.get("d") or "").count("L") == 2 and "Z" in (p.get("d") or "")
        ),
    }
    # Each mark is drawn on the axis and beside its label; the legend adds one more.
    expected = {"ring": 3 * 2 + 1, "square": 2 * 2 + 1, "diamond": 2 + 1, "triangle": 2 + 1}
    assert shapes == {**expected, "bracket": 2 + 1}  # two follow-ups due "2023", and the legend
    fills = {el.get("fill") for el in svg.iter() if el.get("fill") not in (None, "none")}
    assert fills <= {"#1a1a1a", "#14213d", "#fff"}  # ink, navy ink and paper


def test_labels_never_overlap() -> None:
    svg = _draw(_pack(SECOND_PACK))
    boxes: dict[float, list[tuple[float, float]]] = {}
    for text in svg.iter(f"{SVG}text"):
        x, y, width = float(text.get("x", 0)), float(text.get("y", 0)), 5.4 * len(text.text or "")
        left = x - width if text.get("text-anchor") == "end" else x
        for other in boxes.get(y, []):
            assert left + width <= other[0] or other[1] <= left, text.text
        boxes.setdefault(y, []).append((left, left + width))
        assert left >= 0 and left + width <= 600, text.text


def test_many_follow_ups_due_together_share_one_numbered_mark(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "project")
    annotation = root / "seeds" / f"{SEED_ID}.ann.yaml"
    text = annotation.read_text("utf-8").replace("    due: 2030\n", "    due: 2026\n")
    text = text.replace("  - action: Accelerate", "  - due: 2026\n    action: Accelerate")
    text = text.replace("  - action: Strengthen", "  - due: 2026\n    action: Strengthen")
    annotation.write_text(text, "utf-8")
    labels = [t.text for t in _draw(_pack(SEED_PACK, root)).iter(f"{SVG}text")]
    assert "F1–F4 (4 follow-ups)" in labels


@pytest.mark.slow
def test_timeline_is_inline_in_html_and_a_figure_with_alt_text_in_pdf(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "project")
    run = run_briefs("build", f"briefs/{SECOND_PACK}.yaml", cwd=root)
    assert run.status == 0, run.stderr
    page = (root / "build" / SECOND_PACK / "index.html").read_text("utf-8")
    assert re.search(
        r'<figure class="timeline-figure">\s*<svg xmlns="http://www.w3.org/2000/svg"', page
    )
    assert "<script" not in page
    figures = [
        e
        for e in struct_elements(PdfReader(root / "build" / f"{SECOND_PACK}.pdf"))
        if e["/S"] == "/Figure"
    ]
    assert len(figures) == 1
    assert str(figures[0]["/Alt"]).startswith(
        "Timeline of 7 dated items, 15 December 2021 to 2023."
    )


def _year_ticks(svg: ET.Element) -> dict[int, float]:
    """The x of each year's tick, by the year its label names (the label sits just after)."""
    ticks = [
        float(line.get("x1", 0))
        for line in svg.iter(f"{SVG}line")
        if line.get("y2") and float(line.get("y2", 0)) - float(line.get("y1", 0)) == 16
    ]
    years = [int(t.text or 0) for t in svg.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    return dict(zip(years, ticks, strict=True))


def test_a_due_date_that_is_only_a_year_sits_within_that_year() -> None:
    """F2 is due '2030': its square stands inside 2030, not on the tick of 2031."""
    svg = _draw(_pack(SEED_PACK))
    ticks = _year_ticks(svg)
    on_axis = [
        float(r.get("x", 0)) + float(r.get("width", 0)) / 2
        for r in svg.iter(f"{SVG}rect")
        if r.get("fill") == "#1a1a1a" and float(r.get("y", 0)) < 46 < float(r.get("y", 0)) + 10
    ]
    assert len(on_axis) == 2  # F1 due 2026, F2 due 2030
    for year, x in zip((2026, 2030), sorted(on_axis), strict=True):
        inside = ticks[year] + 20 < x < ticks[year + 1] - 20
        assert inside, f"the mark due {year} is at x={x}, ticks {ticks[year]}..{ticks[year + 1]}"


def test_a_year_label_at_the_right_edge_is_drawn_whole(tmp_path: Path) -> None:
    """A pack whose last date is a few days before 1 January has that year's tick near the
    right edge; its label is pulled back inside the picture instead of being cut off."""
    root = copy_repo(tmp_path / "project")
    annotation = root / "seeds" / f"{SEED_ID}.ann.yaml"
    text = annotation.read_text("utf-8").replace("    due: 2026\n", "    due: 2025-12-20\n")
    annotation.write_text(text.replace("    due: 2030\n", "    due: 2025-12-28\n"), "utf-8")
    svg = _draw(_pack(SEED_PACK, root))
    ticks = _year_ticks(svg)
    assert list(ticks) == [2026] and ticks[2026] > 570  # the case this test is about
    (label,) = [t for t in svg.iter(f"{SVG}text") if t.text == "2026"]
    assert float(label.get("x", 0)) + 22.9 <= 600  # Noto Sans Bold's width of '2026'


@pytest.mark.parametrize("slug", [SEED_PACK, SECOND_PACK])
def test_a_label_is_shortened_only_when_no_lane_has_room_for_it_whole(slug: str) -> None:
    pack = _pack(slug)
    labels = {a.id: f"A{n}" for n, a in enumerate(pack.articles, start=1)}
    drawn = timeline(pack, tracker(pack.articles), labels, partial_date)
    texts = {t.text for t in ET.fromstring(str(drawn.svg)).iter(f"{SVG}text")}
    assert {m.label for m in drawn.marks} <= texts


def test_a_month_name_is_left_out_where_a_mark_would_cover_it() -> None:
    """A mark a day or two after the first of a month sits on that month's name; the
    name is left out there (its tick stays), and kept for the other months."""
    scale = _Scale(dt.date(2026, 11, 20), dt.date(2027, 3, 1))
    december = scale.x(dt.date(2026, 12, 1))
    on_december = scale.x(dt.date(2026, 12, 2))

    def names(pins: list[float]) -> set[str]:
        svg = ET.fromstring(
            f'<svg xmlns="http://www.w3.org/2000/svg">{"".join(_axis(scale, pins))}</svg>'
        )
        return {t.text or "" for t in svg.iter(f"{SVG}text")}

    assert {"Dec", "Feb"} <= names([])
    assert "Dec" not in names([on_december]) and "Feb" in names([on_december])
    assert "Dec" in names([december - 30])  # a mark well before the name leaves it


def test_a_shortened_label_ends_at_a_whole_word() -> None:
    label = "F7 Address a public lecture interfacing with students at the university"
    short = _short(label, 22)
    assert short == "F7 Address a public\u2026"
    assert set(short.removesuffix("\u2026").split()) <= set(label.split())
    # A single word longer than the room is still cut within it, not dropped.
    assert _short("Interdepartmentalisation", 10) == "Interdepa\u2026"
