"""Reading delivered files: every accepted variation exactly, every rejection by its message."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from pipelines.ingest.read import RawTable, read_table
from schemas.findings import RejectedFile

REQUIRED = {
    "anstallningar": {"manad", "forvaltning", "anstallningsform", "antal"},
    "forsorjningsstod": {"manad", "hushall", "utbetalt"},
    "mal": {"ar", "mal"},
}
PNR = "850101-1234"


def rows_of(table: RawTable) -> list[list[str]]:
    return table.data.values.tolist()


def rejection(content: bytes, file_name: str, **kwargs) -> RejectedFile:
    with pytest.raises(RejectedFile) as info:
        read_table(content, file_name, REQUIRED, **kwargs)
    return info.value


def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def assert_all_text(table: RawTable) -> None:
    assert all(str(dtype) == "object" for dtype in table.data.dtypes)
    assert all(type(v) is str for row in table.data.values for v in row)


# --- CSV --------------------------------------------------------------------------------------


def test_windows_1252_semicolon_file() -> None:
    text = (
        "Månad;Förvaltning;Anställningsform;Antal;Kön;Från försörjningsstöd\r\n"
        "2025-03;Vård- och omsorgsförvaltningen;OSA;3;K;ja\r\n"
        "2025-03;Barn- och utbildningsförvaltningen;Lönebidrag;1 234;M;\r\n"
    )
    content = text.encode("cp1252")
    table = read_table(content, "anställningar mars.csv", REQUIRED)
    assert table.file_name == "anställningar mars.csv"
    # The content hash is of the text: the same for a UTF-8 copy with LF line endings.
    assert (
        table.content_hash
        == hashlib.sha256(text.replace("\r\n", "\n").rstrip().encode()).hexdigest()
    )
    assert read_table(text.replace("\r\n", "\n").encode(), "b.csv", REQUIRED).content_hash == (
        table.content_hash
    )
    assert (table.file_format, table.encoding, table.delimiter, table.sheet) == (
        "csv",
        "cp1252",
        ";",
        None,
    )
    assert table.kind == "anstallningar"
    assert table.header_row == 1
    assert table.labels == {
        "manad": "Månad",
        "forvaltning": "Förvaltning",
        "anstallningsform": "Anställningsform",
        "antal": "Antal",
        "kon": "Kön",
        "fran_forsorjningsstod": "Från försörjningsstöd",
    }
    assert list(table.data.columns) == list(table.labels)
    assert table.data.index.tolist() == [2, 3]
    assert rows_of(table) == [
        ["2025-03", "Vård- och omsorgsförvaltningen", "OSA", "3", "K", "ja"],
        ["2025-03", "Barn- och utbildningsförvaltningen", "Lönebidrag", "1 234", "M", ""],
    ]
    assert table.findings == []
    assert_all_text(table)


def test_utf8_bom_comma_file() -> None:
    content = '\ufeffmånad,hushåll,utbetalt\n2025-03,1200,"1 234,50"\n'.encode()
    table = read_table(content, "fs.csv", REQUIRED)
    assert (table.encoding, table.delimiter, table.kind) == ("utf-8-sig", ",", "forsorjningsstod")
    assert list(table.data.columns) == ["manad", "hushall", "utbetalt"]
    assert table.labels["manad"] == "månad"
    assert rows_of(table) == [["2025-03", "1200", "1 234,50"]]


def test_utf8_without_bom_tab_file_with_txt_extension() -> None:
    content = "År\tMål\tFörvaltning\n2025\t200\t\n2026\t210\tKultur\n".encode()
    table = read_table(content, "mal.txt", REQUIRED)
    assert (table.encoding, table.delimiter, table.kind) == ("utf-8", "\t", "mal")
    assert rows_of(table) == [["2025", "200", ""], ["2026", "210", "Kultur"]]


def test_semicolon_wins_over_decimal_commas() -> None:
    # Read with `,` every line has two fields as well; only `;` yields the header.
    content = "Månad;Hushåll;Utbetalt\n2025-01;1200;1234,50\n2025-02;1190;99,5\n".encode()
    table = read_table(content, "fs.csv", REQUIRED)
    assert table.delimiter == ";"
    assert rows_of(table) == [["2025-01", "1200", "1234,50"], ["2025-02", "1190", "99,5"]]


def test_utf16_with_bom() -> None:
    content = "Månad\tHushåll\tUtbetalt\r\n2025-03\t5\t10\r\n".encode("utf-16")
    table = read_table(content, "fs.txt", REQUIRED)
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert rows_of(table) == [["2025-03", "5", "10"]]


def test_title_row_and_blank_line_before_header_and_blank_rows_dropped() -> None:
    content = (
        "Anställningar mars 2025;;;\n"
        ";;;\n"
        "Månad;Förvaltning;Anställningsform;Antal\n"
        "2025-03;Kultur;OSA;2\n"
        ";;;\n"
        "2025-03;Teknik;OSA;0\n"
        "\n"
        ";;;\n"
    ).encode()
    table = read_table(content, "a.csv", REQUIRED)
    assert table.header_row == 3
    assert table.data.index.tolist() == [4, 6]
    assert table.data.index.name == "rad"
    assert rows_of(table) == [["2025-03", "Kultur", "OSA", "2"], ["2025-03", "Teknik", "OSA", "0"]]
    assert table.findings == []


def test_footnotes_after_a_blank_line_are_dropped_with_a_warning() -> None:
    content = (
        "Månad;Hushåll;Utbetalt\n"
        "2025-03;5;10\n"
        "\n"
        "Källa: ekonomisystemet;;\n"
        "Uppdaterad 2025-04-02;;\n"
    ).encode()
    table = read_table(content, "fs.csv", REQUIRED)
    assert rows_of(table) == [["2025-03", "5", "10"]]
    assert [(f.severity, f.row, f.value) for f in table.findings] == [
        ("varning", 4, "Källa: ekonomisystemet"),
        ("varning", 5, "Uppdaterad 2025-04-02"),
    ]
    assert table.findings[0].message == "Raden ser ut som en fotnot efter tabellen och läses inte."
    assert table.findings[0].file == "fs.csv"


def test_quoted_value_over_two_lines_counts_as_one_excel_row() -> None:
    content = (
        "Månad;Förvaltning;Anställningsform;Antal\n"
        '2025-03;"Kultur\noch fritid";OSA;2\n'
        "2025-03;Teknik;OSA;1\n"
    )
    table = read_table(content.encode(), "a.csv", REQUIRED)
    assert table.data.index.tolist() == [2, 3]
    assert table.data.loc[2, "forvaltning"] == "Kultur\noch fritid"


def test_empty_header_columns() -> None:
    content = ("Månad;;Hushåll;Utbetalt;;\n2025-03;;5;10;;x\n2025-04;;6;11;;\n").encode()
    table = read_table(content, "fs.csv", REQUIRED)
    assert list(table.data.columns) == ["manad", "hushall", "utbetalt"]
    assert [(f.severity, f.message) for f in table.findings] == [
        ("varning", "Kolumn F har värden men ingen rubrik och läses inte.")
    ]


def test_kind_with_most_required_columns_wins() -> None:
    required = {**REQUIRED, "smal": {"manad", "antal"}}
    content = "Månad;Förvaltning;Anställningsform;Antal\n2025-03;Kultur;OSA;2\n".encode()
    assert read_table(content, "a.csv", required).kind == "anstallningar"
    assert read_table(content, "a.csv", {"smal": {"manad", "antal"}}).kind == "smal"


def test_extension_is_case_insensitive() -> None:
    content = "Månad;Hushåll;Utbetalt\n2025-03;5;10\n".encode()
    assert read_table(content, "FS.CSV", REQUIRED).file_format == "csv"


# --- Excel ------------------------------------------------------------------------------------


def test_xlsx_with_title_row_date_int_and_float_cells() -> None:
    content = xlsx(
        {
            "Blad1": [
                ["Anställningar mars 2025", None, None, None, None],
                ["Månad", "Förvaltning", "Anställningsform", "Antal", "Andel"],
                [datetime(2025, 3, 1), "Kultur", "OSA", 3, 0.25],
                [date(2025, 3, 1), " Teknik ", "OSA", 4.0, 1.5],
                [None, None, None, None, None],
            ]
        }
    )
    table = read_table(content, "a.xlsx", REQUIRED)
    assert (table.file_format, table.encoding, table.delimiter, table.sheet) == (
        "xlsx",
        None,
        None,
        "Blad1",
    )
    assert (table.kind, table.header_row) == ("anstallningar", 2)
    assert table.data.index.tolist() == [3, 4]
    assert rows_of(table) == [
        ["2025-03-01", "Kultur", "OSA", "3", "0.25"],
        ["2025-03-01", "Teknik", "OSA", "4", "1.5"],
    ]
    assert_all_text(table)


def test_xlsx_first_sheet_unless_a_sheet_is_named_after_the_kind() -> None:
    sheets = {
        "Info": [["Månad", "Hushåll", "Utbetalt"], ["2025-01", 1, 2]],
        "Försörjningsstöd": [["Månad", "Hushåll", "Utbetalt"], ["2025-02", 3, 4]],
    }
    content = xlsx(sheets)
    forced = read_table(
        content,
        "fs.xlsx",
        {"forsorjningsstod": REQUIRED["forsorjningsstod"]},
        sheet_preference="forsorjningsstod",
    )
    assert (forced.sheet, rows_of(forced)) == ("Försörjningsstöd", [["2025-02", "3", "4"]])
    detected = read_table(content, "fs.xlsx", REQUIRED)
    assert detected.sheet == "Försörjningsstöd"
    other = read_table(content, "fs.xlsx", {"mal": {"ar", "mal"}, "x": {"manad", "hushall"}})
    assert (other.sheet, other.kind) == ("Info", "x")


def test_xlsx_column_without_header_is_dropped_with_warning() -> None:
    content = xlsx({"S": [["År", "Mål"], [2025, 200, "anteckning"]]})
    table = read_table(content, "mal.xlsx", REQUIRED)
    assert rows_of(table) == [["2025", "200"]]
    assert [f.message for f in table.findings] == [
        "Kolumn C har värden men ingen rubrik och läses inte."
    ]


# --- Rejections -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["a.xls", "a.ods", "a.pdf", "a"])
def test_unreadable_formats(name: str) -> None:
    rejected = rejection(b"whatever", name)
    [finding] = rejected.findings
    assert finding.is_error and finding.file == name
    assert "kan inte läsas" in finding.message
    assert finding.message.startswith("Filformatet ")
    assert ".xlsx" in finding.message and ".csv" in finding.message


def test_xlsx_that_is_not_a_workbook() -> None:
    [finding] = rejection(b"Manad;Antal\n2025-03;1\n", "a.xlsx").findings
    assert finding.message == (
        "Filen har filändelsen .xlsx men är ingen Excel-arbetsbok som går att läsa."
    )


def test_old_xls_renamed() -> None:
    [finding] = rejection(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xlsx").findings
    assert finding.message.startswith("Filen är en Excel-fil i det äldre formatet (.xls)")


def test_csv_that_is_really_xlsx() -> None:
    content = xlsx({"S": [["År", "Mål"], [2025, 200]]})
    [finding] = rejection(content, "mal.csv").findings
    assert finding.message == "Filen är en Excel-arbetsbok (.xlsx) men har en filändelse för CSV."


def test_binary_csv() -> None:
    [finding] = rejection(b"\x00\x01\x02binary", "a.csv").findings
    assert finding.message == "Filen ser inte ut att vara en textfil (CSV) och kan inte läsas."


def test_no_header_names_the_expected_columns() -> None:
    content = "Månad;Förvaltning;Antal\n2025-03;Kultur;2\n".encode()
    [finding] = rejection(content, "a.csv").findings
    assert finding.message == (
        "Hittade ingen rubrikrad bland de 10 första raderna. Rubrikraden ska ha kolumnerna "
        "månad, förvaltning, anställningsform och antal (anställningar) eller månad, hushåll "
        "och utbetalt (försörjningsstöd) eller år och mål (mål)."
    )
    assert finding.hint == "Rad 1 liknar en rubrikrad men saknar ”anställningsform”."
    assert finding.row == 1


def test_header_below_row_10_is_not_found() -> None:
    content = ("Titel\n" * 10 + "År;Mål\n2025;200\n").encode()
    [finding] = rejection(content, "mal.csv").findings
    assert finding.message.startswith("Hittade ingen rubrikrad")


def test_no_header_in_xlsx_names_the_sheet() -> None:
    [finding] = rejection(xlsx({"Info": [["Hej"]], "Data": [["År", "Mal?"]]}), "a.xlsx").findings
    assert finding.message.startswith("Hittade ingen rubrikrad")
    assert "”Info”" in finding.hint


def test_the_first_visible_sheet_with_a_header_is_read() -> None:
    # Contract v2: by visible sheets and header, not the first sheet whatever it holds.
    [finding] = rejection(xlsx({"Info": [["Hej"]], "Data": [["År", "Mål"]]}), "a.xlsx").findings
    assert finding.message == "Filen innehåller inga datarader under rubrikraden (rad 1)."


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", "\ufeff;;;\n".encode(), "Månad;Hushåll;Utbetalt\n;;\n\n".encode()],
)
def test_empty_files(content: bytes) -> None:
    [finding] = rejection(content, "fs.csv").findings
    assert finding.message.startswith("Filen innehåller inga datarader")
    assert finding.hint == (
        "En månad utan anställningar lämnas som rader med antal 0, aldrig som en tom fil."
    )


def test_header_only_xlsx_is_empty() -> None:
    [finding] = rejection(xlsx({"S": [["Titel"], ["År", "Mål"]]}), "mal.xlsx").findings
    assert finding.message == "Filen innehåller inga datarader under rubrikraden (rad 2)."


def test_duplicated_header() -> None:
    content = "Månad;Hushåll;Utbetalt;hushall\n2025-03;5;10;5\n".encode()
    [finding] = rejection(content, "fs.csv").findings
    assert finding.message == "Kolumnen ”Hushåll” finns flera gånger (kolumn B och D)."


def test_ragged_row() -> None:
    content = "Månad;Hushåll;Utbetalt\n2025-03;5;10\n2025-04;5;10;12\n2025-05;5;10;;\n".encode()
    [finding] = rejection(content, "fs.csv").findings
    assert finding.row == 3
    assert finding.message == "Raden har fler värden (4) än rubrikraden har kolumner (3)."


def test_many_ragged_rows_are_summarised() -> None:
    content = ("Månad;Hushåll;Utbetalt\n" + "2025-03;5;10;1\n" * 15).encode()
    findings = rejection(content, "fs.csv").findings
    assert len(findings) == 11
    assert findings[-1].message == "Ytterligare 5 rader har fler värden än rubrikraden."


def _assert_personal_data_rejection(rejected: RejectedFile, row: int, column: str) -> None:
    [finding] = rejected.findings
    assert finding.message == (
        f"Filen innehåller något som ser ut som ett personnummer (rad {row}, kolumn {column}). "
        "Personuppgifter får inte laddas upp: filen ska bara innehålla summerade antal."
    )
    assert (finding.row, finding.column, finding.value) == (row, column, None)
    for text in (finding.message, finding.hint or "", finding.format(), str(rejected)):
        assert PNR not in text and PNR.replace("-", "") not in text


def test_personnummer_in_a_data_cell() -> None:
    content = f"Månad;Förvaltning;Anställningsform;Antal\n2025-03;Kultur;{PNR};1\n".encode()
    _assert_personal_data_rejection(rejection(content, "a.csv"), row=2, column="C")


def test_personnummer_in_a_title_cell() -> None:
    content = f"Anställda {PNR};;;\nMånad;Förvaltning;Anställningsform;Antal\n".encode()
    _assert_personal_data_rejection(rejection(content, "a.csv"), row=1, column="A")


def test_personnummer_in_a_footnote_of_an_unreadable_file() -> None:
    content = f"Ingen rubrik\nx;y\n\nKontakt {PNR}\n".encode()
    _assert_personal_data_rejection(rejection(content, "a.csv"), row=4, column="A")


def test_personnummer_as_a_number_in_xlsx() -> None:
    content = xlsx({"S": [["År", "Mål"], [2025, 8501011234]]})
    _assert_personal_data_rejection(rejection(content, "mal.xlsx"), row=2, column="B")


def test_personnummer_in_another_sheet() -> None:
    content = xlsx({"S": [["År", "Mål"], [2025, 200]], "Anteckningar": [[None, PNR]]})
    [finding] = rejection(content, "mal.xlsx").findings
    assert "(blad ”Anteckningar”, rad 1, kolumn B)" in finding.message
    assert PNR not in finding.format()


def test_amounts_and_months_are_not_personal_data() -> None:
    content = "Månad;Hushåll;Utbetalt\n202503;1 234;12 345 678,50\n2025-04-01;5;1234567,5\n"
    table = read_table(content.encode(), "fs.csv", REQUIRED)
    assert len(table.data) == 2


def test_xlsx_rows_missing_from_the_sheet_keep_their_excel_numbers() -> None:
    workbook = Workbook()
    sheet = workbook.active
    for column, value in enumerate(["År", "Mål"], start=1):
        sheet.cell(row=3, column=column, value=value)
    sheet.cell(row=4, column=1, value=2025)
    sheet.cell(row=4, column=2, value=200)
    sheet.cell(row=6, column=1, value=2026)
    sheet.cell(row=6, column=2, value=210.0)
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "mal.xlsx", REQUIRED)
    assert table.header_row == 3
    assert table.data.index.tolist() == [4, 6]
    assert rows_of(table) == [["2025", "200"], ["2026", "210"]]
