"""The no-op fast path: decided from the manifests before any heavy import, and never
wrong: any change to an input, a template, the config, the code, an option, an output
or a build date that changes a finding sends the build down the full path."""

from __future__ import annotations

import compileall
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import incremental, noop
from generator.build.noop import Request
from tests.conftest import SEED_CHECKS, SEED_ID, SEED_PACK, SEED_WARNINGS, Run

HEAVY = ("pydantic", "jinja2", "markdown_it", "spacy", "weasyprint", "yaml", "rapidfuzz")


@pytest.fixture
def built(project: Path, briefs: Callable[..., Run]) -> Path:
    """The seed project, built once (HTML only) at the tests' build date."""
    assert briefs("build", "--no-pdf", cwd=project).status == 0
    return project


def fresh(root: Path, **asked: object) -> list[str] | None:
    """The packs the fast path finds up to date (None: it hands over to the full build)."""
    request = Request(pdf=False, **asked)  # type: ignore[arg-type]
    found = noop.up_to_date(root, request)
    return None if found is None else [pack.slug for pack in found[1]]


def test_an_unchanged_project_is_up_to_date(built: Path) -> None:
    assert fresh(built) == [SEED_PACK]
    assert fresh(built, packs=(built / "briefs" / f"{SEED_PACK}.yaml",)) == [SEED_PACK]
    assert fresh(built, shard=(1, 1)) == [SEED_PACK]


@pytest.mark.parametrize(
    "change",
    [
        f"seeds/{SEED_ID}.txt",
        f"seeds/{SEED_ID}.ann.yaml",
        f"briefs/{SEED_PACK}.yaml",
        "briefs.yaml",
        "people.yaml",
        "templates/partials/summary.html.j2",
        "briefs/templates/print.css",
        f"seeds/{SEED_ID}.md",
        "briefs/another.yaml",
    ],
)
def test_any_input_change_hands_over_to_the_full_build(built: Path, change: str) -> None:
    path = built / change
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((path.read_text("utf-8") if path.exists() else "") + "\n# edited\n")
    assert fresh(built) is None


def test_a_changed_or_missing_output_or_manifest_hands_over(built: Path) -> None:
    html = built / "build" / SEED_PACK / "index.html"
    html.write_text(html.read_text("utf-8") + " ", "utf-8")
    assert fresh(built) is None
    html.unlink()
    assert fresh(built) is None


@pytest.mark.parametrize("damaged", [f"{SEED_PACK}.json", noop.STAMP])
def test_a_damaged_manifest_or_stamp_hands_over(built: Path, damaged: str) -> None:
    (built / "build" / incremental.MANIFEST_DIR / damaged).write_text("{not json")
    assert fresh(built) is None


