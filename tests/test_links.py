"""Links and corrections that say what to do (issue 28): an unknown förvaltning or year in a
shared link says so and offers the list; "Så rättar du" is an action, not the rule again; a
förvaltning's own page tells what changed since the last approved month."""

from __future__ import annotations

from datetime import date

from helpers import HIRES_HEADER, csv_bytes, run_page
from pipelines.ingest.approval import approve_report
from pipelines.ingest.preview_text import findings_frame
from pipelines.ingest.store import ingest_bytes
from pipelines.outputs.report.files import build_report
from pipelines.present.link_text import unknown_link_text
from pipelines.queries.approval import report_figures

JUL = date(2026, 7, 1)


def test_the_unknown_link_text_names_the_value_and_the_choices():
    text = unknown_link_text("Förvaltning", "XYZ", "Alla förvaltningar", ["Kommunkontoret (KK)"])
    assert text == (
        "Länken anger förvaltning ”XYZ”, som inte finns här. Sidan visar Alla förvaltningar i "
        "stället. Välj i listan Förvaltning: Kommunkontoret \\(KK\\)."
    )
    many = unknown_link_text("År", "[x](javascript:1)", "2026", [str(y) for y in range(2000, 2027)])
    assert "”\\[x\\]\\(javascript\\:1\\)”" in many  # shown as typed, never a link
    assert many.endswith(", 2014 och 12 till.")


def test_an_unknown_forvaltning_in_the_link_says_so(fixture_db):
    at = run_page("forvaltningar.py", forvaltning="XYZ")
    assert not at.exception
    [warning] = [w.value for w in at.warning if "Länken anger" in w.value]
    assert warning.startswith("Länken anger förvaltning ”XYZ”, som inte finns här.")
    assert "Vård\\- och omsorgsförvaltningen \\(VOF\\)" in warning  # the list to choose from
    assert at.selectbox(key="qp_forvaltning").value is None


def test_an_unknown_year_in_the_link_says_so(fixture_db):
    at = run_page("oversikt.py", ar="1999")
    assert not at.exception
    [warning] = [w.value for w in at.warning if "Länken anger" in w.value]
    assert warning.startswith("Länken anger år ”1999”, som inte finns här. Sidan visar 2026")
    assert "2025" in warning
    assert not [w for w in run_page("oversikt.py", ar="2025").warning if "Länken" in w.value]


def test_how_to_fix_says_the_action(empty_db):
    result = ingest_bytes(csv_bytes([HIRES_HEADER, "2026-03;XYZ;lonestod;2;;;"]), "fel.csv")
    assert result.outcome == "avvisad"
    frame = findings_frame(result.findings).set_index("Kolumn")
    assert frame.loc["Förvaltning", "Så rättar du"] == (
        "Skriv förvaltningens kod, t.ex. VOF, eller hela namnet som på bladet Giltiga värden."
    )
    assert frame.loc["Förvaltning", "Fel"].startswith("Okänd förvaltning.")


def test_a_forvaltning_page_tells_what_changed_since_the_last_approved_month(fixture_db):
    approve_report(JUL, b"%PDF", b"xlsx", report_figures(build_report(JUL)), "Anna")
    at = run_page("forvaltningar.py", forvaltning="VOF")
    assert not at.exception
    assert "Sedan förra fastställda månaden" in [s.value for s in at.subheader]
    texts = [t.value for t in at.text]
    assert "Anställningar: 6 nya (36 → 42 hittills i år av måltalet 70)." in texts
    assert "Status är oförändrad: Efter." in texts
    assert "Inga rättelser har kommit in sedan dess." in texts
