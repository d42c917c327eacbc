"""Approving (fastställa) the monthly report (issue 18): the files are stored unchanged with who and
when, never changed afterwards, a new version only when the figures changed, the difference in
words; and "since the last approved month" in a few lines.

Figures by hand (tests/fixtures/README.md): 2026 has 16 counting hires a month except July (0):
96 through July, 112 through August; VOF 42 through August of its 70. A correction that makes
VOF's August 10 instead of 6 (4 lonestod + 2 arbetsmarknadsanstallning → 10 lonestod) gives 116.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from helpers import HIRES_HEADER, csv_bytes, query
from pipelines.ingest.approval import approve_report
from pipelines.ingest.store import ingest_bytes
from pipelines.outputs.report.excel import excel_bytes
from pipelines.outputs.report.files import build_report
from pipelines.present import report_changes
from pipelines.queries.approval import (
    PDF,
    XLSX,
    approvals,
    approvals_for,
    approved_file,
    corrections_since,
    figure_differences,
    last_approved_before,
    report_figures,
)

JUL, AUG = date(2026, 7, 1), date(2026, 8, 1)
FAKE_PDF = b"%PDF-1.7 the report as it was sent\n%%EOF"


def correct_vof_august() -> None:
    result = ingest_bytes(
        csv_bytes([HIRES_HEADER, "2026-08;VOF;lonestod;10;kvinna;utrikesfodd_ung;ja"]),
        "anstallningar_VOF_2026-08_rattelse.csv",
        source="test",
    )
    assert result.outcome == "lagrad", [f.format() for f in result.findings]


def test_approve_stores_the_files_unchanged_with_who_and_when(fixture_db):
    report = build_report(AUG)
    xlsx = excel_bytes(report)
    version = approve_report(AUG, FAKE_PDF, xlsx, report_figures(report), "Anna Analytiker")
    assert version == 1
    (approved,) = approvals_for(AUG)
    assert (approved.month, approved.version, approved.approved_by) == (AUG, 1, "Anna Analytiker")
    assert approved_file(AUG, 1, PDF) == FAKE_PDF
    assert approved_file(AUG, 1, XLSX) == xlsx
    assert approved.pdf_sha256 == hashlib.sha256(FAKE_PDF).hexdigest()
    assert approved.figures["hittills"] == 112 and approved.figures["mal"] == 200
    assert approved.figures["forvaltningar"]["VOF"] == {
        "namn": "Vård- och omsorgsförvaltningen",
        "hittills": 42,
        "mal": 70,
        "status": "efter",
    }
    assert approved.figures["fs"] == {"hushall": 1980, "utbetalt": 19_800_000, "avslut_arbete": 60}
    assert query(fixture_db, "select action, subject from audit_log where action like 'rapp%'") == [
        ("rapport_faststalld", "månadsrapport 2026-08")
    ]


def test_the_same_figures_are_not_approved_twice(fixture_db):
    report = build_report(AUG)
    approve_report(AUG, FAKE_PDF, b"xlsx", report_figures(report), "Anna")
    with pytest.raises(ValueError, match="redan fastställd \\(version 1\\)"):
        approve_report(AUG, b"%PDF other", b"xlsx", report_figures(report), "Bo")
    assert len(approvals_for(AUG)) == 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Ange ditt namn"),
        ("   ", "Ange ditt namn"),
        ("Anna 19121212-1212", "personnummer"),
    ],
)
def test_a_name_is_required_and_passes_the_gate(fixture_db, name, message):
    with pytest.raises(ValueError, match=message):
        approve_report(AUG, FAKE_PDF, b"xlsx", {"manad": "2026-08"}, name)
    assert approvals() == []


def test_a_correction_leaves_the_approved_files_and_shows_the_difference(fixture_db):
    report = build_report(AUG)
    approve_report(AUG, FAKE_PDF, b"xlsx v1", report_figures(report), "Anna")
    correct_vof_august()
    after = report_figures(build_report(AUG))
    (approved,) = approvals_for(AUG)
    differences = figure_differences(approved.figures, after)
    assert ("hittills", 112, 116) in differences
    assert ("anstallda_manad", 16, 20) in differences
    assert ("forvaltningar.VOF.hittills", 42, 46) in differences
    lines = report_changes.difference_lines(differences, approved.figures, after)
    assert "Anställda hittills i år: 112 → 116 (+4)" in lines
    assert "Vård- och omsorgsförvaltningen: anställda hittills i år: 42 → 46 (+4)" in lines
    # The approved files are exactly what was approved; a new version keeps both.
    assert approved_file(AUG, 1, PDF) == FAKE_PDF
    assert approve_report(AUG, b"%PDF v2", b"xlsx v2", after, "Bo") == 2
    assert [a.version for a in approvals_for(AUG)] == [2, 1]
    assert approved_file(AUG, 1, PDF) == FAKE_PDF
    assert approved_file(AUG, 2, PDF) == b"%PDF v2"


def test_since_the_last_approved_month(fixture_db):
    july = build_report(JUL)
    approve_report(JUL, FAKE_PDF, b"xlsx", report_figures(july), "Anna")
    baseline = last_approved_before(AUG)
    assert baseline is not None and baseline.month == JUL
    assert last_approved_before(JUL) is None
    correct_vof_august()  # a correction of August: not of a month the July report showed
    assert corrections_since(baseline.approved_at, JUL) == []
    august = report_figures(build_report(AUG))
    lines = report_changes.since_last_approved(baseline, august, [])
    assert lines[0].startswith("Sedan rapporten för juli 2026 fastställdes (")
    assert lines[0].endswith(", Anna), till och med augusti 2026:")
    assert lines[1] == "Anställningar: 20 nya (96 → 116 hittills i år av målet 200)."
    assert lines[-2] == "Inga rättelser har kommit in sedan dess."
    assert lines[-1] == "Biståndshushåll: 1\u00a0970 i juli 2026 → 1\u00a0980 i augusti 2026 (+10)."


def test_a_correction_of_an_approved_month_is_listed(fixture_db):
    july = build_report(JUL)
    approve_report(JUL, FAKE_PDF, b"xlsx", report_figures(july), "Anna")
    result = ingest_bytes(
        csv_bytes([HIRES_HEADER, "2026-06;KK;lonestod;5;kvinna;utrikesfodd_vuxen;ja"]),
        "anstallningar_KK_2026-06.csv",
        source="test",
    )
    assert result.outcome == "lagrad"
    baseline = last_approved_before(AUG)
    corrections = corrections_since(baseline.approved_at, baseline.month)
    assert [(c.file_name, c.kind, c.first_month) for c in corrections] == [
        ("anstallningar_KK_2026-06.csv", "anstallningar", date(2026, 6, 1))
    ]
    lines = report_changes.since_last_approved(
        baseline, report_figures(build_report(AUG)), corrections
    )
    assert (
        "Rättelser: 1 fil har ersatt tidigare inlästa uppgifter: anställningar juni 2026 "
        "(anstallningar_KK_2026-06.csv)." in lines
    )


# --- the page ------------------------------------------------------------------------------------


def test_the_page_approves_lists_and_offers_the_stored_files(fixture_db, monkeypatch):
    from helpers import run_page
    from pipelines.outputs.report import files

    monkeypatch.setattr(files, "chart_images", lambda charts: None)  # no browser needed here
    at = run_page("manadsrapport.py")
    assert "Ingen månadsrapport är fastställd ännu." in [c.value for c in at.caption]
    approve = next(b for b in at.button if b.label == "Fastställ rapporten")
    name = next(t for t in at.text_input if t.key == "approver")
    name.input("Anna Analytiker")
    approve.click()
    at.run(timeout=120)
    assert not at.exception
    (approved,) = approvals_for(AUG)
    assert approved.approved_by == "Anna Analytiker"
    texts = [t.value for t in at.text]
    assert any(
        t.startswith("✓ Fastställd ") and "av Anna Analytiker (version 1)" in t for t in texts
    )
    assert any(t.startswith("Augusti 2026, version 1 – fastställd ") for t in texts)
    labels = [b.label for b in at.get("download_button")]
    assert "Fastställd PDF (version 1)" in labels and "Fastställd Excel (version 1)" in labels
    # Nothing changed: no second approval is offered.
    assert "Fastställ en ny version" not in [b.label for b in at.button]
    assert approved_file(AUG, 1, PDF).startswith(b"%PDF")
    # What is approved is the committee's version (issue 25): stamped, X for the small counts,
    # and recorded in the release ledger.
    import io

    from pypdf import PdfReader

    from pipelines import warehouse
    from pipelines.domain import disclosure

    reader = PdfReader(io.BytesIO(approved_file(AUG, 1, PDF)))
    text = "\n".join(p.extract_text() for p in reader.pages).replace("\u00a0", " ")
    assert "Fastställd " in text and "av Anna Analytiker, version 1" in text
    assert disclosure.PUBLICATION_LABEL in text and "Kommunkontoret X 14" in text
    with warehouse.read(fixture_db) as con:
        kinds = [r[0] for r in con.execute("select kind from release").fetchall()]
    assert kinds == ["rapport"]


def test_oversikt_tells_what_changed_since_the_last_approved_month(fixture_db):
    from helpers import run_page

    at = run_page("oversikt.py")
    assert "Sedan förra fastställda månaden" not in [s.value for s in at.subheader]
    approve_report(JUL, FAKE_PDF, b"xlsx", report_figures(build_report(JUL)), "Anna")
    at = run_page("oversikt.py")
    assert "Sedan förra fastställda månaden" in [s.value for s in at.subheader]
    texts = [t.value for t in at.text]
    assert "Anställningar: 16 nya (96 → 112 hittills i år av målet 200)." in texts
    assert "Kommunens status är oförändrad: Efter." in texts
    assert "Inga rättelser har kommit in sedan dess." in texts


def test_the_report_files_carry_the_lines_since_the_last_approved_month(fixture_db):
    import io

    import openpyxl
    from test_report import pdf_text

    from pipelines.outputs.report.files import pdf_bytes

    before = build_report(AUG)
    assert before.since_baseline is None
    approve_report(JUL, FAKE_PDF, b"xlsx", report_figures(build_report(JUL)), "Anna")
    report = build_report(AUG)
    line = "Anställningar: 16 nya (96 → 112 hittills i år av målet 200)."
    assert line in report_changes.since_lines_for(report)
    _, text = pdf_text(pdf_bytes(report, charts=False))
    assert "Sedan förra fastställda månaden" in text and line in text
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(report)))["Sammanfattning"]
    cells = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "Sedan förra fastställda månaden:" in cells and line in cells
