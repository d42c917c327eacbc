"""The Månadsrapport page, run with Streamlit's AppTest on the fixture warehouse.

Figures by hand (tests/fixtures/README.md): august 2026 has 16 hires counting toward the goal,
112 so far this year, target 200; the forecast 112 + 112.5 · 22/39 ≈ 175 (status Efter: see
tests/test_report.py); försörjningsstöd 1 980 households against 1 970 in july (+10, +0,5 %)
and 2 080 in august 2025 (−100, −4,8 %).
"""

from __future__ import annotations

from datetime import date

from html_tables import table
from streamlit.testing.v1 import AppTest

from pipelines import warehouse
from pipelines.ingest.comments import save_comment
from pipelines.queries.comments import comments_for

NBSP = "\u00a0"
AUG = date(2026, 8, 1)


def run(at: AppTest | None = None, **params) -> AppTest:
    if at is None:
        at = AppTest.from_file("../pages/manadsrapport.py", default_timeout=30)
        for key, value in params.items():
            at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [t.value.replace(NBSP, " ") for t in at.text]


def test_report_of_the_last_month(fixture_db):
    at = run()
    assert at.header[0].value == "Nyckeltalsrapport augusti 2026"
    assert at.selectbox(key="qp_manad").value == "2026-08"
    assert {m.label: m.value for m in at.metric} == {
        "Anställda i augusti 2026": "16",
        "Hittills i år": "112",
        "Årets mål": "200",
        "Prognos för helåret": "175",
        "Status": "✗ Efter",
    }
    assert not at.warning  # nothing missing in august
    summary = texts(at)
    assert summary[0].startswith("I augusti 2026 anställdes 16 personer")
    assert summary[1].startswith(
        "I augusti 2026 fick 1 980 hushåll försörjningsstöd, 100 färre än i augusti 2025 "
        "(−4,8 %) och 10 fler än i juli 2026 (+0,5 %)."
    )
    labels = [b.label for b in at.get("download_button")]
    # The committee's version for all; the exact one, marked internal, for this local user (who
    # may see the internal package).
    assert labels == ["Ladda ner Excel", "Ladda ner PDF", "Intern Excel", "Intern PDF"]


def test_internal_report_only_for_roles_that_may_see_it(fixture_db, monkeypatch):
    from pipelines.app import auth

    real = auth.allowed
    monkeypatch.setattr(
        auth, "allowed", lambda p: p is not auth.Permission.INTERNAL_EXPORT and real(p)
    )
    at = run()
    assert [b.label for b in at.get("download_button")] == ["Ladda ner Excel", "Ladda ner PDF"]


def test_tables_per_forvaltning_and_of_forsorjningsstod(fixture_db):
    at = run()
    forvaltningar = table(at, "Anställningar per förvaltning, augusti 2026")
    assert forvaltningar["Förvaltning"].tolist()[-1] == "Hela kommunen"
    # By status (Efter first: BSF, MF, VOF; I fas: ASF, KK), then by name (issue 18).
    assert [name.split()[0] for name in forvaltningar["Förvaltning"]] == [
        "Barn-",
        "Miljöförvaltningen",
        "Vård-",
        "Arbetsmarknads-",
        "Kommunkontoret",
        "Hela",
    ]
    assert forvaltningar["Hittills i år"].tolist() == ["42", "0", "42", "14", "14", "112"]
    assert forvaltningar["Mål"].tolist() == ["74", "18", "70", "19", "19", "200"]
    assert forvaltningar["Andel av målet"].tolist()[-1] == "56" + NBSP + "%"
    assert forvaltningar["Status"].tolist()[-1] == "✗ Efter"
    fs = table(at, "Försörjningsstöd augusti 2026").set_index("Nyckeltal")
    assert fs.loc["Biståndshushåll", "aug 2026"] == "1" + NBSP + "980"
    assert fs.loc["Biståndshushåll", "jul 2026"] == "1" + NBSP + "970"
    assert fs.loc["Biståndshushåll", "Förändring mot jul 2026"] == "+10 (+0,5" + NBSP + "%)"
    assert fs.loc["Biståndshushåll", "aug 2025"] == "2" + NBSP + "080"
    assert fs.loc["Biståndshushåll", "Förändring mot aug 2025"] == "−100 (−4,8" + NBSP + "%)"


def test_an_earlier_month_from_the_url(fixture_db):
    at = run(manad="2026-05")
    assert at.header[0].value == "Nyckeltalsrapport maj 2026"
    values = {m.label: m.value for m in at.metric}
    assert values["Anställda i maj 2026"] == "16"
    assert values["Hittills i år"] == "80"
    # 80 + 80.5 · 33.5/27.5 = 178.06 (see tests/test_report.py).
    assert values["Prognos för helåret"] == "178"


def test_saving_a_comment_keeps_the_history(fixture_db):
    save_comment(AUG, "Första versionen.", "Anna")
    at = run()
    assert "Första versionen." in texts(at)
    assert at.text_area[0].value == "Första versionen."
    at.text_area[0].input("Andra versionen med <b>html</b>.")
    at.text_input[0].input("Bo <i>Berg</i>")
    at.button[0].click()
    run(at)
    assert "Andra versionen med <b>html</b>." in texts(at)  # shown as text, not as HTML
    assert any(t.startswith("— Bo <i>Berg</i>, ") and "(version 2)" in t for t in texts(at))
    assert not any("<b>html</b>" in md.value for md in at.markdown)
    assert "Tidigare versioner (1)" in [e.label for e in at.expander]
    with warehouse.read() as con:
        history = comments_for(con, AUG).history
    assert [(c.version, c.author) for c in history] == [(2, "Bo <i>Berg</i>"), (1, "Anna")]


def test_a_comment_without_a_name_is_refused(fixture_db):
    at = run()
    at.text_area[0].input("En analys.")
    at.button[0].click()
    run(at)
    assert at.error[0].value == "Ange ditt namn: varje kommentar sparas med namn och tid."
    assert "En analys." not in texts(at)


def test_an_empty_warehouse_says_so(empty_db):
    at = run()
    assert not at.metric
    assert "Inga månader är inlästa ännu" in at.markdown[0].value
