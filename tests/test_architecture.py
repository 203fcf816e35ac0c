"""The shape of the code: no module over 600 lines, no import cycle in generator/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "generator"
MOST_LINES = 600


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Every import of a generator module by another, lazy ones included."""
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
            elif isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            else:
                continue
            targets = [t for t in found if t in modules and t != name]
            edges[name].update(targets[:1])
    return edges


def test_no_module_is_over_600_lines() -> None:
    sizes = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in _modules().items()}
    assert {n: s for n, s in sizes.items() if s > MOST_LINES} == {}


def test_imports_are_absolute_so_the_graph_is_complete() -> None:
    relative = [
        name
        for name, path in _modules().items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert relative == []


def test_no_import_cycle() -> None:
    edges = _imports(_modules())
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(edges[name]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_every_test_folder_is_collected(pytestconfig: pytest.Config) -> None:
    """pytest skips folders named like "build" by default; tests/build/ must still run."""
    import fnmatch

    skipped = pytestconfig.getini("norecursedirs")
    folders = {p.parent for p in (REPO / "tests").rglob("test_*.py")}
    hidden = [f for f in folders if any(fnmatch.fnmatch(f.name, pattern) for pattern in skipped)]
    assert hidden == []
