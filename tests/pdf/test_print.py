"""Packs worth printing: the multi-article pack, its merged tracker, page references, outline,
archival PDF/A-3b with the pack's data, reproducible bytes, classification and the draft mark."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.errors import Position
from generator.load.pack import find_project, load_pack
from generator.model import Anchor, FollowUpSpec, Item
from generator.render.html import banner_ink, context
from generator.render.tracker import same_action, tracker
from tests.conftest import REPO, SEED_ID, SEED_PACK
from tests.printing import SECOND_PACK, copy_repo, flat, outline, page_texts, run_briefs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both packs of the repository built once with the default PDF/UA-1 variant."""
    root = copy_repo(tmp_path_factory.mktemp("print") / "project")
    run = run_briefs("build", cwd=root)
    assert run.status == 0, run.stderr
    # Printing warns of nothing (the editorial checks' findings are tests/test_checks.py's).
    printing = [line for line in run.lines if "warning[" in line and "warning[C4" not in line]
    assert printing == [], run.stderr
    return root


@pytest.fixture(scope="module")
def archival(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second pack built as PDF/A-3b."""
    root = copy_repo(tmp_path_factory.mktemp("archival") / "project")
    run = run_briefs("build", "--pdf-variant", "pdf/a-3b", f"briefs/{SECOND_PACK}.yaml", cwd=root)
    assert run.status == 0, run.stderr
    return root / "build" / f"{SECOND_PACK}.pdf"


def _follow_up(article: str, action: str, due: str | None = None, n: int = 1) -> Item:
    spec = FollowUpSpec(quote="q", action=action, due=due)
    anchor = Anchor(f"src-{article}-{n}", 0, 1, 0)
    return Item(f"{article}-followup-{n}", "follow_up", spec, anchor, article, Position("x"))


# ---- the tracker ---------------------------------------------------------------------


def test_same_action_from_two_articles_is_one_action() -> None:
    first = _follow_up(
        "a", "Carry Thailand's APEC 2022 agenda into the U.S. APEC host year", "2023"
    )
    second = _follow_up(
        "b", "Carry Thailand's APEC 2022 foundation into the U.S. APEC host year", "2023"
    )
    assert same_action(first, second)


@pytest.mark.parametrize(
    ("action", "due", "article"),
    [
        (
            "Carry Thailand's APEC 2022 agenda into the U.S. APEC host year",
            "2024",
            "b",
        ),  # dates differ
        (
            "Carry Thailand's APEC 2022 agenda into the U.S. APEC host year",
            "2023",
            "a",
        ),  # same article
        (
            "Mark 190 years of Thailand–United States diplomatic relations",
            "2023",
            "b",
        ),  # other action
    ],
)
def test_different_dates_articles_or_wording_are_not_merged(
    action: str, due: str, article: str
) -> None:
    first = _follow_up(
        "a", "Carry Thailand's APEC 2022 agenda into the U.S. APEC host year", "2023", 2
    )
    assert not same_action(first, _follow_up(article, action, due))


def test_second_pack_tracker_is_merged_sorted_and_cites_both_sources() -> None:
    pack = load_pack(find_project(REPO), REPO / "briefs" / f"{SECOND_PACK}.yaml")
    rows = tracker(pack.articles)
    assert [(r.label, r.due, len(r.items)) for r in rows] == [
        ("F1", "2023", 2),
        ("F2", "2023", 1),
        ("F3", None, 1),
        ("F4", None, 1),
        ("F5", None, 1),
        ("F6", None, 1),
    ]
    assert [i.article_id for i in rows[0].items] == [
        "state-2022-07-05-travel-bali-bangkok",
        "state-2022-11-17-blinken-don-meeting",
    ]
    # Seven follow-ups in the annotations, six actions in the tracker.
    assert sum(len(a.of_kind("follow_up")) for a in pack.articles) == 7


def test_second_pack_has_three_topics_of_real_articles() -> None:
    pack = load_pack(find_project(REPO), REPO / "briefs" / f"{SECOND_PACK}.yaml")
    assert len(pack.topics) == 3 and len(pack.articles) >= 3
    sources = (REPO / "seeds" / "SOURCES.md").read_text("utf-8")
    rows = {line.split("|")[1].strip(): line for line in sources.splitlines() if "|" in line}
    for article in pack.articles:
        assert article.annotated and article.meta.published
        row = rows[f"{article.id}.txt"]
        # A URL, or SOURCES.md says why none is recorded (tests/test_sources.py checks URLs).
        assert article.meta.url or "none recorded" in row


@pytest.mark.slow
def test_tracker_row_in_pdf_lists_both_sources(built: Path) -> None:
    text = flat("\n".join(page_texts(built / "build" / f"{SECOND_PACK}.pdf")))
    assert re.search(
        r"F1 Carry Thailand's APEC 2022 agenda into the U\.S\. APEC host year .*?2023 In Progress "
        r"A2 ¶3, see p\. \d+ A3 ¶3, see p\. \d+",
        text,
    ), text


# ---- page numbers, cross-references and the outline ---------------------------------


def _expected_refs(root: Path, slug: str) -> list[tuple[str, int, str]]:
    """Every source reference in document order: (article label, paragraph, quoted text)."""
    pack = load_pack(find_project(root), root / "briefs" / f"{slug}.yaml")
    values = context(pack)
    labels, paragraph_of = values["article_labels"], values["paragraph_of"]
    texts = {a.id: a.text for a in pack.articles}
    items = [i for t in values["topics"] for i in t["facts"]]
    items += [i for t in values["topics"] for i in t["proposals"]]
    items += [i for row in values["tracker"] for i in row.items]
    return [
        (
            labels[i.article_id],
            paragraph_of[i.id],
            texts[i.article_id][i.anchor.start : i.anchor.end],
        )
        for i in items
    ]


@pytest.mark.slow
@pytest.mark.parametrize("slug", [SEED_PACK, SECOND_PACK])
def test_every_see_page_reference_points_at_its_quote(built: Path, slug: str) -> None:
    pages = [flat(t) for t in page_texts(built / "build" / f"{slug}.pdf")]
    found = re.findall(r"(A\d+) ¶(\d+), see p\. (\d+)", " ".join(pages))
    expected = _expected_refs(built, slug)
    assert [(label, int(n)) for label, n, _ in found] == [(label, n) for label, n, _ in expected]
    for (label, paragraph, page), (_, _, quote) in zip(found, expected, strict=True):
        start = flat(quote)[:20]  # the quote's start: its end may run onto the next page
        assert start in pages[int(page) - 1], f"{label} ¶{paragraph}: {start!r} not on page {page}"


@pytest.mark.slow
@pytest.mark.parametrize("slug", [SEED_PACK, SECOND_PACK])
def test_contents_page_numbers_match_the_pages(built: Path, slug: str) -> None:
    texts = page_texts(built / "build" / f"{slug}.pdf")
    entries = re.findall(r"^(.+?)[ .]*?(\d+)$", texts[1].split("Contents", 1)[1], re.MULTILINE)
    titles = [t.strip(" .") for t, _ in entries if not t.startswith(("Page ", "OFFICIAL"))]
    assert titles[:3] == ["Summary", "Timeline", "Key facts"], titles
    for title, page in entries:
        title = title.strip(" .")
        if title in (
            "Summary",
            "Timeline",
            "Key facts",
            "Proposals",
            "Follow-up tracker",
            "Glossary",
        ):
            assert re.search(rf"^{re.escape(title)}$", texts[int(page) - 1], re.MULTILINE), (
                title,
                page,
            )


@pytest.mark.slow
def test_a_long_source_title_keeps_its_leader_and_page_number_on_its_last_line(
    built: Path,
) -> None:
    contents = page_texts(built / "build" / f"{SECOND_PACK}.pdf")[1].splitlines()
    assert not [line for line in contents if re.fullmatch(r"[ .]*\d+", line)], contents
    wrapped = [line for line in contents if line.startswith("Pramudwinai")]
    assert len(wrapped) == 2 and all(re.fullmatch(r"Pramudwinai \d+", s) for s in wrapped), contents
    assert ". ." not in "\n".join(contents)  # the leader is drawn, not text to be read out


@pytest.mark.slow
def test_contents_leaders_run_from_each_title_to_the_numbers_column_in_line(
    built: Path,
) -> None:
    """Dots a full stop's width apart from just after each line's title to short of the
    page numbers' column, the last dots of lines of one size one above the other, and
    the numbers right-aligned on the page's edge."""
    import pymupdf  # the pinned dev dependency of outloud: words' boxes, pixels

    with pymupdf.open(built / "build" / f"{SECOND_PACK}.pdf") as pdf:
        page = pdf[1]
        lines: dict[float, list[tuple[float, float, float, str]]] = {}
        for x0, y0, x1, y1, word, *_ in page.get_text("words"):
            lines.setdefault(round(y1, 1), []).append((x0, x1, y1 - y0, word))
        right_edge = page.rect.width - 20 * MM
        last_dots: dict[float, list[float]] = {}
        entries = 0
        for baseline, words in lines.items():
            words.sort()
            *title, (number_x0, number_x1, height, number) = words
            if not title or not number.isdigit() or "Page" in [w[3] for w in title]:
                continue
            entries += 1
            assert number_x1 == pytest.approx(right_edge, abs=0.2), words
            dots = _dark_runs(page, title[-1][1], number_x0, baseline, height)
            steps = [b - a for a, b in itertools.pairwise(dots)]
            assert len(dots) > 5 and all(4 < step < 6 for step in steps), (words, dots)
            assert max(steps) - min(steps) < 0.5, (words, steps)
            assert dots[0] > title[-1][1] + 2, (words, dots)  # clear of the title
            assert dots[-1] + 2 < right_edge - 8 * MM, (words, dots)  # short of the column
            last_dots.setdefault(round(height, 1), []).append(dots[-1])
    assert entries == 11  # 8 sections and 3 sources
    assert len(last_dots) == 2  # sections, and the sources' smaller lines
    for ends in last_dots.values():
        assert max(ends) - min(ends) < 0.3, ends


MM = 72 / 25.4


def _dark_runs(page: Any, left: float, right: float, baseline: float, height: float) -> list[float]:
    """Where each dark mark starts (pt) on the strip above `baseline`, between two x."""
    import pymupdf

    zoom = 8
    clip = pymupdf.Rect(left, baseline - 0.25 * height, right, baseline)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip, colorspace=pymupdf.csGRAY)
    samples, stride = pix.samples, pix.stride
    dark = [any(samples[y * stride + x] < 128 for y in range(pix.height)) for x in range(pix.width)]
    return [left + x / zoom for x in range(pix.width) if dark[x] and not (x and dark[x - 1])]


