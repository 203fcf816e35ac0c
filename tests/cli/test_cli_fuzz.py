"""The whole command line under a fuzzer (issue 12, class 9): mutated packs, annotations,
settings and templates; every run ends in outputs or positioned diagnostics, never an
internal error (B601) or a traceback. `make fuzz` runs it for 20,000 examples."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli.app import cli
from tests.conftest import TESTS
from tests.load.test_properties import YAML_PIECES

BASE = TESTS / "bad_inputs" / "_base"
FUZZ = int(os.environ.get("BRIEFS_FUZZ_EXAMPLES", "600"))
TEMPLATE = (
    '{% extends "!theme/pack.html.j2" %}\n{% block summary %}{{ spec.title }}{% endblock %}\n'
)
CONFIG = "classifications:\n  OFFICIAL: '#1f4e79'\npdf_variant: none\nseeds_dir: seeds\n"
FILES = {
    "briefs/pack.yaml": (BASE / "briefs" / "pack.yaml").read_text(),
    "seeds/base.ann.yaml": (BASE / "seeds" / "base.ann.yaml").read_text(),
    "seeds/base.txt": (BASE / "seeds" / "base.txt").read_text(),
    "briefs.yaml": CONFIG,
    "templates/pack.html.j2": TEMPLATE,
}
PIECES = [
    *YAML_PIECES, "{{", "}}", "{%", "%}", "{% include 'x' %}", "{{ 1/0 }}", "'#fff'", "red",
    "rgb(", "seeds_dir: ../x", "templates_dir: /etc", "quote: ", "occurrence: 9", "due: 2026",
    "articles: [base, base]", "../", "/etc/passwd", "\r\n", "\u2028", "0" * 30,
]  # fmt: skip


def edits(name: str) -> st.SearchStrategy[tuple[str, str]]:
    text = FILES[name]
    changes = st.lists(
        st.tuples(st.integers(0, len(text)), st.integers(0, 12), st.sampled_from(PIECES)),
        min_size=1,
        max_size=4,
    )

    def apply(found: list[tuple[int, int, str]]) -> tuple[str, str]:
        edited = text
        for at, cut, insert in found:
            edited = edited[:at] + insert + edited[at + cut :]
        return name, edited

    return changes.map(apply)


names = st.sampled_from(sorted(FILES))
projects = st.lists(
    st.one_of(
        *(edits(name) for name in FILES),
        st.tuples(names, st.binary(max_size=300)),  # any bytes (not UTF-8, NUL, BOMs)
        st.tuples(names, st.sampled_from([None, "folder"])),  # gone, or a folder instead
    ),
    min_size=1,
    max_size=3,
)
commands = st.sampled_from([["build", "--no-pdf"], ["check"], ["build", "--no-pdf", "--strict"]])


@settings(
    max_examples=max(FUZZ // 10, 30),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(projects, commands)
def test_the_cli_never_fails_inside(
    changes: list[tuple[str, str | bytes | None]], command: list[str]
) -> None:
    root = Path(tempfile.mkdtemp(prefix="briefs-cli-fuzz-"))
    try:
        for name, text in FILES.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")
        for name, change in changes:
            path = root / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
            if change == "folder":
                path.mkdir()
            elif isinstance(change, bytes):
                path.write_bytes(change)
            elif change is not None:
                path.write_bytes(change.encode("utf-8", "surrogatepass"))
        cwd = os.getcwd()
        os.chdir(root)
        try:
            result = CliRunner().invoke(cli, command, catch_exceptions=True)
        finally:
            os.chdir(cwd)
        output = result.stderr + result.stdout
        assert isinstance(result.exception, SystemExit | None), (result.exception, output)
        assert result.exit_code in (0, 1), output
        assert "B601" not in output and "Traceback" not in output, output
    finally:
        shutil.rmtree(root)
