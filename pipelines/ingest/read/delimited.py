"""CSV helpers for `pipelines.ingest.read`: encoding, delimiter and rows with their Excel row numbers."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from itertools import islice

from openpyxl.utils import get_column_letter

from schemas import guard
from schemas.findings import Finding, RejectedFile, error

#: A row as the user sees it: its row number in Excel (1-based) and its cells as stripped text.
Row = tuple[int, list[str]]

#: Candidate delimiters in order of preference: Swedish Excel writes `;` (`,` is the decimal mark).
DELIMITERS = (";", "\t", ",")
DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabb"}

SAVE_AS_HINT = "Öppna filen i Excel och spara den som Excel-arbetsbok (.xlsx) eller CSV (.csv)."
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, and password-protected workbooks
_SAMPLE_ROWS = 50
# å ä ö Å Ä Ö é É encoded as UTF-8.
_UTF8_LETTERS = re.compile(rb"\xc3[\xa5\xa4\xb6\x85\x84\x96\xa9\x89]")


def rejected(message: str, file_name: str, **where) -> RejectedFile:
    """A `RejectedFile` carrying one error (`where`: row, column, hint)."""
    return RejectedFile([error(message, file=file_name, **where)])


def old_excel_finding(file_name: str) -> Finding:
    """The finding for an old binary .xls or an encrypted workbook, whatever its extension."""
    return error(
        "Filen är en Excel-fil i det äldre formatet (.xls) eller en lösenordsskyddad arbetsbok "
        "och kan inte läsas.",
        file=file_name,
        hint=SAVE_AS_HINT + " Ta bort eventuellt lösenord först.",
    )


def decode_text(content: bytes, file_name: str) -> tuple[str, str]:
    """Return (text, encoding) with encoding `utf-8-sig`, `utf-16`, `utf-8` or `cp1252`.

    Raises `RejectedFile` for workbooks saved with a CSV extension and for binary content.
    """
    if content.startswith(b"PK\x03\x04"):
        raise rejected(
            "Filen är en Excel-arbetsbok (.xlsx) men har en filändelse för CSV.",
            file_name,
            hint="Byt filändelse till .xlsx, eller spara filen som CSV i Excel.",
        )
    if content.startswith(OLE_MAGIC):
        raise RejectedFile([old_excel_finding(file_name)])
    if content.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in content[:4096]:
        # UTF-16 without a BOM or a binary file: neither can be decoded safely.
        raise rejected(
            "Filen ser inte ut att vara en textfil (CSV) och kan inte läsas.",
            file_name,
            hint=SAVE_AS_HINT,
        )
    else:
        # Strict UTF-8 almost never decodes Windows-1252 text by accident, so try it first.
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252" and _UTF8_LETTERS.search(content):
            # Not valid UTF-8, yet å/ä/ö/é written as UTF-8 somewhere: two encodings in one
            # file (rows pasted from another file). Either reading shows some letters wrong.
            raise rejected(
                "Filen blandar två teckenkodningar (UTF-8 och Windows-1252): å, ä och ö skulle "
                "läsas fel på en del rader.",
                file_name,
                hint="Öppna filen i Excel, rätta de felaktiga tecknen och spara den som "
                "CSV UTF-8 (.csv).",
            )
        return text, encoding
    raise rejected(
        "Filens teckenkodning känns inte igen (den ska vara UTF-8 eller Windows-1252).",
        file_name,
        hint=SAVE_AS_HINT,
    )


def csv_rows(text: str, delimiter: str, file_name: str, limit: int | None = None) -> list[Row]:
    """Split `text` into rows numbered as Excel numbers them (blank lines included, as `[]`).

    A quoted value spanning several lines is one row in Excel, so rows are counted per record.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [
            (number, list(map(str.strip, record)))
            for number, record in enumerate(islice(reader, limit), start=1)
        ]
    except csv.Error as exc:
        raise rejected(
            f"Filen kunde inte läsas som CSV (rad {reader.line_num}).",
            file_name,
            row=reader.line_num,
            hint="Kontrollera att citattecken är parvisa. " + SAVE_AS_HINT,
        ) from exc


def detect_delimiter(text: str, file_name: str, has_header: Callable[[list[Row]], bool]) -> str:
    """Return the delimiter among `;`, tab and `,` that reads the file as the contract means it.

    The strongest sign is a delimiter under which a header row with the required columns
    appears. Failing that (the caller will report the missing header), the delimiter that gives
    the most rows with the same column count ≥ 2 wins; `;` wins ties. Counting alone could
    pick `,` in a `;` file where every row holds one decimal comma.
    """
    # Only the first rows are read, so only a prefix of the text is handed to the reader (a
    # StringIO of the whole text copies it): four lines a record leaves room for quoted values
    # spanning lines. A prefix cut inside a quoted value falls back to the whole text.
    head = _first_lines(text, 4 * _SAMPLE_ROWS)
    try:
        samples = {d: csv_rows(head, d, file_name, limit=_SAMPLE_ROWS) for d in DELIMITERS}
    except RejectedFile:
        samples = {d: csv_rows(text, d, file_name, limit=_SAMPLE_ROWS) for d in DELIMITERS}
    for delimiter in DELIMITERS:
        if has_header(samples[delimiter]):
            return delimiter

    def consistency(delimiter: str) -> tuple[int, int]:
        counts = Counter(
            len(cells) for _, cells in samples[delimiter] if len(cells) >= 2 and any(cells)
        )
        if not counts:
            return (0, 0)
        width, rows = counts.most_common(1)[0]
        return (rows, width)

    return max(DELIMITERS, key=consistency)  # max keeps the first of equal scores


def _first_lines(text: str, count: int) -> str:
    """The text up to and including its `count`-th line break (all of it if it has fewer)."""
    end = -1
    for _ in range(count):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[: end + 1]


_PERSONAL_DATA = (
    "Filen innehåller något som ser ut som ett personnummer ({where}). Personuppgifter får inte "
    "laddas upp: filen ska bara innehålla summerade antal."
)
_PERSONAL_DATA_HINT = "Ta bort uppgifter om enskilda personer och ladda upp filen igen."


def guard_cells(sheets: dict[str | None, list[Row]], file_name: str) -> None:
    """Reject the whole file at the first cell that looks like a personnummer (never echoed):
    every reader's cells pass here (`sheets`: a workbook's sheets by name, or {None: rows} of a
    CSV)."""
    for sheet, rows in sheets.items():
        for number, cells in rows:
            for index, cell in enumerate(cells):
                if len(cell) >= 10 and guard.looks_like_personnummer(cell):
                    letter = get_column_letter(index + 1)
                    where = f"rad {number}, kolumn {letter}"
                    if len(sheets) > 1:
                        where = f"blad ”{guard.visible(sheet)}”, {where}"
                    raise rejected(
                        _PERSONAL_DATA.format(where=where),
                        file_name,
                        row=number,
                        column=letter,
                        value=None,
                        hint=_PERSONAL_DATA_HINT,
                    )
