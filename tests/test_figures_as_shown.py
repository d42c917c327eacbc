"""Figures that add up as shown (issue 28): a difference shown beside its two values is the
difference of the values as shown; a count a month never shows `1,0`; the report's Excel file
keeps one type per column with a Swedish number format; the PDF writes `0 %` with its space."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipelines.formatting import (
    fmt_per_month,
    fmt_share_of_target,
    per_month_shown,
    share_of_target_shown,
    shown,
    shown_difference,
)
from pipelines.present.report_tables import fs_month_table, fs_series_table, shown_change

NB = "\u00a0"
AUG = date(2026, 8, 1)


def test_a_difference_is_that_of_the_values_as_shown():
    # 39,84 % → 39,8 %; 39,98 % → 40,0 %: the reader sees +0,2, though the exact is +0,14.
    assert shown(0.3984, 1, scale=100) == 39.8
    assert shown_difference(0.3998, 0.3984, 1, scale=100) == 0.2
    assert shown_difference(10.4, 9.6) == 0  # 10 − 10, not the exact 0,8 shown as 1
    assert shown_difference(None, 3) is None
    assert shown_change(0.3998, 0.3984, 0.0014, "share") == pytest.approx(0.002)
    assert shown_change(None, 0.3984, 0.0014, "share") == 0.0014  # no value: the change as given
    # Kronor shown in millions with one decimal: 19,84 and 19,76 are both 19,8 mnkr.
    assert shown_change(19_840_000, 19_760_000, 80_000, "kr", in_mkr=True) == 0


def _figures(varde, foregaende_manad, foregaende_ar) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "manad": [pd.Timestamp(AUG)],
            "nyckeltal": ["andel_barnhushall"],
            "namn": ["Andel barnhushåll"],
            "kind": ["share"],
            "varde": [varde],
            "foregaende_manad": [foregaende_manad],
            "forandring_manad": [varde - foregaende_manad],
            "forandring_manad_pct": [None],
            "foregaende_ar": [foregaende_ar],
            "forandring_ar": [varde - foregaende_ar],
            "forandring_ar_pct": [None],
            "rullande_12": [0.4],
            "status": ["slutlig"],
        }
    )


def test_the_month_table_says_plus_0_2_between_39_8_and_40_0():
    row = fs_month_table(_figures(0.3998, 0.3984, 0.3984)).iloc[0]
    assert row["aug 2026"] == f"40,0{NB}%"
    assert row["jul 2026"] == f"39,8{NB}%"
    assert row["Förändring mot jul 2026"] == f"+0,2{NB}%-enheter"  # not +0,1
    assert row["Förändring mot aug 2025"] == f"+0,2{NB}%-enheter"
    series = fs_series_table(_figures(0.3998, 0.3984, 0.3984), "andel_barnhushall").iloc[0]
    assert (series["Värde"], series["Samma månad i fjol"], series["Förändring"]) == (
        f"40,0{NB}%",
        f"39,8{NB}%",
        f"+0,2{NB}%-enheter",
    )


def test_a_count_a_month_is_never_1_comma_0():
    assert fmt_per_month(0.97) == "1"
    assert fmt_per_month(1.04) == "1"
    assert fmt_per_month(1.06) == "1,1"
    assert fmt_per_month(21.3) == "21,3"
    assert fmt_per_month(0) == "0"
    assert fmt_per_month(None) == "–"
    assert per_month_shown(0.97) == 1 and isinstance(per_month_shown(0.97), int)
    assert per_month_shown(21.34) == 21.3


def test_the_share_of_a_target_is_a_number_as_shown():
    assert share_of_target_shown(199 / 200) == 0.99
    assert share_of_target_shown(1.0) == 1.0
    assert share_of_target_shown(0.5649) == 0.56
    assert share_of_target_shown(None) is None
    assert fmt_share_of_target(199 / 200) == f"99{NB}%"


def test_excel_columns_keep_one_type_with_a_number_format(fixture_db):
    from pipelines.outputs.report.files import build_report, excel_bytes

    report = build_report(AUG)
    report.forvaltningar.loc[0, "share"] = 0.996  # 99,6 %: shown as 99 %, never 100 %
    book = load_workbook(io.BytesIO(excel_bytes(report)))
    sheet = book["Förvaltningar"]
    column = [c.value for c in sheet[1]].index("Andel av målet")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [0.99, 0.0, 0.6, 0.74, 0.74, 0.56]  # numbers only
    assert {c.number_format for c in cells} == {"0 %"}
    goal = book["Målet"]
    needed = next(r for r in goal.iter_rows(min_row=2) if r[0].value.startswith("Behövs"))
    assert (needed[1].value, needed[1].number_format) == (22, "#,##0")
