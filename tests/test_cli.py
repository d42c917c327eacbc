"""The command line: output in Swedish and the exit status scripts rely on (0, 1, 2)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURE_FILES, ROOT
from helpers import HIRES_HEADER, csv_bytes, snapshot
from helpers import run_cli as run


def test_the_module_runs_as_a_program(fixture_db):
    """`python -m pipelines` itself, once, in a process of its own."""
    result = subprocess.run(
        [sys.executable, "-m", "pipelines", "summary", "--year", "2026", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["hires"] == 112


def test_ingest_stores_and_a_second_run_says_already_stored(empty_db):
    files = [str(f) for f in FIXTURE_FILES]
    first = run("ingest", *files)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (
        "anstallningar_2026.csv: lagrad som anställningar (inläsning 2): 48 rader, "
        "månader 2026-01–2026-08, 40 nya och 0 ersatta delar." in first.stdout
    )
    second = run("ingest", files[0])
    assert second.returncode == 0
    assert "redan inläst (inläsning 1" in second.stdout and "Ingenting ändrades." in second.stdout


def test_ingest_with_a_rejected_file_exits_1_and_lists_every_error(empty_db, tmp_path):
    bad = tmp_path / "fel.csv"
    bad.write_bytes(
        csv_bytes([HIRES_HEADER, "2026-03;XYZ;lonestod;2;;;", "2026-03;KK;lonestod;-1;;;"])
    )
    good = tmp_path / "bra.csv"
    good.write_bytes(csv_bytes([HIRES_HEADER, "2026-03;KK;lonestod;2;;;"]))
    result = run("ingest", str(bad), str(good))
    assert result.returncode == 1
    assert "fel.csv: avvisad, 2 fel. Ingenting ändrades." in result.stdout
    assert "rad 2, kolumn ”Förvaltning”, värde ”XYZ”" in result.stdout
    assert "rad 3, kolumn ”Antal”, värde ”-1”" in result.stdout
    assert "bra.csv: lagrad som anställningar" in result.stdout


def test_check_writes_nothing(fixture_db, tmp_path):
    file = tmp_path / "ny.csv"
    file.write_bytes(csv_bytes([HIRES_HEADER, "2026-08;KK;lonestod;9;;;"]))
    before = snapshot(fixture_db)
    result = run("check", str(file))
    assert result.returncode == 0
    assert (
        "ny.csv: godkänd som anställningar: 1 rad, månader 2026-08. Ingenting lagrades."
        in result.stdout
    )
    assert snapshot(fixture_db) == before


def test_missing_file_exits_1_and_wrong_usage_exits_2(empty_db):
    assert run("ingest", "finns_inte.csv").returncode == 1
    assert run("ingest").returncode == 2
    assert run("summary", "--year", "tjugo").returncode == 2
    assert run("okänt-kommando").returncode == 2


#: Issue 24: every förvaltning (and the year) has delivered January–August, September is open.
PRELIMINARY_THROUGH_AUGUST = {"complete_through": "2026-08", "final": False, "missing": []}


def test_summary_json_has_exactly_the_agreed_keys(fixture_db):
    result = run("summary", "--year", "2026", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert list(summary) == [
        "year",
        "target",
        "hires",
        "last_month",
        "forvaltningar",
        "forsorjningsstod",
        "complete_through",  # issue 24: what the figures rest on
        "final",
        "missing",
    ]
    assert (summary["year"], summary["target"], summary["hires"], summary["last_month"]) == (
        2026,
        200,
        112,
        "2026-08",
    )
    assert summary["forvaltningar"] == [
        {
            "kod": "ASF",
            "namn": "Arbetsmarknads- och socialförvaltningen",
            "hires": 14,
            "target": 19,
            "target_kind": "beraknat",
            **PRELIMINARY_THROUGH_AUGUST,
        },
        {
            "kod": "BSF",
            "namn": "Barn- och skolförvaltningen",
            "hires": 42,
            "target": 74,
            "target_kind": "beraknat",
            **PRELIMINARY_THROUGH_AUGUST,
        },
        {
            "kod": "KK",
            "namn": "Kommunkontoret",
            "hires": 14,
            "target": 19,
            "target_kind": "beraknat",
            **PRELIMINARY_THROUGH_AUGUST,
        },
        {
            "kod": "MF",
            "namn": "Miljöförvaltningen",
            "hires": 0,
            "target": 18,
            "target_kind": "beraknat",
            **PRELIMINARY_THROUGH_AUGUST,
        },
        {
            "kod": "VOF",
            "namn": "Vård- och omsorgsförvaltningen",
            "hires": 42,
            "target": 70,
            "target_kind": "beslutat",
            **PRELIMINARY_THROUGH_AUGUST,
        },
    ]
    assert summary["forsorjningsstod"] == {
        "last_month": "2026-08",
        "hushall": 1980,
        "utbetalt_ytd": 155600000.0,
    }


def test_summary_table_in_swedish(fixture_db):
    result = run("summary", "--year", "2025")
    assert result.returncode == 0
    assert result.stdout.startswith(
        "År 2025: 55 anställningar till och med december 2025, mål 200."
    )
    assert (
        "Försörjningsstöd december 2025: 2\u00a0120 hushåll; utbetalt hittills i år "
        "247\u00a0800\u00a0000\u00a0kr." in result.stdout
    )


def test_summary_lists_sof_and_asf_in_the_year_of_the_reorganisation(fixture_db):
    summary = json.loads(run("summary", "--year", "2023", "--json").stdout)
    codes = {f["kod"]: f for f in summary["forvaltningar"]}
    assert {"SOF", "ASF"} <= set(codes)
    assert summary["hires"] == 0 and summary["last_month"] is None
    assert sum(f["target"] for f in summary["forvaltningar"]) == 200


def test_history_lists_the_log(fixture_db):
    result = run("history")
    assert result.returncode == 0
    assert "mal_2026.csv" in result.stdout and "lagrad" in result.stdout
