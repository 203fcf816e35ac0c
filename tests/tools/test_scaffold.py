"""`briefs init` makes a project that builds at once; `briefs new` starts a pack from articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.load.pack import find_project
from generator.load.schema import schema_files
from generator.model import AnnotationFile, ArticleMeta, FactSpec
from generator.tools import scaffold
from tests.conftest import SEED_ID, Run


@pytest.mark.slow
def test_init_then_build(tmp_path: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("init", "desk", cwd=tmp_path)
    assert run.status == 0, run.stderr
    assert run.lines[-1] == "next: cd desk && briefs build   (or briefs serve to preview)"
    project = tmp_path / "desk"
    made = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    assert made == [
        ".gitignore",
        "briefs.yaml",
        "briefs/sample.yaml",
        "schemas/annotation.schema.json",
        "schemas/names.schema.json",
        "schemas/pack.schema.json",
        "schemas/people.schema.json",
        "schemas/project.schema.json",
        "seeds/sample-river-commission.ann.yaml",
        "seeds/sample-river-commission.txt",
        "templates/README.md",
    ]
    assert all(
        (project / "schemas" / name).read_bytes() == data for name, data in schema_files().items()
    )
    build = briefs("build", cwd=project)
    assert build.status == 0, build.stderr
    assert (project / "build" / "sample.pdf").read_bytes().startswith(b"%PDF-")
    assert (project / "build" / "sample.follow-ups.ics").is_file()


def test_init_refuses_a_folder_with_files(tmp_path: Path, briefs: Callable[..., Run]) -> None:
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "notes.txt").write_text("mine")
    run = briefs("init", "desk", cwd=tmp_path)
    assert run.status == 1
    assert run.lines == [
        "desk: error[E904]: is not empty; `briefs init` makes a new project in a new or empty folder",
        "1 error, 0 warnings",
    ]


def test_new_from_an_annotated_seed(project: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("new", "cabinet-note", "--from", f"seeds/{SEED_ID}.txt", cwd=project)
    assert run.status == 0, run.stderr
    assert run.lines[:6] == [
        "created schemas/pack.schema.json",
        "created schemas/annotation.schema.json",
        "created schemas/project.schema.json",
        "created schemas/people.schema.json",
        "created schemas/names.schema.json",
        "created briefs/cabinet-note.yaml",
    ]
    text = (project / "briefs" / "cabinet-note.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/pack.schema.json\n")
    pack = yaml.safe_load(text)
    assert pack["title"] == "Thailand proposes three approaches to enhance ASEAN–Korea cooperation"
    assert pack["topics"][0]["articles"] == [SEED_ID]
    assert briefs("build", "--no-pdf", "briefs/cabinet-note.yaml", cwd=project).status == 0


def test_new_from_an_article_elsewhere_copies_it_and_drafts_its_annotation(
    project: Path, tmp_path: Path, briefs: Callable[..., Run]
) -> None:
    article = tmp_path / "readout.txt"
    article.write_text(
        "Ministers met in Riverton.\n\nThey agreed to meet again in 2026.\n", encoding="utf-8"
    )
    run = briefs("new", "riverton", "--from", str(article), cwd=project)
    assert run.status == 0, run.stderr
    assert (
        "created seeds/readout.txt" in run.lines and "created seeds/readout.ann.yaml" in run.lines
    )
    draft = (project / "seeds" / "readout.ann.yaml").read_text(encoding="utf-8")
    assert (
        draft.splitlines()[0] == "# yaml-language-server: $schema=../schemas/annotation.schema.json"
    )
    assert yaml.safe_load(draft) == {
        "article": {"title": "Ministers met in Riverton."},
        "facts": [],
        "proposals": [],
        "follow_ups": [],
    }
    build = briefs("build", "--no-pdf", "briefs/riverton.yaml", cwd=project)
    assert build.status == 0, build.stderr


def test_new_refuses_mistakes(project: Path, tmp_path: Path, briefs: Callable[..., Run]) -> None:
    taken = briefs("new", "asean-rok-summit-2025", "--from", f"seeds/{SEED_ID}.txt", cwd=project)
    assert (
        taken.lines[0]
        == "briefs/asean-rok-summit-2025.yaml: error[E901]: pack already exists; choose another name or edit it"
    )
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-")
    wrong = briefs("new", "x", "--from", str(tmp_path / "notes.pdf"), cwd=project)
    assert wrong.lines[0].endswith(
        "error[E902]: expected an article (.txt or .md), got 'notes.pdf'"
    )
    clash = tmp_path / f"{SEED_ID}.txt"
    clash.write_text("Another text under the same name.\n", encoding="utf-8")
    twin = briefs("new", "x", "--from", str(clash), cwd=project)
    assert twin.lines[0].endswith(
        f"error[E903]: seeds/{SEED_ID}.txt exists with other text; rename one of them"
    )
    assert not (project / "briefs" / "x.yaml").exists()


def test_draft_annotation_is_the_one_seam_for_machine_drafts(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever draft_annotation returns (the spaCy drafter, later) is what `new` writes."""

    def drafter(text: str, article_id: str) -> AnnotationFile:
        return AnnotationFile(
            article=ArticleMeta(title=f"Drafted {article_id}"),
            facts=[FactSpec(text="They will meet again.", quote="agreed to meet again in 2026")],
        )

    monkeypatch.setattr(scaffold, "draft_annotation", drafter)
    article = tmp_path / "readout.txt"
    article.write_text("Ministers met. They agreed to meet again in 2026.\n", encoding="utf-8")
    files = scaffold.plan_new(find_project(project), "riverton", [article], dt.date(2026, 1, 2))
    written = yaml.safe_load(files[project / "seeds" / "readout.ann.yaml"])
    assert written["article"]["title"] == "Drafted readout"
    assert written["facts"] == [
        {
            "confirmed": False,  # what a drafter drafts waits for an editor
            "text": "They will meet again.",
            "quote": "agreed to meet again in 2026",
        }
    ]
    assert AnnotationFile.model_validate(written)
