"""The data-quality page through AppTest: metrics, the completeness matrix, missing deliveries,
checks, corrections, the revision history and the ingest log.

Figures by hand from tests/fixtures/README.md: all five förvaltningar and försörjningsstöd are
delivered through August 2026 (the last complete month on 2026-09-15); July has only zeros,
so each year has one warning "Inga anställningar alls"; KK has 2 hires a month in 2026.
"""

from __future__ import annotations

from datetime import date

from html_tables import tables
from streamlit.testing.v1 import AppTest

from helpers import HIRES_HEADER, csv_bytes, metric_values, run_page
from pipelines.ingest.store import ingest_bytes

NBSP = "\u00a0"


def open_page() -> AppTest:
    return run_page("datakvalitet.py")


def plain(frame):
    """An st.table's frame with the markdown escapes removed (st.dataframe has none)."""
    unescape = lambda text: str(text).replace("\\", "")  # noqa: E731
    frame = frame.map(unescape)
    frame.columns = [unescape(c) for c in frame.columns]
    frame.index = [unescape(i) for i in frame.index]
    return frame


def table_with(at: AppTest, column: str):
    frames = [d.value for d in at.dataframe] + [plain(t.value) for t in at.table] + tables(at)
    [frame] = [f for f in frames if column in f.columns]
    return frame


MATRIX = "Försörjningsstöd (hushåll)"


def test_fixture_warehouse(fixture_db):
    at = open_page()
    assert metric_values(at) == {
        "Saknade leveranser, augusti 2026": "0",
        "Varningar 2026": "1",
        "Rättade siffror 2026": "0",
        "Filer med fel": "0",
    }
    assert [s.value for s in at.success] == [
        "Inga leveranser av anställningar är försenade.",  # issue 24
        "Alla leveranser för augusti 2026 har kommit in.",
    ]
    matrix = table_with(at, MATRIX).set_index("Månad")
    assert list(matrix.columns) == ["ASF", "BSF", "KK", "MF", "VOF", MATRIX]
    assert matrix["KK"].tolist() == ["✓ 2"] * 6 + ["✓ 0", "✓ 2"] + ["…"] * 4
    assert matrix["MF"].tolist()[:8] == ["✓ 0"] * 8
    assert matrix[MATRIX].tolist()[:2] == [f"✓ 1{NBSP}910", f"✓ 1{NBSP}920"]
    assert matrix.index.tolist()[0] == "Januari"
    checks = table_with(at, "Kontroll")
    assert checks[["Kontroll", "Månad", "Förvaltning"]].values.tolist() == [
        ["! Inga anställningar alls", "juli 2026", "Hela kommunen"]
    ]
    assert any("mer än 10 från månaden före" in c.value for c in at.caption)
    log = table_with(at, "Utfall")
    assert log["Fil"].tolist() == [
        "mal_2026.csv",
        "forsorjningsstod.csv",
        "anstallningar_2026.csv",
        "anstallningar_2025.csv",
    ]
    assert log["Rader"].tolist() == ["1", "20", "48", "72"]
    # A yearly target file covers its year, not "januari 2026" (issue 18).
    assert log["Månader"].tolist()[0] == "2026"
    [month_box] = [s for s in at.selectbox if s.label == "Månad"]
    assert month_box.value == date(2026, 8, 1)  # the latest month by default
    versions = table_with(at, "Version")
    assert versions["Anställningar"].tolist() == ["2", "6", "2", "0", "6"]  # ASF BSF KK MF VOF


