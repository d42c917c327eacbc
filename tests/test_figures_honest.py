"""Figures that must not mislead (issue 18): a share of the target is never rounded up to the whole
target before it is reached, one probability rule for every page and report, a reached target
says so in its status, Swedish singular and plural, `0` (not `0,0`), count axes from zero, the
preliminary mark on a late-revised tile, and the two amounts per household told apart.

Every expected text is written out by hand.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipelines.domain.forecast import forecast
from pipelines.formatting import (
    fmt_count,
    fmt_per_month,
    fmt_probability,
    fmt_share_of_target,
)
from pipelines.present.goal_tables import forvaltning_display, progress_fraction
from pipelines.present.narrative import goal_summary_text
from pipelines.present.report_tables import fs_kpis, goal_rows
from pipelines.queries.goal import YearOverview
from pipelines.queries.report_goal import GoalStatus
from schemas.vocabulary import STATUS_ORDER, status_text

NB = "\u00a0"
UNIFORM = [1 / 12] * 12


def overview_of(fc) -> YearOverview:
    last = date(fc.year, fc.last_month, 1) if fc.last_month else None
    return YearOverview(fc, "beslutat", last, fc.hires, 0, None)


# --- share of the target -------------------------------------------------------------------------


def test_199_of_200_is_99_percent_and_the_bar_is_not_full():
    assert fmt_share_of_target(199 / 200) == f"99{NB}%"
    assert fmt_share_of_target(200 / 200) == f"100{NB}%"
    assert fmt_share_of_target(240 / 200) == f"120{NB}%"
    assert fmt_share_of_target(0.5) == f"50{NB}%"
    assert fmt_share_of_target(0.9995, 1) == f"99,9{NB}%"
    assert fmt_share_of_target(None) == "–"
    assert progress_fraction(199, 200) == 0.99
    assert progress_fraction(200, 200) == 1.0
    assert progress_fraction(250, 200) == 1.0
    assert progress_fraction(56, 100) == 0.56
    assert progress_fraction(3, 0) == 0.0


def test_the_forvaltning_table_never_shows_100_percent_before_the_target():
    table = pd.DataFrame(
        {
            "namn": ["Vård- och omsorgsförvaltningen"],
            "kod": ["VOF"],
            "starts_in_year": [None],
            "ends_in_year": [None],
            "hires": [199],
            "target": [200],
            "target_kind": ["beslutat"],
            "share": [199 / 200],
            "status": ["i_fas"],
            "expected": [230.0],
            "per_1000": [66.3],
            "hires_last_year": [150],
            "change": [49],
        }
    )
    assert forvaltning_display(table)["Andel"].tolist() == [f"99{NB}%"]


def test_the_summary_says_99_percent_for_199_of_200():
    fc = forecast(2026, [18] * 10 + [19], 200, UNIFORM)  # 199 by November
    assert fc.hires == 199
    text = goal_summary_text(overview_of(fc))
    assert text.startswith(
        f"Till och med november 2026 har 199 personer anställts, 99{NB}% av årets mål på 200."
    )
    assert "behövs 1 anställning i månaden" in text  # singular


# --- one probability rule ------------------------------------------------------------------------


def test_one_probability_rule_for_every_page_and_the_report():
    assert fmt_probability(0.004) == f"under 1{NB}%"
    assert fmt_probability(0.996) == f"över 99{NB}%"
    assert fmt_probability(0.995) == f"över 99{NB}%"
    assert fmt_probability(0.27) == f"27{NB}%"
    assert fmt_probability(1.0) == f"100{NB}%"
    assert fmt_probability(0.0) == f"0{NB}%"
    assert fmt_probability(None) == "–"


def test_the_same_forecast_reads_the_same_in_the_summary_and_the_report():
    fc = forecast(2026, [18] * 10 + [19], 200, UNIFORM)
    assert 0.995 <= fc.probability < 1  # 199 of 200 with a month to go
    summary = goal_summary_text(overview_of(fc))
    assert f"(sannolikhet över 99{NB}%)" in summary
    goal = GoalStatus(
        year=2026,
        month=11,
        last_month=11,
        hires_month=19,
        hires_ytd=fc.hires,
        target=fc.target,
        target_kind="beslutat",
        expected=fc.expected,
        low=fc.low,
        high=fc.high,
        probability=fc.probability,
        needed_per_month=fc.needed_per_month,
        status=fc.status,
    )
    rows = dict(goal_rows(goal))
    assert rows["Sannolikhet att nå målet"] == f"över 99{NB}%"
    assert rows["Andel av målet"] == f"99{NB}%"
    assert rows["Behövs per månad resten av året"] == "1"


# --- a reached target ----------------------------------------------------------------------------


def test_a_reached_target_says_so_in_status_and_summary():
    fc = forecast(2026, [25] * 9, 200, UNIFORM)  # 225 of 200 by September
    assert fc.status == "natt"
    assert status_text(fc.status) == "✓ Målet nått"
    text = goal_summary_text(overview_of(fc))
    assert "Målet är redan nått (preliminärt)." in text  # issue 24: marked until final
    assert "I fas" not in text
    # Sorting by status: Efter first, a reached target after I fas, Ingen data last.
    assert sorted(STATUS_ORDER, key=STATUS_ORDER.get) == [
        "efter",
        "risk",
        "i_fas",
        "natt",
        "ingen_data",
    ]


def test_forvaltningar_that_reached_their_target_are_named_so():
    fc = forecast(2026, [10] * 6, 240, UNIFORM)
    table = pd.DataFrame(
        {
            "namn": ["Kommunkontoret", "Miljöförvaltningen"],
            "hires": [20, 3],
            "target": [19, 18],
            "share": [20 / 19, 3 / 18],
            "status": ["natt", "efter"],
        }
    )
    text = goal_summary_text(overview_of(fc), table)
    assert "Per förvaltning: Kommunkontoret har redan nått sitt måltal; " in text
    assert "Miljöförvaltningen ligger efter." in text


# --- words and numbers ---------------------------------------------------------------------------


def test_singular_and_plural_and_zero_without_decimals():
    assert fmt_count(1, "anställning", "anställningar") == "1 anställning"
    assert fmt_count(2, "anställning", "anställningar") == "2 anställningar"
    assert fmt_count(0, "anställning", "anställningar") == "0 anställningar"
    assert fmt_count(1.5, "anställning", "anställningar") == "1,5 anställningar"
    assert fmt_count(1, "återstående månad", "återstående månader") == "1 återstående månad"
    assert fmt_count(4, "återstående månad", "återstående månader") == "4 återstående månader"
    assert fmt_per_month(0.0) == "0"
    assert fmt_per_month(22.0) == "22"
    assert fmt_per_month(21.34) == "21,3"
    assert fmt_per_month(None) == "–"


def test_a_year_that_missed_by_one_says_anstallning():
    fc = forecast(2025, [10] * 11 + [9], 120, UNIFORM)  # 119 of 120
    text = goal_summary_text(overview_of(fc))
    assert "Målet nåddes inte; det saknades 1 anställning." in text
    assert f"119 personer, 99{NB}% av årets mål på 120" in text


def test_the_report_says_0_a_month_when_the_target_is_reached():
    goal = GoalStatus(2026, 9, 9, 25, 225, 200, "beslutat", 260.0, 250, 270, 1.0, 0.0, "natt")
    rows = dict(goal_rows(goal))
    assert rows["Behövs per månad resten av året"] == "0"
    assert rows["Status"] == "✓ Målet nått"
    assert rows["Andel av målet"] == f"112{NB}%"


# --- försörjningsstöd tiles and axes -------------------------------------------------------------


def _figures(status: str) -> pd.DataFrame:
    base = {
        "manad": pd.Timestamp("2026-08-01"),
        "definition": "Definition.",
        "foregaende_ar": 62.0,
        "forandring_ar": -30.0,
        "forandring_ar_pct": -30 / 62,
        "status": status,
    }
    return pd.DataFrame(
        [
            base
            | {"nyckeltal": "avslut_arbete", "namn": "Avslut till arbete", "kind": "count"}
            | {"varde": 32.0},
            base
            | {"nyckeltal": "hushall", "namn": "Biståndshushåll", "kind": "count"}
            | {"varde": 1980.0},
            base
            | {"nyckeltal": "utbetalt_per_hushall", "namn": "Utbetalt per hushåll", "kind": "kr"}
            | {"varde": 10000.0},
        ]
    )


def test_a_preliminary_ending_figure_is_marked_on_its_tile():
    kpis = {k.label: k for k in fs_kpis(_figures("preliminar"))}
    assert kpis["Avslut till arbete (prel.)"].value == "32"
    assert kpis["Avslut till arbete (prel.)"].delta == f"{chr(0x2212)}30 ({chr(0x2212)}48,4{NB}%)"
    assert "Biståndshushåll" in kpis  # not revised late: no mark on the tile
    final = {k.label for k in fs_kpis(_figures("slutlig"))}
    assert "Avslut till arbete" in final


def test_the_months_amount_per_household_says_it_is_the_month():
    kpis = {k.label: k for k in fs_kpis(_figures("slutlig"))}
    assert "Gäller bara den här månaden" in kpis["Utbetalt per hushåll"].help


def test_count_axes_start_at_zero():
    from pipelines.present.charts.forsorjningsstod import fs_trend_chart

    months = pd.date_range("2025-09-01", "2026-08-01", freq="MS")
    series = pd.DataFrame(
        {
            "manad": months,
            "nyckeltal": "hushall",
            "namn": "Biståndshushåll",
            "enhet": "antal",
            "kind": "count",
            "varde": [1980.0 + i for i in range(12)],
            "foregaende_ar": [2000.0] * 12,
            "rullande_12": [1990.0] * 12,
            "status": ["slutlig"] * 10 + ["preliminar"] * 2,
        }
    )
    fig = fs_trend_chart(series, "hushall")
    assert fig.layout.yaxis.rangemode == "tozero"
