"""Property-based tests and a bounded fuzz run of the loader and the quote matcher.

`make test` runs a short fuzz (BRIEFS_FUZZ_EXAMPLES, default 600 examples per target,
a few seconds); `make fuzz` runs the same properties for much longer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.build.pipeline import check_pack
from generator.errors import DiagnosticError
from generator.load import anchors
from generator.load.pack import Project, find_project
from generator.load.sources import parse_yaml
from tests.conftest import TESTS

BASE = TESTS / "bad_inputs" / "_base"
PACK = (BASE / "briefs" / "pack.yaml").read_text()
FUZZ = int(os.environ.get("BRIEFS_FUZZ_EXAMPLES", "600"))
FUZZ_SETTINGS = settings(
    max_examples=FUZZ, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Pieces of YAML that reach the parser's corners: flow and block collections, anchors,
# aliases, tags, directives, documents, quotes, escapes, odd characters.
YAML_PIECES = [
    "[", "]", "{", "}", ",", ": ", ":", "- ", "? ", "\n", "  ", "\t", "#", "&a ", "*a", "&b ",
    "*b", "!!python/object:os.system ", "!!str ", "!!binary ", "!foo ", "<<: ", "---\n",
    "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "'", '"', "\\", "\\0", "\\ud800", "|\n",
    ">-\n", "title", "topics", "articles", "2025-13-45", "2025-10-27", "1e999", "~", "null",
    "true", "0x1F", "\x00", "\x07", "\ufeff", "\u202e", "\ud800", "é", "𝄞", "ab",
]  # fmt: skip
yaml_like = st.lists(st.sampled_from(YAML_PIECES), max_size=60).map("".join)
any_text = st.text(st.characters(exclude_categories=()), max_size=400)


@FUZZ_SETTINGS
@given(st.one_of(yaml_like, any_text))
def test_parse_yaml_raises_nothing_but_diagnostics(text: str) -> None:
    try:
        parse_yaml(text, "fuzz.yaml")
    except DiagnosticError as error:
        for line in str(error).splitlines():
            assert line.startswith("fuzz.yaml"), line
            assert "error[B0" in line or "error[B102]" in line, line


@contextmanager
def project_with_pack(text: str | bytes) -> Iterator[tuple[Project, Path]]:
    root = Path(tempfile.mkdtemp(prefix="briefs-fuzz-"))
    try:
        shutil.copytree(BASE, root, dirs_exist_ok=True)
        path = root / "briefs" / "pack.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        yield find_project(root), path
    finally:
        shutil.rmtree(root)


def mutations() -> st.SearchStrategy[str]:
    """The valid pack with a few characters deleted, replaced or inserted."""
    edits = st.lists(
        st.tuples(st.integers(0, len(PACK)), st.integers(0, 8), st.sampled_from(YAML_PIECES)),
        min_size=1,
        max_size=4,
    )

    def apply(changes: list[tuple[int, int, str]]) -> str:
        text = PACK
        for at, cut, insert in changes:
            text = text[:at] + insert + text[at + cut :]
        return text

    return edits.map(apply)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
PACK_KEYS = [*yaml.safe_load(PACK).keys(), "tittle", "for", "notes", "name", "date"]
random_packs = st.dictionaries(st.sampled_from(PACK_KEYS), json_values, max_size=10).map(
    lambda data: yaml.safe_dump(data, allow_unicode=True)
)


@settings(max_examples=max(FUZZ // 4, 50), deadline=None)
@given(st.one_of(mutations(), random_packs))
def test_loading_a_pack_never_raises(text: str) -> None:
    with project_with_pack(text) as (project, path):
        pack, diagnostics = check_pack(project, path)
    # No pack means a reported problem; a pack read in part comes with its problems.
    assert pack is not None or diagnostics
    assert all(d.code != "B601" for d in diagnostics), diagnostics  # no internal error
    assert diagnostics == sorted(diagnostics, key=lambda d: (d.position, d.code, d.message))


# ---- the quote matcher ------------------------------------------------------------------

TEXT_CHARS = st.sampled_from(
    [*"abcab ", " ", "\n", "\t", "\u00a0", "\u200b", "\u2069", "'", "\u2019", '"', "\u201c"]
)
texts = st.lists(TEXT_CHARS, min_size=1, max_size=80).map("".join)


def visible_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of the first and past-last character of text[start:end] that folding keeps."""
    kept = [
        i for i in range(start, end) if not text[i].isspace() and text[i] not in anchors._INVISIBLE
    ]
    return (kept[0], kept[-1] + 1) if kept else None


@FUZZ_SETTINGS
@given(texts, st.data())
def test_any_substring_is_found_at_its_own_offsets(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    span = visible_span(text, start, end)
    assume(span is not None)
    folded = anchors.fold(text)
    first = anchors.find_quote(folded, text[start:end])
    assert first.candidates >= 1
    found = {
        (m.start, m.end)
        for k in range(1, first.candidates + 1)
        if (m := anchors.find_quote(folded, text[start:end], occurrence=k).match)
    }
    assert span in found
    if first.candidates == 1:
        assert first.match is not None and (first.match.start, first.match.end) == span


WORDS = st.lists(
    st.sampled_from(["alpha", "beta", "gamma", "don't", '"quoted"', "ASEAN\u2013ROK", "2026"]),
    min_size=3,
    max_size=12,
)
SPACES = st.sampled_from([" ", "  ", "\n", "\t", " \n ", "\u00a0", "\u200b "])


@FUZZ_SETTINGS
@given(WORDS, st.data())
def test_whitespace_and_quote_style_variations_still_match(
    words: list[str], data: st.DataObject
) -> None:
    text = " ".join(words)
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    exact = " ".join(words[first : last + 1])
    typed = ""
    for index, word in enumerate(words[first : last + 1]):
        curly = word.replace("'", data.draw(st.sampled_from(["'", "\u2019"])))
        curly = curly.replace('"', data.draw(st.sampled_from(['"', "\u201c", "\u201d"])))
        typed += (data.draw(SPACES) if index else "") + curly
    folded = anchors.fold(text)
    reference = anchors.find_quote(folded, exact)
    variant = anchors.find_quote(folded, typed)
    assert (variant.candidates, variant.selected, variant.problem) == (
        reference.candidates,
        reference.selected,
        reference.problem,
    )
    assert variant.match == reference.match


@FUZZ_SETTINGS
@given(
    any_text,
    any_text,
    st.none() | st.text(max_size=10),
    st.none() | st.text(max_size=10),
    st.none() | st.integers(-3, 5),
)
def test_matcher_never_raises(
    text: str, quote: str, prefix: str | None, suffix: str | None, occurrence: int | None
) -> None:
    folded = anchors.fold(text)
    lookup = anchors.find_quote(folded, quote, prefix, suffix, occurrence)
    if lookup.match is None:
        anchors.closest_passage(folded, text, quote)
    else:
        assert 0 <= lookup.match.start < lookup.match.end <= len(text)
