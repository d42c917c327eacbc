"""Excel helpers for `pipelines.ingest.read`: every sheet of a workbook as rows of text (after
the limits pass), the choice of the sheet to read (visible sheets and their header, never a
sheet's name over the visible data), and the warnings about hidden rows and formula values."""

from __future__ import annotations

import io
import warnings
from datetime import date, datetime, time, timedelta

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from pipelines.formatting import fmt_int
from pipelines.ingest.limits import WorkbookScan, scan_workbook
from pipelines.ingest.read.delimited import OLE_MAGIC, Row, guard_cells, old_excel_finding, rejected
from pipelines.ingest.read.header import HEADER_SEARCH_ROWS, KIND_DISPLAY, find_header
from pipelines.ingest.read.parts import guard_parts
from schemas import guard
from schemas.findings import Finding, RejectedFile, error, warning
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


def read_workbook(
    content: bytes, file_name: str, scan: WorkbookScan | None = None
) -> dict[str, list[Row]]:
    """Return every sheet, in workbook order, as rows numbered as in Excel.

    The limits are checked first (`pipelines.ingest.limits.scan_workbook`, unless the caller
    passes its `scan`), so memory stays bounded. Uses openpyxl's read-only mode with cached
    formula values. Raises `RejectedFile` when the bytes are not a readable .xlsx workbook.
    """
    if content.startswith(OLE_MAGIC):
        raise RejectedFile([old_excel_finding(file_name)])
    if scan is None:
        scan_workbook(content, file_name)
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


def open_workbook(content: bytes, file_name: str) -> tuple[dict[str, list[Row]], WorkbookScan]:
    """Every sheet's rows and the limits pass's scan of an .xlsx, through the whole gate: an old
    or encrypted workbook refused, the limits checked from the workbook's own metadata before
    loading, and no personal number in a sheet's name, a cell of any sheet (hidden ones too),
    comments, document properties, headers or footers. Every reader of workbooks opens them
    here; the choice of sheet is the reader's (`choose_sheet` for the monthly kinds)."""
    if content.startswith(OLE_MAGIC):
        raise RejectedFile([old_excel_finding(file_name)])
    scan = scan_workbook(content, file_name)  # before loading: bombs stop here
    for scanned in scan.sheets:
        if guard.looks_like_personnummer(scanned.name):
            raise rejected(
                "Ett kalkylblad i arbetsboken har ett namn som ser ut som ett personnummer. "
                "Personuppgifter får inte laddas upp: varken i celler eller i bladens namn.",
                file_name,
                hint="Byt namn på bladet och ladda upp filen igen.",
            )
    sheets = read_workbook(content, file_name, scan)
    guard_cells(sheets, file_name)
    guard_parts(content, file_name)  # every other part of the package (read/parts.py)
    return sheets, scan


def visible_sheets(sheets: dict[str, list[Row]], scan: WorkbookScan) -> list[str]:
    """The names of the sheets a user sees in Excel, in the workbook's order (hidden and very
    hidden sheets are never read); the first sheet when the workbook marks none visible."""
    states = {scanned.name: scanned.state for scanned in scan.sheets}
    names = list(sheets)
    return [n for n in names if states.get(n, "visible") == "visible"] or names[:1]


