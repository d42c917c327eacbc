"""The monthly report's section "Vad hände med dem som anställdes" (issue 27; figures:
tests/outcomes_data.py): the Excel sheet, the PDF section and the page, and nothing at all for a
warehouse without follow-up rows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from outcomes_data import lines

from helpers import csv_bytes
from pipelines.ingest.store import ingest_bytes
from pipelines.outputs.report.excel import excel_bytes
from pipelines.outputs.report.files import build_report
from pipelines.outputs.report.outcomes import SHEET, missing_sentence
from pipelines.outputs.report.pdf import write_pdf

SENTENCES = [
    text.replace(" %", "\u00a0%")
    for text in [
        "Efter 6 månader: 23 av 36 rapporterade (64 %) kvar i anställning, 97 % i arbete eller "
        "studier; med försörjningsstöd 17 före och 3 vid uppföljningen.",
        "Efter 12 månader: 8 av 15 rapporterade (53 %) kvar i anställning, 100 % i arbete eller "
        "studier; med försörjningsstöd 6 före och 0 vid uppföljningen.",
        "Efter 24 månader: ingen anställning har nått uppföljningen än.",
    ]
]


@pytest.fixture
def with_outcomes(fixture_db):
    result = ingest_bytes(csv_bytes(lines()), "uppfoljning_2025.csv", source="test")
    assert result.outcome == "lagrad"
    return fixture_db


def test_report_holds_the_latest_year_with_reached_points(with_outcomes):
    # August 2026: the 2026 cohorts have reached 6 months (january + 6 = july), nothing is
    # delivered for them; the report shows 2026, the latest year with a reached point.
    report = build_report(date(2026, 8, 1))
    assert report.utfall.ar == 2026
    assert report.utfall.uppfoljningar[0].rapporterade == 0
    # December 2025: the 2025 cohorts, as derived in tests/outcomes_data.py.
    report = build_report(date(2025, 12, 1))
    result = report.utfall
    assert result.ar == 2025
    six, twelve, twenty_four = result.uppfoljningar
    assert (six.anstallda, six.uppnadda, six.rapporterade, six.kvar_i_anstallning) == (
        58,
        58,
        36,
        23,
    )
    assert (six.andel_kvar, six.andel_i_arbete_eller_studier) == (0.639, 0.972)
    assert (twelve.uppnadda, twelve.rapporterade, twelve.kvar_i_anstallning) == (38, 15, 8)
    assert twenty_four.uppnadda == 0


def test_excel_sheet_has_the_points_sentences_and_definitions(with_outcomes):
    report = build_report(date(2025, 12, 1))
    book = load_workbook(io.BytesIO(excel_bytes(report)))
    assert book.sheetnames[-2:] == [SHEET, "Kommentarer"]
    ws = book[SHEET]
    assert ws["A1"].value == "Vad hände med dem som anställdes 2025?"
    assert [c.value for c in ws[3]] == ["6 månader", 58, 58, 36, 23, 0.639, 35, 0.972, 17, 3]
    assert ws["F3"].number_format == "0%"
    assert [c.value for c in ws[4]] == ["12 månader", 58, 38, 15, 8, 0.533, 13, 1, 6, 0]
    # 24 months: nothing reached, nothing reported: empty cells, never 0 for what is missing.
    assert [c.value for c in ws[5]] == ["24 månader", 58, 0, 0, None, None, None, None, None, None]
    texts = [row[0].value for row in ws.iter_rows(min_row=6)]
    assert texts[1:4] == SENTENCES
    assert texts[4] == missing_sentence(report.utfall)
    assert "Definitioner" in texts


def test_missing_deliveries_are_counted(with_outcomes):
    result = build_report(date(2025, 12, 1)).utfall
    # 6 months: BSF and ASF, 11 months each, are due and missing (KK and VOF delivered; MF no
    # hires). 12 months (due: january–august but july): KK, BSF, ASF 7 months each, VOF july
    # has no hires and august is missing.
    assert len(result.saknas) == 22 + 21 + 1
    assert missing_sentence(result) == "44 uppföljningar som borde ha rapporterats saknas."


def test_pdf_has_the_section(with_outcomes):
    from pypdf import PdfReader

    report = build_report(date(2025, 12, 1))
    pdf = PdfReader(io.BytesIO(write_pdf(report, None, generated_at=report_time())))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Vad hände med dem som anställdes 2025?" in text
    assert "23 av 36 rapporterade (64 %) kvar i anställning" in " ".join(text.split())
    assert "Definitioner:" in text


def report_time():
    from datetime import datetime

    return datetime(2026, 9, 15, 8, 0)


def test_nothing_without_follow_up_rows(fixture_db):
    report = build_report(date(2025, 12, 1))
    assert report.utfall is None
    book = load_workbook(io.BytesIO(excel_bytes(report)))
    assert SHEET not in book.sheetnames


def test_page_shows_the_section(with_outcomes):
    from helpers import run_page

    at = run_page("manadsrapport.py")
    headers = [s.value for s in at.subheader]
    assert "Vad hände med dem som anställdes 2026?" in headers
