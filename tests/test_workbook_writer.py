"""CSV and Excel exports cannot carry formulas: text starting with =, +, -, @, tab or CR is
written as text; numbers stay numbers."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipelines.outputs.workbook import (
    Sheet,
    csv_bytes,
    is_formula_like,
    safe_sheet_name,
    workbook_bytes,
)

DANGEROUS = ["=1+1", "+46701234567", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("x")']


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Text": DANGEROUS + ["Kommunkontoret", "1–4"],
            "Antal": [1, 2, 3, 4, 5, 6, 7, 1234, None],
            "Andel": [0.5, -0.25, 0.0, 1.0, 0.1, 0.2, 0.3, 0.4, 0.5],
        }
    )


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_is_recognised(text):
    assert is_formula_like(text)


@pytest.mark.parametrize("value", ["Kommunkontoret", "1–4", "X", "−5", 5, -5.0, None])
def test_ordinary_values_are_not(value):
    assert not is_formula_like(value)


def test_csv_prefixes_formula_like_text_and_keeps_numbers():
    text = csv_bytes(frame()).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "Text;Antal;Andel"
    assert lines[1] == "'=1+1;1;0,5"
    assert lines[2] == "'+46701234567;2;-0,25"
    assert lines[3] == "'-2+3;3;0"
    assert lines[4] == "'@SUM(A1:A2);4;1"
    assert lines[8] == "Kommunkontoret;1234;0,4"
    assert lines[9] == "1–4;;0,5"
    # No field of the file starts with a formula character (the numbers' minus aside).
    for line in lines[1:]:
        if line:
            first = line.split(";")[0]
            assert not is_formula_like(first), first


def test_excel_writes_formula_like_text_as_text_with_quote_prefix():
    data = workbook_bytes(
        [
            Sheet(
                "Test",
                frame(),
                title="=rubrik",
                notes=["@anteckning"],
                number_formats={"Antal": "#,##0"},
            )
        ]
    )
    book = load_workbook(io.BytesIO(data))
    ws = book["Test"]
    assert ws["A1"].value == "=rubrik" and ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    assert ws["A2"].value == "@anteckning" and ws["A2"].data_type == "s"
    header = [c.value for c in ws[4]]
    assert header == ["Text", "Antal", "Andel"]
    for offset, text in enumerate(DANGEROUS):
        cell = ws.cell(row=5 + offset, column=1)
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    # Numbers stay numbers with their format; missing stays empty.
    assert ws["B5"].value == 1 and ws["B5"].data_type == "n" and ws["B5"].number_format == "#,##0"
    assert ws["B12"].value == 1234
    assert ws["B13"].value is None
    assert ws["C6"].value == -0.25 and ws["C6"].data_type == "n"
    assert ws["A13"].value == "1–4" and not ws["A13"].quotePrefix
    # And the file itself holds no formula element at all.
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_sheet_names_are_valid_and_unique():
    assert safe_sheet_name("Anställningar per förvaltning och månad 2026") == (
        "Anställningar per förvaltning o"
    )
    assert safe_sheet_name("a/b:c") == "a-b-c"
    assert safe_sheet_name("Målet", ["målet"]) == "Målet (2)"


# --- every workbook the product writes leaves through the one writer ---------------------------

HYPERLINK = '=HYPERLINK("http://example.org","x")'


def _text_cells(data: bytes) -> list[tuple[str, str]]:
    """(data type, value) of every cell that holds the link, in every sheet."""
    book = load_workbook(io.BytesIO(data))
    return [
        (cell.data_type, cell.value)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]


def test_a_sheet_filled_by_openpyxl_itself_is_neutralised():
    from openpyxl import Workbook

    from pipelines.outputs.workbook import to_bytes

    book = Workbook()
    book.active.append([HYPERLINK, 5])  # openpyxl alone would store a live formula
    assert _text_cells(to_bytes(book)) == [("s", HYPERLINK)]


def test_a_comment_with_a_formula_comes_out_of_the_monthly_report_as_text(fixture_db):
    from datetime import date

    from pipelines.ingest.comments import save_comment
    from pipelines.outputs.report.excel import excel_bytes
    from pipelines.outputs.report.files import build_report

    save_comment(date(2026, 8, 1), HYPERLINK, "Anna Analytiker")
    cells = _text_cells(excel_bytes(build_report(date(2026, 8, 1))))
    assert cells, "the comment is in the workbook"
    assert {data_type for data_type, _ in cells} == {"s"}
