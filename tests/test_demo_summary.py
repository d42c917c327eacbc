"""The demo data builds through the real pipeline, and `summary` agrees with a direct sum of the
delivered files (read independently of the warehouse, its views and the targets)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from pipelines.ingest.read import read_table
from schemas.kinds import required_columns
from schemas.parsing import normalize_name
from schemas.reference_lists import load_reference


def _direct_hires(files, year: int) -> dict[str, int]:
    reference = load_reference(ROOT / "data" / "reference")
    counting = set(
        reference.anstallningsformer.loc[reference.anstallningsformer["raknas_mot_malet"], "kod"]
    )
    totals: dict[str, int] = {}
    for path in files:
        if not path.name.startswith("anstallningar"):
            continue
        raw = read_table(path.read_bytes(), path.name, required_columns("anstallningar"))
        for row in raw.data.itertuples():
            if normalize_name(row.manad) in {"summa", "totalt"}:
                continue
            if str(year) not in row.manad:
                continue
            form = reference.match_anstallningsform(row.anstallningsform)
            if form in counting:
                kod = reference.match_forvaltning(row.forvaltning)
                totals[kod] = totals.get(kod, 0) + int(
                    row.antal.replace(" ", "").replace("\u00a0", "")
                )
    return totals


def test_every_demo_file_is_stored_without_errors(demo_master):
    results = demo_master.results
    assert [r.outcome for r in results] == ["lagrad"] * len(results)
    assert all(not f.is_error for r in results for f in r.findings)
    # försörjningsstöd, six years of hires, targets, avtal, its follow-up, outcome follow-up
    assert len(results) == 11


@pytest.mark.parametrize("year", [2021, 2023, 2025, 2026])
def test_summary_agrees_with_a_direct_sum_of_the_files(demo_db, demo_master, year):
    from pipelines.queries.summary import year_summary

    summary = year_summary(year)
    direct = _direct_hires(sorted(demo_master.files.iterdir()), year)
    assert summary["hires"] == sum(direct.values())
    by_kod = {f["kod"]: f["hires"] for f in summary["forvaltningar"]}
    assert {k: v for k, v in by_kod.items() if v} == {k: v for k, v in direct.items() if v}
    assert sum(f["target"] for f in summary["forvaltningar"]) == summary["target"] == 200


def test_demo_years_match_the_plan(demo_db):
    from pipelines.queries.summary import year_summary

    assert [year_summary(y)["hires"] for y in (2021, 2022, 2023, 2024, 2025)] == [
        207,
        185,
        216,
        203,
        194,
    ]
    current = year_summary(2026)
    assert current["last_month"] == "2026-08"
    kinds = {f["kod"]: f["target_kind"] for f in current["forvaltningar"]}
    assert (kinds["VOF"], kinds["BSF"], kinds["KK"]) == ("beslutat", "beslutat", "beraknat")
