"""What became of those hired (issue 27): the fixture follow-up (`fixtures/uppfoljning/`) stored
on top of the fixture warehouse gives exactly the figures that tests/fixtures/README.md derives
by hand, through `python -m pipelines utfall`, the page's tables, the cohort chart and the line
on Översikt; without the kind, nothing is said."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from pipelines.cli import main
from pipelines.ingest.store import ingest_file
from pipelines.present import outcomes_view
from pipelines.present.charts.outcomes import cohort_chart
from pipelines.queries.outcomes import followup_years, outcomes

FOLLOWUP = FIXTURES / "uppfoljning" / "uppfoljning_2025.csv"
NONE_24 = {
    "manader": 24, "anstallda": None, "uppnadda": 0, "rapporterade": 0,
    "kvar_i_anstallning": 0, "andel_kvar": None, "i_arbete_eller_studier": None,
    "andel_i_arbete_eller_studier": None, "med_fs_fore": None, "med_fs_vid_uppfoljning": None,
}  # fmt: skip


def _point(m, anst, upp, rap, kvar, andel, arb, andel_arb, fore, vid) -> dict:
    return {
        "manader": m, "anstallda": anst, "uppnadda": upp, "rapporterade": rap,
        "kvar_i_anstallning": kvar, "andel_kvar": andel, "i_arbete_eller_studier": arb,
        "andel_i_arbete_eller_studier": andel_arb, "med_fs_fore": fore,
        "med_fs_vid_uppfoljning": vid,
    }  # fmt: skip


def _none_24(anstallda: int) -> dict:
    return NONE_24 | {"anstallda": anstallda}


EXPECTED_2025 = {
    "ar": 2025,
    "uppfoljningar": [
        _point(6, 58, 58, 56, 44, 0.786, 46, 0.979, 22, 10),
        _point(12, 58, 38, 37, 16, 0.432, 23, 0.767, 14, 1),
        _none_24(58),
    ],
    "per_forvaltning": {
        "ASF": [
            _point(6, 11, 11, 9, 9, 1.0, None, None, None, None),
            _point(12, 11, 7, 7, 7, 1.0, None, None, None, None),
            _none_24(11),
        ],
        "BSF": [
            _point(6, 11, 11, 11, 0, 0.0, 11, 1.0, 0, 0),
            _point(12, 11, 7, 6, 0, 0.0, 0, 0.0, 0, 0),
            _none_24(11),
        ],
        "KK": [
            _point(6, 11, 11, 11, 11, 1.0, 11, 1.0, 11, 0),
            _point(12, 11, 7, 7, 0, 0.0, 7, 1.0, 7, 0),
            _none_24(11),
        ],
        "VOF": [
            _point(6, 25, 25, 25, 24, 0.96, 24, 0.96, 11, 10),
            _point(12, 25, 17, 17, 9, 0.529, 16, 0.941, 7, 1),
            _none_24(25),
        ],
    },
    "saknas": [
        {"kod": "BSF", "anstallningsmanad": "2025-08", "manader": 12},
        {"kod": "ASF", "anstallningsmanad": "2025-11", "manader": 6},
        {"kod": "ASF", "anstallningsmanad": "2025-12", "manader": 6},
    ],
}


@pytest.fixture
def followed_db(fixture_db):
    result = ingest_file(FOLLOWUP, kind="uppfoljning", source="test")
    assert result.outcome == "lagrad", [f.format() for f in result.findings]
    assert result.findings == [], [f.format() for f in result.findings]  # cohorts as stored
    return fixture_db


def _utfall(capsys, *args: str) -> str:
    capsys.readouterr()
    assert main(["utfall", *args]) == 0
    return capsys.readouterr().out


def test_utfall_json_is_exactly_the_hand_derived_figures(followed_db, capsys):
    assert json.loads(_utfall(capsys, "--year", "2025", "--json")) == EXPECTED_2025


def test_utfall_text_says_the_same_in_swedish(followed_db, capsys):
    lines = _utfall(capsys, "--year", "2025").splitlines()
    assert lines[0] == "Vad hände med dem som anställdes 2025?"
    assert lines[1] == (
        "  Efter 6 månader: 44 av 56 rapporterade (79\u00a0%) kvar i anställning, 98\u00a0% i "
        "arbete eller studier; med försörjningsstöd 22 före och 10 vid uppföljningen."
    )
    assert lines[3] == "  Efter 24 månader: ingen anställning har nått uppföljningen än."
    assert "Saknade leveranser av uppföljning (3):" in lines
    assert "  BSF 2025-08, 12 månader" in lines


def test_a_year_without_any_follow_up_has_hires_and_nothing_reported(followed_db, capsys):
    result = json.loads(_utfall(capsys, "--year", "2026", "--json"))
    # 2026: 115 hires of all forms; 6 months reached for january–february (follow-up ≤ 2026-08).
    assert [p["anstallda"] for p in result["uppfoljningar"]] == [115, 115, 115]
    assert [p["uppnadda"] for p in result["uppfoljningar"]] == [32, 0, 0]
    assert [p["rapporterade"] for p in result["uppfoljningar"]] == [0, 0, 0]
    assert [p["andel_kvar"] for p in result["uppfoljningar"]] == [None, None, None]
    # January's cohorts are due (2026-07 ended more than 10 days ago), February's (2026-08) too.
    assert [(m["kod"], m["anstallningsmanad"]) for m in result["saknas"]] == [
        ("ASF", "2026-01"), ("BSF", "2026-01"), ("KK", "2026-01"), ("VOF", "2026-01"),
        ("ASF", "2026-02"), ("BSF", "2026-02"), ("KK", "2026-02"), ("VOF", "2026-02"),
    ]  # fmt: skip


def test_overview_line_speaks_of_the_latest_year_with_a_12_month_point(followed_db):
    assert followup_years(12) == [2025]
    assert followup_years() == [2025]
    assert outcomes_view.overview_line(outcomes(2025)) == (
        "Av dem som anställdes 2025 var 43\u00a0% kvar i anställning efter 12 månader (16 av 37 "
        "rapporterade)."
    )


def test_page_tables_show_share_with_count_and_honest_marks(followed_db):
    points = outcomes(2025).uppfoljningar
    table = outcomes_view.chart_table(points)
    assert table.to_dict("records") == [
        {
            "Uppföljning": "6 månader", "Uppnådda": "58", "Rapporterade": "56",
            "Kvar i anställning": "79\u00a0% (44 av 56)",
            "I arbete eller studier": "98\u00a0% (46 av 47)",
        },
        {
            "Uppföljning": "12 månader", "Uppnådda": "38", "Rapporterade": "37",
            "Kvar i anställning": "43\u00a0% (16 av 37)",
            "I arbete eller studier": "77\u00a0% (23 av 30)",
        },
        {
            "Uppföljning": "24 månader", "Uppnådda": "ej uppnådd", "Rapporterade": "0",
            "Kvar i anställning": "ej uppnådd", "I arbete eller studier": "ej uppnådd",
        },
    ]  # fmt: skip
    fs = outcomes_view.fs_table(points)
    assert fs["Före → vid uppföljning"].tolist() == ["22 → 10", "14 → 1", "ej uppnådd"]


def test_cohort_chart_labels_every_bar_with_its_count(followed_db):
    fig = cohort_chart(outcomes(2025).uppfoljningar, title="t")
    kvar, arbete = fig.data
    assert list(kvar.y) == list(arbete.y) == ["6 månader", "12 månader", "24 månader"]
    assert list(kvar.x) == [78.6, 43.2, None]
    assert list(kvar.text) == ["79\u00a0% (44 av 56)", "43\u00a0% (16 av 37)", ""]
    assert list(arbete.x) == [97.9, 76.7, None]
    assert list(arbete.text) == ["98\u00a0% (46 av 47)", "77\u00a0% (23 av 30)", ""]
    marks = [a.text for a in fig.layout.annotations if a.y == "24 månader"]
    assert marks == ["<i>ej uppnådd</i>"]


def test_without_the_kind_nothing_is_said(fixture_db, capsys):
    assert followup_years() == []
    assert followup_years(12) == []
    result = outcomes(2025)
    assert outcomes_view.overview_line(result) is None
    assert [p.rapporterade for p in result.uppfoljningar] == [0, 0, 0]
