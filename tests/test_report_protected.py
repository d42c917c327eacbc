"""The committee's report (issue 25): `report` writes the version for socialnämnden through the
package's disclosure protection against every earlier release, records it in the release ledger
(kind `rapport`) and prints no count of 1–4 that the protection hides; `report --intern` writes
the exact version, marked internal on every page and sheet, and records nothing.

The fixture (tests/fixtures/README.md): in August 2026 KK and ASF hire 2 each, MF 0, BSF and VOF
6; 112 hires through August.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from pipelines import warehouse
from pipelines.cli import main
from pipelines.domain import disclosure
from pipelines.domain.disclosure_history import Release
from pipelines.outputs.report import protected as protected_module
from pipelines.outputs.report.files import build_report, protected_report
from pipelines.present import report_text
from pipelines.queries.base import snapshot
from pipelines.queries.release import earlier_releases

AUG = date(2026, 8, 1)


def pdf_pages(path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [page.extract_text().replace("\u00a0", " ") for page in reader.pages]


def releases(db) -> list[tuple]:
    with warehouse.read(db) as con:
        return con.execute("select kind, ar, manad, n_hidden from release").fetchall()


def test_report_is_protected_and_recorded(fixture_db, tmp_path, capsys):
    assert main(["report", "--month", "2026-08", "--out", str(tmp_path)]) == 0
    assert "nämndens version" in capsys.readouterr().out
    (kind, year, month, n_hidden), *rest = releases(fixture_db)
    assert (kind, year, month, rest) == ("rapport", 2026, 8, [])
    with snapshot(fixture_db) as con:
        (release,) = earlier_releases.direct(con)
    hidden_small = {
        k: v for k, v in release.values.items() if release.hidden(k) and disclosure.is_small(v)
    }
    # KK's and ASF's 2 in August are among the hidden counts of 1–4.
    assert ("y", 2026, "forv", "KK", 8) in hidden_small
    assert ("y", 2026, "forv", "ASF", 8) in hidden_small
    assert n_hidden >= len(hidden_small) >= 2

    book = load_workbook(tmp_path / "nyckeltalsrapport_2026-08.xlsx")
    sheet = book["Förvaltningar"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    for name in ("Kommunkontoret", "Arbetsmarknads- och socialförvaltningen"):
        assert rows[name][:2] == ("X", 14)  # the month's 2 hidden, the year's 14 shown
    # Every hidden count of 1–4 is an X wherever a count is: no number 1–4 in a count cell of
    # the förvaltning table, and the year's 112 is printed.
    counts = [v for r in rows.values() for v in r[:3] if isinstance(v, (int, float))]
    assert not [v for v in counts if disclosure.is_small(v)]
    goal = {r[0]: r[1] for r in book["Målet 2026"].iter_rows(min_row=2, values_only=True)}
    assert goal["Hittills i år"] == 112 and goal["Anställningar i augusti 2026"] == 16
    for ws in book.worksheets:
        assert disclosure.PUBLICATION_LABEL in ws.oddHeader.right.text
    assert disclosure.FOOTNOTE in [c.value for c in book["Om rapporten"]["A"]]

    pages = pdf_pages(tmp_path / "nyckeltalsrapport_2026-08.pdf")
    text = "\n".join(pages)
    assert disclosure.FOOTNOTE in text
    assert report_text.INTERN_MARK not in text
    assert "Kommunkontoret X 14 19 74 %" in text
    assert "socialförvaltningen X 14 19 74 %" in text
    assert "I augusti 2026 anställdes 16 personer" in text


def test_report_prints_no_hidden_small_count(fixture_db, tmp_path):
    """Every count of the ledger that the protection hides is an X: no cell of any sheet is a
    number from 1 to 4 (a count of 1–4 is never shown), and the PDF's tables agree."""
    assert main(["report", "--month", "2026-08", "--out", str(tmp_path)]) == 0
    with snapshot(fixture_db) as con:
        (release,) = earlier_releases.direct(con)
    small = [k for k, v in release.values.items() if disclosure.is_small(v)]
    assert small and all(release.hidden(k) for k in small)
    book = load_workbook(tmp_path / "nyckeltalsrapport_2026-08.xlsx")
    numbers = [
        c.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
    ]
    assert numbers and not [v for v in numbers if v in (1, 2, 3, 4)]
    marks = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert marks.count("X") == 2  # KK's and ASF's August
    text = "\n".join(pdf_pages(tmp_path / "nyckeltalsrapport_2026-08.pdf"))
    assert text.count(" X ") == 2