@pytest.mark.slow
def test_key_facts_start_on_the_page_of_the_timeline(built: Path) -> None:
    """Page 3 of the second pack has room below its timeline for the first topic's heading
    and notes: they start there, not on a fresh page after a blank half page."""
    pages = page_texts(built / "build" / f"{SECOND_PACK}.pdf")
    (timeline_page,) = [p for p in pages if re.search(r"^Timeline$", p, re.MULTILINE)]
    assert re.search(r"^Key facts$", timeline_page, re.MULTILINE)
    assert "The cancelled visit, December 2021" in timeline_page


@pytest.mark.slow
def test_bookmarks_nest_topics_and_articles_under_their_sections(built: Path) -> None:
    marks = outline(PdfReader(built / "build" / f"{SECOND_PACK}.pdf"))
    topics = [
        "The cancelled visit, December 2021",
        "The Bangkok visit, July 2022",
        "APEC week, November 2022",
    ]
    assert marks[:9] == [
        (0, "Summary"),
        (0, "Timeline"),
        (0, "Key facts"),
        *[(1, t) for t in topics],
        (0, "Proposals"),
        *[(1, t) for t in topics[:2]],
    ]
    sources = marks[marks.index((0, "Sources")) + 1 :]
    assert [depth for depth, _ in sources] == [1, 1, 1]
    assert sources[1] == (1, "A2 Secretary Blinken's travel to Bali and Bangkok")


