"""Text encodings, odd Unicode and YAML limits: what loads, what is refused, and how fast."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.app import cli
from generator.errors import DiagnosticError
from generator.load import anchors
from generator.load.sources import MAX_VALUES, decode_text, parse_yaml
from tests.conftest import TESTS

BASE = TESTS / "bad_inputs" / "_base"
ARTICLE = (BASE / "seeds" / "base.txt").read_text()


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8", lambda t: t.encode()),
        ("utf8_bom", lambda t: b"\xef\xbb\xbf" + t.encode()),
        ("crlf", lambda t: t.replace("\n", "\r\n").encode()),
        ("cr", lambda t: t.replace("\n", "\r").encode()),
        ("bom_crlf", lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode()),
    ],
)
def test_article_and_annotation_load_in_every_utf8_form(
    name: str, encode: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    for path in [root / "seeds" / "base.txt", root / "seeds" / "base.ann.yaml"]:
        path.write_bytes(encode(path.read_text()))  # type: ignore[operator]
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build", "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    html = (root / "build" / "pack" / "index.html").read_text()
    assert "\r" not in html and "\ufeff" not in html
    assert "Thailand proposed a joint task force on cybercrime." in html


def test_not_utf8_names_file_line_and_byte_offset() -> None:
    raw = b"first line\nsecond " + b"caf\xe9\n"
    with pytest.raises(DiagnosticError) as caught:
        decode_text(raw, "seeds/x.txt")
    assert str(caught.value) == (
        "seeds/x.txt:2:11: error[B005]: not UTF-8: byte 0xe9 at offset 21 (save the file as UTF-8)"
    )


def test_odd_unicode_in_an_article_never_crashes_and_quotes_still_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Zero-width characters, direction marks and isolates, NUL and controls in the text."""
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    odd = ARTICLE.replace("joint task", "jo\u200bint\u00a0ta\u00adsk").replace(
        "Kuala Lumpur", "\u2067Kuala\u200f Lumpur\u2069"
    )
    odd += "A NUL \x00, a bell \x07, an escape \x1b[31m and a form feed \x0c.\n"
    (root / "seeds" / "base.txt").write_text(odd)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0, result.stderr
    html = (root / "build" / "pack" / "index.html").read_text()
    for control in "\x00\x07\x1b":
        assert control not in html
    assert "A NUL \ufffd, a bell \ufffd, an escape \ufffd[31m" in html
    assert (root / "build" / "pack.pdf").stat().st_size > 1000


def test_quote_typed_without_invisible_characters_matches_at_the_right_place() -> None:
    text = "He said: \u201cWe will\u200b meet\u2069 again\u201d in\n\n 2026."
    lookup = anchors.find_quote(anchors.fold(text), '"We will meet again" in 2026.')
    assert lookup.match is not None
    assert text[lookup.match.start : lookup.match.end] == (
        "\u201cWe will\u200b meet\u2069 again\u201d in\n\n 2026."
    )


def test_yaml_python_tags_are_refused_with_a_position() -> None:
    text = "title: ok\nrun: !!python/object/apply:os.system ['true']\n"
    with pytest.raises(DiagnosticError) as caught:
        parse_yaml(text, "briefs/x.yaml")
    assert str(caught.value) == (
        "briefs/x.yaml:2:6: error[B003]: unsupported YAML tag"
        " 'tag:yaml.org,2002:python/object/apply:os.system'"
    )


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    with pytest.raises(DiagnosticError) as caught:
        parse_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert str(caught.value) == "x.yaml:3:1: error[B002]: duplicate key 'a' (first at line 1)"


def laughs(levels: int) -> str:
    """The classic alias bomb: each level holds ten of the one before."""
    text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in range(1, levels):
        text += f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]\n"
    return text


def test_billion_laughs_is_refused_quickly_in_a_separate_process() -> None:
    """A subprocess with a timeout guards against a hang; the time is measured and printed."""
    script = textwrap.dedent(
        """
        import sys, time
        from generator.errors import DiagnosticError
        from generator.load.sources import parse_yaml
        text = sys.stdin.read()
        start = time.perf_counter()
        try:
            parse_yaml(text, "bomb.yaml")
        except DiagnosticError as error:
            print(f"{time.perf_counter() - start:.4f}", error)
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        input=laughs(10),  # 10**10 values if expanded
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    seconds, message = run.stdout.split(" ", 1)
    print(f"billion laughs refused in {float(seconds) * 1000:.1f} ms")
    assert message.strip() == (
        f"bomb.yaml:6:5: error[B004]: expands to more than {MAX_VALUES} values"
        " (an alias expansion bomb?)"
    )


def test_alias_bomb_costs_what_the_file_costs() -> None:
    """Counting shared nodes once: ten levels cost about what five do, not 10**5 times more."""
    timings = []
    for levels in (5, 10):
        start = time.perf_counter()
        with pytest.raises(DiagnosticError):
            parse_yaml(laughs(levels) + "x: [" + ", ".join([f"*a{levels - 1}"] * 10) + "]\n", "b")
        timings.append(time.perf_counter() - start)
    print(f"5 levels {timings[0] * 1000:.1f} ms, 10 levels {timings[1] * 1000:.1f} ms")


def test_deep_nesting_is_refused_before_python_recursion() -> None:
    with pytest.raises(DiagnosticError) as caught:
        parse_yaml("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep.yaml")
    assert str(caught.value) == "deep.yaml:1:44: error[B004]: nested deeper than 40 levels"


def test_the_same_text_is_parsed_once_and_each_caller_gets_its_own_copy() -> None:
    from generator.load import sources

    text = f"# {time.time_ns()}\ntitle: T\nitems:\n  - {{text: a}}\n"
    before = sources._parsed.cache_info().hits
    first = parse_yaml(text, "p.yaml")
    first.data["items"].append({"text": "changed by a caller"})
    first.positions.clear()
    again = parse_yaml(text, "p.yaml")
    assert sources._parsed.cache_info().hits == before + 1
    assert again.data == {"title": "T", "items": [{"text": "a"}]}
    assert again.position(("items", 0, "text")).line == 4
    elsewhere = parse_yaml(text, "q.yaml")  # the same text in another file says so
    assert elsewhere.position(("title",)).path == "q.yaml"
