"""Every script renders: the fonts the CSS names cover Thai, Korean, Vietnamese and accented
Latin, the PDF embeds real glyphs for them, and a character no font has is reported (P801)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from generator.errors import Position
from generator.pdf.glyphs import check_glyphs, named_families, needs_glyph, resolve
from generator.render.theme import THEME
from tests.printing import SCRIPTS, page_texts, run_briefs

PRINT_CSS = (THEME / "print.css").read_text("utf-8")
NAMES = {
    "Thai": "อนุทิน ชาญวีรกูล",
    "Korean": "이재명",
    "Vietnamese": "Phạm Minh Chính",
    "accented Latin": "Bolesław Łukasiewicz-Søndergård",
}
FIXTURE_TEXT = "seeds/names_in_four_scripts.txt"


def test_print_css_names_a_font_for_every_script() -> None:
    families = named_families(PRINT_CSS)
    for family in (
        "Noto Serif",
        "Noto Serif Thai",
        "Noto Serif CJK KR",
        "Noto Sans",
        "Noto Sans Thai",
        "Noto Sans CJK KR",
    ):
        assert family in families
        assert resolve(family) is not None, (
            f"{family} is not installed (make installs fonts-noto-*)"
        )


def test_fontconfig_substitutes_are_not_taken_for_the_named_family() -> None:
    assert resolve("No Such Font Family") is None


@pytest.mark.parametrize("script", sorted(NAMES))
def test_the_named_fonts_cover_each_script(script: str) -> None:
    html = f"<p>{NAMES[script]}</p>"
    assert check_glyphs(html, PRINT_CSS, {"a.txt": html}, Position("pack.yaml")) == []


def test_spaces_joiners_and_variation_selectors_need_no_glyph() -> None:
    assert not any(needs_glyph(c) for c in " \u00a0\u200d\u200b\u00ad\ufe0f\n")
    assert needs_glyph("ก") and needs_glyph("\ue000")


def test_a_character_no_font_has_is_reported_with_its_code_point_and_position() -> None:
    """Test of the test: a private-use character must produce the warning."""
    sources = {
        "briefs/p.yaml": "title: x\n",
        "seeds/a.txt": "First line.\nThe logo \ue000 and \ue000 again.\n",
    }
    html = "<p>The logo \ue000 and \ue000 again.</p>"
    found = check_glyphs(html, PRINT_CSS, sources, Position("briefs/p.yaml"))
    assert [str(d) for d in found] == [
        "seeds/a.txt:2:10: warning[P801]: no glyph for '\\ue000' (U+E000 PRIVATE USE) in any font "
        "print.css names; it would print as an empty box (2 occurrences)"
    ]


def test_a_font_that_is_not_installed_is_reported() -> None:
    css = 'body { font-family: "No Such Font Family", "Noto Sans", sans-serif; }'
    found = check_glyphs("<p>x</p>", css, {}, Position("briefs/p.yaml"))
    assert [str(d) for d in found] == [
        "briefs/p.yaml: warning[P802]: font 'No Such Font Family' named in print.css is not installed"
    ]


@pytest.fixture(scope="module")
def scripts_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scripts") / "project"
    shutil.copytree(SCRIPTS, root)
    run = run_briefs("build", cwd=root)
    assert run.status == 0, run.stderr
    assert run.lines[-1] == "0 errors, 0 warnings", run.stderr
    return root / "build" / "names-in-four-scripts.pdf"


def _embedded_fonts(pdf: Path) -> dict[str, dict[int, str]]:
    """Each embedded font's name and its character map (code point -> glyph name)."""
    fonts: dict[str, dict[int, str]] = {}
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            descriptor = ref.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            name = str(descriptor["/FontName"]).split("+", 1)[-1]
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            if name not in fonts and program is not None:
                font = TTFont(io.BytesIO(program.get_object().get_data()))
                fonts[name] = dict(font.getBestCmap() or {})
    return fonts


@pytest.mark.slow
def test_pdf_embeds_real_glyphs_for_every_script(scripts_pdf: Path) -> None:
    fonts = _embedded_fonts(scripts_pdf)
    assert {"Noto-Serif-Thai", "Noto-Serif-CJK-KR", "Noto-Sans-Thai", "Noto-Sans-CJK-KR"} <= set(
        fonts
    )
    mapped = {code: glyph for cmap in fonts.values() for code, glyph in cmap.items()}
    for script, name in NAMES.items():
        for char in name.replace(" ", ""):
            assert ord(char) in mapped, f"{script}: no embedded glyph for {char!r}"
            assert mapped[ord(char)] != ".notdef", f"{script}: {char!r} drawn as .notdef"


@pytest.mark.slow
def test_pdf_text_keeps_every_name(scripts_pdf: Path) -> None:
    text = "\n".join(page_texts(scripts_pdf))
    for name in NAMES.values():
        assert name in text


@pytest.mark.slow
def test_build_warns_about_a_private_use_character(tmp_path: Path) -> None:
    """Test of the test: the same pack with one character no font has."""
    root = tmp_path / "project"
    shutil.copytree(SCRIPTS, root)
    article = root / FIXTURE_TEXT
    article.write_text(article.read_text("utf-8") + "\nThe logo \ue000 was shown.\n", "utf-8")
    run = run_briefs("build", cwd=root)
    assert run.status == 0, run.stderr
    assert run.lines[0] == (
        f"{FIXTURE_TEXT}:11:10: warning[P801]: no glyph for '\\ue000' (U+E000 PRIVATE USE) in any "
        "font print.css names; it would print as an empty box"
    )
    assert run.lines[-1] == "0 errors, 1 warning"
    strict = run_briefs("build", "--strict", "--force", cwd=root)
    assert strict.status == 1
