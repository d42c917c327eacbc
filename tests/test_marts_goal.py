"""The goal marts (pipelines/marts/goal.py, goal_forvaltning.py) on the fixture warehouse.

Expected figures come from tests/fixtures/README.md: 2025 five counting hires a month but July
(KK 1, BSF 1, VOF 2, ASF 1, MF 0), 2026 sixteen (KK 2, BSF 6, VOF 6, ASF 2) through August;
VOF's 2026 target decided 70, the others derived (ASF 19, BSF 74, KK 19, MF 18).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipelines import warehouse
from pipelines.ingest.store import ingest_bytes
from pipelines.present import goal_tables
from pipelines.queries import goal, goal_forvaltning

SHARES_2026 = [0.5 / 61 if m == 7 else 5.5 / 61 for m in range(1, 13)]  # from 2025's pattern


@pytest.fixture
def con(fixture_db):
    with warehouse.read() as connection:
        yield connection


def test_years_and_default_year(con):
    assert goal.available_years.direct(con) == [2026, 2025]
    assert goal.latest_year.direct(con) == 2026


def test_years_of_an_empty_warehouse(empty_db):
    with warehouse.read() as con:
        assert goal.available_years.direct(con) == []
        assert goal.latest_year.direct(con) is None
        assert goal.forsorjningsstod_headline.direct(con) is None


def test_year_overview_municipality(con):
    overview = goal.year_overview.direct(con, 2026)
    fc = overview.forecast
    assert (fc.hires, fc.target, fc.last_month) == (112, 200, 8)
    assert overview.target_kind == "beslutat"  # the reference's standard target
    assert overview.last_month == date(2026, 8, 1)
    assert overview.hires_all == 115  # with VOF's 3 via sysselsättningskrav in March
    assert overview.hires_fran_forsorjningsstod == 42
    assert overview.hires_same_period_last_year == 35  # 2025 january–august: 7 months × 5


def test_year_overview_forvaltning(con):
    overview = goal.year_overview.direct(con, 2026, "VOF")
    assert (overview.forecast.hires, overview.forecast.target) == (42, 70)
    assert overview.target_kind == "beslutat"
    assert overview.hires_all == 45
    assert overview.hires_fran_forsorjningsstod == 28
    assert overview.hires_same_period_last_year == 14
    assert goal.year_overview.direct(con, 2026, "BSF").target_kind == "beraknat"


def test_year_overview_of_a_complete_and_an_empty_year(con):
    done = goal.year_overview.direct(con, 2025)
    assert (done.forecast.hires, done.forecast.last_month) == (55, 12)
    assert done.hires_same_period_last_year is None  # no 2024 in the warehouse
    empty = goal.year_overview.direct(con, 2027)
    assert empty.last_month is None and empty.forecast.hires == 0
    assert empty.hires_same_period_last_year is None


def test_monthly_progress(con):
    frame = goal.monthly_progress.direct(con, 2026)
    assert frame["month"].tolist() == list(range(1, 13))
    assert frame["hires"].tolist()[:8] == [16, 16, 16, 16, 16, 16, 0, 16]
    assert frame["hires"].isna().tolist() == [False] * 8 + [True] * 4
    assert frame["cumulative"].tolist()[:8] == [16, 32, 48, 64, 80, 96, 96, 112]
    assert frame["target_linear"].iloc[7] == pytest.approx(200 * 8 / 12)
    assert frame["target_linear"].iloc[11] == pytest.approx(200)
    assert frame["target_seasonal"].iloc[7] == pytest.approx(200 * 39 / 61)
    # The forecast path starts at the outcome and ends at the year's expected total.
    assert frame["forecast"].isna().tolist()[:7] == [True] * 7
    assert frame["forecast"].iloc[7] == pytest.approx(112)
    assert frame["forecast"].iloc[8] == pytest.approx(112 + 112.5 * 22 / 39 / 4)
    assert frame["forecast"].iloc[11] == pytest.approx(112 + 112.5 * 22 / 39)


def test_monthly_progress_filtered_has_no_forecast(con):
    frame = goal.monthly_progress.direct(con, 2026, "VOF", "lonestod")
    assert frame["cumulative"].iloc[7] == 28
    assert frame["target_linear"].iloc[11] == pytest.approx(70)
    assert frame["forecast"].isna().all()


def test_years_cumulative(con):
    frame = goal.years_cumulative.direct(con, 2026)
    by_year = {y: rows for y, rows in frame.groupby("ar")}
    assert by_year[2025]["cumulative"].tolist()[-1] == 55 and len(by_year[2025]) == 12
    assert by_year[2026]["cumulative"].tolist() == [16, 32, 48, 64, 80, 96, 96, 112]
    assert set(frame["target"]) == {200}


def test_years_side_by_side(con):
    frame = goal.years_side_by_side.direct(con)
    assert frame["ar"].tolist() == [2025, 2026]
    assert frame["months_reported"].tolist() == [12, 8]
    assert frame["hires"].tolist() == [55, 112]
    assert frame["hires_fran_forsorjningsstod"].tolist() == [22, 42]
    assert frame["share"].tolist() == pytest.approx([55 / 200, 112 / 200])
    vof = goal.years_side_by_side.direct(con, "VOF")
    assert vof["hires"].tolist() == [22, 42]
    assert vof["hires_fran_forsorjningsstod"].tolist() == [11, 28]
    assert vof["target"].tolist() == [60, 70]
    assert vof["target_kind"].tolist() == ["beraknat", "beslutat"]


def test_forsorjningsstod_headline(con):
    headline = goal.forsorjningsstod_headline.direct(con)
    assert headline["month"] == date(2026, 8, 1)
    assert headline["hushall"] == 1980
    assert headline["utbetalt"] == 19_800_000
    assert headline["hushall_last_year"] == 2080
    assert headline["hushall_change"] == -100
    assert headline["hushall_change_share"] == pytest.approx(-100 / 2080)
    assert headline["utbetalt_change"] == -1_000_000


def test_forvaltning_table(con):
    table = goal_forvaltning.forvaltning_table.direct(con, 2026).set_index("kod")
    assert table.index.tolist() == ["ASF", "BSF", "KK", "MF", "VOF"]  # by name
    assert table["hires"].to_dict() == {"ASF": 14, "BSF": 42, "KK": 14, "MF": 0, "VOF": 42}
    assert table["target"].to_dict() == {"ASF": 19, "BSF": 74, "KK": 19, "MF": 18, "VOF": 70}
    assert table.loc["VOF", "target_kind"] == "beslutat"
    assert set(table.drop("VOF")["target_kind"]) == {"beraknat"}
    assert table.loc["VOF", "share"] == pytest.approx(0.6)
    assert table["per_1000"].to_dict() == pytest.approx(
        {"ASF": 14.0, "BSF": 10.5, "KK": 14.0, "MF": 0.0, "VOF": 14.0}
    )
    assert table["hires_last_year"].to_dict() == {"ASF": 7, "BSF": 7, "KK": 7, "MF": 0, "VOF": 14}
    assert table["change"].to_dict() == {"ASF": 7, "BSF": 35, "KK": 7, "MF": 0, "VOF": 28}
    # Each förvaltning's own forecast: KK and ASF need 5 more at a pace of 14.5 / (39/61) a
    # year; VOF needs 28 more of an expected 24; BSF 32 of 24; MF has none.
    assert table["status"].to_dict() == {
        "ASF": "i_fas",
        "BSF": "efter",
        "KK": "i_fas",
        "MF": "efter",
        "VOF": "efter",
    }
    assert table.loc["VOF", "expected"] == pytest.approx(42 + 42.5 * 22 / 39)
    assert table["starts_in_year"].isna().all() and table["ends_in_year"].isna().all()


def test_forvaltning_table_of_2025_has_no_previous_year(con):
    table = goal_forvaltning.forvaltning_table.direct(con, 2025).set_index("kod")
    assert table["hires"].to_dict() == {"ASF": 11, "BSF": 11, "KK": 11, "MF": 0, "VOF": 22}
    assert table["target"].to_dict() == {"ASF": 20, "BSF": 80, "KK": 20, "MF": 20, "VOF": 60}
    assert table["hires_last_year"].isna().all() and table["change"].isna().all()


def test_forvaltning_table_filtered(con):
    lonestod = goal_forvaltning.forvaltning_table.direct(con, 2026, "lonestod").set_index("kod")
    assert lonestod["hires"].to_dict() == {"ASF": 0, "BSF": 0, "KK": 14, "MF": 0, "VOF": 28}
    assert lonestod.loc["VOF", "share"] == pytest.approx(28 / 70)
    assert lonestod.loc["VOF", "status"] == "efter"  # status always concerns all hires
    uvas = goal_forvaltning.forvaltning_table.direct(con, 2026, None, "uvas").set_index("kod")
    assert uvas["hires"].to_dict() == {"ASF": 0, "BSF": 42, "KK": 0, "MF": 0, "VOF": 0}


def test_heatmap(con):
    heat = goal_forvaltning.forvaltning_heatmap.direct(con, 2026).set_index("kod")
    assert [c for c in heat.columns if isinstance(c, int)] == list(range(1, 9))
    assert heat.loc["BSF", list(range(1, 9))].tolist() == [6, 6, 6, 6, 6, 6, 0, 6]
    assert heat["total"].to_dict() == {"ASF": 14, "BSF": 42, "KK": 14, "MF": 0, "VOF": 42}


def test_mix_of_one_forvaltning(con):
    def mix(dimension, kod="VOF"):
        frame = goal_forvaltning.forvaltning_mix.direct(con, 2026, dimension, kod)
        return dict(zip(frame["label"], frame["hires"], strict=True))

    # sysselsättningskrav (3 in March) does not count toward the goal.
    assert mix("anstallningsform") == {"Lönebidrag/lönestöd": 28, "Arbetsmarknadsanställning": 14}
    assert mix("kon") == {"Kvinna": 28, "Man": 14}
    assert mix("fran_forsorjningsstod") == {"Ja": 28, "Nej": 14}
    assert mix("malgrupp") == {"Utrikesfödd ung vuxen (18–29 år)": 28, "Övrig": 14}
    whole = goal_forvaltning.forvaltning_mix.direct(con, 2026, "fran_forsorjningsstod")
    assert dict(zip(whole["kod"], whole["hires"], strict=True)) == {
        "nej": 56,
        "ja": 42,
        "uppgift saknas": 14,
    }
    assert whole["share"].sum() == pytest.approx(1.0)
    with pytest.raises(ValueError):
        goal_forvaltning.forvaltning_mix.direct(con, 2026, "antal")


def test_filter_and_forvaltning_options(con):
    options = goal_forvaltning.filter_options.direct(con)
    assert "sysselsattningskrav" not in dict(options["anstallningsform"])
    assert dict(options["malgrupp"])["uppgift saknas"] == "Uppgift saknas"
    kods = [k for k, _ in goal_forvaltning.forvaltning_options.direct(con, 2026)]
    assert sorted(kods) == ["ASF", "BSF", "KK", "MF", "VOF"]


# --- a reorganised förvaltning: SOF until February 2023, ASF from March ----------------------


@pytest.fixture
def reorganised(fixture_db):
    rows = ["Månad;Förvaltning;Anställningsform;Antal;Kön;Målgrupp;Från försörjningsstöd"]
    for m in range(1, 13):
        rows.append(f"2023-{m:02d};KK;lonestod;1;kvinna;ovrig;ja")
        rows.append(f"2023-{m:02d};{'SOF' if m <= 2 else 'ASF'};osa;1;man;ovrig;nej")
    result = ingest_bytes(("\n".join(rows) + "\n").encode(), "anstallningar_2023.csv")
    assert result.outcome == "lagrad", [f.format() for f in result.findings]
    with warehouse.read() as connection:
        yield connection


def test_reorganised_forvaltning_keeps_its_history(reorganised):
    con = reorganised
    kods = dict(goal_forvaltning.forvaltning_options.direct(con, 2023))
    assert {"SOF", "ASF"} <= set(kods)
    table = goal_forvaltning.forvaltning_table.direct(con, 2023).set_index("kod")
    assert table.loc["SOF", "hires"] == 2 and table.loc["ASF", "hires"] == 10
    # Derived by employees × months: SOF 1000·2/12 and ASF 1000·10/12 of 10 000 → 3,33 and
    # 16,67 of 200; largest remainder gives the one left over to ASF.
    assert table.loc["SOF", "target"] == 3 and table.loc["ASF", "target"] == 17
    assert table.loc["SOF", "ends_in_year"] == date(2023, 2, 28)
    assert pd.isna(table.loc["SOF", "starts_in_year"])
    assert table.loc["ASF", "starts_in_year"] == date(2023, 3, 1)
    assert goal_tables.validity_note(None, date(2023, 2, 28)) == "t.o.m. feb 2023"
    assert goal_tables.validity_note(date(2023, 3, 1), None) == "fr.o.m. mar 2023"
    notes = goal_tables.forvaltning_display(table.reset_index())["Anmärkning"].tolist()
    assert sorted(n for n in notes if n) == ["fr.o.m. mar 2023", "t.o.m. feb 2023"]
    assert goal_forvaltning.forvaltning_validity.direct(con, "SOF")[1] == date(2023, 2, 28)
    validity = goal_forvaltning.forvaltning_validity.direct(con, "ASF")
    assert goal_tables.validity_text(validity) == "Giltig 2023-03-01 – tills vidare"
    assert (
        goal_tables.validity_text(goal_forvaltning.forvaltning_validity.direct(con, "VOF")) is None
    )
    assert "SOF" not in set(goal_forvaltning.forvaltning_table.direct(con, 2026)["kod"])
    sof = goal.years_side_by_side.direct(con, "SOF")
    assert sof["ar"].tolist() == [2023] and sof["hires"].tolist() == [2]


def test_reorganised_forvaltning_months_outside_its_validity_are_missing(reorganised):
    sof = goal.monthly_progress.direct(reorganised, 2023, "SOF")
    assert sof["cumulative"].tolist()[:2] == [1, 2]
    assert sof["cumulative"].iloc[2:].isna().all()
    assert sof["target_linear"].iloc[1] == pytest.approx(3)  # the whole target by February
    asf = goal.monthly_progress.direct(reorganised, 2023, "ASF")
    assert asf["hires"].iloc[:2].isna().all()
    assert asf["cumulative"].iloc[11] == 10
    assert asf["target_linear"].iloc[11] == pytest.approx(17)
    assert pd.isna(asf["target_linear"].iloc[0])
