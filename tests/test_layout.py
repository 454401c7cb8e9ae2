"""The package shows the pipeline: stage folders, dependencies one way, no import circle.

Every `flows...` import is read from the source (module-level and lazy ones inside functions
alike, so a lazy import cannot hide a circle), mapped to its stage, and checked against the
stage order. `flows/__init__.py` is the API facade and may reach every stage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "flows"
# Lower rank = nearer the data. A module may import its own stage or a lower one only.
# `model` (the records) and `fs` (where files live) are the base every stage stands on.
# The CLI fronts everything (`newsflow bench` included); the benchmark runs the flow without it.
# The run report reads the published tables and the validation results, and the flow writes it.
RANK = {"model": 0, "fs": 0, "read": 1, "clean": 2, "extract": 3, "store": 4, "validate": 5, "report": 6,
        "orchestrate": 7, "bench": 8, "cli": 9, "__main__": 10}
STAGES = ("read", "clean", "extract", "validate", "store", "report", "orchestrate", "bench")


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "flows" or len(parts) == 1:
        return None
    return parts[1]


def _imports(path: Path) -> list[str]:
    out: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pkg import sub` imports the submodule, not (only) the package
            subs = [f"{node.module}.{a.name}" for a in node.names]
            known = [m for m in subs if _is_module(m)]
            out += known if len(known) == len(subs) else [node.module, *known]
        elif isinstance(node, ast.Import):
            out += [a.name for a in node.names]
    return [m for m in out if m.startswith("flows")]


def _is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _modules() -> list[tuple[str, Path]]:
    mods = []
    for p in sorted(PKG.rglob("*.py")):
        rel = p.relative_to(ROOT).with_suffix("")
        name = ".".join(rel.parts)
        mods.append((name.removesuffix(".__init__"), p))
    return mods


def test_stage_folders_exist() -> None:
    for s in STAGES:
        assert (PKG / s / "__init__.py").is_file(), f"flows/{s}/ is missing"
    top = sorted(p.name for p in PKG.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py", "fs.py", "model.py"], top


@pytest.mark.parametrize(("name", "path"), [m for m in _modules() if m[0] != "flows"], ids=lambda v: str(v))
def test_dependencies_point_one_way(name: str, path: Path) -> None:
    own = _stage(name)
    assert own in RANK, f"{name}: not in a known stage"
    for imp in _imports(path):
        target = _stage(imp)
        if target is None or target == own or imp == "flows.__version__":
            continue
        assert target in RANK, f"{name} imports {imp}: unknown stage"
        assert RANK[target] < RANK[own], f"{name} ({own}) imports {imp} ({target}): against the stage order"


def test_no_import_circle() -> None:
    graph: dict[str, set[str]] = {}
    names = {n for n, _ in _modules()}
    for name, path in _modules():
        graph[name] = {i if i in names else i.rsplit(".", 1)[0] for i in _imports(path)} & names - {name, "flows"}
    seen: dict[str, int] = {}

    def visit(n: str, stack: list[str]) -> None:
        seen[n] = 1
        for m in graph[n]:
            if seen.get(m) == 1:
                raise AssertionError("import circle: " + " -> ".join([*stack[stack.index(m):], m]))
            if m not in seen:
                visit(m, [*stack, m])
        seen[n] = 2

    for n in graph:
        if n not in seen:
            visit(n, [n])


def test_public_api() -> None:
    import flows

    assert set(flows.__all__) == {"__version__", "run", "clean_text", "extract", "read_table"}
    for name in flows.__all__:
        assert getattr(flows, name)


def test_api_cleans_and_extracts_a_text() -> None:
    import flows

    text = ("Troops leave base\n\nBy Jane Smith\n\n"
            "Germany will withdraw 300 soldiers from Iraq by March, the defence ministry said on Tuesday.\n")
    cleaned = flows.clean_text(text)
    assert "withdraw 300 soldiers" in cleaned.body
    ex = flows.extract(cleaned)
    assert any(c.number == 300 for c in ex.counts)
    assert any(m.code == "DEU" for m in ex.mentions if m.kind == "country")


def test_devtools_are_not_shipped() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'include = ["flows*"]' in text
    assert not (PKG / "goldscore.py").exists()
