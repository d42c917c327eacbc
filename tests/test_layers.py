"""The architecture holds: the layers contract of pyproject.toml (import-linter) is kept, no
module imports itself in a circle, pages hold no SQL and open no database, and the command line
runs without Streamlit."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def test_the_layers_contract_is_kept():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    summary = result.stdout.split("Contracts:")[-1]
    kept, broken = (int(n) for n in re.findall(r"(\d+) (?:kept|broken)", summary))
    assert (kept, broken) == (6, 0), summary


def import_cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """Every circle of imports: the groups of modules that reach each other through imports
    (strongly connected components, Tarjan's algorithm), each group sorted, and a module that
    imports itself; sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(imports.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(group) > 1 or module in imports.get(module, ()):
                circles.append(sorted(group))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return sorted(circles)


def test_the_circle_finder_finds_every_circle_and_nothing_else():
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": set(), "d": {"a", "c"}}) == []
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert import_cycles({"a": {"a"}, "b": set()}) == [["a"]]
    two = {"p.x": {"p.y"}, "p.y": {"p.x", "q.z"}, "q.z": {"q.w"}, "q.w": {"q.z"}}
    assert import_cycles(two) == [["p.x", "p.y"], ["q.w", "q.z"]]


def test_no_module_imports_itself_in_a_circle():
    """Inside and across pipelines, schemas and benchmarks. An import under `TYPE_CHECKING`
    (for an annotation only) is no arrow; an import inside a function is one."""
    graph = grimp.build_graph(
        "pipelines", "schemas", "benchmarks", exclude_type_checking_imports=True
    )
    imports = {m: graph.find_modules_directly_imported_by(m) & graph.modules for m in graph.modules}
    assert len(imports) > 100  # the graph holds the project's modules
    assert import_cycles(imports) == []


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_pages_read_through_the_adapter_and_hold_no_sql():
    pages = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]
    assert len(pages) >= 8
    for page in pages:
        imported = _imports(page)
        assert not {"duckdb", "pipelines.warehouse"} & imported, page.name
        assert not any(name.startswith("pipelines.ingest.store") for name in imported), page.name
        text = page.read_text(encoding="utf-8").lower()
        for keyword in ("select ", "insert into", "create table", "delete from"):
            assert keyword not in text, f"{page.name} holds SQL ({keyword.strip()})"


def test_the_summary_command_runs_without_streamlit(fixture_db):
    code = (
        "import json, sys\n"
        "from pipelines.cli import main\n"
        "status = main(['summary', '--year', '2026', '--json'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit')\n"
        "print(json.dumps({'status': status, 'streamlit': loaded}), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report == {"status": 0, "streamlit": []}
    assert json.loads(result.stdout)["year"] == 2026
