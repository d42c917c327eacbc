"""THE writer of every CSV and Excel file the product makes: none can carry a formula.

Every workbook leaves through `to_bytes` (or `save_workbook_reproducibly` for committed files),
which first neutralises every text cell of every sheet: reports, follow-up tables, templates and
demo files alike, comments and names included (CSV/formula injection).

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return could be taken for a
formula by a spreadsheet program. Such text is written as text: in CSV with a leading `'`
(which Excel and LibreOffice show as a text marker), in Excel as a string cell with the
*quote prefix* style, so neither opening nor editing the cell turns it into a formula. Numbers
stay numbers; missing values are empty cells.
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Excel's limit on a sheet name, and characters it does not allow in one.
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = set("[]:*?/\\")


def is_formula_like(value) -> bool:
    """True for text that a spreadsheet could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_text(value) -> str:
    """A text value for CSV: formula-like text gets a leading `'`."""
    return "'" + value if is_formula_like(value) else value


def _plain(value):
    """Numpy and pandas scalars as plain Python values; missing values as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            pass
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _csv_cell(value, decimal: str) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a count read as float (a column with gaps) stays a whole number
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    return csv_text(str(value))


def csv_bytes(
    frame: pd.DataFrame, *, sep: str = ";", decimal: str = ",", encoding: str = "utf-8-sig"
) -> bytes:
    """The frame as CSV (Swedish defaults: `;` between fields, decimal comma, UTF-8 with BOM so
    Excel reads å, ä, ö), formula-like text neutralised, headers included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow([csv_text(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow([_csv_cell(v, decimal) for v in row])
    return buffer.getvalue().encode(encoding)


def set_cell(ws, row: int, column: int, value):
    """Write one value to an openpyxl sheet: numbers as numbers, text always as text."""
    value = _plain(value)
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl makes `=…` a formula otherwise
        if is_formula_like(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def neutralise(wb: Workbook) -> Workbook:
    """Make every text cell of every sheet plain text: a string never becomes a formula (openpyxl
    writes a string that starts with `=` as one), and formula-like text gets the quote prefix."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if is_formula_like(cell.value):
                        cell.quotePrefix = True
    return wb


#: Sheets wider than this many columns print in landscape.
LANDSCAPE_FROM_COLUMNS = 6


def print_ready(wb: Workbook) -> Workbook:
    """Title, language and print settings (WCAG/DOS-lagen for published files): the document's
    title (the first sheet's title line unless one is set) in Swedish, and every sheet on A4,
    as wide as one page (as many pages down as needed), landscape when it is wide, the rows
    above the frozen header repeated on every printed page."""
    first = wb.worksheets[0] if wb.worksheets else None
    if not wb.properties.title and first is not None and isinstance(first["A1"].value, str):
        wb.properties.title = first["A1"].value
    wb.properties.language = "sv-SE"
    for ws in wb.worksheets:
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        wide = ws.max_column > LANDSCAPE_FROM_COLUMNS
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if wide else ws.ORIENTATION_PORTRAIT
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        frozen = ws.freeze_panes
        if frozen:
            header_end = ws[frozen].row - 1
            if header_end >= 1:
                ws.print_title_rows = f"1:{header_end}"
    return wb


def to_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes: every text cell neutralised, title and print settings set
    (`print_ready`)."""
    buffer = io.BytesIO()
    print_ready(neutralise(wb)).save(buffer)
    return buffer.getvalue()


#: The time stamped into files that must have the same bytes for the same content.
FIXED_TIMESTAMP = datetime(2021, 1, 1, 0, 0, 0)


def save_workbook_reproducibly(workbook: Workbook, path: Path) -> Path:
    """Save `workbook` so that the same content always gives the same bytes.

    openpyxl stamps the save time into the document properties and every zip entry; both are
    replaced by `FIXED_TIMESTAMP`. Returns `path`.
    """
    neutralise(workbook)
    workbook.properties.creator = "Arbetsmål"
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    staged = io.BytesIO()
    # ExcelWriter directly, because openpyxl's save_workbook overwrites `modified` with now.
    with zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(staged) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(entry.filename))
    Path(path).write_bytes(out.getvalue())
    return Path(path)


def safe_sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name (at most 31 characters, no `[]:*?/\\`)."""
    clean = "".join("-" if ch in _SHEET_FORBIDDEN else ch for ch in name).strip("'") or "Blad"
    clean = clean[:SHEET_NAME_MAX]
    taken_lower = {t.lower() for t in taken}
    candidate, n = clean, 2
    while candidate.lower() in taken_lower:
        suffix = f" ({n})"
        candidate = clean[: SHEET_NAME_MAX - len(suffix)] + suffix
        n += 1
    return candidate


@dataclass
class Sheet:
    """One sheet: a title line, notes above the table, the table, and number formats per column
    (Excel formats such as `#,##0`, shown the Swedish way by a Swedish Excel)."""

    name: str
    table: pd.DataFrame
    title: str | None = None
    notes: Sequence[str] = ()
    number_formats: Mapping[str, str] = field(default_factory=dict)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An .xlsx file with one sheet per `Sheet`; every cell written by `set_cell`."""
    wb = Workbook()
    wb.remove(wb.active)
    taken: list[str] = []
    for sheet in sheets:
        name = safe_sheet_name(sheet.name, taken)
        taken.append(name)
        ws = wb.create_sheet(name)
        row = 1
        if sheet.title:
            set_cell(ws, row, 1, sheet.title).font = Font(bold=True, size=13)
            row += 1
        for note in sheet.notes:
            set_cell(ws, row, 1, note).font = Font(italic=True)
            row += 1
        if sheet.title or sheet.notes:
            row += 1
        header_row = row
        for col, heading in enumerate(sheet.table.columns, start=1):
            cell = set_cell(ws, row, col, str(heading))
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values in sheet.table.itertuples(index=False):
            row += 1
            for col, (heading, value) in enumerate(
                zip(sheet.table.columns, values, strict=True), start=1
            ):
                cell = set_cell(ws, row, col, value)
                fmt = sheet.number_formats.get(str(heading))
                if fmt and isinstance(cell.value, (int, float)):
                    cell.number_format = fmt
                elif isinstance(cell.value, str) and col > 1:
                    cell.alignment = Alignment(horizontal="right")
        for col, heading in enumerate(sheet.table.columns, start=1):
            lengths = [len(str(heading))] + [
                len(str(v)) for v in sheet.table.iloc[:, col - 1].tolist()
            ]
            ws.column_dimensions[get_column_letter(col)].width = min(max(lengths) + 2, 60)
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return to_bytes(wb)


def add_list_validation(ws, column: str, first_row: int, last_row: int, source: str, prompt: str):
    """A drop-down list on `column` rows `first_row`–`last_row` of `ws`, its values from the
    range `source` (e.g. `'Giltiga värden'!$A$2:$A$12`). Other values are allowed after a
    warning (a name as well as a code may be valid), and `prompt` tells what the list holds."""
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        showDropDown=False,  # openpyxl's inverted flag: False shows the arrow
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Inte i listan",
        error="Värdet finns inte i listan. Se bladet Giltiga värden.",
        showInputMessage=True,
        promptTitle="Välj ur listan",
        prompt=prompt[:255],
    )
    rule.add(f"{column}{first_row}:{column}{last_row}")
    ws.add_data_validation(rule)
    return rule
