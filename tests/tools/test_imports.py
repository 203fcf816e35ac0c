"""`briefs import`: spans from Label Studio, doccano, Prodigy and brat become checked quotes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import Position
from generator.tools.imports.check import check_span
from generator.tools.imports.spans import Span
from tests.conftest import FIXTURES, SEED_ID, Run

ANNOTATION = f"seeds/{SEED_ID}.ann.yaml"


@pytest.fixture
def exports(project: Path) -> Path:
    """The fixtures inside the project (so paths print relative), the seed's annotation gone."""
    shutil.copytree(FIXTURES / "imports", project / "exports")
    (project / ANNOTATION).unlink()
    return project


def imported(project: Path) -> dict[str, Any]:
    return dict(yaml.safe_load((project / ANNOTATION).read_text(encoding="utf-8")))


def quotes(data: dict[str, Any], key: str) -> list[str]:
    return [item["quote"] for item in data[key]]


def builds(project: Path, briefs: Callable[..., Run]) -> None:
    """The imported anchors hold: the seed pack builds on them."""
    run = briefs("build", "--no-pdf", cwd=project)
    assert run.status == 0, run.stderr


def test_label_studio(exports: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("import", "exports/label_studio_export.json", cwd=exports)
    assert run.status == 0, run.stderr
    assert run.lines == [
        "exports/label_studio_export.json:25:22: warning[E913]: span 472-569: the export's text "
        "differs from the text at its offsets in whitespace only, from character 67: the text has "
        '"a relations.\\nAccording t", the export "a relations. According t"; using the offsets',
        f"wrote {ANNOTATION} from exports/label_studio_export.json (facts: 3, proposals: 1, follow-ups: 1)",
        "0 errors, 1 warning",
    ]
    data = imported(exports)
    assert quotes(data, "facts") == [
        "Mr. Anutin Charnvirakul, Prime Minister and Minister of Interior, attended the 26th ASEAN-Republic of Korea Summit",
        "Thailand served as the coordinator for ASEAN-South Korea relations. According to Thai News Agency",
        "cybercrime",
    ]
    assert data["facts"][2]["occurrence"] == 2  # the second "cybercrime", where the span was
    assert data["proposals"][0]["by"] == "TODO"
    assert data["follow_ups"][0] == {
        "confirmed": False,  # imported, so a draft until an editor confirms it
        "action": "upgrading the ASEAN-Korea Trade Agreement (AKFTA) in 2026",
        "status": "open",
        "quote": "upgrading the ASEAN-Korea Trade Agreement (AKFTA) in 2026",
    }
    text = (exports / ANNOTATION).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/annotation.schema.json\n")
    builds(exports, briefs)


def test_label_studio_mismatches_are_errors_and_nothing_is_written(
    exports: Path, briefs: Callable[..., Run]
) -> None:
    run = briefs("import", "exports/label_studio_mismatch.json", cwd=exports)
    assert run.status == 1
    assert run.lines[1:] == [
        "exports/label_studio_mismatch.json:40:22: error[E912]: span 1405-1415 gives other text "
        'than the export claims, from character 5: the text has "cybercrime", the export "cyber-crime"',
        "exports/label_studio_mismatch.json:55:22: error[E912]: span 2247-2305 gives other text "
        'than the export claims, from character 0: the text has "ort for Sout", the export '
        '"support for "; that text is at 2243-2305',
        "exports/label_studio_mismatch.json:70:22: error[E911]: span 1582-3166 ('Follow-up') is "
        "outside the text (0-3126)",
        "3 errors, 1 warning",
    ]
    assert not (exports / ANNOTATION).exists()


def test_doccano_with_a_label_mapping(exports: Path, briefs: Callable[..., Run]) -> None:
    run = briefs(
        "import",
        "exports/doccano_export.jsonl",
        "--labels",
        "exports/doccano_labels.yaml",
        cwd=exports,
    )
    assert run.status == 0, run.stderr
    assert run.lines == [
        f"wrote {ANNOTATION} from exports/doccano_export.jsonl (facts: 1, proposals: 1, follow-ups: 1)",
        "0 errors, 0 warnings",
    ]
    data = imported(exports)
    # doccano's span ends after the newline; the quote does not.
    assert quotes(data, "facts") == [
        "Thailand served as the coordinator for ASEAN-South Korea relations."
    ]
    assert quotes(data, "follow_ups") == ["implementing the new ASEAN-ROK Work Plan 2026-2030"]
    builds(exports, briefs)


def test_doccano_unmapped_label_is_a_warning(exports: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("import", "exports/doccano_export.jsonl", cwd=exports)
    assert run.status == 0
    assert run.lines[0] == (
        "exports/doccano_export.jsonl:1:3189: warning[E914]: label 'ORG' is not mapped to facts, "
        "proposals or follow_ups; its spans are skipped (pass --labels FILE to map it)"
    )


def test_doccano_document_not_in_seeds(exports: Path, briefs: Callable[..., Run]) -> None:
    run = briefs(
        "import",
        "exports/doccano_unknown_article.jsonl",
        "--labels",
        "exports/doccano_labels.yaml",
        cwd=exports,
    )
    assert run.status == 1
    assert run.lines == [
        "exports/doccano_unknown_article.jsonl:2:1: error[E915]: no article in seeds/ has this "
        'document\'s text ("Jakarta: An unrelated article that is not in seeds..."); add it as '
        "seeds/NAME.txt or pass --article NAME",
        "1 error, 0 warnings",
    ]


def test_prodigy_accepted_spans_only(exports: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("import", "exports/prodigy_export.jsonl", cwd=exports)
    assert run.status == 0, run.stderr
    data = imported(exports)
    assert quotes(data, "facts") == [
        "This marked the first time that Mr. Lee Chae-myung, President of South Korea, met with ASEAN leaders at this forum."
    ]  # the rejected example's "Kuala" span is not imported
    assert quotes(data, "proposals") == ["Clean Air for Sustainable ASEAN"]
    builds(exports, briefs)


def test_prodigy_tokens_that_disagree(exports: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("import", "exports/prodigy_token_mismatch.jsonl", cwd=exports)
    assert run.status == 0
    assert run.lines[0] == (
        "exports/prodigy_token_mismatch.jsonl:1:40048: warning[E918]: span 2665-2696 disagrees "
        "with its tokens, which cover 2665-2697; using the character offsets"
    )


def test_brat(exports: Path, briefs: Callable[..., Run]) -> None:
    run = briefs("import", f"exports/brat/{SEED_ID}.ann", cwd=exports)
    assert run.status == 0, run.stderr
    ann = f"exports/brat/{SEED_ID}.ann"
    assert run.lines == [
        f"{ann}:5:1: warning[E916]: discontinuous span 240 263;306 354: imported as one quote "
        "from its first to last offset",
        f"{ann}:1:1: warning[E913]: span 472-569: the export's text differs from the text at its "
        'offsets in whitespace only, from character 67: the text has "a relations.\\nAccording t", '
        'the export "a relations. According t"; using the offsets',
        f"{ann}:4:1: warning[E914]: label 'Person' is not mapped to facts, proposals or "
        "follow_ups; its spans are skipped (pass --labels FILE to map it)",
        f"wrote {ANNOTATION} from {ann} (facts: 2, proposals: 1, follow-ups: 1)",
        "0 errors, 3 warnings",
    ]
    assert quotes(imported(exports), "follow_ups") == ["political cooperation will be strengthened"]
    builds(exports, briefs)


def test_existing_annotation_needs_merge(project: Path, briefs: Callable[..., Run]) -> None:
    shutil.copytree(FIXTURES / "imports", project / "exports")
    before = yaml.safe_load((project / ANNOTATION).read_text(encoding="utf-8"))
    run = briefs("import", "exports/prodigy_export.jsonl", cwd=project)
    assert run.status == 1
    assert (
        run.lines[0]
        == f"{ANNOTATION}: error[E917]: exists; pass --merge to add the imported items to it"
    )
    run = briefs("import", "exports/prodigy_export.jsonl", "--merge", cwd=project)
    assert run.status == 0, run.stderr
    after = imported(project)
    assert after["facts"][: len(before["facts"])] == before["facts"]
    # The fact and the follow-up are already there (same quotes): only the proposal is new.
    assert len(after["facts"]) == len(before["facts"])
    assert len(after["follow_ups"]) == len(before["follow_ups"])
    assert quotes(after, "proposals") == [
        *quotes(before, "proposals"),
        "Clean Air for Sustainable ASEAN",
    ]
    builds(project, briefs)


def test_bad_label_mapping(exports: Path, briefs: Callable[..., Run]) -> None:
    (exports / "labels.yaml").write_text("FACT: facts\nPROPOSAL: proposal\n", encoding="utf-8")
    run = briefs("import", "exports/doccano_export.jsonl", "--labels", "labels.yaml", cwd=exports)
    assert run.status == 1
    assert run.lines[0] == (
        "labels.yaml:2:11: error[E919]: label 'PROPOSAL': expected one of "
        "['facts', 'proposals', 'follow_ups', 'ignore'], got 'proposal'"
    )


def test_unknown_format(exports: Path, briefs: Callable[..., Run]) -> None:
    (exports / "notes.jsonl").write_text('{"whatever": 1}\n', encoding="utf-8")
    run = briefs("import", "notes.jsonl", cwd=exports)
    assert run.status == 1
    assert run.lines[0] == (
        "notes.jsonl: error[E910]: cannot tell the export format; pass --format "
        "label-studio|doccano|prodigy|brat"
    )


def test_utf16_offsets_are_understood() -> None:
    """Label Studio counts in UTF-16 code units, so an emoji before a span shifts it by one."""
    text = "Leaders \U0001f91d agreed on a joint fund."
    span = Span(21, 33, "Fact", "a joint fund", Position("x.json", 1, 1))
    assert check_span(text, span) == ((20, 32), [])


def test_whitespace_at_the_edges_is_trimmed() -> None:
    text = "One.  Two three.\n"
    assert check_span(text, Span(4, 17, "Fact", None, Position("x", 1, 1))) == ((6, 16), [])
