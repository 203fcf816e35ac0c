"""`briefs annotate` as a user runs it, and builds that use its drafts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.load import anchors
from generator.load.pack import validate
from generator.load.sources import parse_yaml
from generator.model import AnnotationFile
from tests.conftest import SEED_ID, Run

pytestmark = pytest.mark.slow
Briefs = Callable[..., Run]
ARTICLE = "uk-pm-biden-2023"
PACK = """title: Readouts
event: {name: Readouts, date: 2023-07-10}
prepared: {date: 2023-07-11, by: Desk, for: Minister}
classification: OFFICIAL
summary: Drafted by the machine.
topics:
  - title: London
    articles: [uk-pm-biden-2023]
"""


def test_annotate_prints_a_draft_that_validates_and_anchors(project: Path, briefs: Briefs) -> None:
    run = briefs("annotate", f"seeds/{SEED_ID}.txt", cwd=project)
    assert run.status == 0, run.stderr
    assert run.lines == ["0 errors, 0 warnings"]
    assert run.stdout.startswith(f"# Machine draft of seeds/{SEED_ID}.txt by `briefs annotate`")
    draft = validate(AnnotationFile, parse_yaml(run.stdout, "draft"), "annotation")
    # The article's metadata comes from the editor's existing annotation.
    assert draft.article.publisher == "Thai News Agency"
    assert str(draft.article.published) == "2025-10-27"
    text = (project / "seeds" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    folded = anchors.fold(text)
    for item in (*draft.facts, *draft.proposals, *draft.follow_ups):
        assert anchors.find_quote(folded, item.quote, occurrence=item.occurrence).match is not None
    assert [p.by for p in draft.proposals].count("Thailand") == 3
    assert {"CSP", "AKFTA", "EPA"} <= set(draft.glossary)
    assert "  published: 2025-10-27\n" in run.stdout


def test_annotate_json_has_the_documented_keys(project: Path, briefs: Briefs) -> None:
    run = briefs("annotate", "--json", f"seeds/{SEED_ID}.txt", cwd=project)
    assert run.status == 0, run.stderr
    data = json.loads(run.stdout)
    for key in ("facts", "proposals", "follow_ups", "people", "acronyms", "entities", "warnings"):
        assert key in data
    text = (project / "seeds" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    for key in ("facts", "proposals", "follow_ups"):
        for item in data[key]:
            assert text[item["start"] : item["end"]] == item["quote"]
    assert {"name": "Anutin Charnvirakul", "role": "Prime Minister and Minister of Interior",
            "aliases": []} in data["people"]  # fmt: skip
    assert {"short": "EPA", "long": "Economic Partnership Agreement"}.items() <= next(
        a for a in data["acronyms"] if a["short"] == "EPA"
    ).items()
    assert set(data["entities"][0]) == {"text", "label", "start", "end", "canonical"}
    assert data["warnings"] == []


def test_write_never_overwrites_without_force(project: Path, briefs: Briefs) -> None:
    target = project / "seeds" / f"{ARTICLE}.ann.yaml"
    first = briefs("annotate", "--write", f"seeds/{ARTICLE}.txt", cwd=project)
    assert first.status == 0, first.stderr
    assert first.lines == [f"wrote seeds/{ARTICLE}.ann.yaml", "0 errors, 0 warnings"]
    assert first.stdout == ""
    written = target.read_text(encoding="utf-8")
    target.write_text(written + "# edited by hand\n", encoding="utf-8")
    again = briefs("annotate", "--write", f"seeds/{ARTICLE}.txt", cwd=project)
    assert again.status == 1
    assert again.lines == [
        f"seeds/{ARTICLE}.ann.yaml: error[N704]: seeds/{ARTICLE}.ann.yaml exists; "
        "pass --force to replace it",
        "1 error, 0 warnings",
    ]
    assert target.read_text(encoding="utf-8").endswith("# edited by hand\n")
    forced = briefs("annotate", "--write", "--force", f"seeds/{ARTICLE}.txt", cwd=project)
    assert forced.status == 0
    assert target.read_text(encoding="utf-8") == written


def test_annotate_refuses_what_is_not_an_article(project: Path, briefs: Briefs) -> None:
    run = briefs("annotate", "briefs/asean-rok-summit-2025.yaml", cwd=project)
    assert run.status == 1
    assert run.lines == [
        "briefs/asean-rok-summit-2025.yaml: error[N705]: not an article: expected a .txt or "
        ".md file, got 'asean-rok-summit-2025.yaml'",
        "1 error, 0 warnings",
    ]


def test_published_resolves_dates_without_a_year(project: Path, briefs: Briefs) -> None:
    article = project / "seeds" / "undated.txt"
    article.write_text("Officials will meet again on March 3 to sign the accord.\n")
    undated = briefs("annotate", "--json", "seeds/undated.txt", cwd=project)
    assert json.loads(undated.stdout)["warnings"] == [
        "seeds/undated.txt:1:30: warning[N703]: 'March 3' has no year and the article has no "
        "date; set article.published (or pass --published)"
    ]
    dated = briefs(
        "annotate", "--json", "--published", "2026-01-10", "seeds/undated.txt", cwd=project
    )
    data = json.loads(dated.stdout)
    assert data["warnings"] == []
    assert [d["value"] for d in data["dates"]] == ["2026-03-03"]
    assert [f["due"] for f in data["follow_ups"]] == ["2026-03-03"]


def test_unannotated_articles_build_as_machine_suggested(project: Path, briefs: Briefs) -> None:
    (project / "briefs" / "readouts.yaml").write_text(PACK, encoding="utf-8")
    run = briefs("build", "--no-pdf", "briefs/readouts.yaml", cwd=project)
    assert run.status == 0, run.stderr
    html = (project / "build" / "readouts" / "index.html").read_text(encoding="utf-8")
    assert "<strong>Draft, not for circulation:</strong>" in html
    assert (
        '<aside class="classification-banner" aria-label="Classification">OFFICIAL · DRAFT' in html
    )
    assert '<span class="machine">Annotations machine-suggested</span>' in html
    assert html.count('title="Machine-suggested: not yet confirmed by an editor"') >= 3
    # The model's people are not an editor's: marked in words, not only by colour.
    assert (
        '<th scope="row">Joe Biden <span class="machine unconfirmed" title="Not yet confirmed'
        ' by an editor">unconfirmed</span></th><td>President of the United States</td>'
    ) in html
    assert "NATO" in html.split('id="people-organisations"')[1]


def test_a_rebuild_after_a_template_change_does_not_load_spacy(
    project: Path, briefs: Briefs
) -> None:
    (project / "briefs" / "readouts.yaml").write_text(PACK, encoding="utf-8")
    assert briefs("build", "--no-pdf", cwd=project).status == 0
    partials = project / "templates" / "partials"
    partials.mkdir(parents=True)
    (partials / "summary.html.j2").write_text('<section id="summary">Changed.</section>\n')
    code = (
        "import sys\n"
        "from generator.cli.app import main\n"
        "sys.argv = ['briefs', 'build', '--no-pdf']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "print('spacy' in sys.modules, sorted(m for m in sys.modules if m.startswith('thinc')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False []"
    html = (project / "build" / "asean-rok-summit-2025" / "index.html").read_text(encoding="utf-8")
    assert '<section id="summary">Changed.</section>' in html
