"""The Förvaltningar page (pages/forvaltningar.py) with AppTest on the fixture warehouse: the
table of all förvaltningar, the filters in the URL, and one förvaltning's own view.

By hand (tests/fixtures/README.md): 2026 through August KK 14, BSF 42, VOF 42, ASF 14, MF 0;
targets VOF 70 (beslutat), ASF 19, BSF 74, KK 19, MF 18 (beräknat); the same months of 2025
KK 7, BSF 7, VOF 14, ASF 7, MF 0. VOF's forecast 42 + 42,5·22/39 = 66,0, interval 58–74,
P(≥ 70) = 26,9 % (brute force, test_forecast.py): Efter.
"""

from __future__ import annotations

from html_tables import table, table_with, tables
from streamlit.testing.v1 import AppTest

from helpers import run_page

NB = "\u00a0"


def run(**params: str) -> AppTest:
    return run_page("forvaltningar.py", **params)


def table_rows(at: AppTest) -> dict[str, dict[str, str]]:
    frame = table(at, "Förvaltningarnas anställningar")
    return {row["Förvaltning"]: row for row in frame.to_dict("records")}


def test_all_forvaltningar(fixture_db):
    at = run()
    assert at.selectbox(key="qp_ar").value == 2026
    assert at.selectbox(key="qp_forvaltning").value is None
    rows = table_rows(at)
    # By status by default (issue 18): Efter first, then I fas; by name within a status.
    assert [(name, row["Status"]) for name, row in rows.items()] == [
        ("Barn- och skolförvaltningen (BSF)", "✗ Efter"),
        ("Miljöförvaltningen (MF)", "✗ Efter"),
        ("Vård- och omsorgsförvaltningen (VOF)", "✗ Efter"),
        ("Arbetsmarknads- och socialförvaltningen (ASF)", "✓ I fas"),
        ("Kommunkontoret (KK)", "✓ I fas"),
    ]
    assert "sortera" not in at.query_params  # the default stays out of the URL
    assert rows["Vård- och omsorgsförvaltningen (VOF)"] == {
        "Förvaltning": "Vård- och omsorgsförvaltningen (VOF)",
        "Anställda": "42",
        "Mål": "70",
        "Måltyp": "beslutat",
        "Andel": f"60{NB}%",
        "Status": "✗ Efter",
        "Prognos": "66",
        f"Per 1{NB}000": "14,0",
        "I fjol": "14",
        "Ändring": "+28",
    }
    bsf = rows["Barn- och skolförvaltningen (BSF)"]
    assert (bsf["Mål"], bsf["Måltyp"], bsf["Andel"]) == ("74", "beräknat", f"57{NB}%")
    assert (bsf[f"Per 1{NB}000"], bsf["Ändring"]) == ("10,5", "+35")
    assert rows["Kommunkontoret (KK)"]["Status"] == "✓ I fas"
    assert rows["Miljöförvaltningen (MF)"]["Andel"] == f"0{NB}%"
    assert not at.metric


def test_sorting_from_the_url(fixture_db):
    at = run(sortera="andel")
    # 14/19 (ASF, KK, then by name), 42/70, 42/74, 0/18
    assert [name.split(" (")[1][:-1] for name in table_rows(at)] == [
        "ASF",
        "KK",
        "VOF",
        "BSF",
        "MF",
    ]
    assert at.query_params["sortera"] == "andel"


def test_filters_from_the_url(fixture_db):
    at = run(ar="2026", anstallningsform="lonestod")
    rows = table_rows(at)
    assert rows["Vård- och omsorgsförvaltningen (VOF)"]["Anställda"] == "28"
    assert rows["Barn- och skolförvaltningen (BSF)"]["Anställda"] == "0"
    assert "Status (alla anställningar)" in table(at, "Förvaltningarnas").columns
    assert at.selectbox(key="qp_anstallningsform").value == "lonestod"


