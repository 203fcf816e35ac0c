"""The exports (CSV, iCalendar, JSON) are made while the warm worker makes the PDF, not
before the PDF is handed over; `briefs serve`'s PDF on demand makes no exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.build.pipeline import BuildOptions, pdf_of, run_pack
from generator.exports import files
from generator.load.pack import find_project
from generator.pdf import worker
from tests.conftest import SEED_PACK


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []

    def start(job: worker.PdfJob) -> Any:
        seen.append("PDF handed over")

        def wait() -> worker.PdfDone:
            seen.append("PDF waited for")
            return worker.PdfDone(b"%PDF-", [], [])

        return wait

    real = files.export_files

    def export_files(*args: Any) -> dict[Path, bytes]:
        seen.append("exports")
        return real(*args)

    monkeypatch.setattr(worker, "start", start)
    monkeypatch.setattr(files, "export_files", export_files)
    return seen


def test_the_exports_are_made_while_the_pdf_is(project: Path, events: list[str]) -> None:
    out = project / "build"
    run = run_pack(
        find_project(project), project / "briefs" / f"{SEED_PACK}.yaml", BuildOptions(out=out)
    )
    assert events == ["PDF handed over", "exports", "PDF waited for"]
    assert {out / f"{SEED_PACK}.follow-ups.ics", out / f"{SEED_PACK}.pdf"} <= set(run.written)


def test_without_a_pdf_the_exports_are_made_all_the_same(project: Path, events: list[str]) -> None:
    out = project / "build"
    options = BuildOptions(out=out, pdf=False)
    run = run_pack(find_project(project), project / "briefs" / f"{SEED_PACK}.yaml", options)
    assert events == ["exports"]
    assert out / f"{SEED_PACK}.json" in run.written


def test_the_pdf_on_demand_makes_no_exports(project: Path, events: list[str]) -> None:
    options = BuildOptions(out=project / "build", preview=True)
    path = project / "briefs" / f"{SEED_PACK}.yaml"
    run = run_pack(find_project(project), path, options, until="render")
    pdf, _ = pdf_of(run)
    assert pdf == b"%PDF-"
    assert events == ["PDF handed over", "PDF waited for"]