def choose_sheet(
    sheets: dict[str, list[Row]],
    scan: WorkbookScan,
    required: dict[str, set[str]],
    preferred_kind: str | None,
    file_name: str,
) -> tuple[str, list[Finding]]:
    """The sheet to read, and warnings about the sheets not read.

    The sheet read is the first *visible* sheet whose header matches a kind (`preferred_kind`
    when the kind is forced); a sheet named after that kind wins only among the visible sheets
    whose header matches the same kind. A sheet's name never wins over the visible data: a
    hidden sheet is never read, and a sheet named ”Mål” after a hires table is not read instead
    of it. With no matching visible sheet, the first visible sheet is returned (the caller
    reports the missing header) and a hidden sheet that matches is named in an error.
    """
    names = list(sheets)
    visible = visible_sheets(sheets, scan)
    found = {n: find_header(sheets[n][:HEADER_SEARCH_ROWS], required) for n in names}
    matching = [n for n in visible if found[n]]
    hidden_matching = [n for n in names if found[n] and n not in visible]
    findings: list[Finding] = []
    if not matching:
        if hidden_matching:
            raise RejectedFile(
                [
                    error(
                        f"Tabellen finns bara på det dolda bladet ”{guard.visible(hidden_matching[0])}”, "
                        "och dolda blad läses inte.",
                        file=file_name,
                        hint="Visa bladet i Excel (högerklicka på en bladflik och välj Ta fram) "
                        "och spara filen, eller kopiera tabellen till ett synligt blad.",
                    )
                ]
            )
        return visible[0], findings
    kinds = {n: found[n][1] for n in matching}
    kind = preferred_kind if preferred_kind in kinds.values() else kinds[matching[0]]
    same_kind = [n for n in matching if kinds[n] == kind]
    named = [
        n
        for n in same_kind
        if normalize_name(n) in (kind, normalize_name(KIND_DISPLAY.get(kind, kind)))
    ]
    chosen = (named or same_kind)[0]
    for name in matching:
        if name != chosen:
            findings.append(
                warning(
                    f"Bladet ”{guard.visible(name)}” har också en rubrikrad "
                    f"({KIND_DISPLAY.get(kinds[name], kinds[name])}) men läses inte: bara bladet "
                    f"”{guard.visible(chosen)}” läses.",
                    file=file_name,
                    hint="Lämna en tabell per fil: spara det andra bladet som en egen fil.",
                )
            )
    for name in hidden_matching:
        findings.append(
            warning(
                f"Det dolda bladet ”{guard.visible(name)}” har en rubrikrad men läses inte: "
                "dolda blad läses aldrig.",
                file=file_name,
            )
        )
    return chosen, findings


def _rows_text(rows: list[int], count: int) -> str:
    shown = [str(r) for r in rows]
    more = count - len(rows)
    if more > 0:
        return ", ".join(shown) + f" och {fmt_int(more)} till"
    return ", ".join(shown[:-1]) + " och " + shown[-1] if len(shown) > 1 else shown[0]


def workbook_findings(scan: WorkbookScan, sheet: str, file_name: str) -> list[Finding]:
    """What the limits pass saw on the sheet read: hidden rows (read, with a warning), formulas
    without a saved value (an error each: their value cannot be read) and saved formula values
    that may be stale (the workbook asks to be recalculated when opened: a warning)."""
    scanned = scan.sheet(sheet)
    if scanned is None:
        return []
    findings: list[Finding] = []
    if scanned.hidden_row_count:
        plural = scanned.hidden_row_count > 1
        findings.append(
            warning(
                f"{'Raderna' if plural else 'Rad'} "
                f"{_rows_text(scanned.hidden_rows, scanned.hidden_row_count)} "
                f"{'är dolda' if plural else 'är dold'} i Excel men läses in.",
                file=file_name,
                row=scanned.hidden_rows[0],
                hint="Kontrollera att dolda rader ska vara med, eller ta bort dem ur filen.",
            )
        )
    for row, column in scanned.formulas_without_value:
        findings.append(
            error(
                "Cellen har en formel men inget sparat värde, så värdet går inte att läsa.",
                file=file_name,
                row=row,
                column=get_column_letter(column),
                hint="Öppna filen i Excel och spara den igen (då sparas formlernas värden), "
                "eller klistra in värdena i stället för formlerna.",
            )
        )
    more = scanned.formulas_without_value_count - len(scanned.formulas_without_value)
    if more > 0:
        findings.append(
            error(
                f"Ytterligare {fmt_int(more)} celler har formler utan sparat värde.", file=file_name
            )
        )
    if scan.recalculate_on_open and scanned.formulas:
        findings.append(
            warning(
                f"Arbetsboken ska räknas om när den öppnas, så de sparade värdena i bladets "
                f"{fmt_int(scanned.formulas)} formler kan vara inaktuella.",
                file=file_name,
                hint="Öppna filen i Excel, kontrollera värdena och spara den igen innan du "
                "läser in den.",
            )
        )
    return findings
