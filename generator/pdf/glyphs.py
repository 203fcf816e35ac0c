"""Glyph coverage: warn about every character of a pack that none of its named fonts can draw.

The fonts are the families the print stylesheet names, matched by fontconfig in process
(through cffi, as WeasyPrint itself loads it), and their coverage is fontconfig's own
charset from its cache: no subprocess per family and no font file is read. A character
that no named font has would print as an empty box (or, at best, in some fallback face
that differs from machine to machine), so the build says which character, its code point
and where it first occurs in the pack's sources.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from typing import Any

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


_FONTCONFIG = """
typedef int FcBool;
typedef unsigned char FcChar8;
typedef unsigned int FcChar32;
typedef struct _FcPattern FcPattern;
typedef struct _FcCharSet FcCharSet;
typedef struct _FcConfig FcConfig;
typedef enum { FcMatchPattern, FcMatchFont, FcMatchScan } FcMatchKind;
typedef enum { FcResultMatch, FcResultNoMatch, FcResultTypeMismatch, FcResultNoId,
               FcResultOutOfMemory } FcResult;
FcPattern *FcPatternCreate(void);
FcBool FcPatternAddString(FcPattern *p, const char *object, const FcChar8 *s);
FcBool FcConfigSubstitute(FcConfig *config, FcPattern *p, FcMatchKind kind);
void FcDefaultSubstitute(FcPattern *pattern);
FcPattern *FcFontMatch(FcConfig *config, FcPattern *p, FcResult *result);
FcResult FcPatternGetString(const FcPattern *p, const char *object, int n, FcChar8 **s);
FcResult FcPatternGetInteger(const FcPattern *p, const char *object, int n, int *i);
FcResult FcPatternGetCharSet(const FcPattern *p, const char *object, int n, FcCharSet **c);
FcBool FcCharSetHasChar(const FcCharSet *fcs, FcChar32 ucs4);
void FcPatternDestroy(FcPattern *p);
"""


@cache
def _fontconfig() -> tuple[Any, Any]:
    """fontconfig through cffi (a WeasyPrint dependency), loaded once per process."""
    import cffi

    ffi = cffi.FFI()
    ffi.cdef(_FONTCONFIG)
    return ffi, ffi.dlopen("libfontconfig.so.1")


@cache
def _match(family: str) -> Any:
    """The pattern of the font fontconfig picks for family (kept for the process)."""
    ffi, fc = _fontconfig()
    pattern = fc.FcPatternCreate()
    fc.FcPatternAddString(pattern, b"family", family.encode("utf-8"))
    fc.FcConfigSubstitute(ffi.NULL, pattern, fc.FcMatchPattern)
    fc.FcDefaultSubstitute(pattern)
    result = ffi.new("FcResult *")
    matched = fc.FcFontMatch(ffi.NULL, pattern, result)
    fc.FcPatternDestroy(pattern)
    return matched


def _families(matched: Any) -> list[str]:
    ffi, fc = _fontconfig()
    names: list[str] = []
    value = ffi.new("FcChar8 **")
    while fc.FcPatternGetString(matched, b"family", len(names), value) == fc.FcResultMatch:
        names.append(ffi.string(value[0]).decode("utf-8", "replace"))
    return names


@lru_cache(maxsize=64)
def resolve(family: str) -> Font | None:
    """The file fontconfig uses for family, or None when the family is not installed."""
    ffi, fc = _fontconfig()
    matched = _match(family)
    path, index = ffi.new("FcChar8 **"), ffi.new("int *")
    if matched == ffi.NULL or fc.FcPatternGetString(matched, b"file", 0, path) != 0:
        return None
    fc.FcPatternGetInteger(matched, b"index", 0, index)
    # fontconfig always answers with something: only an exact family match counts.
    if family.casefold() not in (n.strip().casefold() for n in _families(matched)):
        return None
    return Font(family, ffi.string(path[0]).decode("utf-8", "replace"), index[0])


def covered(font: Font, codes: Iterable[int]) -> set[int]:
    """The code points among codes that the font maps to glyphs (fontconfig's charset)."""
    ffi, fc = _fontconfig()
    charset = ffi.new("FcCharSet **")
    if fc.FcPatternGetCharSet(_match(font.family), b"charset", 0, charset) != 0:
        return set()
    return {code for code in codes if fc.FcCharSetHasChar(charset[0], code)}


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
            needed -= covered(font, needed)
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
