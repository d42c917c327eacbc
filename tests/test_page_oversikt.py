"""The Översikt page (pages/oversikt.py) with Streamlit's AppTest on the fixture warehouse.

Figures by hand (tests/fixtures/README.md, the model in test_forecast.py): 112 of 200 by August
2026; a straight line gives 200·8/12 = 133,3, the seasonal pattern 200·39/61 = 127,9; the
forecast 112 + 112,5·22/39 = 175,5 with the 80 % interval 163–188 (brute-force quantiles of
NegBin(112,5; 39/61)) and P(≥ 200) = 1,2 %; 88 more in 4 months = 22 a month.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from helpers import metric_values, run_page

NB = "\u00a0"


def run(**params: str) -> AppTest:
    return run_page("oversikt.py", **params)


def deltas(at: AppTest) -> dict[str, str]:
    return {m.label: m.proto.delta for m in at.metric}


def test_default_year_is_the_last_reported(fixture_db):
    at = run()
    assert at.selectbox(key="qp_ar").value == 2026
    assert at.query_params["ar"] == "2026"
    assert (
        at.header[0].value == "Anställningar 2026, till och med augusti 2026, preliminärt"
    )  # issue 24
    assert metric_values(at) == {
        "Anställda hittills": "112",
        "Andel av årets mål": f"56{NB}%",
        "Årets mål": "200",
        "Status": "✗ Efter",
        "Borde vara, rak linje": "133",
        "Borde vara, säsongsmönster": "128",
        "Behövs per månad resten av året": "22",
        "Prognos för helåret": "175",
        "Prognosintervall (80 %)": "163–188",
        "Sannolikhet att nå målet": f"1{NB}%",
        "Hushåll med försörjningsstöd, augusti 2026": f"1{NB}980",
        "Utbetalt, augusti 2026": f"19,8{NB}mnkr",
    }
    d = deltas(at)
    assert d["Anställda hittills"] == "+77 mot samma period 2025"  # 2025 jan–aug: 35
    assert d["Borde vara, rak linje"] == "Utfallet 21 under rak linje"
    assert d["Borde vara, säsongsmönster"] == "Utfallet 16 under säsongsmönstret"
    assert d["Hushåll med försörjningsstöd, augusti 2026"] == (
        f"−100 (−4,8{NB}%) mot augusti 2025"  # 1 980 against 2 080
    )
    assert d["Utbetalt, augusti 2026"] == f"−1,0{NB}mnkr (−4,8{NB}%) mot augusti 2025"


def test_status_badge_and_summary(fixture_db):
    at = run()
    texts = [m.value for m in at.markdown]
    assert "Status: :red-badge[✗ Efter]" in texts
    summary = next(t for t in texts if t.startswith("Till och med augusti 2026"))
    assert f"112 personer anställts, 56{NB}% av årets mål på 200" in summary
    assert "I augusti 2026 fick" in summary


def test_progress_bar(fixture_db):
    at = run()
    bar = at.get("progress")[0]
    assert bar.proto.text == f"112 av 200 (56{NB}%)"
    assert bar.proto.value == 56


def test_complete_year_from_the_url(fixture_db):
    at = run(ar="2025")
    assert at.selectbox(key="qp_ar").value == 2025
    assert metric_values(at)["Anställda under året"] == "55"
    assert metric_values(at)["Andel av årets mål"] == f"28{NB}%"  # 55 / 200 = 27,5 %
    assert "Prognos för helåret" not in metric_values(at)
    assert any("det saknades 145 anställningar" in m.value for m in at.markdown)


def test_unknown_year_in_the_url_falls_back(fixture_db):
    at = run(ar="1999")
    assert at.selectbox(key="qp_ar").value == 2026
    assert at.query_params["ar"] == "2026"


def test_choosing_a_year_updates_the_url(fixture_db):
    at = run()
    at.selectbox(key="qp_ar").set_value(2025).run()
    assert not at.exception
    assert at.query_params["ar"] == "2025"
    assert metric_values(at)["Anställda under året"] == "55"


def test_empty_warehouse(empty_db):
    at = run()
    assert not at.metric
    assert any("Inga anställningar är inlästa ännu" in m.value for m in at.markdown)
