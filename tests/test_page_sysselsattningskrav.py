"""The Sysselsättningskrav page with AppTest: every contract with its status in words and
symbols, the year's totals, per förvaltning and supplier; and the page before any contract.

Figures: tests/sysselsattning_data.py."""

from __future__ import annotations

from html_tables import table
from sysselsattning_data import AVTAL_HEADER, AVTAL_ROWS, FOLLOWUP_HEADER, FOLLOWUP_ROWS

from helpers import csv_bytes, metric_values, run_page
from pipelines.ingest.store import ingest_bytes

NBSP = "\u00a0"


def _store() -> None:
    for name, lines in (
        ("avtal.csv", [AVTAL_HEADER, *AVTAL_ROWS]),
        ("uppfoljning.csv", [FOLLOWUP_HEADER, *FOLLOWUP_ROWS]),
    ):
        assert ingest_bytes(csv_bytes(lines), name, source="test").outcome == "lagrad"


def test_every_contract_with_status_word_and_symbol(empty_db):
    _store()
    at = run_page("sysselsattningskrav.py")
    assert at.title[0].value == "Sysselsättningskrav"
    assert at.header[0].value == "Avtal 2026, uppföljt till och med augusti 2026"
    assert metric_values(at) == {
        "Avtal under året": "6",
        "Påbörjade anställningar": "4",
        "Påbörjade lärlingsanställningar": "1",
        "Påbörjade praktikplatser": "6",
    }
    contracts = at.dataframe[0].value
    assert list(contracts["Avtal"]) == [
        "2025-044",
        "2026-003",
        "2026-009",
        "2026-017",
        "2026-021",
        "2026-030",
    ]
    assert list(contracts["Status"]) == [
        "✓ Uppfyllt (75 %-regeln)",
        "– Ej aktuellt",
        "→ Pågår",
        "→ Pågår",
        "→ Pågår",
        "– Ej aktuellt",
    ]
    assert list(contracts["Första anställning"]) == [
        "✓ I tid",
        "– Ej aktuellt",
        "✗ Försenad",
        "✓ I tid",
        "○ Ej påbörjad, tid kvar",
        "– Ej aktuellt",
    ]
    row = contracts.set_index("Avtal").loc["2026-017"]
    assert row["Utfört (heltidsmånader)"] == "13,5"
    assert row["Krav (heltidsmånader)"] == "24"
    assert row["Andel av kravet"] == f"56{NBSP}%"
    assert row["Tidsgräns första anställning"] == "2026-06"

    per_forvaltning = table(at, "Per förvaltning 2026").set_index("Förvaltning")
    # KK: 2026-009 (10) and 2026-017 (24): 34 months required, 13,5 done; starts 2+1+2+3.
    assert per_forvaltning.loc["Kommunkontoret", "Krav (heltidsmånader)"] == "34"
    assert per_forvaltning.loc["Kommunkontoret", "Utfört (heltidsmånader)"] == "13,5"
    assert per_forvaltning.loc["Kommunkontoret", "Praktikplatser"] == "5"
    suppliers = table(at, "Per leverantör 2026")
    assert len(suppliers) == 6
    assert any("räknas inte mot kommunens mål om 200" in c.value for c in at.caption)


def test_before_any_contract_the_page_says_what_to_deliver(empty_db):
    at = run_page("sysselsattningskrav.py")
    assert "Inga avtal med sysselsättningskrav är inlästa ännu." in at.markdown[0].value


def test_oversikt_has_a_line_beside_the_goal_and_the_goal_unchanged(fixture_db):
    before = metric_values(run_page("oversikt.py"))
    _store()
    at = run_page("oversikt.py")
    assert metric_values(at) == before  # the 200-goal's figures are untouched
    lines = [m.value for m in at.markdown if "Sysselsättningskrav i upphandling" in m.value]
    assert lines == [
        "**Sysselsättningskrav i upphandling:** 6 avtal, 4 anställningar, 1 lärling och "
        "6 praktikplatser påbörjade 2026; 1 av 4 krav uppfyllda, 1 med försenad första "
        "anställning. Platser genom upphandling räknas inte mot kommunens mål om 200 "
        "anställningar."
    ]


def test_oversikt_without_contracts_has_no_line(fixture_db):
    at = run_page("oversikt.py")
    assert not [m for m in at.markdown if "Sysselsättningskrav" in m.value]
