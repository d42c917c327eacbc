"""The architecture holds: the layers contract of pyproject.toml (import-linter) is kept, pages
hold no SQL and open no database, and the command line runs without Streamlit."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

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
