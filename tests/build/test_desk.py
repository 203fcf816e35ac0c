"""Writing the desk (build/desk.py): made after the packs from what every pack in build/
wrote, rewritten only when a pack was rebuilt or a desk file is missing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.build.desk import DESK_FILES
from generator.build.pipeline import BuildOptions, PackResult, build
from generator.load.pack import find_project, pack_files
from tests.conftest import SEED_ID, SEED_PACK
from tests.tables import table_rows


@pytest.fixture
def two_packs(project: Path) -> Path:
    """The seed pack, plus a second pack with its own copy of the seed's article."""
    seeds = project / "seeds"
    shutil.copy(seeds / f"{SEED_ID}.txt", seeds / "other.txt")
    shutil.copy(seeds / f"{SEED_ID}.ann.yaml", seeds / "other.ann.yaml")
    pack = (project / "briefs" / f"{SEED_PACK}.yaml").read_text("utf-8")
    (project / "briefs" / "other.yaml").write_text(pack.replace(SEED_ID, "other"), "utf-8")
    return project


def run(root: Path) -> dict[str, PackResult]:
    project = find_project(root)
    options = BuildOptions(out=root / "build", pdf=False)
    return {r.slug: r for r in build(project, pack_files(project), options)}


@pytest.mark.parametrize("name", DESK_FILES)
def test_a_desk_file_removed_is_written_again_by_a_no_op_build(two_packs: Path, name: str) -> None:
    run(two_packs)
    before = (two_packs / "build" / name).read_bytes()
    (two_packs / "build" / name).unlink()
    results = run(two_packs)
    assert all(r.skipped for r in results.values())
    assert (two_packs / "build" / name).read_bytes() == before


def test_a_partial_rebuild_still_lists_every_pack_and_its_follow_ups(two_packs: Path) -> None:
    run(two_packs)
    pack = two_packs / "briefs" / "other.yaml"
    pack.write_text(pack.read_text("utf-8").replace("title: ", "title: Other pack, ", 1), "utf-8")
    results = run(two_packs)
    assert {slug for slug, r in results.items() if not r.skipped} == {"other"}
    page = (two_packs / "build" / "index.html").read_text("utf-8")
    assert "Other pack, Thailand at the 26th" in page and f'href="{SEED_PACK}/index.html"' in page
    # The two packs' articles report the same four actions: four rows, each in both packs.
    rows = table_rows(page, "register")
    assert len(rows) == 4
    assert all(
        [href.split("/")[0] for href, _ in row.links] == [SEED_PACK, "other"] for row in rows
    )


def test_a_pack_left_in_build_stays_on_the_desk_unless_its_export_is_unreadable(
    two_packs: Path,
) -> None:
    run(two_packs)
    (two_packs / "briefs" / "other.yaml").unlink()  # its outputs stay in build/
    (two_packs / "build" / "index.html").unlink()
    run(two_packs)
    page = (two_packs / "build" / "index.html").read_text("utf-8")
    assert 'href="other/index.html"' in page and f'href="{SEED_PACK}/index.html"' in page
    # An export briefs cannot read (an older format, edited by hand): left off, no traceback.
    export = two_packs / "build" / "other.json"
    data = json.loads(export.read_text("utf-8"))
    del data["follow_ups"][0]["sources"][0]["status"]
    for text in ("{ not json", json.dumps(data)):
        export.write_text(text, "utf-8")
        (two_packs / "build" / "index.html").unlink()
        run(two_packs)
        page = (two_packs / "build" / "index.html").read_text("utf-8")
        assert 'href="other/index.html"' not in page and f'href="{SEED_PACK}/index.html"' in page


def test_a_colour_in_an_edited_export_cannot_add_css_to_the_desk(two_packs: Path) -> None:
    run(two_packs)
    (two_packs / "briefs" / "other.yaml").unlink()  # its outputs stay in build/
    export = two_packs / "build" / "other.json"
    data = json.loads(export.read_text("utf-8"))
    data["classification_colour"] = "red; background: url(https://example.org/x)"
    export.write_text(json.dumps(data), "utf-8")
    (two_packs / "build" / "index.html").unlink()
    run(two_packs)
    page = (two_packs / "build" / "index.html").read_text("utf-8")
    assert 'href="other/index.html"' in page and "example.org" not in page
