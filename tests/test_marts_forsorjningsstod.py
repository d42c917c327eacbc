"""The försörjningsstöd marts: every figure month by month with its comparisons, preliminary and
missing months, and hires from försörjningsstöd beside endings to work.

Expected figures by hand from tests/fixtures/README.md: hushåll 2000 + 10·m in 2025 and
1900 + 10·m in 2026 (january–august), utbetalt = hushåll × 10 000 kr, and every month barnhushåll
800, vuxna 2 700, barn 2 000, unga vuxna 300, långvarigt 900, nya 180, avslutade 200, avslut
arbete 60, studier 20, i arbetsmarknadsinsats 350.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from pipelines import warehouse
from pipelines.ingest.store import ingest_bytes
from pipelines.present.report_text import savings_assumption
from pipelines.queries.forsorjningsstod import (
    FIGURES,
    fs_catalogue,
    fs_month,
    fs_months,
    fs_series,
    hires_and_endings,
)

AUG_2026 = date(2026, 8, 1)


def by_figure(frame: pd.DataFrame) -> dict[str, pd.Series]:
    return {row["nyckeltal"]: row for _, row in frame.iterrows()}


def ingest(lines: list[str], name: str) -> None:
    result = ingest_bytes(("\n".join(lines) + "\n").encode(), name, source="test")
    assert result.outcome == "lagrad", [f.format() for f in result.findings]


def test_months_run_from_the_first_to_the_last_delivery(fixture_db):
    with warehouse.read() as con:
        months = fs_months.direct(con)
    assert months[0] == date(2025, 1, 1)
    assert months[-1] == AUG_2026
    assert len(months) == 12 + 8


def test_catalogue_names_every_figure_with_its_definition(fixture_db):
    with warehouse.read() as con:
        catalogue = fs_catalogue.direct(con)
    assert list(catalogue["id"]) == [f.id for f in FIGURES]
    names = dict(zip(catalogue["id"], catalogue["namn"], strict=True))
    assert names["hushall"] == "Biståndshushåll"
    assert names["andel_avslut_arbete"] == "Andel avslut till arbete"
    assert all(catalogue["definition"].str.len() > 20)


def test_august_2026_against_july_and_august_2025(fixture_db):
    with warehouse.read() as con:
        rows = by_figure(fs_month.direct(con, AUG_2026))
    h = rows["hushall"]
    assert h["varde"] == 1980
    assert h["foregaende_manad"] == 1970
    assert h["forandring_manad"] == 10
    assert h["forandring_manad_pct"] == pytest.approx(10 / 1970)
    assert h["foregaende_ar"] == 2080
    assert h["forandring_ar"] == -100
    assert h["forandring_ar_pct"] == pytest.approx(-100 / 2080)
    # September 2025 – August 2026: 2090 + 2100 + 2110 + 2120 + (1910 + … + 1980 = 15 560).
    assert h["rullande_12"] == pytest.approx((2090 + 2100 + 2110 + 2120 + 15560) / 12)

    u = rows["utbetalt"]
    assert u["varde"] == 19_800_000
    assert u["foregaende_ar"] == 20_800_000
    assert u["forandring_ar"] == -1_000_000
    assert rows["utbetalt_per_hushall"]["varde"] == pytest.approx(10_000)
    assert rows["utbetalt_per_hushall"]["rullande_12"] == pytest.approx(10_000)

    for figure_id, value in [
        ("barnhushall", 800), ("vuxna", 2700), ("barn", 2000), ("unga_vuxna", 300),
        ("langvarigt", 900), ("nya_hushall", 180), ("avslutade_hushall", 200),
        ("avslut_arbete", 60), ("avslut_studier", 20), ("i_arbetsmarknadsinsats", 350),
    ]:  # fmt: skip
        assert rows[figure_id]["varde"] == value, figure_id
        assert rows[figure_id]["forandring_ar"] == 0, figure_id


def test_shares_come_from_their_parts(fixture_db):
    with warehouse.read() as con:
        rows = by_figure(fs_month.direct(con, AUG_2026))
    share = rows["andel_barnhushall"]
    assert share["varde"] == pytest.approx(800 / 1980)
    assert share["foregaende_ar"] == pytest.approx(800 / 2080)
    assert share["forandring_ar"] == pytest.approx(800 / 1980 - 800 / 2080)
    # Rolling: the ratio of the parts' 12-month means (barnhushåll 800 every month).
    assert share["rullande_12"] == pytest.approx(800 * 12 / 23980)
    assert rows["andel_langvarigt"]["varde"] == pytest.approx(900 / 1980)
    assert rows["andel_avslut_arbete"]["varde"] == pytest.approx(60 / 200)
    assert share["kind"] == "share"


def test_the_last_two_delivered_months_are_preliminary(fixture_db):
    with warehouse.read() as con:
        series = fs_series.direct(con, date(2026, 5, 1), AUG_2026)
    status = series[series["nyckeltal"] == "hushall"].set_index("manad")["status"]
    assert status.to_dict() == {
        pd.Timestamp("2026-05-01"): "slutlig",
        pd.Timestamp("2026-06-01"): "slutlig",
        pd.Timestamp("2026-07-01"): "preliminar",
        pd.Timestamp("2026-08-01"): "preliminar",
    }


def test_rolling_mean_needs_twelve_months(fixture_db):
    with warehouse.read() as con:
        series = fs_series.direct(con, date(2025, 11, 1), date(2025, 12, 1))
    rolling = series[series["nyckeltal"] == "hushall"]["rullande_12"].tolist()
    assert math.isnan(rolling[0])  # only eleven months delivered by november 2025
    assert rolling[1] == pytest.approx(sum(2000 + 10 * m for m in range(1, 13)) / 12)


def test_a_missing_month_is_missing_never_zero(empty_db):
    header = "Månad;Hushåll;Barnhushåll;Utbetalt;Avslutade hushåll;Avslut arbete"
    ingest([header, "2026-01;100;40;1000000;10;4", "2026-02;110;40;1100000;10;4",
            "2026-04;130;50;1300000;12;6"], "fs.csv")  # fmt: skip
    with warehouse.read() as con:
        series = fs_series.direct(con, date(2026, 1, 1), date(2026, 4, 1))
        months = fs_months.direct(con)
    assert months == [date(2026, m, 1) for m in (1, 2, 3, 4)]
    hushall = series[series["nyckeltal"] == "hushall"].set_index("manad")
    march, april = hushall.loc[pd.Timestamp("2026-03-01")], hushall.loc[pd.Timestamp("2026-04-01")]
    assert march["status"] == "saknas"
    assert math.isnan(march["varde"])
    assert math.isnan(april["foregaende_manad"]) and math.isnan(april["forandring_manad"])
    # The last two *delivered* months are preliminary: february and april.
    assert hushall["status"].tolist() == ["slutlig", "preliminar", "saknas", "preliminar"]
    # A figure the file did not deliver is missing too, and so is a share built on it.
    rows = by_figure(series[series["manad"] == pd.Timestamp("2026-04-01")])
    assert math.isnan(rows["vuxna"]["varde"])
    assert math.isnan(rows["andel_langvarigt"]["varde"])
    assert rows["andel_barnhushall"]["varde"] == pytest.approx(50 / 130)
    assert rows["andel_avslut_arbete"]["varde"] == pytest.approx(6 / 12)


def test_hires_from_forsorjningsstod_beside_endings_to_work(fixture_db):
    with warehouse.read() as con:
        result = hires_and_endings.direct(con, 2026)
    # Counting hires with från försörjningsstöd = ja: KK 2 + VOF lönestöd 4 a month, none in July.
    assert result.hires_fran_fs == 42
    assert result.monthly["hires_fran_forsorjningsstod"].tolist() == [6, 6, 6, 6, 6, 6, 0, 6]
    assert result.endings_to_work == 8 * 60
    assert result.monthly["avslut_arbete"].tolist() == [60] * 8
    assert result.hires_last_month == 8 and result.fs_last_month == 8
    # Average per household and month: 155 600 000 kr / 15 560 households = 10 000 kr.
    assert result.avg_per_household == pytest.approx(10_000)
    assert result.months_remaining == 4
    assert result.estimate_kr == pytest.approx(42 * 10_000 * 4)  # 1 680 000 kr
    assert "återstående månader" in savings_assumption(result)


def test_the_estimate_as_it_stood_after_may(fixture_db):
    with warehouse.read() as con:
        result = hires_and_endings.direct(con, 2026, 5)
    assert result.hires_fran_fs == 30
    assert result.endings_to_work == 5 * 60
    assert result.months_remaining == 7
    assert result.estimate_kr == pytest.approx(30 * 10_000 * 7)
    assert len(result.monthly) == 5


def test_a_year_without_forsorjningsstod_has_no_estimate(empty_db):
    ingest(["Månad;Förvaltning;Anställningsform;Antal;Från försörjningsstöd",
            "2026-01;KK;lonestod;3;ja"], "hires.csv")  # fmt: skip
    with warehouse.read() as con:
        result = hires_and_endings.direct(con, 2026)
    assert result.hires_fran_fs == 3
    assert result.avg_per_household is None and result.estimate_kr is None
    assert result.endings_to_work is None
    assert result.monthly["status"].tolist() == ["saknas"]
    assert math.isnan(result.monthly["avslut_arbete"].iloc[0])