def test_a_code_change_hands_over(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(incremental, "code_version", lambda: "a newer release")
    assert fresh(built) is None


def test_the_code_version_is_the_sources_not_their_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing the bytecode (`make setup`, the bench) leaves every pack up to date; an edit
    of a module or of a data file of the package does not."""
    code = tmp_path / "generator"
    (code / "build").mkdir(parents=True)
    module = code / "build" / "stage.py"
    module.write_text("STAGE = 1\n", "utf-8")
    (code / "names.yaml").write_text("places: []\n", "utf-8")
    monkeypatch.setattr(incremental, "CODE", code)

    def version() -> str:
        incremental.code_version.cache_clear()
        return incremental.code_version()

    before = version()
    compileall.compile_dir(code, quiet=1)
    assert list(code.rglob("*.pyc"))
    assert version() == before
    module.write_text("STAGE = 2\n", "utf-8")
    edited = version()
    assert edited != before
    (code / "names.yaml").write_text("places: [Here]\n", "utf-8")
    assert version() not in (before, edited)
    incremental.code_version.cache_clear()


@pytest.mark.parametrize(
    "asked",
    [{"strict": True}, {"pdf_variant": "none"}, {"shard": (2, 2)}, {"out": Path("elsewhere")}],
)
def test_other_options_hand_over(built: Path, asked: dict[str, object]) -> None:
    assert fresh(built, **asked) is None


def test_the_build_date_counts_only_where_a_finding_changes(built: Path) -> None:
    """The seed's open follow-ups are due 2026 and 2030: the findings made on the tests'
    build date (2025-10-28) hold until 31 December 2026, not from 1 January 2027."""
    manifest = incremental.read_manifest(incremental.manifest_path(built / "build", SEED_PACK))
    assert manifest is not None
    assert manifest.window == (None, dt.date(2027, 1, 1))
    assert fresh(built, today=dt.date(2026, 12, 31)) == [SEED_PACK]
    assert fresh(built, today=dt.date(2027, 1, 1)) is None


# What the entry point's quick answer (cli/entry.py) must not import either: the CLI's
# parser and its colours, and every stage of the build line.
QUICK_HEAVY = (
    "click",
    "rich",
    "generator.model",
    "generator.load.pack",
    "generator.load.sources",
    "generator.build.pipeline",
    "generator.checks",
    "generator.render.html",
    "generator.nlp",
    "generator.pdf",
    "generator.exports",
)


def _imported(module: str, cwd: Path) -> list[str]:
    """The modules a `briefs build --no-pdf` through `module`'s main leaves imported."""
    code = (
        "import sys\n"
        f"from generator.cli.{module} import main\n"
        "sys.argv = ['briefs', 'build', '--no-pdf']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def _under(modules: list[str], roots: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == r or m.startswith(f"{r}.") for r in roots)]


def test_the_quick_answer_imports_no_stage_of_the_build(built: Path) -> None:
    assert _under(_imported("entry", built), HEAVY + QUICK_HEAVY) == []
    # the same listing sees the click app's own imports
    assert "click" in _imported("app", built)


def test_a_no_op_build_imports_nothing_heavy_and_prints_one_line_per_pack(
    built: Path, briefs: Callable[..., Run]
) -> None:
    code = (
        "import sys\n"
        "from generator.cli.app import main\n"
        "sys.argv = ['briefs', 'build', '--no-pdf']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=built, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert done.stderr.splitlines() == [
        f"up to date briefs/{SEED_PACK}.yaml (0 errors, {SEED_WARNINGS} warnings)",
        f"0 errors, {SEED_WARNINGS} warnings",
    ]
    verbose = briefs("build", "--no-pdf", "--verbose", cwd=built)
    assert sum("warning[" in line for line in verbose.lines) == SEED_WARNINGS
    machine = briefs("build", "--no-pdf", "--diagnostics", "json", cwd=built)
    assert len(json.loads(machine.stdout)["diagnostics"]) == len(SEED_CHECKS)


def test_the_full_build_is_quiet_about_packs_it_skips(
    built: Path, briefs: Callable[..., Run]
) -> None:
    """A pack skipped by the full build (another one changed) is summarised too."""
    other = built / "briefs" / "other.yaml"
    other.write_text((built / "briefs" / f"{SEED_PACK}.yaml").read_text("utf-8"), "utf-8")
    run = briefs("build", "--no-pdf", cwd=built)
    assert run.status == 0
    skipped = f"[1/2] up to date briefs/{SEED_PACK}.yaml (0 errors, {SEED_WARNINGS} warnings)"
    assert skipped in run.lines
    assert run.lines[-1] == f"0 errors, {2 * SEED_WARNINGS} warnings"
    assert sum("warning[" in line for line in run.lines) == SEED_WARNINGS  # other's, once


def test_whether_one_pack_is_asked_for_is_told_before_the_config_is_read(project: Path) -> None:
    """What decides whether a build forks its PDF worker before the models are imported."""
    seed = project / "briefs" / f"{SEED_PACK}.yaml"
    assert noop.one_pack(project, Request())
    (project / "briefs" / "second.yaml").write_text(seed.read_text("utf-8"), "utf-8")
    assert not noop.one_pack(project, Request())
    assert noop.one_pack(project, Request(packs=(seed,)))
    assert noop.one_pack(project, Request(shard=(2, 2)))
    # Another packs folder, as the last build's stamp recorded it.
    (project / "packs").mkdir()
    seed.rename(project / "packs" / seed.name)
    stamp = project / "build" / incremental.MANIFEST_DIR / noop.STAMP
    stamp.parent.mkdir(parents=True)
    stamp.write_text(json.dumps({"briefs_dir": "packs"}), "utf-8")
    assert noop.one_pack(project, Request())
    stamp.write_text(json.dumps({"briefs_dir": "../elsewhere"}), "utf-8")
    assert not noop.one_pack(project, Request())
