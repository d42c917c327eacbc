"""The demo's contracts with sysselsättningskrav: byte-identical for the same day, every status
of the model term present (judged on 2026-09-15), and stored through the real pipeline."""

from __future__ import annotations

import json
from datetime import date

from pipelines.cli import main
from pipelines.demo_avtal import generate_procurement_files


def test_same_today_same_bytes_and_history_kept(tmp_path):
    first = generate_procurement_files(tmp_path / "a", today=date(2026, 9, 15))
    again = generate_procurement_files(tmp_path / "b", today=date(2026, 9, 15))
    assert [p.name for p in first] == ["avtal.csv", "sysselsattning.csv"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]
    later = generate_procurement_files(tmp_path / "c", today=date(2026, 12, 1))
    before = first[1].read_text("utf-8-sig").splitlines()
    after = later[1].read_text("utf-8-sig").splitlines()
    assert set(before) <= set(after)  # months already written never change


def test_no_contract_before_the_first_start(tmp_path):
    assert generate_procurement_files(tmp_path, today=date(2024, 1, 15)) == []


def test_demo_shows_every_status(demo_db, demo_master, capsys):
    assert [r.outcome for r in demo_master.results[-2:]] == ["lagrad", "lagrad"]

    def statuses(year: int) -> set[tuple[str, str]]:
        assert main(["sysselsattning", "--year", str(year), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        return {(a["forsta_anstallning"], a["status"]) for a in out["avtal"]}

    found = statuses(2025) | statuses(2026)
    assert {s for s, _ in found} == {"i_tid", "forsenad", "ej_paborjad", "ej_aktuellt"}
    assert {s for _, s in found} == {
        "uppfyllt",
        "uppfyllt_75",
        "pagar",
        "ej_uppfyllt",
        "ej_aktuellt",
    }
