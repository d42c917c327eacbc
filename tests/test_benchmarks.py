"""`make bench` works end to end: a smoke run at tiny sizes (`--quick`) writes every measure the
issue asks for, each page runs without an exception, and the naive baseline counts the same as
the warehouse. Its figures mean nothing at these sizes: nothing here asserts a time."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGES = ["oversikt", "forvaltningar", "forsorjningsstod", "manadsrapport", "importera"]
PAGES += ["datakvalitet", "export"]


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("bench")
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--out", folder, "--work", folder / "w"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert (folder / "results.md").read_text(encoding="utf-8").startswith("# Benchmark results")
    return json.loads((folder / "results.json").read_text(encoding="utf-8"))


def test_every_measure_of_the_issue_is_written(results):
    wanted = ["ingest_month_s", "ingest_rows_per_s", "app_rss_mb", "export_package_s"]
    for page in PAGES:
        wanted += [f"page_{page}_ms", f"page_{page}_cold_ms"]
        wanted += [f"page_{page}_today_ms", f"page_{page}_today_cold_ms"]
    missing = [name for name in wanted if name not in results]
    assert not missing
    for name in wanted:
        entry = results[name]
        assert set(entry) >= {"value", "unit", "target"}, name
        assert isinstance(entry["value"], int | float) and entry["value"] > 0, name
    assert results["app_rss_mb"]["target"] == 400
    assert results["page_oversikt_ms"]["target"] == 300
    assert results["page_oversikt_cold_ms"]["target"] == 1500


def test_pages_ran_without_errors_and_the_baseline_agrees(results):
    meta = results["_meta"]
    assert not [n for n in meta["notes"] if "raised" in n], meta["notes"]
    for scale in ("today", "large"):
        check = meta["baseline_check"][scale]
        assert check["equal"] and check["naive_counting_hires"] > 0, check
    assert any(name.startswith("baseline_page_") for name in results)
