"""Bytes → `RawTable`: format, encoding, delimiter, header row, Excel, personal-data guard.

Reading never interprets values: every cell stays text. It only finds the table in the file,
names its columns and refuses files that cannot be read or that hold personal data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd
from openpyxl.utils import get_column_letter

from pipelines.ingest import limits
from pipelines.ingest.read.delimited import (
    DELIMITER_NAMES,
    SAVE_AS_HINT,
    Row,
    csv_rows,
    decode_text,
    detect_delimiter,
    guard_cells,
    rejected,
)
from pipelines.ingest.read.fast import simple_csv_table
from pipelines.ingest.read.header import find_header, no_header_finding
from pipelines.ingest.read.workbook import choose_sheet, open_workbook, workbook_findings
from schemas import guard
from schemas.findings import Finding, RejectedFile, error, warning
from schemas.parsing import normalize_name

MAX_ROW_FINDINGS = 10
_HASH_SLICE = 1 << 20  # characters of a CSV text hashed at a time

_NO_ROWS = "Filen innehåller inga datarader"
_EMPTY_HINT = "En månad utan anställningar lämnas som rader med antal 0, aldrig som en tom fil."


@dataclass
class RawTable:
    """A delivered table as text: one column per normalised header name, one row per data row."""

    file_name: str
    content_hash: str  # sha256 hex of the raw bytes
    file_format: str  # "csv" | "xlsx"
    encoding: str | None  # "utf-8", "utf-8-sig", "utf-16", "cp1252"; None for xlsx
    delimiter: str | None  # ";", ",", "\t"; None for xlsx
    sheet: str | None  # the xlsx sheet read
    kind: str  # the kind whose required columns the header matched
    header_row: int  # Excel row number of the header (1-based)
    labels: dict[str, str]  # normalised column name -> header text as written
    data: pd.DataFrame  # str values ("" for empty), dtype object, index = Excel row number
    findings: list[Finding] = field(default_factory=list)  # warnings found while reading


def check_file_name(file_name: str) -> None:
    """Raise `RejectedFile` when the file's name holds what looks like a personal number (the
    message names the file as the gate shows it, never the number)."""
    if guard.looks_like_personnummer(file_name):
        raise rejected(
            "Filnamnet innehåller något som ser ut som ett personnummer. Personuppgifter får "
            "inte laddas upp: varken i filen eller i dess namn.",
            guard.admit_name(file_name),
            hint="Byt namn på filen och ladda upp den igen.",
        )


def read_table(
    content: bytes,
    file_name: str,
    required_columns: dict[str, set[str]],
    *,
    sheet_preference: str | None = None,
) -> RawTable:
    """Read a delivered file into a `RawTable`, or raise `RejectedFile` saying why it cannot be.

    `required_columns` maps each acceptable kind to its normalised required column names; the
    header is the first of the first 10 rows holding all of some kind's columns (the kind with
    the most required columns wins). Any cell, sheet name or file name that looks like a
    personnummer rejects the file. The limits of `pipelines.ingest.limits` are checked first.

    `file_name` is kept as `guard.admit_name` shows it (personal numbers redacted, control
    characters named, cut): that is the name in every finding and in the ingest log.
    """
    suffix = PurePath(file_name).suffix.casefold()
    check_file_name(file_name)
    file_name = guard.admit_name(file_name)
    limits.check_file_size(content, file_name)
    encoding = delimiter = sheet = None
    content_hash = hashlib.sha256(content).hexdigest()
    sheet_findings: list[Finding] = []
    if suffix in (".csv", ".txt"):
        file_format = "csv"
        text, encoding = decode_text(content, file_name)
        delimiter = detect_delimiter(
            text, file_name, lambda rows: find_header(rows, required_columns) is not None
        )
        limits.check_text_shape(text, delimiter, file_name)
        content_hash = text_hash(text)
        # The file's own bytes are the text in UTF-8 when it was written so: no copy.
        utf8 = {"utf-8": 0, "utf-8-sig": 3}.get(encoding)
        simple = simple_csv_table(
            text,
            delimiter,
            required_columns,
            utf8=None if utf8 is None else memoryview(content)[utf8:],
        )
        if simple is not None:  # the common case, read column by column (read/fast.py)
            header_number, kind, header, data = simple
            return RawTable(
                file_name=file_name,
                content_hash=content_hash,
                file_format="csv",
                encoding=encoding,
                delimiter=delimiter,
                sheet=None,
                kind=kind,
                header_row=header_number,
                labels={normalize_name(label): label for label in header},
                data=data,
            )
        # Row by row in Python: every cell becomes a string, so the cells are capped first.
        limits.check_text_cells(text, delimiter, file_name)
        rows = csv_rows(text, delimiter, file_name)
        if guard.might_contain_personnummer(text):
            guard_cells({None: rows}, file_name)
    elif suffix == ".xlsx":
        file_format = "xlsx"
        sheets, scan = open_workbook(content, file_name)
        if not sheets:
            raise RejectedFile([_empty_finding(file_name, f"{_NO_ROWS}: inget kalkylblad.")])
        sheet, sheet_findings = choose_sheet(
            sheets, scan, required_columns, sheet_preference, file_name
        )
        rows = sheets[sheet]
        sheet_findings += workbook_findings(scan, sheet, file_name)
    else:
        shown = suffix or "utan filändelse"
        raise rejected(
            f"Filformatet {shown} kan inte läsas: filen ska vara en Excel-arbetsbok (.xlsx) "
            "eller en CSV-fil (.csv, .txt).",
            file_name,
            hint=SAVE_AS_HINT,
        )

    if not any(any(cells) for _, cells in rows):
        raise RejectedFile([_empty_finding(file_name, _NO_ROWS + ": filen är tom.")])
    found = find_header(rows, required_columns)
    if found is None:
        raise RejectedFile([no_header_finding(rows, required_columns, file_name, sheet)])
    position, kind = found
    labels, data, findings = _build_table(rows, position, file_name, delimiter)
    return RawTable(
        file_name=file_name,
        content_hash=content_hash,
        file_format=file_format,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        kind=kind,
        header_row=rows[position][0],
        labels=labels,
        data=data,
        findings=sheet_findings + findings,
    )


def text_hash(text: str) -> str:
    """The content hash of a CSV text: the same for a copy saved with other line endings (CRLF),
    another encoding (Windows-1252, UTF-8 with or without BOM) or without the last line break,
    so such a copy is recognised as the content already stored."""
    # What is hashed: the text without leading BOMs, CR LF and CR as LF, without trailing line
    # breaks, in UTF-8; a slice at a time (a whole normalised copy would cost the file twice).
    start, end = 0, len(text)
    while start < end and text[start] == "\ufeff":
        start += 1
    while end > start and text[end - 1] in "\r\n":
        end -= 1
    digest = hashlib.sha256()
    while start < end:
        stop = min(start + _HASH_SLICE, end)
        if text[stop - 1] == "\r" and stop < end and text[stop] == "\n":
            stop += 1  # never split a CR LF
        part = text[start:stop].replace("\r\n", "\n").replace("\r", "\n")
        digest.update(part.encode("utf-8"))
        start = stop
    return digest.hexdigest()


def _build_table(
    rows: list[Row], position: int, file_name: str, delimiter: str | None
) -> tuple[dict[str, str], pd.DataFrame, list[Finding]]:
    """Name the columns under the header and keep the data rows, or raise `RejectedFile`."""
    header_number, header = rows[position]
    body = rows[position + 1 :]
    errors: list[Finding] = []
    findings: list[Finding] = []
    width = len(header)
    ragged = 0
    for number, cells in body:
        if len(cells) <= width:
            continue
        used = _used_width(cells)
        if used <= width:
            continue
        if delimiter is None:  # Excel: values beyond the header are a column without a header
            width = used
            continue
        ragged += 1
        if ragged <= MAX_ROW_FINDINGS:
            errors.append(
                error(
                    f"Raden har fler värden ({used}) än rubrikraden har kolumner ({width}).",
                    file=file_name,
                    row=number,
                    hint=f"Filen läses med {DELIMITER_NAMES[delimiter]} som avgränsare: ett värde "
                    "som innehåller avgränsaren måste stå inom citattecken.",
                )
            )
    if ragged > MAX_ROW_FINDINGS:
        errors.append(
            error(
                f"Ytterligare {ragged - MAX_ROW_FINDINGS} rader har fler värden än rubrikraden.",
                file=file_name,
            )
        )
    header = header + [""] * (width - len(header))
    data_rows, footnotes = _split_footnotes([(n, c) for n, c in body if any(c)])
    for number, cells in footnotes:
        findings.append(
            warning(
                "Raden ser ut som en fotnot efter tabellen och läses inte.",
                file=file_name,
                row=number,
                value=guard.visible(cells[0]),
            )
        )

    keep: list[int] = []
    positions: dict[str, list[int]] = {}
    for index, label in enumerate(header):
        name = normalize_name(label)
        if name:
            keep.append(index)
            positions.setdefault(name, []).append(index)
        elif any(_cell(cells, index) for _, cells in data_rows):
            findings.append(
                warning(
                    f"Kolumn {get_column_letter(index + 1)} har värden men ingen rubrik och "
                    "läses inte.",
                    file=file_name,
                    row=header_number,
                    hint="Ge kolumnen en rubrik eller ta bort den.",
                )
            )
    for indexes in positions.values():
        if len(indexes) > 1:
            letters = " och ".join(get_column_letter(i + 1) for i in indexes)
            errors.append(
                error(
                    f"Kolumnen ”{guard.visible(header[indexes[0]])}” finns flera gånger "
                    f"(kolumn {letters}).",
                    file=file_name,
                    row=header_number,
                    column=guard.visible(header[indexes[0]]),
                    hint="Varje kolumn får bara finnas en gång.",
                )
            )
    if not data_rows:
        errors.append(
            _empty_finding(file_name, f"{_NO_ROWS} under rubrikraden (rad {header_number}).")
        )
    if errors:
        raise RejectedFile(errors)

    columns = [normalize_name(header[i]) for i in keep]
    # Column by column: short rows padded with empty cells, then transposed in one go.
    matrix = [
        cells if len(cells) >= width else cells + [""] * (width - len(cells))
        for _, cells in data_rows
    ]
    by_column = list(zip(*matrix, strict=False))
    index = pd.Index([n for n, _ in data_rows], name="rad", dtype="int64")
    data = pd.DataFrame(
        {
            name: pd.Series(list(by_column[i]), index=index, dtype=object)
            for name, i in zip(columns, keep, strict=True)
        },
        index=index,
    )
    labels = {normalize_name(header[i]): header[i] for i in keep}
    return labels, data, findings


def _split_footnotes(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Split the non-empty body rows into data and trailing footnotes.

    Footnotes are the trailing rows with text in the first cell only, starting after a blank
    line (a gap in the row numbers); that is how statistics exports end their tables.
    """
    start = len(rows)
    for i in range(len(rows) - 1, 0, -1):
        number, cells = rows[i]
        if not (cells and cells[0] and not any(cells[1:])):
            break
        if rows[i - 1][0] < number - 1:  # a blank line before this row
            start = i
    return rows[:start], rows[start:]


def _used_width(cells: list[str]) -> int:
    """The number of cells up to the last non-empty one (trailing empty cells do not count)."""
    for index in range(len(cells) - 1, -1, -1):
        if cells[index]:
            return index + 1
    return 0


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _empty_finding(file_name: str, message: str) -> Finding:
    return error(message, file=file_name, hint=_EMPTY_HINT)
