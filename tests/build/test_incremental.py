"""Incremental builds: each kind of change rebuilds exactly the packs it should."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import incremental
from generator.build.pipeline import BuildOptions, PackResult, build
from generator.load.pack import find_project, pack_files
from tests.conftest import SEED_ID, SEED_PACK


@pytest.fixture
def two_packs(project: Path) -> Path:
    """The seed pack, plus a second pack with its own article (a copy of the seed's)."""
    seeds = project / "seeds"
    shutil.copy(seeds / f"{SEED_ID}.txt", seeds / "other.txt")
    shutil.copy(seeds / f"{SEED_ID}.ann.yaml", seeds / "other.ann.yaml")
    pack = (project / "briefs" / f"{SEED_PACK}.yaml").read_text("utf-8")
    (project / "briefs" / "other.yaml").write_text(pack.replace(SEED_ID, "other"), "utf-8")
    return project


def run(root: Path, **options: object) -> dict[str, PackResult]:
    project = find_project(root)
    settings = BuildOptions(out=root / "build", pdf=False, **options)  # type: ignore[arg-type]
    return {r.slug: r for r in build(project, pack_files(project), settings)}


def rebuilt(results: dict[str, PackResult]) -> set[str]:
    return {slug for slug, result in results.items() if not result.skipped}


def snapshot(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_no_op_build_rebuilds_nothing_and_writes_no_file(two_packs: Path) -> None:
    assert rebuilt(run(two_packs)) == {SEED_PACK, "other"}
    before = snapshot(two_packs / "build")
    results = run(two_packs)
    assert rebuilt(results) == set()
    assert all(r.ok for r in results.values())
    assert snapshot(two_packs / "build") == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda root: root / "seeds" / "other.txt", {"other"}),
        (lambda root: root / "seeds" / "other.ann.yaml", {"other"}),
        (lambda root: root / "briefs" / f"{SEED_PACK}.yaml", {SEED_PACK}),
    ],
    ids=["article", "annotation", "pack"],
)
def test_an_input_change_rebuilds_only_its_packs(two_packs: Path, change, expected) -> None:  # type: ignore[no-untyped-def]
    run(two_packs)
    path: Path = change(two_packs)
    path.write_text(path.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert rebuilt(run(two_packs)) == expected


def test_template_and_config_changes_rebuild_every_pack(two_packs: Path) -> None:
    run(two_packs)
    templates = two_packs / "templates" / "partials"
    templates.mkdir(parents=True)
    (templates / "glossary.html.j2").write_text("<section id=glossary><h2>Terms</h2></section>\n")
    assert rebuilt(run(two_packs)) == {SEED_PACK, "other"}
    assert rebuilt(run(two_packs)) == set()
    (two_packs / "briefs.yaml").write_text("classifications: {OFFICIAL: '#000000'}\n", "utf-8")
    assert rebuilt(run(two_packs)) == {SEED_PACK, "other"}


def test_code_version_change_rebuilds_every_pack(
    two_packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(two_packs)
    monkeypatch.setattr(incremental, "code_version", lambda: "a newer release")
    assert rebuilt(run(two_packs)) == {SEED_PACK, "other"}


def test_option_change_rebuilds(two_packs: Path) -> None:
    run(two_packs)
    assert rebuilt(run(two_packs, strict=True)) == {SEED_PACK, "other"}


@pytest.mark.parametrize("damage", ["delete", "edit", "corrupt-manifest", "wrong-manifest"])
def test_damaged_outputs_or_manifests_are_rebuilt_not_trusted(two_packs: Path, damage: str) -> None:
    run(two_packs)
    html = two_packs / "build" / SEED_PACK / "index.html"
    manifest = incremental.manifest_path(two_packs / "build", SEED_PACK)
    if damage == "delete":
        html.unlink()
    elif damage == "edit":
        html.write_text("<p>tampered</p>", "utf-8")
    elif damage == "corrupt-manifest":
        manifest.write_bytes(b"{not json")
    else:
        manifest.write_text('{"fingerprint": 1}', "utf-8")
    assert rebuilt(run(two_packs)) == {SEED_PACK}
    assert "tampered" not in html.read_text("utf-8")


def test_force_rebuilds_everything(two_packs: Path) -> None:
    run(two_packs)
    assert rebuilt(run(two_packs, force=True)) == {SEED_PACK, "other"}


def test_parallel_build_gives_the_same_files_in_the_same_order(two_packs: Path) -> None:
    serial = run(two_packs)
    serial_files = {p.relative_to(two_packs): p.read_bytes() for p in snapshot(two_packs / "build")}
    shutil.rmtree(two_packs / "build")
    parallel = run(two_packs, jobs=2)
    assert list(parallel) == list(serial) == sorted(serial)
    assert {
        p.relative_to(two_packs): p.read_bytes() for p in snapshot(two_packs / "build")
    } == serial_files


def test_a_pack_of_the_same_name_elsewhere_is_not_up_to_date(two_packs: Path) -> None:
    """build/.briefs/other.json belongs to briefs/other.yaml, not to elsewhere/other.yaml."""
    run(two_packs)
    elsewhere = two_packs / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(two_packs / "briefs" / "other.yaml", elsewhere / "other.yaml")
    project = find_project(two_packs)
    settings = BuildOptions(out=two_packs / "build", pdf=False)
    [result] = build(project, [elsewhere / "other.yaml"], settings)
    assert not result.skipped