# ---- archival PDF/A-3b ---------------------------------------------------------------


@pytest.mark.slow
def test_pdf_a3b_carries_the_pack_data_as_json(archival: Path) -> None:
    reader = PdfReader(archival)
    assert list(reader.attachments) == [f"{SECOND_PACK}.data.json"]
    data = json.loads(reader.attachments[f"{SECOND_PACK}.data.json"][0])
    assert data["format"] == "briefs-pack-data/1"
    assert (
        data["pack"]["title"] == "Thailand–United States alliance, December 2021 to November 2022"
    )
    assert [a["label"] for a in data["articles"]] == ["A1", "A2", "A3"]
    first = data["tracker"][0]
    assert first["number"] == "F1" and first["due"] == "2023"
    assert [s["label"] for s in first["sources"]] == ["A2", "A3"]
    assert (
        data["articles"][2]["follow_ups"][1]["quote"]
        == "they look forward to marking 190 years of diplomatic ties next year"
    )


@pytest.mark.slow
def test_pdf_a3b_identifies_itself_and_relates_the_attachment(archival: Path) -> None:
    reader = PdfReader(archival)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in root
    spec = root["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Data"
    assert spec["/UF"] == f"{SECOND_PACK}.data.json"
    params = spec["/EF"]["/F"].get_object()["/Params"]
    assert params["/ModDate"] == "D:20221118000000Z"  # the pack's own date, not the clock's


def test_pdf_variant_from_project_config(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "project")
    (root / "briefs.yaml").write_text("pdf_variant: pdf/a-3b\n", "utf-8")
    run = run_briefs("build", f"briefs/{SECOND_PACK}.yaml", cwd=root)
    assert run.status == 0, run.stderr
    assert list(PdfReader(root / "build" / f"{SECOND_PACK}.pdf").attachments) == [
        f"{SECOND_PACK}.data.json"
    ]


# ---- reproducible bytes --------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3b"])
def test_rebuild_into_another_folder_gives_identical_pdf_bytes(
    tmp_path: Path, variant: str
) -> None:
    root = copy_repo(tmp_path / "project")
    for out in ("one", "two"):
        run = run_briefs(
            "build", "--pdf-variant", variant, "--out", out, f"briefs/{SECOND_PACK}.yaml", cwd=root
        )
        assert run.status == 0, run.stderr
    one, two = (root / out / f"{SECOND_PACK}.pdf" for out in ("one", "two"))
    assert one.read_bytes() == two.read_bytes()


# ---- classification, handling, draft -------------------------------------------------


@pytest.mark.parametrize(
    ("colour", "ink"),
    [("#1f4e79", "#ffffff"), ("#ffd700", "#000000"), ("#9b1c1c", "#ffffff"), ("#eee", "#000000")],
)
def test_banner_ink_is_the_more_legible_of_black_and_white(colour: str, ink: str) -> None:
    assert banner_ink(colour) == ink


def test_classifications_and_banner_colours_come_from_project_config(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "project")
    (root / "briefs.yaml").write_text('classifications:\n  RESTRICTED: "#ffd700"\n', "utf-8")
    pack = root / "briefs" / f"{SECOND_PACK}.yaml"
    pack.write_text(
        pack.read_text("utf-8").replace("classification: OFFICIAL", "classification: RESTRICTED"),
        "utf-8",
    )
    run = run_briefs("build", "--no-pdf", f"briefs/{SECOND_PACK}.yaml", cwd=root)
    assert run.status == 0, run.stderr
    page = (root / "build" / SECOND_PACK / "index.html").read_text("utf-8")
    assert "--classification-colour: #ffd700; --classification-ink: #000000;" in page
    assert (
        '<aside class="classification-banner" aria-label="Classification">RESTRICTED</aside>'
        in page
    )
    seed = run_briefs("check", f"briefs/{SEED_PACK}.yaml", cwd=root)
    assert seed.lines[0] == (
        f"briefs/{SEED_PACK}.yaml:11:17: error[B105]: classification: expected one of "
        "['RESTRICTED'], got 'OFFICIAL'"
    )


@pytest.mark.slow
def test_cover_prints_distribution_list_and_handling_caveat(built: Path) -> None:
    cover = flat(page_texts(built / "build" / f"{SECOND_PACK}.pdf")[0])
    assert (
        "Distribution Office of the Deputy Prime Minister and Minister of Foreign Affairs " in cover
    )
    assert "Royal Thai Embassy, Washington, D.C." in cover
    assert "Handling: For internal briefing." in cover


@pytest.mark.slow
def test_draft_watermark_on_every_page_while_anything_is_machine_suggested(tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "project")
    (root / "seeds" / f"{SEED_ID}.ann.yaml").unlink()
    run = run_briefs("build", f"briefs/{SEED_PACK}.yaml", cwd=root)
    assert run.status == 0, run.stderr
    texts = page_texts(root / "build" / f"{SEED_PACK}.pdf")
    assert all("DRAFT" in t for t in texts), [n for n, t in enumerate(texts, 1) if "DRAFT" not in t]
    assert (root / "build" / SEED_PACK / "draft-watermark.svg").is_file()


@pytest.mark.slow
def test_confirmed_pack_has_no_watermark(built: Path) -> None:
    assert not any("DRAFT" in t for t in page_texts(built / "build" / f"{SECOND_PACK}.pdf"))
    assert not (built / "build" / SECOND_PACK / "draft-watermark.svg").exists()


def test_repository_packs_are_the_two_expected() -> None:
    assert sorted(p.stem for p in (REPO / "briefs").glob("*.yaml")) >= [SEED_PACK, SECOND_PACK]
    assert shutil.which("fc-match"), "fontconfig is needed for the glyph check"


NEW_ARTICLE = """\
Ministers of the river commission met in Riverton on Tuesday.

The ministers agreed to set up a shared flood warning network. The technical working group \
will present a design for the network by June 2026, the chair said.
"""


@pytest.mark.slow
def test_a_new_pack_is_a_draft_on_every_page_and_refused_by_release_until_confirmed(
    tmp_path: Path,
) -> None:
    """The issue's test: `briefs new` and `annotate --write` drafts print as a DRAFT, and
    --release refuses them, one line each, until the TODOs are filled in and confirmed."""
    root = copy_repo(tmp_path / "project")
    (tmp_path / "riverton.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    new = run_briefs("new", "riverton", "--from", str(tmp_path / "riverton.txt"), cwd=root)
    assert new.status == 0, new.stderr
    annotate = ("annotate", "seeds/riverton.txt", "--write", "--force", "--published", "2025-11-04")
    assert run_briefs(*annotate, cwd=root).status == 0
    annotation = (root / "seeds" / "riverton.ann.yaml").read_text(encoding="utf-8")
    drafted = len(re.findall(r"^- confirmed: false$", annotation, re.MULTILINE))
    assert drafted >= 1

    draft = run_briefs("build", "briefs/riverton.yaml", cwd=root)
    assert draft.status == 0, draft.stderr
    texts = page_texts(root / "build" / "riverton.pdf")
    # The words in every page's classification banner, not only the watermark behind them.
    assert all("UNCLASSIFIED · DRAFT" in t for t in texts), [
        n for n, t in enumerate(texts, 1) if "UNCLASSIFIED · DRAFT" not in t
    ]
    assert "Draft, not for circulation:" in flat(texts[0])
    html = (root / "build" / "riverton" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Classification">UNCLASSIFIED · DRAFT</aside>' in html
    assert html.count(">unconfirmed</span>") == drafted  # each item and person, in words

    refused = run_briefs("build", "--release", "briefs/riverton.yaml", cwd=root)
    assert refused.status == 1
    errors = [line for line in refused.lines if ": error[" in line]
    found = [re.findall(r"error\[(C44\d)\]", line)[0] for line in errors]  # review codes only
    # One line per unconfirmed item or person, per TODO, and the event date never set.
    assert (found.count("C440"), found.count("C441"), found.count("C443")) == (drafted, 3, 1)

    pack = root / "briefs" / "riverton.yaml"
    text = pack.read_text(encoding="utf-8").replace("# TODO: the event's date", "")
    text = text.replace("TODO: your desk", "Regional Desk").replace(
        "TODO: who reads it", "Minister"
    )
    text = text.replace("TODO: two or three sentences", "Ministers agreed a flood network; three")
    pack.write_text(text, encoding="utf-8")
    assert run_briefs("confirm", "--all", "seeds/riverton.ann.yaml", cwd=root).status == 0
    final = run_briefs("build", "--release", "briefs/riverton.yaml", cwd=root)
    assert final.status == 0, final.stderr
    assert not any("DRAFT" in t for t in page_texts(root / "build" / "riverton.pdf"))
    final_html = (root / "build" / "riverton" / "index.html").read_text(encoding="utf-8")
    assert "DRAFT" not in final_html and "unconfirmed" not in final_html