def test_missing_deliveries_when_september_is_due(fixture_db, monkeypatch):
    monkeypatch.setenv("ARBETSMAL_TODAY", "2026-10-15")
    at = open_page()
    assert metric_values(at)["Saknade leveranser, september 2026"] == "6"
    assert [w.value for w in at.warning] == [
        # issue 24: every overdue hires delivery (5 förvaltningar), with days overdue
        "5 leveranser av anställningar saknas. Siffrorna för de månaderna är preliminära tills "
        "de har kommit in.",
        "6 leveranser saknas för september 2026. En förvaltning utan anställningar ska "
        "leverera rader med antal 0.",
    ]
    missing = table_with(at, "Leverans")
    assert missing.values.tolist()[-2:] == [
        ["Anställningar", "VOF – Vård- och omsorgsförvaltningen"],
        ["Försörjningsstöd", "Hela kommunen"],
    ]
    overdue = table_with(at, "Dagar försenad")
    assert overdue.values.tolist()[0] == ["ASF", "september 2026", "4"]  # due 11 October
    assert len(overdue) == 5
    matrix = table_with(at, MATRIX).set_index("Månad")
    assert matrix.loc["September"].tolist() == ["✗ Saknas"] * 6
    assert matrix.loc["Oktober"].tolist() == ["…"] * 6


def test_a_correction_is_visible_with_old_and_new_figure(fixture_db):
    ingest_bytes(
        csv_bytes([HIRES_HEADER, "2026-03;KK;lonestod;5;kvinna;;ja"]),
        "rattelse_kk.csv",
        source="app",
    )
    ingest_bytes(csv_bytes([HIRES_HEADER, "2026-03;XX;lonestod;1;;;"]), "trasig.csv")
    at = open_page()
    assert metric_values(at)["Rättade siffror 2026"] == "1"
    assert metric_values(at)["Filer med fel"] == "1"
    fixes = table_with(at, "Före")
    assert fixes[
        ["Månad", "Förvaltning", "Före", "Efter", "Ändring", "Fil före", "Fil efter"]
    ].values.tolist() == [
        [
            "mars 2026",
            "KK – Kommunkontoret",
            "2",
            "5",
            "+3",
            "anstallningar_2026.csv",
            "rattelse_kk.csv",
        ]
    ]
    [month_box] = [s for s in at.selectbox if s.label == "Månad"]
    month_box.set_value(date(2026, 3, 1)).run()
    [forvaltning_box] = [s for s in at.selectbox if s.label == "Förvaltning"]
    forvaltning_box.set_value("KK").run()
    assert not at.exception
    versions = table_with(at, "Version")
    columns = ["Version", "Gäller", "Anställningar", "Ändring", "Fil", "Ersatt av fil"]
    assert versions[columns].values.tolist() == [
        ["1", "ersatt", "2", "–", "anstallningar_2026.csv", "rattelse_kk.csv"],
        ["2", "✓ gällande", "5", "+3", "rattelse_kk.csv", ""],
    ]
    assert versions["Ersatt"][0] == versions["Lagrad"][1] != ""

    [messages_box] = [s for s in at.selectbox if s.label.startswith("Visa fel och varningar")]
    assert messages_box.value == 6
    messages = table_with(at, "Meddelande")
    assert messages[["Typ", "Rad", "Kolumn", "Värde"]].values.tolist() == [
        ["✗ Fel", "2", "Förvaltning", "XX"]
    ]


def test_another_year(fixture_db):
    at = open_page()
    [year_box] = [s for s in at.selectbox if s.label == "År"]
    assert year_box.options == ["2026", "2025"]
    year_box.set_value(2025).run()
    assert not at.exception
    assert metric_values(at)["Varningar 2025"] == "1"
    matrix = table_with(at, MATRIX).set_index("Månad")
    assert matrix["KK"].tolist() == ["✓ 1"] * 6 + ["✓ 0"] + ["✓ 1"] * 5
    assert matrix[MATRIX].tolist()[-1] == f"✓ 2{NBSP}120"


def test_a_file_with_errors_counts_once_however_often_it_was_checked(fixture_db):
    bad = csv_bytes([HIRES_HEADER, "2026-03;XX;lonestod;1;;;"])
    ingest_bytes(bad, "trasig.csv")  # the command line
    ingest_bytes(bad, "trasig.csv", source="app")  # the same bytes checked again in the app
    ingest_bytes(csv_bytes([HIRES_HEADER, "2026-03;YY;lonestod;1;;;"]), "annan.csv")
    assert metric_values(open_page())["Filer med fel"] == "2"
