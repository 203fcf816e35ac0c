"""The CI workflow: it passes actionlint, and its steps, run here, put every PDF in an artifact."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, SEED_ID, SEED_PACK

WORKFLOW = REPO / ".github" / "workflows" / "briefs.yml"
BIN = Path(sys.executable).parent


def workflow() -> dict[str, Any]:
    return dict(yaml.safe_load(WORKFLOW.read_text(encoding="utf-8")))


def step(job: str, name: str) -> dict[str, Any]:
    return next(s for s in workflow()["jobs"][job]["steps"] if s.get("name") == name)


def test_workflow_passes_actionlint() -> None:
    completed = subprocess.run(
        [str(BIN / "actionlint"), "-no-color", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (completed.returncode, completed.stdout) == (0, "")


def test_workflow_runs_on_push_and_pull_request_and_checks_inline() -> None:
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    assert (
        "briefs check --diagnostics github"
        in step("check", "Check (findings are shown inline on the files)")["run"]
    )
    assert "--diagnostics github" in step("build", "Build PDFs and HTML")["run"]


def test_publish_refuses_drafts_before_it_uploads(project: Path) -> None:
    """briefing-packs is made only after `--release` passed: drafts stay shard previews."""
    steps = workflow()["jobs"]["publish"]["steps"]
    names = [s.get("name") for s in steps]
    release = names.index("Refuse drafts (release check)")
    assert steps[release]["run"] == "briefs check --release --diagnostics github"
    assert release < names.index("Upload every pack")
    assert bash(steps[release]["run"], project, {}, check=False) == 0  # the seed packs are final
    (project / "seeds" / f"{SEED_ID}.ann.yaml").write_text(
        (project / "seeds" / f"{SEED_ID}.ann.yaml")
        .read_text(encoding="utf-8")
        .replace("facts:\n  - ", "facts:\n  - confirmed: false\n    ", 1),
        encoding="utf-8",
    )
    assert bash(steps[release]["run"], project, {}, check=False) == 1


def bash(script: str, cwd: Path, env: dict[str, str], check: bool = True) -> int:
    path = f"{BIN}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, **env, "PATH": path},
        check=check,
        timeout=600,
    ).returncode


def outputs(file: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in file.read_text().splitlines())


def uploaded(root: Path, paths: str) -> set[str]:
    """The files upload-artifact takes for a `path:` list of folders, globs and !exclusions."""
    taken: set[str] = set()
    excluded: set[str] = set()
    for pattern in paths.split():
        target = excluded if pattern.startswith("!") else taken
        path = pattern.removeprefix("!")
        for found in root.glob(path) if any(c in path for c in "*?[") else [root / path]:
            files = (
                [p for p in found.rglob("*") if p.is_file()]
                if found.is_dir()
                else [found]
                if found.is_file()
                else []
            )
            target.update(p.relative_to(root).as_posix() for p in files)
    return taken - excluded


@pytest.mark.slow
def test_workflow_steps_put_every_pdf_in_an_artifact(project: Path, tmp_path: Path) -> None:
    """Run plan, then each matrix job's build, then publish, as GitHub would; find the PDFs."""
    shutil.copy(project / "briefs" / f"{SEED_PACK}.yaml", project / "briefs" / "second-pack.yaml")
    env = {k: str(v) for k, v in workflow()["env"].items()} | {"PACKS_PER_SHARD": "1"}

    plan_out = tmp_path / "plan-output"
    bash(step("plan", "Count the packs")["run"], project, env | {"GITHUB_OUTPUT": str(plan_out)})
    plan = outputs(plan_out)
    assert (plan["count"], json.loads(plan["shards"])) == ("2", [1, 2])

    build = step("build", "Build PDFs and HTML")
    upload = step("build", "Upload this shard's packs")
    artifacts: dict[str, set[str]] = {}
    for shard in json.loads(plan["shards"]):
        shutil.rmtree(project / "build", ignore_errors=True)
        shard_env = {
            "SHARD": build["env"]["SHARD"]
            .replace("${{ matrix.shard }}", str(shard))
            .replace("${{ needs.plan.outputs.count }}", plan["count"])
        }
        bash(build["run"], project, env | shard_env)
        name = upload["with"]["name"].replace("${{ matrix.shard }}", str(shard))
        artifacts[name] = uploaded(project, upload["with"]["path"])
        merged = tmp_path / "merged"  # what download-artifact with merge-multiple makes
        for relative in artifacts[name]:
            (merged / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(project / relative, merged / relative)

    assert sorted(artifacts) == ["packs-1", "packs-2"]
    pdfs = sorted(f for files in artifacts.values() for f in files if f.endswith(".pdf"))
    assert pdfs == [f"build/{SEED_PACK}.pdf", "build/second-pack.pdf"]
    assert all(
        f"build/{slug}/index.html" in set().union(*artifacts.values())
        for slug in ("second-pack", SEED_PACK)
    )

    assert not any("desk" in f or f == "build/index.html" for f in set().union(*artifacts.values()))
    publish = step("publish", "List the packs on one page")
    bash(publish["run"], tmp_path / "merged", env)
    index = (tmp_path / "merged" / "build" / "index.html").read_text(encoding="utf-8")
    assert (
        f'<a href="{SEED_PACK}.pdf">PDF</a>' in index
        and '<a href="second-pack.pdf">PDF</a>' in index
    )
    assert (tmp_path / "merged" / "build" / "desk.ics").is_file()
    final = workflow()["jobs"]["publish"]["steps"][-1]["with"]
    assert (final["name"], final["path"]) == ("briefing-packs", "build/")
