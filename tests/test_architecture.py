"""The layers of the package: each imports only downward, nothing imports in a circle, and no
module grows past what one person reads in a sitting (docs/architecture.md)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "vetstat"
# from the bottom up: a module may import its own layer and the layers before it
LAYERS = ("core", "xlsx", "reading", "figures", "rules", "usecases", "outputs", "cli")
MAX_LINES = 500
# the front end's libraries: only the command line may use them
CLI_ONLY = ("typer", "click", "rich")


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(SOURCE.rglob("*.py"))}


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return 0  # vetstat/__init__.py: the version
    if parts[1] == "__main__":
        return LAYERS.index("cli")
    return LAYERS.index(parts[1])


def imported(module: str) -> Iterator[tuple[str, int]]:
    """(module, line) of every import in ``module``, at any depth (functions, TYPE_CHECKING)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0]
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            for alias in node.names:
                # ``from vetstat.rules import awards`` imports the module vetstat.rules.awards
                candidate = f"{target}.{alias.name}"
                yield (candidate if candidate in MODULES else target), node.lineno


def edges() -> dict[str, set[str]]:
    return {module: {name for name, _line in imported(module) if name in MODULES}
            for module in MODULES}


def test_every_layer_is_a_folder_and_every_module_is_in_a_layer() -> None:
    folders = {path.name for path in SOURCE.iterdir() if path.is_dir() and path.name not in
               ("data", "__pycache__")}
    assert folders == set(LAYERS)
    for module in MODULES:
        layer(module)  # raises for a module outside the layers


def test_imports_point_downward() -> None:
    upward = []
    for module in MODULES:
        for name, line in imported(module):
            if name in MODULES and layer(name) > layer(module):
                upward.append(f"{MODULES[module].relative_to(SOURCE)}:{line} imports {name}")
    assert upward == []


def test_no_import_cycle() -> None:
    graph = edges()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_only_the_command_line_uses_the_front_end_libraries() -> None:
    found = [f"{module} imports {name}" for module in MODULES if layer(module) < LAYERS.index("cli")
             for name, _line in imported(module) if name.split(".")[0] in CLI_ONLY]
    assert found == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_too_long(module: str) -> None:
    lines = len(MODULES[module].read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


def test_the_checker_sees_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above can fail: a core module importing the command line is caught."""
    fake = tmp_path / "vetstat"
    (fake / "core").mkdir(parents=True)
    (fake / "cli").mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "core" / "__init__.py").write_text("")
    (fake / "cli" / "__init__.py").write_text("")
    (fake / "core" / "bad.py").write_text("def f():\n    from vetstat.cli import app\n")
    monkeypatch.setattr(__import__(__name__), "SOURCE", fake)
    monkeypatch.setattr(__import__(__name__), "MODULES", {
        module_name(p): p for p in sorted(fake.rglob("*.py"))})
    with pytest.raises(AssertionError, match=r"imports vetstat\.cli"):
        test_imports_point_downward()
