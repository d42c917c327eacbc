"""The automatic Swedish summary (pipelines/narrative.py): built by rules from the figures."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipelines import warehouse
from pipelines.domain.forecast import forecast
from pipelines.formatting import fmt_per_month as per_month
from pipelines.formatting import fmt_probability as probability_text
from pipelines.present.narrative import (
    goal_summary_text,
    join_names,
    persons,
    probability_words,
)
from pipelines.queries.goal import YearOverview, forsorjningsstod_headline, year_overview
from pipelines.queries.goal_forvaltning import forvaltning_table

NB = "\u00a0"
UNIFORM = [1 / 12] * 12


def overview_of(fc, *, before=None, kind="beslutat") -> YearOverview:
    last = date(fc.year, fc.last_month, 1) if fc.last_month else None
    return YearOverview(fc, kind, last, fc.hires, 0, before)


def test_small_words():
    assert persons(1) == "1 person"
    assert persons(1234) == f"1{NB}234 personer"
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B"]) == "A och B"
    assert join_names(["A", "B", "C"]) == "A, B och C"
    assert per_month(22.0) == "22"
    assert per_month(21.34) == "21,3"


@pytest.mark.parametrize(
    ("probability", "words"),
    [
        (0.95, "mycket troligt"),
        (0.7, "troligt"),
        (0.5, "osäkert om"),
        (0.3, "osäkert om"),
        (0.2, "inte troligt"),
        (0.01, "mycket osannolikt"),
    ],
)
def test_probability_words(probability, words):
    assert probability_words(probability) == words


def test_probability_text_never_claims_certainty_too_early():
    assert probability_text(0.004) == f"under 1{NB}%"
    assert probability_text(0.996) == f"över 99{NB}%"
    assert probability_text(0.27) == f"27{NB}%"
    assert probability_text(1.0) == f"100{NB}%"


def test_mid_year_paragraph():
    # 10 a month for six months of 240: half the target by June, on pace.
    fc = forecast(2026, [10] * 6, 240, UNIFORM)
    text = goal_summary_text(overview_of(fc, before=50))
    assert text.startswith(
        f"Till och med juni 2026 har 60 personer anställts, 25{NB}% av årets mål på 240. "
        "Det är 10 fler än under samma period 2025 (50). "
        "Med en jämn takt över året skulle 120 ha anställts vid den här tiden, "
        "med tidigare års säsongsmönster 120."
    )
    assert "För att nå målet behövs 30 anställningar i månaden under resten av året." in text
    assert f"(80{NB}% intervall {fc.low}–{fc.high})" in text
    assert text.endswith("Status: Efter (✗).")


def test_no_data_yet():
    fc = forecast(2027, [], 200, UNIFORM, history_mean=55)
    text = goal_summary_text(overview_of(fc))
    assert text.startswith(
        "För 2027 finns inga anställningar inlästa ännu. Årets mål är 200 anställningar. "
        "Med samma nivå som tidigare år väntas omkring 56 anställningar"
    )
    assert goal_summary_text(overview_of(forecast(2027, [], 200, UNIFORM))) == (
        "För 2027 finns inga anställningar inlästa ännu. Årets mål är 200 anställningar."
    )


def test_complete_year():
    missed = goal_summary_text(overview_of(forecast(2025, [5] * 11 + [0], 200, UNIFORM)))
    assert missed == (
        f"Under 2025 anställdes 55 personer, 28{NB}% av årets mål på 200. "
        "Målet nåddes inte; det saknades 145 anställningar."
    )
    reached = goal_summary_text(overview_of(forecast(2025, [20] * 12, 200, UNIFORM), before=240))
    assert reached == (
        f"Under 2025 anställdes 240 personer, 120{NB}% av årets mål på 200. "
        "Det är lika många som under 2024. Målet nåddes."
    )


def test_target_already_reached_mid_year():
    text = goal_summary_text(overview_of(forecast(2026, [1, 0], 1, UNIFORM)))
    assert text.startswith(
        f"Till och med februari 2026 har 1 person anställts, 100{NB}% av årets mål på 1."
    )
    assert "Målet är redan nått (preliminärt)." in text  # issue 24: marked until final
    assert "behövs" not in text


def test_forvaltningar_and_forsorjningsstod_sentences():
    fc = forecast(2026, [10] * 6, 240, UNIFORM)
    table = pd.DataFrame(
        {
            "namn": ["Alfa", "Beta", "Gamma", "Delta"],
            "hires": [9, 4, 1, 0],
            "target": [10, 10, 10, 0],
            "share": [0.9, 0.4, 0.1, None],
            "status": ["i_fas", "risk", "efter", "ingen_data"],
        }
    )
    headline = {
        "month": date(2026, 6, 1),
        "hushall": 1900,
        "hushall_last_year": 2000,
        "hushall_change": -100,
        "hushall_change_share": -0.05,
    }
    text = goal_summary_text(overview_of(fc), table, headline)
    assert (
        "Per förvaltning: Alfa är i fas; Beta riskerar att inte nå sitt måltal; Gamma ligger efter."
    ) in text
    assert f"Störst andel av sitt mål har Alfa med 9 av 10 (90{NB}%)." in text
    assert text.endswith(
        f"I juni 2026 fick 1{NB}900 hushåll försörjningsstöd, 100 färre än i juni 2025 "
        f"(2{NB}000, −5,0{NB}%)."
    )


def test_summary_from_the_fixture_warehouse(fixture_db):
    with warehouse.read() as con:
        text = goal_summary_text(
            year_overview.direct(con, 2026),
            forvaltning_table.direct(con, 2026),
            forsorjningsstod_headline.direct(con),
        )
    assert text.startswith(
        f"Till och med augusti 2026 har 112 personer anställts, 56{NB}% av årets mål på 200. "
        "Det är 77 fler än under samma period 2025 (35). "
        "Med en jämn takt över året skulle 133 ha anställts vid den här tiden, "
        "med tidigare års säsongsmönster 128. "
        f"Prognosen för helåret är 175 anställningar (80{NB}% intervall "
    )
    assert "mycket osannolikt att målet nås" in text
    assert "behövs 22 anställningar i månaden" in text
    assert (
        "Per förvaltning: Arbetsmarknads- och socialförvaltningen och Kommunkontoret är i fas; "
        "Barn- och skolförvaltningen, Miljöförvaltningen och Vård- och omsorgsförvaltningen "
        "ligger efter."
    ) in text
    assert text.endswith(
        f"I augusti 2026 fick 1{NB}980 hushåll försörjningsstöd, 100 färre än i augusti 2025 "
        f"(2{NB}080, −4,8{NB}%)."
    )
