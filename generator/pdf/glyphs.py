"""Glyph coverage: warn about every character of a pack that none of its named fonts can draw.

The fonts are the families the print stylesheet names, resolved by fontconfig (`fc-match`)
to files; their character maps are read with fontTools once per process. A character
that no named font has would print as an empty box (or, at best, in some fallback face
that differs from machine to machine), so the build says which character, its code point
and where it first occurs in the pack's sources.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from generator.errors import Diagnostic, Position, text_position

_DECLARATION = re.compile(r"\bfont(?:-family)?\s*:\s*([^;{}]+)")
_QUOTED = re.compile(r"\"([^\"]+)\"|'([^']+)'")
# Characters that need no glyph of their own: controls, format marks (ZWJ, soft hyphen,
# direction marks), separators and variation selectors are drawn as nothing at all.
_NO_GLYPH_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
_UNNAMED = {"Co": "PRIVATE USE", "Cn": "UNASSIGNED", "Cs": "SURROGATE"}


@dataclass(frozen=True)
class Font:
    """A family named in a stylesheet and the font file fontconfig picks for it."""

    family: str
    path: str
    index: int


def named_families(css: str) -> list[str]:
    """The quoted family names of every font and font-family declaration, first use first."""
    families: list[str] = []
    for declaration in _DECLARATION.finditer(css):
        for match in _QUOTED.finditer(declaration.group(1)):
            name = match.group(1) or match.group(2)
            if name not in families:
                families.append(name)
    return families


@lru_cache(maxsize=64)
def resolve(family: str) -> Font | None:
    """The file fontconfig uses for family, or None when the family is not installed."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    completed = subprocess.run(
        [fc_match, "--format", "%{file}\t%{index}\t%{family}", family],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    fields = completed.stdout.split("\t")
    if completed.returncode != 0 or len(fields) != 3:
        return None
    path, index, names = fields
    # fontconfig always answers with something: only an exact family match counts.
    if family.casefold() not in (n.strip().casefold() for n in names.split(",")):
        return None
    return Font(family, path, int(index or 0))


@lru_cache(maxsize=64)
def coverage(path: str, index: int) -> frozenset[int]:
    """The code points a font file (or one face of a collection) maps to glyphs."""
    from fontTools.ttLib import TTFont  # only needed when checking

    with TTFont(path, fontNumber=index, lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return frozenset(cmap)


def needs_glyph(char: str) -> bool:
    """False for characters that are drawn as nothing (spaces, controls, joiners, selectors)."""
    if unicodedata.category(char) in _NO_GLYPH_CATEGORIES:
        return False
    code = ord(char)
    return not (0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


class _TextOf(HTMLParser):
    """Collects the characters a reader sees: text and the alt/title/label attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if value and name in ("alt", "title", "aria-label"):
                self.chars.update(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chars.update(data)


def visible_chars(html: str) -> set[str]:
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return parser.chars


def check_glyphs(
    html: str, css: str, sources: Mapping[str, str], where: Position, css_name: str = "print.css"
) -> list[Diagnostic]:
    """P801 for every character without a glyph in the named fonts; P802 for a missing font."""
    families = named_families(css)
    fonts = [resolve(family) for family in families]
    diagnostics = [
        Diagnostic.make("P802", f"font '{family}' named in {css_name} is not installed", where)
        for family, font in zip(families, fonts, strict=True)
        if font is None
    ]
    needed = {ord(c) for c in visible_chars(html) if needs_glyph(c)}
    for font in fonts:
        # In stylesheet order, and only while something is still uncovered: a pack in
        # Latin script never pays for reading the large CJK fonts' character maps.
        if not needed:
            break
        if font is not None:
            needed -= coverage(font.path, font.index)
    missing = [chr(code) for code in sorted(needed)]
    for char in missing:
        position, count = locate(char, sources, where)
        shown = char if char.isprintable() else ascii(char)[1:-1]
        name = unicodedata.name(char, "") or _UNNAMED.get(unicodedata.category(char), "UNNAMED")
        times = "" if count <= 1 else f" ({count} occurrences)"
        message = (
            f"no glyph for '{shown}' (U+{ord(char):04X} {name}) in any font {css_name} names; "
            f"it would print as an empty box{times}"
        )
        diagnostics.append(Diagnostic.make("P801", message, position))
    return diagnostics


def locate(char: str, sources: Mapping[str, str], fallback: Position) -> tuple[Position, int]:
    """Where a character first occurs in the pack's sources (path:line:col), and how often."""
    first: Position | None = None
    count = 0
    for path, text in sources.items():
        found = text.count(char)
        if not found:
            continue
        count += found
        if first is None:
            first = text_position(path, text, text.index(char))
    return (first or fallback), max(count, 1)
