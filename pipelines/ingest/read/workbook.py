"""Excel helpers for `pipelines.read`: every sheet of a workbook as rows of text."""

from __future__ import annotations

import io
import warnings
from datetime import date, datetime, time, timedelta

from openpyxl import load_workbook

from pipelines.findings import RejectedFile
from pipelines.read_csv import OLE_MAGIC, Row, old_excel_finding, rejected
from schemas.parsing import normalize_name


def cell_text(value: object) -> str:
    """The text of a cell value: `""` for empty, whole floats without `.0`, dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int; Swedish Excel shows SANT/FALSKT
        return "SANT" if value else "FALSKT"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel stores every number as a float: 12 arrives as 12.0 and must read as "12".
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):  # before date: a datetime is a date
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value).strip()


def read_workbook(content: bytes, file_name: str) -> dict[str, list[Row]]:
    """Return every sheet, in workbook order, as rows numbered as in Excel.

    Uses openpyxl's read-only mode with cached formula values. Raises `RejectedFile` when the
    bytes are not a readable .xlsx workbook.
    """
    if content.startswith(OLE_MAGIC):
        raise RejectedFile([old_excel_finding(file_name)])
    try:
        with warnings.catch_warnings():
            # openpyxl warns about unsupported extensions (data validation, styles): harmless.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # any failure here means "not a readable workbook"
        raise rejected(
            "Filen har filändelsen .xlsx men är ingen Excel-arbetsbok som går att läsa.",
            file_name,
            hint="Öppna filen i Excel och spara den som Excel-arbetsbok (.xlsx) eller CSV.",
        ) from exc
    try:
        sheets: dict[str, list[Row]] = {}
        for sheet in workbook.worksheets:
            # Exporters often write a wrong or missing <dimension>; without it openpyxl reads
            # the rows that are actually present and fills gaps, so row numbers stay right.
            sheet.reset_dimensions()
            sheets[sheet.title] = [
                (number, [cell_text(v) for v in values])
                for number, values in enumerate(
                    sheet.iter_rows(min_row=1, values_only=True), start=1
                )
            ]
        return sheets
    finally:
        workbook.close()


def choose_sheet(names: list[str], preferred: list[str]) -> str:
    """The first sheet whose normalised name is in `preferred` (in that order), else the first."""
    normalised = {normalize_name(name): name for name in reversed(names)}
    for kind in preferred:
        if kind in normalised:
            return normalised[kind]
    return names[0]