def test_intern_is_marked_on_every_page_and_sheet_and_not_released(fixture_db, tmp_path):
    assert main(["report", "--month", "2026-08", "--intern", "--out", str(tmp_path)]) == 0
    assert releases(fixture_db) == []
    book = load_workbook(tmp_path / "nyckeltalsrapport_2026-08_intern.xlsx")
    for ws in book.worksheets:
        assert report_text.INTERN_MARK in ws.oddHeader.right.text, ws.title
        assert report_text.INTERN_MARK in ws.oddFooter.center.text, ws.title
        assert report_text.INTERN_MARK in [c.value for c in ws[1]], ws.title
    assert book["Målet"]["B3"].value == 112  # exact, cells in their places
    pages = pdf_pages(tmp_path / "nyckeltalsrapport_2026-08_intern.pdf")
    assert len(pages) >= 3
    for page in pages:
        assert page.count(report_text.INTERN_MARK) >= 2  # header and footer


def test_a_report_that_cannot_be_protected_writes_nothing(
    fixture_db, tmp_path, capsys, monkeypatch
):
    def blocked(report, earlier):
        raise disclosure.CannotProtect(protected_module.STOPPED + "\n- Kultur, augusti 2026")

    monkeypatch.setattr("pipelines.outputs.report.files.protect_report", blocked)
    assert main(["report", "--month", "2026-08", "--out", str(tmp_path / "ut")]) == 1
    err = capsys.readouterr().err
    assert "stoppades" in err and "Kultur, augusti 2026" in err
    assert not (tmp_path / "ut").exists() or not list((tmp_path / "ut").iterdir())
    assert releases(fixture_db) == []


def test_what_an_earlier_release_hid_stays_hidden(fixture_db):
    """Every earlier release is known to the attacker: a figure an earlier package hid (BSF's
    6 in August) is hidden in the report too (nothing hidden in one release printed in another)."""
    report = build_report(AUG, fixture_db)
    alone = protected_report(report, fixture_db)
    key, gkey = ("forv", "BSF", 8), ("y", 2026, "forv", "BSF", 8)
    assert not alone.hidden(key) and alone.hidden(("forv", "KK", 8))
    earlier = Release("paket", 2026, 8, {gkey: 6.0}, {gkey: "X"}, release_id=1)
    protected = protected_module.protect_report(report, [earlier])
    assert protected.hidden(key) and protected.hidden(("forv", "KK", 8))
    assert protected.release.hidden(gkey)
    # the month's 16 = X + 0 + 6 + X + X: BSF is not pinned, nothing more need be hidden
    assert protected.n_hidden == 3


def test_the_outcome_section_is_protected(fixture_db):
    """The outcome section (tests/outcomes_data.py: 6 months, 23 of 36 still employed, 3 with
    försörjningsstöd at follow-up) in the committee's version: the 3 is an X."""
    from outcomes_data import lines

    from helpers import csv_bytes
    from pipelines.ingest.store import ingest_bytes
    from pipelines.outputs.report import public, public_write

    assert ingest_bytes(csv_bytes(lines()), "uppfoljning_2025.csv", source="test").outcome == (
        "lagrad"
    )
    protected = protected_report(build_report(date(2025, 12, 1), fixture_db), fixture_db)
    (section,) = [s for s in public.sections(protected) if s.title.startswith("Vad hände")]
    six = section.table.iloc[0].tolist()
    assert six[0] == "6 månader" and six[-1] == "X"
    assert not [v for v in six if isinstance(v, (int, float)) and disclosure.is_small(v)]
    book = load_workbook(io.BytesIO(public_write.excel_bytes(protected)))
    cells = [c for row in book[section.title[:31]].iter_rows(values_only=True) for c in row]
    assert "X" in cells and 3 not in cells
