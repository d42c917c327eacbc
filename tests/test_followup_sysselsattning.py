"""The follow-up package's section on procurement with sysselsättningskrav (figures:
tests/sysselsattning_data.py): the chart with its table of contracts, the year's places, the
sentence, and the publication version's small counts hidden."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from sysselsattning_data import AVTAL_HEADER, AVTAL_ROWS, FOLLOWUP_HEADER, FOLLOWUP_ROWS

from helpers import csv_bytes
from pipelines.ingest.store import ingest_bytes
from pipelines.outputs.followup.collect import collect_followup
from pipelines.outputs.followup.docx import document_bytes
from pipelines.outputs.followup.package import workbook


@pytest.fixture
def with_contracts(fixture_db):
    for name, lines in (
        ("avtal.csv", [AVTAL_HEADER, *AVTAL_ROWS]),
        ("uppfoljning.csv", [FOLLOWUP_HEADER, *FOLLOWUP_ROWS]),
    ):
        assert ingest_bytes(csv_bytes(lines), name, source="test").outcome == "lagrad"
    return fixture_db


def _totals(followup):
    (table,) = [t for t in followup.tables if t.name == "Platser genom upphandling"]
    return list(table.frame["Påbörjade under året"])


def test_internal_version_has_the_chart_the_contracts_and_the_places(with_contracts):
    followup = collect_followup(2026, publication=False)
    chart = next(c for c in followup.charts if c.key.endswith("_sysselsattningskrav"))
    assert chart.key == f"{len(followup.charts):02d}_sysselsattningskrav"  # the last chart
    table = chart.table.display()
    assert list(table["Avtal"]) == [
        "2025-044",
        "2026-003",
        "2026-009",
        "2026-017",
        "2026-021",
        "2026-030",
    ]
    row = table.set_index("Avtal").loc["2026-017"]
    assert (row["Krav (heltidsmånader)"], row["Utfört (heltidsmånader)"]) == ("24", "13,5")
    assert row["Status"] == "→ Pågår"
    assert _totals(followup) == [4, 1, 6]
    assert followup.paragraphs[-1] == (
        "Under 2026 (till och med augusti 2026) har upphandlingar med sysselsättningskrav gett "
        "4 anställningar, 1 lärlingsanställning och 6 praktikplatser som påbörjats. Platser "
        "genom upphandling räknas inte mot kommunens mål om 200 anställningar."
    )
    # The goal's figures are the same as without contracts (fixture: 112 hires).
    assert followup.key_figures.frame.iloc[0].tolist() == ["Anställda mot målet hittills", "112"]


def test_publication_hides_counts_of_one_to_four(with_contracts):
    followup = collect_followup(2026, publication=True)
    assert _totals(followup) == ["X", "X", 6]
    assert not any("upphandlingar med sysselsättningskrav" in p for p in followup.paragraphs)


def test_workbook_and_word_carry_the_section(with_contracts):
    followup = collect_followup(2026, publication=False)
    book = load_workbook(io.BytesIO(workbook(followup)))
    texts = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert "2026-017" in texts and "Lunds Städservice AB" in texts
    doc = Document(io.BytesIO(document_bytes(followup, None)))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Uppfyllelse av sysselsättningskrav 2026" in body


def test_no_contracts_no_section(fixture_db):
    followup = collect_followup(2026, publication=False)
    assert not any("sysselsattningskrav" in c.key for c in followup.charts)
    assert not any(t.name == "Platser genom upphandling" for t in followup.tables)


# --- the monthly report ----------------------------------------------------------------------


def test_monthly_report_judges_as_of_its_month(with_contracts):
    from datetime import date, datetime

    from pypdf import PdfReader

    from pipelines.outputs.report.excel import excel_bytes
    from pipelines.outputs.report.pdf import write_pdf
    from pipelines.queries.report import monthly_report

    report = monthly_report(date(2026, 5, 1))
    result = report.sysselsattning
    # Through May: 2026-017 has 1,5 + 2,0 + 2,0 + 0,5 = 6,0 of 24; places started 2026 up to
    # May: anställningar 2 + 1 + 1 = 4, lärlingar 1, praktik 2 (2026-009 in February).
    row = next(r for r in result.avtal if r.avtal == "2026-017")
    assert (result.per, row.bedomning.utfort_heltidsmanader, row.bedomning.andel) == (
        date(2026, 5, 1),
        6.0,
        0.25,
    )
    assert result.totalt == {"anstallning": 4, "larling": 1, "praktik": 2}

    book = load_workbook(io.BytesIO(excel_bytes(report)))
    ws = book["Sysselsättningskrav"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Avtal", "Benämning", "Leverantör")
    by_id = {r[0]: r for r in rows[1:7]}
    assert by_id["2026-017"][7:10] == (24, 6, 0.25)
    assert by_id["2026-017"][12] == "→ Pågår"
    assert ("Lärlingsanställningar", 1) in [r[:2] for r in rows]

    pdf = write_pdf(report, None, generated_at=datetime(2026, 9, 15))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Sysselsättningskrav i upphandling 2026" in text
    assert "räknas inte mot kommunens mål om 200" in text
