"""Template overrides: the search path, `!theme/` parents, and errors with template lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import SEED_CHECKS, SEED_PACK, SEED_WARNINGS, Run


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def html_of(project: Path) -> str:
    return (project / "build" / SEED_PACK / "index.html").read_text(encoding="utf-8")


def test_one_block_overridden_keeps_the_rest_of_the_theme(
    project: Path, briefs: Callable[..., Run]
) -> None:
    write(
        project,
        "templates/pack.html.j2",
        '{% extends "!theme/pack.html.j2" %}\n'
        '{% block follow_ups %}<section id="follow-ups"><h2>Our tracker</h2>'
        "{{ follow_ups | length }} items</section>{% endblock %}\n",
    )
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 0, run.stderr
    html = html_of(project)
    assert "<h2>Our tracker</h2>4 items</section>" in html
    assert 'class="tracker"' not in html  # the theme's tracker table is gone
    assert 'id="summary-title">Summary</h2>' in html  # every other section is the theme's
    assert 'class="cover"' in html


def test_one_partial_replaced(project: Path, briefs: Callable[..., Run]) -> None:
    write(
        project,
        "templates/partials/glossary.html.j2",
        '<section id="glossary">{{ glossary | length }} terms</section>\n',
    )
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 0, run.stderr
    html = html_of(project)
    assert '<section id="glossary">5 terms</section>' in html
    assert "glossary-list" not in html


def test_pack_templates_win_over_project_templates(
    project: Path, briefs: Callable[..., Run]
) -> None:
    write(project, "templates/partials/people.html.j2", "<p>project people</p>\n")
    write(project, "briefs/templates/partials/people.html.j2", "<p>pack people</p>\n")
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 0, run.stderr
    html = html_of(project)
    assert "<p>pack people</p>" in html
    assert "project people" not in html


def test_syntax_error_names_the_template_and_line(
    project: Path, briefs: Callable[..., Run]
) -> None:
    write(
        project,
        "templates/pack.html.j2",
        '{% extends "!theme/pack.html.j2" %}\n{% block summary %}{{ spec.title }</p>{% endblock %}\n',
    )
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 1
    assert run.lines == [
        *SEED_CHECKS,
        "templates/pack.html.j2:2:1: error[B501]: template syntax: unexpected '}'",
        f"failed briefs/{SEED_PACK}.yaml",
        f"1 error, {SEED_WARNINGS} warnings",
    ]
    assert not (project / "build" / SEED_PACK / "index.html").exists()


def test_undefined_value_names_the_template_and_line(
    project: Path, briefs: Callable[..., Run]
) -> None:
    write(
        project,
        "templates/partials/cover.html.j2",
        "<header>\n  <p>x</p>\n  <h1>{{ spec.titel }}</h1>\n</header>\n",
    )
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 1
    assert run.lines[len(SEED_CHECKS)] == (
        "templates/partials/cover.html.j2:3:1: error[B501]: "
        "template: 'PackFile object' has no attribute 'titel'"
    )


def test_template_paths_are_relative_to_the_project_not_the_shell(
    project: Path, briefs: Callable[..., Run]
) -> None:
    write(project, "templates/partials/summary.html.j2", "<p>{{ nope }}</p>\n")
    run = briefs("--project", "..", "build", "--no-pdf", cwd=project / "briefs")
    assert run.status == 1
    assert (
        run.lines[len(SEED_CHECKS)]
        == "templates/partials/summary.html.j2:1:1: error[B501]: template: 'nope' is undefined"
    )
