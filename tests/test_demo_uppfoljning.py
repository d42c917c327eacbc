"""The demo's outcome follow-up (`pipelines/demo_uppfoljning.py`) shows every case: cohorts equal
to the demo's own hires but for one deliberate mismatch, only points whose month has ended, the
deliberately late cohorts absent, Kommunkontoret without the optional columns, plausible
retention; same arguments, same bytes."""

from __future__ import annotations

import csv
import io
from datetime import date

from pipelines import config
from pipelines.demo import _hires_for_year, demo_cohorts
from pipelines.demo_uppfoljning import generate_followup_file
from schemas.calendar import add_months
from schemas.reference_lists import load_reference

TODAY = date(2026, 9, 15)  # last complete month 2026-08


def _rows(tmp_path):
    ref = load_reference(config.DEFAULT_REFERENCE_DIR)
    cohorts = demo_cohorts(today=TODAY, reference=ref)
    (path,) = generate_followup_file(tmp_path, cohorts, today=TODAY)
    text = path.read_text(encoding="utf-8")
    return ref, text, list(csv.reader(io.StringIO(text), delimiter=";"))[1:]


def test_cohorts_are_the_demo_hires_but_one(tmp_path):
    ref, _, rows = _rows(tmp_path)
    hires = {}
    for year in range(2021, 2027):
        for (month, kod), people in _hires_for_year(year, 2021, ref).items():
            hires[(f"{year}-{month:02d}", kod)] = len(people)
    differing = {(r[0], r[1], r[2]) for r in rows if int(r[3]) != hires[(r[0], r[1])]}
    assert differing == {("2025-12", "VOF", "6")}  # 8 months before 2026-08: only 6 reached
    row = next(r for r in rows if (r[0], r[1], r[2]) == ("2025-12", "VOF", "6"))
    assert int(row[3]) == hires[("2025-12", "VOF")] + 1


def test_only_reached_points_and_the_late_cohorts_are_missing(tmp_path):
    _, _, rows = _rows(tmp_path)
    current = date(2026, 9, 1)
    for r in rows:
        start = date(int(r[0][:4]), int(r[0][5:]), 1)
        assert add_months(start, int(r[2])) < current, r
    keys = {(r[0], r[1], r[2]) for r in rows}
    for month in ("2025-11", "2025-10", "2025-09"):  # 9–11 months before 2026-08
        assert (month, "UBF", "6") not in keys
    for month in ("2025-06", "2025-05", "2025-04"):  # 14–16 months before
        assert (month, "KFF", "12") not in keys
    assert ("2021-01", "BSF", "24") not in keys
    assert ("2021-01", "BSF", "12") in keys
    assert {r[2] for r in rows} == {"6", "12", "24"}


def test_kommunkontoret_leaves_out_the_optional_columns_and_figures_are_plausible(tmp_path):
    _, _, rows = _rows(tmp_path)
    assert all(r[5:] == ["", "", ""] for r in rows if r[1] == "KK")
    assert all(r[5] != "" for r in rows if r[1] != "KK")
    for r in rows:
        anstallda, kvar = int(r[3]), int(r[4])
        assert 0 <= kvar <= anstallda
        if r[5]:
            assert kvar <= int(r[5]) <= anstallda
    shares = {}
    for point in ("6", "12", "24"):
        chosen = [r for r in rows if r[2] == point]
        shares[point] = sum(int(r[4]) for r in chosen) / sum(int(r[3]) for r in chosen)
    assert 0.76 < shares["6"] < 0.88 and 0.64 < shares["12"] < 0.76 and 0.54 < shares["24"] < 0.68
    with_fs = [r for r in rows if r[6]]
    assert sum(int(r[7]) for r in with_fs) < sum(int(r[6]) for r in with_fs) / 2


def test_same_arguments_same_bytes_and_nothing_before_a_point_is_reached(tmp_path):
    _, first, _ = _rows(tmp_path / "a")
    _, second, _ = _rows(tmp_path / "b")
    assert first == second
    ref = load_reference(config.DEFAULT_REFERENCE_DIR)
    early = date(2021, 7, 20)
    cohorts = demo_cohorts(today=early, reference=ref)
    assert generate_followup_file(tmp_path / "c", cohorts, today=early) == []
