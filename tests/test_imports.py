"""Imports inside xproj_core run one way: no cycle, even through imports hidden in functions."""

from __future__ import annotations

import ast
from pathlib import Path

import xproj_core

ROOT = Path(xproj_core.__file__).parent


def module_name(path: Path) -> str:
    parts = ["xproj_core", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    """Whether dotted ``name`` is a module or package file of xproj_core."""
    path = ROOT.joinpath(*name.split(".")[1:])
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(path: Path) -> set[str]:
    """Every xproj_core module ``path`` imports, at module top or inside functions."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            submodules = {f"{target}.{alias.name}" for alias in node.names if is_module(f"{target}.{alias.name}")}
            # ``from . import worker`` imports the submodule, not the package's other names
            found |= submodules if len(submodules) == len(node.names) else {target, *submodules}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {m for m in found if m.startswith("xproj_core") and m != name}


def import_graph() -> dict[str, set[str]]:
    graph = {module_name(p): imported_modules(p) for p in ROOT.rglob("*.py")}
    return {m: deps & graph.keys() for m, deps in graph.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        path.append(module)
        for dep in sorted(graph[module]):
            if state.get(dep) == "open":
                return path[path.index(dep) :] + [dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        state[module] = "done"
        path.pop()
        return None

    return next((cycle for m in sorted(graph) if m not in state and (cycle := visit(m))), None)


def test_core_types_import_one_way() -> None:
    graph = import_graph()
    assert graph["xproj_core.spans"] == set()
    assert graph["xproj_core.tags"] == {"xproj_core.spans"}
    assert {"xproj_core.spans", "xproj_core.tags"} <= graph["xproj_core.types"]


def test_no_import_cycle_in_the_package() -> None:
    assert find_cycle(import_graph()) is None


def test_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
