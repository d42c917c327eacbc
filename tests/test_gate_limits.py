"""Limits checked before parsing (pipelines/ingest/limits.py): from the workbook's own metadata
and one streamed pass, with the Swedish message for each; findings capped."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipelines.ingest import limits
from schemas.findings import RejectedFile, error, warning

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD = FIXTURES / "bad"


def _make_bad_files():
    spec = importlib.util.spec_from_file_location("make_bad_files", FIXTURES / "make_bad_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rejection(name: str) -> str:
    with pytest.raises(RejectedFile) as caught:
        limits.scan_workbook((BAD / name).read_bytes(), name)
    [finding] = caught.value.findings
    assert finding.is_error and finding.file == name
    return finding.message


def test_one_cell_in_column_xfd_is_rejected_at_once() -> None:
    assert (BAD / "bomb_xfd.xlsx").stat().st_size < 20_000
    assert rejection("bomb_xfd.xlsx") == (
        "Bladet ”Blad1” har värden i kolumn 16384 (fler än 200 kolumner): högst 200 kolumner "
        "går att läsa in."
    )


def test_a_row_after_the_millionth_is_rejected() -> None:
    assert rejection("bomb_rows.xlsx") == (
        "Bladet ”Blad1” har rader efter rad 1\u00a0000\u00a0000: högst 1\u00a0000\u00a0000 rader "
        "går att läsa in."
    )


def test_cells_count_up_to_each_rows_last_one() -> None:
    assert rejection("bomb_cells.xlsx") == (
        "Arbetsboken har fler än 1\u00a0000\u00a0000 celler (räknat till sista ifyllda cellen "
        "på varje rad): högst 1\u00a0000\u00a0000 går att läsa in."
    )


def test_unpacked_size_is_read_from_the_zip_directory() -> None:
    assert rejection("bomb_shared_string.xlsx") == (
        "Arbetsboken packas upp till 120 MB: högst 100 MB går att läsa in."
    )


def test_shared_strings_have_their_own_limit() -> None:
    assert rejection("bomb_shared_strings_60mb.xlsx") == (
        "Arbetsbokens texter tar 60 MB: högst 50 MB går att läsa in."
    )


def test_a_member_that_lies_about_its_size_is_not_unpacked_beyond_it() -> None:
    assert rejection("bomb_lying_size.xlsx") == (
        "Filen har filändelsen .xlsx men är ingen Excel-arbetsbok som går att läsa."
    )


def test_a_file_over_twenty_megabytes() -> None:
    with pytest.raises(RejectedFile) as caught:
        limits.check_file_size(b"x" * (20 * 1024 * 1024 + 1), "stor.csv")
    assert caught.value.findings[0].message == "Filen är 20 MB: högst 20 MB går att läsa in."
    limits.check_file_size(b"x" * (20 * 1024 * 1024), "lagom.csv")


def test_a_csv_with_too_many_columns_or_rows() -> None:
    text = (BAD / "too_many_columns.csv").read_text()
    with pytest.raises(RejectedFile) as caught:
        limits.check_text_shape(text, ";", "too_many_columns.csv")
    assert caught.value.findings[0].message == (
        "Rad 1 har fler än 200 kolumner: högst 200 kolumner går att läsa in."
    )
    assert caught.value.findings[0].row == 1
    limits.check_text_shape(text, ",", "too_many_columns.csv")  # another delimiter: one column
    with pytest.raises(RejectedFile) as caught:
        limits.check_text_shape("a;b\n" * 1_000_001, ";", "rader.csv")
    assert caught.value.findings[0].message.startswith("Filen har 1\u00a0000\u00a0002 rader")


def test_not_a_zip_at_all() -> None:
    with pytest.raises(RejectedFile) as caught:
        limits.scan_workbook(b"PK\x03\x04 not really", "trasig.xlsx")
    assert "ingen Excel-arbetsbok" in caught.value.findings[0].message


def test_a_doctype_is_refused_so_no_entity_can_expand() -> None:
    workbook = _make_bad_files().workbook
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData/></worksheet>"
    )
    with pytest.raises(RejectedFile):
        limits.scan_workbook(workbook([("Blad1", laughs)]), "lol.xlsx")


def test_the_scan_reports_sheet_states_hidden_rows_and_formulas() -> None:
    scan = limits.scan_workbook((BAD / "hidden_first_sheet.xlsx").read_bytes(), "x.xlsx")
    assert [(s.name, s.state, s.rows, s.columns) for s in scan.sheets] == [
        ("Gammal", "hidden", 2, 3),
        ("Anställningar", "visible", 3, 4),
    ]
    scan = limits.scan_workbook((BAD / "hidden_rows.xlsx").read_bytes(), "x.xlsx")
    assert (scan.sheets[0].hidden_rows, scan.sheets[0].hidden_row_count) == ([3], 1)
    scan = limits.scan_workbook((BAD / "formula_without_value.xlsx").read_bytes(), "x.xlsx")
    sheet = scan.sheets[0]
    assert (sheet.formulas, sheet.formulas_without_value) == (1, [(3, 4)])
    assert not scan.recalculate_on_open
    scan = limits.scan_workbook((BAD / "formula_stale.xlsx").read_bytes(), "x.xlsx")
    assert scan.recalculate_on_open and scan.sheets[0].formulas == 1
    assert scan.sheets[0].formulas_without_value == []


def test_a_workbook_written_by_openpyxl_passes(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Månad", "Förvaltning", "Anställningsform", "Antal"])
    for _ in range(1000):
        book.active.append(["2026-03", "KK", "lonestod", 1])
    book.create_sheet("Anteckningar").append(["text"])
    path = tmp_path / "ok.xlsx"
    book.save(path)
    scan = limits.scan_workbook(path.read_bytes(), "ok.xlsx")
    assert [(s.name, s.rows, s.columns, s.cells) for s in scan.sheets] == [
        ("Sheet", 1001, 4, 4004),
        ("Anteckningar", 1, 1, 1),
    ]


def test_findings_are_capped_with_a_count_of_the_rest() -> None:
    findings = [error(f"fel {i}", file="f.csv", row=i) for i in range(250)]
    findings += [warning("varning", file="f.csv") for _ in range(30)]
    capped = limits.cap_findings(findings)
    assert len(capped) == 201
    assert capped[:200] == findings[:200]
    assert capped[-1].is_error
    assert capped[-1].message == (
        "Ytterligare 50 fel och 30 varningar visas inte (de första 200 visas)."
    )
    assert limits.cap_findings(findings[:200]) == findings[:200]


def test_a_csv_read_row_by_row_is_capped_in_cells() -> None:
    text = "a;b\n" + ";" * 150 + "\n" + ("x;y\n" * 10)
    limits.check_text_cells(text, ";", "ok.csv")
    with pytest.raises(RejectedFile) as caught:
        limits.check_text_cells((";" * 199 + "\n") * 6_000, ";", "celler.csv")
    assert caught.value.findings[0].message == (
        "Filen har fler än 1\u00a0000\u00a0000 celler som måste läsas en i taget (citattecken, "
        "tomma rader eller rader med olika antal värden): högst 1\u00a0000\u00a0000 går att "
        "läsa in."
    )


def test_many_repeated_rows_give_capped_findings(reference_dir, monkeypatch) -> None:
    from pipelines.ingest.validate import validate_bytes

    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(reference_dir))
    content = "Månad;Förvaltning;Anställningsform;Antal\n" + "2026-03;KK;lonestod;1\n" * 500
    validated = validate_bytes(content.encode(), "dubbletter.csv")
    assert len(validated.errors) == 201
    assert validated.errors[0].message == (
        "Samma kombination av månad, förvaltning, anställningsform, kön, målgrupp, från "
        "försörjningsstöd finns på flera rader (även rad 3, 4, 5, 6, 7)."
    )
    assert validated.errors[-1].message == ("Ytterligare 300 fel visas inte (de första 200 visas).")
