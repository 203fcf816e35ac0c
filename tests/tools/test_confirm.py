"""`briefs confirm`: one item by any of its lines (or a printed position), a whole file with
--all; only the `confirmed` value changes; mistakes are positioned C449 lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run

ANNOTATION = """\
# Reviewed so far: the first fact.
article:
  title: Fixture article
facts:
  - confirmed: false   # keep this comment
    text: The ministers met in Geneva.
    quote: "The ministers met in Geneva"
  - {confirmed: no, text: They will meet again., quote: agreed to meet again}
people:
  - name: Ana Sorel
  - confirmed: false
    name: Ben Okafor
    role: Envoy
"""


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "desk"
    (root / "seeds").mkdir(parents=True)
    (root / "briefs.yaml").write_text("{}\n", encoding="utf-8")
    (root / "seeds" / "first.txt").write_text(
        "The ministers met in Geneva and agreed to meet again.\n", encoding="utf-8"
    )
    (root / "seeds" / "first.ann.yaml").write_text(ANNOTATION, encoding="utf-8")
    return root


def test_confirm_one_item_by_any_of_its_lines(tmp_path: Path, briefs: Callable[..., Run]) -> None:
    root = _project(tmp_path)
    run = briefs("confirm", "seeds/first.ann.yaml:6", cwd=root)
    assert (run.status, run.lines) == (
        0,
        ["seeds/first.ann.yaml: confirmed 1; 2 still unconfirmed"],
    )
    text = (root / "seeds" / "first.ann.yaml").read_text(encoding="utf-8")
    # Only the value changed: the comment, the flow mapping and every line stay.
    assert text == ANNOTATION.replace("confirmed: false   #", "confirmed: true   #")


def test_confirm_takes_a_printed_position_and_a_flow_mapping(
    tmp_path: Path, briefs: Callable[..., Run]
) -> None:
    root = _project(tmp_path)
    run = briefs("confirm", "seeds/first.ann.yaml:8:15", "seeds/first.ann.yaml:12:5", cwd=root)
    assert run.status == 0, run.stderr
    text = (root / "seeds" / "first.ann.yaml").read_text(encoding="utf-8")
    assert "  - {confirmed: true, text: They will meet again., quote: agreed to meet again}" in text
    assert "  - confirmed: true\n    name: Ben Okafor" in text


def test_confirm_all_then_the_pack_passes_release(
    tmp_path: Path, briefs: Callable[..., Run]
) -> None:
    root = _project(tmp_path)
    (root / "briefs").mkdir()
    (root / "briefs" / "p.yaml").write_text(
        "title: P\nevent: {name: M, date: 2025-10-27}\n"
        "prepared: {date: 2025-10-28, by: Desk, for: Minister}\n"
        "classification: OFFICIAL\nsummary: S.\n"
        "topics: [{title: T, articles: [first]}]\n",
        encoding="utf-8",
    )
    refused = briefs("check", "--release", cwd=root)
    assert refused.status == 1
    assert [line.split(": ", 2)[1] for line in refused.lines[:-1]] == ["error[C440]"] * 3
    # An article named instead of its annotation confirms the annotation.
    run = briefs("confirm", "--all", "seeds/first.txt", cwd=root)
    assert run.lines == ["seeds/first.ann.yaml: confirmed 3; 0 still unconfirmed"]
    again = briefs("confirm", "--all", "seeds/first.ann.yaml", cwd=root)
    assert again.lines == ["seeds/first.ann.yaml: nothing to confirm; 0 still unconfirmed"]
    passed = briefs("check", "--release", cwd=root)
    assert (passed.status, passed.lines) == (0, ["0 errors, 0 warnings"])


def test_confirm_mistakes_are_positioned(tmp_path: Path, briefs: Callable[..., Run]) -> None:
    root = _project(tmp_path)
    before = (root / "seeds" / "first.ann.yaml").read_bytes()
    outside = briefs("confirm", "seeds/first.ann.yaml:3", cwd=root)
    assert (outside.status, outside.lines[0]) == (
        1,
        "seeds/first.ann.yaml:3:1: error[C449]: no item or person at line 3"
        " (they start at lines: 5, 8, 10, 11)",
    )
    bare = briefs("confirm", "seeds/first.ann.yaml", cwd=root)
    assert bare.status == 1 and bare.lines[0].startswith("seeds/first.ann.yaml: error[C449]: name")
    other = briefs("confirm", "--all", "briefs.yaml", cwd=root)
    assert other.lines[0] == (
        "briefs.yaml: error[C449]: expected an annotation file (*.ann.yaml) in the project"
    )
    assert (root / "seeds" / "first.ann.yaml").read_bytes() == before
