"""Where in the inputs a string of the output came from, for positioned warnings.

The PDF stage only sees the final HTML; when it refuses a URL, the editor needs the
file and line that asked for it. The URL is looked for as it was written (relative,
escaped in HTML) in the pack file, the article annotations, then the templates.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin

from generator.errors import DiagnosticError, Position, text_position
from generator.load.sources import read_text

_REFERENCES = re.compile(
    r"""(?:src|href|data)\s*=\s*(?:"([^"]*)"|'([^']*)')"""
    r"""|url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)"""
    r"""|@import\s+(?:"([^"]*)"|'([^']*)')"""
)
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".html", ".css", ".svg")


def url_locator(
    documents: Iterable[str],
    sources: Sequence[tuple[str, str | Path]],
    base: str,
    fallback: Position,
) -> Callable[[str], Position]:
    """A function from a fetched URL to the position of its first spelling in sources
    (each a text already read, or a file read on first need)."""
    written: dict[str, list[str]] = {}
    for document in documents:
        for match in _REFERENCES.finditer(document):
            raw = html.unescape(next(group for group in match.groups() if group is not None))
            resolved = urljoin(base, raw.strip())
            written.setdefault(resolved, []).append(raw)
            written.setdefault(unquote(resolved), []).append(raw)

    @cache
    def text_of(path: str | Path) -> str:
        if isinstance(path, str):
            return path
        try:
            return read_text(path, str(path))
        except DiagnosticError:
            return ""

    def locate(url: str) -> Position:
        spellings = [*written.get(url, []), *written.get(unquote(url), []), url]
        if url.startswith(base):
            spellings.append(url[len(base) :])
        for spelling in dict.fromkeys(s for s in spellings if s):
            for shown, path in sources:
                text = text_of(path)
                index = text.find(spelling)
                if index >= 0:
                    return text_position(shown, text, index)
        return fallback

    return locate


def template_files(folders: Iterable[Path]) -> list[Path]:
    """Every template or stylesheet file under the template folders, in search order."""
    found: list[Path] = []
    for folder in folders:
        found += sorted(
            p for p in folder.rglob("*") if p.suffix in TEMPLATE_SUFFIXES and p.is_file()
        )
    return found
