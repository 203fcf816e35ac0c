"""A source paragraph keeps the lines it was received with: a programme's "Date:" and
"Venue:" lines, printed one under the other, not run together into one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.printing import page_texts

pytestmark = pytest.mark.slow

ARTICLE = """Hearings on the water bill

The committee will hold public hearings on the water bill as follows:

North Province
Date: Monday 16th December
Venue: Town Hall, Riverton

South Province
Date: Tuesday 17th December
Venue: Grand Hotel, Lakeside
"""

PACK = """title: "Water bill hearings"
event: {name: "Water bill hearings", date: 2024-12-16}
prepared: {date: 2024-12-14, by: "Desk", for: "Minister"}
classification: UNCLASSIFIED
summary: Hearings.
topics:
  - title: "Hearings"
    articles: [hearings]
"""


def test_a_programme_s_lines_stay_lines_in_the_pdf(
    tmp_path: Path, briefs: Callable[..., Run]
) -> None:
    assert briefs("init", "p", cwd=tmp_path).status == 0
    root = tmp_path / "p"
    (root / "seeds" / "hearings.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "briefs" / "hearings.yaml").write_text(PACK, encoding="utf-8")
    run = briefs("build", "briefs/hearings.yaml", cwd=root)
    assert run.status == 0, run.stderr
    lines = [
        line.strip() for t in page_texts(root / "build" / "hearings.pdf") for line in t.split("\n")
    ]
    assert "Date: Monday 16th December" in lines
    assert "Venue: Town Hall, Riverton" in lines