def test_previous_year_from_the_url(fixture_db):
    at = run(ar="2025")
    rows = table_rows(at)
    bsf = rows["Barn- och skolförvaltningen (BSF)"]
    assert (bsf["Anställda"], bsf["Mål"], bsf["I fjol"]) == ("11", "80", "–")
    assert rows["Vård- och omsorgsförvaltningen (VOF)"]["Måltyp"] == "beräknat"


def test_drill_down_link(fixture_db):
    at = run(ar="2026", forvaltning="VOF")
    assert at.selectbox(key="qp_forvaltning").value == "VOF"
    assert at.header[0].value == "Vård- och omsorgsförvaltningen 2026, preliminärt"  # issue 24
    assert {m.label: m.value for m in at.metric} == {
        "Anställda hittills": "42",
        "Måltal (beslutat)": "70",
        "Andel av måltalet": f"60{NB}%",
        "Status": "✗ Efter",
        "Prognos för helåret": "66",
        "Sannolikhet att nå måltalet": f"27{NB}%",
        "Behövs per månad resten av året": "7",  # (70 − 42) / 4
        "Varav från försörjningsstöd": "28",
    }
    assert any("Därutöver 3 anställningar" in c.value for c in at.caption)
    # The years side by side: 2025 22 of 60 (beräknat), 2026 42 of 70 (beslutat).
    years = table_with(at, "Rapporterade månader")
    assert years["Anställningar"].tolist() == ["22", "42"]
    assert years["Mål"].tolist() == ["60", "70"]
    assert years["Måltyp"].tolist() == ["beräknat", "beslutat"]
    assert at.query_params["forvaltning"] == "VOF"


def test_choosing_a_forvaltning_updates_the_url(fixture_db):
    at = run()
    at.selectbox(key="qp_forvaltning").set_value("KK").run()
    assert not at.exception
    assert at.query_params["forvaltning"] == "KK"
    assert {m.label: m.value for m in at.metric}["Anställda hittills"] == "14"
    at.selectbox(key="qp_forvaltning").set_value(None).run()
    assert "forvaltning" not in at.query_params
    assert len(table_rows(at)) == 5


def test_unknown_values_in_the_url_fall_back(fixture_db):
    at = run(ar="1999", forvaltning="XYZ", malgrupp="okand")
    assert at.selectbox(key="qp_ar").value == 2026
    assert at.selectbox(key="qp_forvaltning").value is None
    assert at.selectbox(key="qp_malgrupp").value is None
    assert "forvaltning" not in at.query_params


def test_empty_warehouse(empty_db):
    at = run()
    assert not at.dataframe and not tables(at)
    assert any("Inga anställningar är inlästa ännu" in m.value for m in at.markdown)


def test_drill_down_into_a_complete_year(fixture_db):
    at = run(ar="2025", forvaltning="VOF")
    assert {m.label: m.value for m in at.metric} == {
        "Anställda under året": "22",
        "Måltal (beräknat)": "60",
        "Andel av måltalet": f"37{NB}%",  # 22 / 60
        "Status": "✗ Efter",
        "Måltalet": "inte nått",
        "Varav från försörjningsstöd": "11",
    }


def test_sorting_by_name_is_still_offered(fixture_db):
    at = run(sortera="namn")
    assert [name.split(" (")[1][:-1] for name in table_rows(at)] == [
        "ASF",
        "BSF",
        "KK",
        "MF",
        "VOF",
    ]


def test_every_forvaltning_has_a_link_to_its_own_view(fixture_db):
    at = run()
    # Each name in the table links to the förvaltning's own view (same page, in the URL).
    forvaltningar = table(at, "Förvaltningarnas anställningar 2026")
    links = dict(zip(forvaltningar["Förvaltning"], forvaltningar.attrs["links"], strict=True))
    assert links["Vård- och omsorgsförvaltningen (VOF)"] == "?ar=2026&forvaltning=VOF"
    assert len(links) == 5
