"""Helpers for the print tests: build the repository's packs once, read PDFs with pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from .conftest import REPO, Run

SECOND_PACK = "thailand-us-alliance-2022"
SCRIPTS = Path(__file__).resolve().parent / "fixtures" / "scripts"


def copy_repo(root: Path) -> Path:
    """The repository's seeds/ and every pack of briefs/ in a fresh project folder."""
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("seeds", "briefs"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def run_briefs(*args: str, cwd: Path) -> Run:
    completed = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def flat(text: str) -> str:
    """Page text with line-end hyphenation undone and whitespace collapsed, for searching."""
    text = re.sub(r"[\u2010-]\n", "", text)
    return re.sub(r"\s+", " ", text)


def struct_elements(reader: PdfReader) -> Iterator[dict[str, Any]]:
    """Every element of the PDF's structure tree, depth first."""
    stack: list[Any] = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, dict):
            continue
        if "/S" in node:
            yield node
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                stack.append(kid)


def outline(reader: PdfReader) -> list[tuple[int, str]]:
    """The bookmarks as (depth, title), in order."""
    found: list[tuple[int, str]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title))

    walk(reader.outline, 0)
    return found
