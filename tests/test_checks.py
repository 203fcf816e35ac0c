"""The check stage: one fixture project per check (tests/checks/NAME/, its expected lines in
expected.txt), the seed packs' exact findings, the checks page, CI formats and --today."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.pipeline import check_pack
from generator.checks import spelling_variant
from generator.load.pack import find_project
from generator.nlp.reader import Reader, make_reader

from .conftest import SEED_CHECKS, SEED_ID, SEED_PACK, SEED_WARNINGS, Run

CHECKS = Path(__file__).resolve().parent / "checks"
FIXTURES = sorted(p.name for p in CHECKS.iterdir() if (p / "expected.txt").is_file())
TODAY = "2025-10-28"
SEED_FINDINGS = [*SEED_CHECKS, f"0 errors, {SEED_WARNINGS} warnings"]


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """One spaCy reader for every fixture (the model loads once), caching in a temp folder."""
    cache = tmp_path_factory.mktemp("checks-cache")
    return make_reader(cache, None, None)


@pytest.mark.slow
@pytest.mark.parametrize("name", FIXTURES)
def test_check_fixture(name: str, reader: Reader, tmp_path: Path) -> None:
    root = tmp_path / name
    shutil.copytree(CHECKS / name, root)
    project = find_project(root)
    _, found = check_pack(
        project, root / "briefs" / f"{name}.yaml", reader=reader, today=dt.date(2025, 10, 28)
    )
    expected = (CHECKS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [str(d) for d in found] == expected


def test_every_check_code_has_a_fixture() -> None:
    from generator.errors import CATALOGUE

    # C449 is `briefs confirm`'s own, not a check (tests/tools/test_confirm.py).
    codes = {c for c in CATALOGUE if c.startswith("C4")} - {"C449"}
    covered = set()
    for name in FIXTURES:
        for line in (CHECKS / name / "expected.txt").read_text(encoding="utf-8").splitlines():
            covered.add(line.split("[", 1)[1].split("]", 1)[0])
    assert codes == covered


@pytest.mark.slow
def test_seed_pack_check_reports_exactly_its_findings(
    project: Path, briefs: Callable[..., Run]
) -> None:
    run = briefs("check", f"briefs/{SEED_PACK}.yaml", "--today", TODAY, cwd=project)
    assert run.status == 0
    assert run.lines == SEED_FINDINGS


@pytest.mark.slow
def test_seed_pack_warnings_fail_under_strict(project: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("check", "--strict", f"briefs/{SEED_PACK}.yaml", "--today", TODAY, cwd=project)
    assert run.status == 1
    assert run.lines == SEED_FINDINGS


@pytest.mark.slow
def test_second_pack_has_only_information_at_its_own_date(
    repo_project: Path, briefs: Callable[..., Run]
) -> None:
    pack = "briefs/thailand-us-alliance-2022.yaml"
    run = briefs("check", pack, "--today", "2022-11-18", cwd=repo_project)
    assert run.status == 0
    assert run.lines[-1] == "0 errors, 0 warnings"
    assert {line.split(": ")[1] for line in run.lines[:-1]} == {"info[C430]", "info[C431]"}


@pytest.mark.slow
def test_follow_ups_become_overdue_as_the_build_date_passes(
    repo_project: Path, briefs: Callable[..., Run]
) -> None:
    pack = "briefs/thailand-us-alliance-2022.yaml"
    run = briefs("check", pack, "--today", "2024-01-02", cwd=repo_project)
    overdue = [line for line in run.lines if "[C403]" in line]
    assert overdue[-1] == (
        "seeds/state-2022-11-17-blinken-don-meeting.ann.yaml:35:10: warning[C403]: follow-up"
        " 'Mark 190 years of Thailand–United States diplomatic relations' was due 2023 and is"
        " still open (overdue since 2024-01-01)"
    )
    assert len(overdue) == 3


@pytest.mark.slow
def test_findings_reach_ci_as_json_and_workflow_commands(
    project: Path, briefs: Callable[..., Run]
) -> None:
    pack = f"briefs/{SEED_PACK}.yaml"
    run = briefs("check", pack, "--today", TODAY, "--diagnostics", "json", cwd=project)
    document = json.loads(run.stdout)
    assert document["warnings"] == SEED_WARNINGS
    alias = next(d for d in document["diagnostics"] if d["code"] == "C410")
    assert (alias["path"], alias["line"], alias["col"]) == (f"seeds/{SEED_ID}.txt", 1, 393)
    assert alias["text"] == next(f for f in SEED_FINDINGS if "[C410]" in f)
    run = briefs("check", pack, "--today", TODAY, "--diagnostics", "github", cwd=project)
    commands = run.stdout.splitlines()
    assert (
        f"::warning file=seeds/{SEED_ID}.txt,line=2,col=465,title=C401::target date 'by 2024'"
        " is before the article's date (2025-10-27); check the source"
    ) in commands
    assert sum(c.startswith("::notice ") for c in commands) == 4


@pytest.mark.slow
def test_checks_page_lists_findings_linked_to_passages(
    project: Path, briefs: Callable[..., Run]
) -> None:
    run = briefs("build", "--no-pdf", "--today", TODAY, cwd=project)
    assert run.status == 0, run.stderr
    page = (project / "build" / SEED_PACK / "checks.html").read_text("utf-8")
    index = (project / "build" / SEED_PACK / "index.html").read_text("utf-8")
    assert page.index(f"Warnings ({SEED_WARNINGS})") < page.index("For information (4)")
    assert f'<a href="index.html#article-1-p2">seeds/{SEED_ID}.txt:2:465</a>' in page
    assert 'id="article-1-p2"' in index
    assert f'<a href="index.html#{SEED_ID}-followup-3">' in page
    # The pack's page links to its checks on screen only: print.css hides the links, so
    # the PDF never shows the checks.
    assert index.count("checks.html") == 1 and '<nav class="pack-files"' in index
    assert (
        ".pack-files { display: none; }"
        in (project / "build" / SEED_PACK / "print.css").read_text()
    )
    manifest = json.loads((project / "build" / ".briefs" / f"{SEED_PACK}.json").read_text())
    assert f"{SEED_PACK}/checks.html" in manifest["outputs"]


@pytest.mark.slow
def test_build_date_decides_whether_a_build_is_up_to_date(
    project: Path, briefs: Callable[..., Run]
) -> None:
    assert briefs("build", "--no-pdf", "--today", TODAY, cwd=project).status == 0
    # The seed's open follow-ups are due 2026 and 2030: its findings are the same on
    # every day of 2026, different from 1 January 2027, when the first turns overdue.
    for day, verb in [
        (TODAY, "up to date"),
        ("2026-12-31", "up to date"),
        ("2027-01-01", "built"),
        ("2027-06-01", "up to date"),
        ("2026-06-01", "built"),
        ("2031-01-02", "built"),
    ]:
        again = briefs("build", "--no-pdf", "--today", day, cwd=project)
        said = [
            line.split(" briefs/")[0]
            for line in again.lines
            if line.startswith(("built", "up to date"))
        ]
        assert said == [verb], (day, again.lines)
    page = (project / "build" / SEED_PACK / "checks.html").read_text("utf-8")
    assert "was due 2030 and is still open (overdue since 2031-01-01)" in page


@pytest.mark.slow
def test_changed_article_makes_its_quote_an_error_with_the_closest_passage(
    project: Path, briefs: Callable[..., Run]
) -> None:
    assert briefs("build", "--no-pdf", "--today", TODAY, cwd=project).status == 0
    article = project / "seeds" / f"{SEED_ID}.txt"
    text = article.read_text("utf-8")
    article.write_text(
        text.replace("Thailand served as the coordinator", "Thailand acted as coordinator"), "utf-8"
    )
    run = briefs("build", "--no-pdf", "--today", TODAY, cwd=project)
    assert run.status == 1
    assert run.lines[0] == (
        f"seeds/{SEED_ID}.ann.yaml:15:12: error[B301]: quote not found in seeds/{SEED_ID}.txt;"
        ' closest (88%): "forum. Thailand acted as coordinator for ASEAN-South Korea relations.'
        ' According"; the text has "acted" where the quote has "served"'
    )


def test_invalid_people_file_is_a_positioned_error(
    project: Path, briefs: Callable[..., Run]
) -> None:
    (project / "people.yaml").write_text("people:\n  - name: Lee Jae-myung\n    alias: [Lee]\n")
    run = briefs("check", f"briefs/{SEED_PACK}.yaml", cwd=project)
    assert run.status == 1
    assert run.lines[0] == (
        "people.yaml:3:5: error[B101]: unknown key 'alias'; did you mean 'aliases'?"
    )


@pytest.mark.parametrize(
    ("name", "canonical", "variant"),
    [
        ("Lee Chae-myung", "Lee Jae-myung", True),
        ("Don Pramudvinai", "Don Pramudwinai", True),
        ("Secretary Blinken", "Antony J. Blinken", False),  # a titled short form
        ("Blinken", "Antony J. Blinken", False),
        ("Deputy Prime Minister Don", "Don Pramudwinai", False),
        ("Lee Jae Myung", "Lee Jae-myung", False),  # the same letters
        ("Wang Yi", "Wang Yang", False),
    ],
)
def test_spelling_variant(name: str, canonical: str, variant: bool) -> None:
    assert spelling_variant(name, canonical) is variant


def test_only_a_capitalised_word_written_in_lower_case_is_a_wrong_case() -> None:
    from generator.checks import _wrong_case

    parts = ["Kuala", "Lumpur"]
    assert _wrong_case("Kuala lumpur", parts)
    assert not _wrong_case("KUALA LUMPUR", parts)  # a dateline
    assert not _wrong_case("kuala lumpur", parts)  # no capital at all: not read as a name
    assert not _wrong_case("Paris agreement", ["Paris", "Agreement"])  # a house style


@pytest.mark.parametrize(
    "due", ["2023", "2023-12", "2024-02", "2024-02-28", "2024-02-29", "2023-12-31"]
)
def test_a_follow_up_turns_overdue_on_the_day_stable_dates_records(due: str) -> None:
    """_day_after(due) is the first build date on which dates.is_past(due, date) holds,
    so the window an incremental build records ends exactly where C403 changes."""
    from generator.checks import _day_after
    from generator.nlp import dates

    turn = _day_after(due)
    assert dates.is_past(due, turn)
    assert not dates.is_past(due, turn - dt.timedelta(days=1))
