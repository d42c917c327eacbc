"""Issue 24 on approved reports: a correction of an approved month warns before it is stored
(the preview and the command line name the report, its version and each figure as approved →
after), the month becomes "ändrad efter fastställande", and the files carry their approval:
"Fastställd <date> av <name>, version N" on every PDF page and Excel sheet, a draft "Utkast –
inte fastställd".

Figures by hand (tests/fixtures/README.md): 112 counting hires through August 2026, 16 in
August, VOF 42 of them through August (6 in August). A correction that makes VOF's August
10 lonestod gives 116, 20 and VOF 46; July's report (96 through July) is not changed by it.
"""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import load_workbook

from helpers import HIRES_HEADER, csv_bytes
from pipelines.ingest.approval import approve_report
from pipelines.ingest.preview import preview_upload
from pipelines.ingest.store import ingest_bytes
from pipelines.outputs.report.excel import excel_bytes
from pipelines.outputs.report.files import build_report, pdf_bytes
from pipelines.present import report_text
from pipelines.queries.approval import report_figures
from pipelines.queries.delivery import year_status

JUL, AUG = date(2026, 7, 1), date(2026, 8, 1)
CORRECTION = csv_bytes([HIRES_HEADER, "2026-08;VOF;lonestod;10;kvinna;utrikesfodd_ung;ja"])
WARNING = (
    "Rättelsen ändrar den fastställda rapporten för augusti 2026, version 1: Anställda hittills "
    "112 → 116; Anställda i månaden 16 → 20; VOF anställda hittills 42 → 46."
)


def approve(month: date, name: str = "Anna") -> int:
    return approve_report(month, b"%PDF", b"xlsx", report_figures(build_report(month)), name)


def test_the_preview_of_a_correction_names_the_approved_report_and_figures(fixture_db):
    approve(JUL)
    approve(AUG)
    preview = preview_upload(CORRECTION, "rattelse.csv")
    assert preview.ok
    messages = [f.message for f in preview.validated.warnings]
    assert messages == [WARNING]  # July's report (through July) does not change
    assert year_status(2026).month(8).state.value == "faststalld"  # nothing stored yet


def test_storing_it_warns_the_command_line_and_marks_the_month_changed(fixture_db, capsys):
    from pipelines.cli import main

    approve(AUG)
    path = fixture_db.parent / "rattelse.csv"
    path.write_bytes(CORRECTION)
    assert main(["ingest", str(path)]) == 0
    assert WARNING in capsys.readouterr().out.replace("\n", " ")
    status = year_status(2026).month(8)
    assert status.state.value == "andrad_efter_faststallande"
    assert status.state.label == "ändrad efter fastställande"
    # Stored again, nothing changes: no warning.
    again = ingest_bytes(CORRECTION, "rattelse_igen.csv", source="test")
    assert not [f for f in again.findings if "Rättelsen" in f.message]


def test_a_file_that_changes_nothing_approved_says_nothing(fixture_db):
    approve(AUG)
    same = csv_bytes([HIRES_HEADER, "2026-08;MF;lonestod;0;;;"])  # MF delivered 0 already
    preview = preview_upload(same, "mf.csv")
    assert not [f for f in preview.validated.warnings if "Rättelsen" in f.message]


def test_the_files_say_draft_or_approved_on_every_sheet_and_page(fixture_db):
    report = build_report(AUG)
    draft = load_workbook(io.BytesIO(excel_bytes(report)))
    assert draft["Sammanfattning"]["A2"].value == "Utkast – inte fastställd"
    assert {ws.oddFooter.center.text for ws in draft.worksheets} == {"Utkast – inte fastställd"}
    stamp = report_text.approval_stamp("Anna Andersson", datetime(2026, 9, 10, 9, 30), 1)
    assert stamp == "Fastställd 2026-09-10 av Anna Andersson, version 1"
    book = load_workbook(io.BytesIO(excel_bytes(report, stamp=stamp)))
    assert book["Sammanfattning"]["A2"].value == stamp
    assert {ws.oddHeader.right.text for ws in book.worksheets} == {stamp}
    assert {ws.oddFooter.center.text for ws in book.worksheets} == {stamp}
    pdf = pdf_bytes(report, charts=False, stamp=stamp)
    pages = _pdf_pages_text(pdf)
    assert len(pages) >= 2 and all(stamp in page for page in pages)
    drafts = _pdf_pages_text(pdf_bytes(report, charts=False))
    assert all("Utkast – inte fastställd" in page for page in drafts)


def test_approving_with_a_stale_version_is_refused(fixture_db):
    import pytest

    approve(AUG)
    report = build_report(AUG)
    figures = {**report_figures(report), "kommentar_version": 99}
    with pytest.raises(ValueError, match="Någon annan fastställde rapporten"):
        approve_report(AUG, b"%PDF", b"xlsx", figures, "Bo", expected_version=1)
    assert approve_report(AUG, b"%PDF", b"xlsx", figures, "Bo", expected_version=2) == 2


def _pdf_pages_text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
