"""Content is data: markup, scripts, links and template syntax in any input field come out as text.

One hostile project puts the same payloads into every text field a pack, an annotation
and an article have, builds it, and checks the HTML with a parser: no element, attribute
or link scheme that could run, and every payload visible as literal text.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.app import cli
from generator.render.html import pack_files
from tests.conftest import TESTS

BASE = TESTS / "bad_inputs" / "_base"
PAYLOADS = [
    "<script>alert('s')</script>",
    '<iframe src="https://evil.example/"></iframe>',
    "<img src=x onerror=alert('i')>",
    '<a href="javascript:alert(1)">click</a>',
    "{{ 7*7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{{ ''.__class__.__mro__ }}",
    '"><svg onload=alert(1)>',
    "</textarea></style></title><script>alert(2)</script>",
]
MARKDOWN_PAYLOADS = [
    "[js](javascript:alert(1))",
    "[vb](vbscript:msgbox(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[file](file:///etc/passwd)",
    '<a rel="attachment" href="/etc/passwd">embed</a>',
    "<script>alert('md')</script>",
]
RUNNABLE_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "form",
}
SAFE_SCHEMES = ("http:", "https:", "#", "mailto:")


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar holding text exactly."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_project(root: Path) -> None:
    shutil.copytree(BASE, root)
    joined = " ".join(PAYLOADS)
    markdown = " ".join(PAYLOADS + MARKDOWN_PAYLOADS)
    y = _yaml(joined)
    (root / "briefs" / "pack.yaml").write_text(
        f"""title: {y}
subtitle: {y}
event: {{name: {y}, date: 2025-10-27, place: {y}}}
prepared: {{date: 2025-10-28, by: {y}, for: {y}}}
classification: OFFICIAL
distribution: [{y}]
handling: {y}
keywords: [{y}]
summary: {_yaml(markdown)}
topics:
  - title: {y}
    articles: [base]
    notes: {_yaml(markdown)}
glossary: {{{y}: {y}}}
people: [{{name: {y}, aliases: [{y}], role: {y}}}]
"""
    )
    article = "\n\n".join(PAYLOADS) + "\n"
    (root / "seeds" / "base.txt").write_text(article)
    (root / "seeds" / "base.ann.yaml").write_text(
        f"""article:
  title: {y}
  publisher: {y}
  dateline: {y}
  author: {y}
  url: "https://example.org/a?b=<script>&c=%22"
facts:
  - text: {y}
    quote: {_yaml(PAYLOADS[0])}
proposals:
  - by: {y}
    title: {y}
    text: {y}
    quote: {_yaml(PAYLOADS[4])}
follow_ups:
  - action: {y}
    owner: {y}
    quote: {_yaml(PAYLOADS[3])}
people: [{{name: {y}, role: {y}}}]
glossary: {{{_yaml("X" + joined)}: {y}}}
"""
    )


class Inspector(HTMLParser):
    """Collects the elements, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Inspector:
    root = tmp_path_factory.mktemp("hostile") / "project"
    hostile_project(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = CliRunner().invoke(cli, ["build", "--no-pdf"])
    assert result.exit_code == 0, result.stderr
    inspector = Inspector()
    inspector.feed((root / "build" / "pack" / "index.html").read_text())
    return inspector


def test_no_element_that_runs_or_embeds(page: Inspector) -> None:
    assert RUNNABLE_TAGS.isdisjoint(page.tags), RUNNABLE_TAGS & set(page.tags)
    # The only SVG is the build's own timeline (the payloads' <svg onload> is text).
    svgs = [a for a in page.attributes if a[0] == "svg" and a[1] == "class"]
    assert page.tags.count("svg") == len(svgs) == 1 and svgs[0][2] == "timeline-svg"
    assert "img" not in page.tags  # the payloads' <img> are text; no Markdown image was given


def test_no_event_handler_attribute(page: Inspector) -> None:
    handlers = [a for a in page.attributes if a[1].startswith("on")]
    assert handlers == []


def test_every_link_has_a_safe_scheme(page: Inspector) -> None:
    links = [(t, n, v) for t, n, v in page.attributes if n in ("href", "src", "action", "data")]
    assert links
    for tag, name, value in links:
        if tag == "link" and value in ("screen.css", "print.css"):
            continue
        if tag == "a" and value in set(pack_files("pack", pdf=True).values()):
            continue  # the pack's own PDF, checks page, exports and the desk
        assert value.strip().lower().startswith(SAFE_SCHEMES), (tag, name, value)


def test_no_attachment_relation(page: Inspector) -> None:
    relations = [v for _t, n, v in page.attributes if n == "rel"]
    assert all("attachment" not in r for r in relations), relations


@pytest.mark.parametrize("payload", PAYLOADS + MARKDOWN_PAYLOADS)
def test_payload_shows_as_literal_text(page: Inspector, payload: str) -> None:
    assert payload in "".join(page.text)


def test_template_syntax_is_not_evaluated(page: Inspector) -> None:
    text = "".join(page.text)
    assert "loop" not in text.replace("{% for x in range(3) %}loop{% endfor %}", "")
    assert "49" not in text
    assert "<class 'str'>" not in text and "object" not in text.replace("{{", "")


def test_content_security_policy_is_set(page: Inspector) -> None:
    policies = [v for t, n, v in page.attributes if t == "meta" and v.startswith("default-src")]
    assert len(policies) == 1
    policy = policies[0]
    assert "default-src 'self'" in policy and "img-src 'self' data:" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1]
