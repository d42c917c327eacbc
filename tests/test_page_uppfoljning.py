"""The Uppföljning page with AppTest (issue 27): the fixture follow-up's figures as derived in
tests/fixtures/README.md (the share with the count behind it, försörjningsstöd before → at the
follow-up, per förvaltning, "ej uppnådd", the missing deliveries listed, the definitions on the
page); the page before any follow-up; and the line on Översikt, absent without the kind."""

from __future__ import annotations

from html_tables import table

from conftest import FIXTURES
from helpers import metric_values, run_page
from pipelines.domain.outcomes import DEFINITIONS
from pipelines.ingest.store import ingest_file

NBSP = "\u00a0"


def _store() -> None:
    path = FIXTURES / "uppfoljning" / "uppfoljning_2025.csv"
    assert ingest_file(path, kind="uppfoljning", source="test").outcome == "lagrad"


def test_the_years_follow_up_with_counts_marks_and_missing_deliveries(fixture_db):
    _store()
    at = run_page("uppfoljning.py")  # the default year: the latest with a follow-up, 2025
    assert at.title[0].value == "Uppföljning"
    assert at.header[0].value == "Anställda 2025"
    assert at.query_params["ar"] == "2025"
    chart = table(at, "Vad hände med dem som anställdes 2025?")
    assert chart.to_dict("records") == [
        {
            "Uppföljning": "6 månader", "Uppnådda": "58", "Rapporterade": "56",
            "Kvar i anställning": f"79{NBSP}% (44 av 56)",
            "I arbete eller studier": f"98{NBSP}% (46 av 47)",
        },
        {
            "Uppföljning": "12 månader", "Uppnådda": "38", "Rapporterade": "37",
            "Kvar i anställning": f"43{NBSP}% (16 av 37)",
            "I arbete eller studier": f"77{NBSP}% (23 av 30)",
        },
        {
            "Uppföljning": "24 månader", "Uppnådda": "ej uppnådd", "Rapporterade": "0",
            "Kvar i anställning": "ej uppnådd", "I arbete eller studier": "ej uppnådd",
        },
    ]  # fmt: skip
    fs = table(at, "Anställda 2025 med försörjningsstöd")
    assert fs["Före → vid uppföljning"].tolist() == ["22 → 10", "14 → 1", "ej uppnådd"]

    summary = table(at, "Uppföljning per förvaltning, anställda 2025").set_index("Förvaltning")
    assert summary.loc["Vård- och omsorgsförvaltningen"].tolist() == [
        "25", f"96{NBSP}% (24 av 25)", f"53{NBSP}% (9 av 17)", "ej uppnådd",
        f"96{NBSP}% (24 av 25)", f"94{NBSP}% (16 av 17)", "ej uppnådd",
    ]  # fmt: skip
    assert summary.loc["Arbetsmarknads- och socialförvaltningen"].tolist() == [
        "11", f"100{NBSP}% (9 av 9)", f"100{NBSP}% (7 av 7)", "ej uppnådd",
        "uppgift saknas", "uppgift saknas", "ej uppnådd",
    ]  # fmt: skip
    assert list(summary.columns) == [
        "Anställda", "Kvar efter 6 månader", "Kvar efter 12 månader", "Kvar efter 24 månader",
        "I arbete eller studier efter 6 månader", "I arbete eller studier efter 12 månader",
        "I arbete eller studier efter 24 månader",
    ]  # fmt: skip
    per = table(at, "Alla siffror per förvaltning och uppföljning, anställda 2025")
    vof = per[per["Förvaltning"] == "Vård- och omsorgsförvaltningen"]
    assert vof["Kvar i anställning"].tolist() == ["24", "9", "–"]
    assert vof["Andel kvar"].tolist() == [f"96{NBSP}%", f"53{NBSP}%", "–"]
    assert vof["Uppnådda"].tolist() == ["25", "17", "ej uppnådd"]
    assert sorted(set(per["Förvaltning"])) == [
        "Arbetsmarknads- och socialförvaltningen", "Barn- och skolförvaltningen",
        "Kommunkontoret", "Vård- och omsorgsförvaltningen",
    ]  # fmt: skip

    missing = table(at, "Saknade uppföljningar 2025")
    assert missing.to_dict("records") == [
        {"Förvaltning": "Barn- och skolförvaltningen", "Anställningsmånad": "augusti 2025",
         "Uppföljning": "12 månader"},
        {"Förvaltning": "Arbetsmarknads- och socialförvaltningen",
         "Anställningsmånad": "november 2025", "Uppföljning": "6 månader"},
        {"Förvaltning": "Arbetsmarknads- och socialförvaltningen",
         "Anställningsmånad": "december 2025", "Uppföljning": "6 månader"},
    ]  # fmt: skip
    texts = [m.value for m in at.markdown]
    assert "3 uppföljningar är uppnådda och förfallna men inte levererade." in " ".join(texts)
    # The definitions are on the page (an expander), not in hover help only.
    assert at.expander[-1].label == "Så räknas siffrorna"
    for definition in DEFINITIONS.values():
        assert any(definition in t for t in texts), definition


def test_a_year_chosen_in_the_url_without_follow_up_says_so(fixture_db):
    _store()
    at = run_page("uppfoljning.py", ar="2026")
    assert at.header[0].value == "Anställda 2026"
    chart = table(at, "Vad hände med dem som anställdes 2026?")
    assert chart["Kvar i anställning"].tolist() == ["ej rapporterad", "ej uppnådd", "ej uppnådd"]
    assert len(table(at, "Saknade uppföljningar 2026")) == 8


def test_before_any_follow_up_the_page_says_what_to_deliver(fixture_db):
    at = run_page("uppfoljning.py")
    assert "Ingen uppföljning är inläst ännu." in at.markdown[0].value


def test_oversikt_has_the_line_beside_the_goal_and_the_goal_unchanged(fixture_db):
    before = run_page("oversikt.py")
    assert not [m for m in before.markdown if "kvar i anställning" in m.value]
    _store()
    at = run_page("oversikt.py")
    assert metric_values(at) == metric_values(before)
    lines = [m.value for m in at.markdown if "kvar i anställning" in m.value]
    assert lines == [
        f"Av dem som anställdes 2025 var 43{NBSP}% kvar i anställning efter 12 månader (16 av 37 "
        "rapporterade)."
    ]
