"""Limits every reader enforces before parsing, read from the file's own metadata.

A delivered file is checked here before any reader loads it, so a small file that unpacks or
expands into something huge (a zip bomb, one cell in column XFD on 100 000 rows, a 300 MB
shared string) is rejected at once, with memory bounded:

- any file: at most `MAX_FILE_BYTES` (20 MB);
- a workbook (.xlsx, a zip archive): at most `MAX_ENTRIES` members, unpacked size (as the zip's
  central directory declares it) at most `MAX_UNPACKED_BYTES` (100 MB), shared strings at most
  `MAX_SHARED_STRINGS_BYTES`; then each worksheet is streamed (never held whole: a chunk at a
  time through expat, and zipfile never unpacks more than a member declares) and stops at the
  first limit passed: at most `MAX_COLUMNS` (200) columns, `MAX_ROWS` (1 000 000) rows and
  `MAX_CELLS` (1 000 000) cells, where a row counts every cell up to its last one (what a reader
  materialises);
- a CSV text: at most `MAX_ROWS` lines and `MAX_COLUMNS` columns.

The same pass over a workbook records what the reader needs to warn about: which sheets are
hidden, which rows are hidden, formula cells without a saved value, and whether the workbook
asks to be recalculated when opened (its saved formula values may then be stale).

`cap_findings` keeps the first `MAX_FINDINGS` findings of a file and replaces the rest by one
line that counts them.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from pipelines.ingest import package_kind
from schemas.findings import Finding, RejectedFile, error, warning

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 5 * 1024 * 1024  # workbook.xml, its relations, styles: small parts
MAX_ENTRIES = 1_000
MAX_CELLS = 1_000_000
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_FINDINGS = 200
#: Row numbers kept per sheet for the hidden-row and formula warnings (the rest are counted).
MAX_NOTED = 20

_CHUNK = 64 * 1024
_HINT = (
    "Dela upp filen i mindre filer (t.ex. en per månad), eller spara bara tabellen som "
    "CSV (.csv) i Excel."
)
_NOT_A_WORKBOOK = "Filen har filändelsen .xlsx men är ingen Excel-arbetsbok som går att läsa."
_COLUMN = re.compile(r"([A-Za-z]{1,3})?(\d{1,7})?")
_LONG_LINE = re.compile(f"\n[^\n]{{{MAX_COLUMNS}}}")  # a line break, then a long line


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}".replace(".", ",")


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def _too_big(message: str, file_name: str) -> RejectedFile:
    return RejectedFile([error(message, file=file_name, hint=_HINT)])


def check_file_size(content: bytes, file_name: str) -> None:
    """Reject a file over `MAX_FILE_BYTES`."""
    if len(content) > MAX_FILE_BYTES:
        raise _too_big(
            f"Filen är {_mb(len(content))} MB: högst {_mb(MAX_FILE_BYTES)} MB går att läsa in.",
            file_name,
        )


def check_text_shape(text: str, delimiter: str, file_name: str) -> None:
    """Reject a CSV text with more than `MAX_ROWS` lines or `MAX_COLUMNS` columns.

    Columns are counted as delimiters + 1 on each line (a delimiter inside quotes counts too,
    which only errs towards the limit)."""
    lines = text.count("\n") + 1
    if lines > MAX_ROWS + 1:
        raise _too_big(
            f"Filen har {_fmt(lines)} rader: högst {_fmt(MAX_ROWS)} rader går att läsa in.",
            file_name,
        )
    if text.count(delimiter) < MAX_COLUMNS:
        return
    # Only a line of at least MAX_COLUMNS characters can hold MAX_COLUMNS delimiters: found
    # from the line breaks (a fast search) without splitting the text into a string per line.
    starts = itertools.chain([0], (found.start() + 1 for found in _LONG_LINE.finditer(text)))
    for start in starts:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if text.count(delimiter, start, end) >= MAX_COLUMNS:
            number = text.count("\n", 0, start) + 1
            raise RejectedFile(
                [
                    error(
                        f"Rad {number} har fler än {MAX_COLUMNS} kolumner: högst {MAX_COLUMNS} "
                        "kolumner går att läsa in.",
                        file=file_name,
                        row=number,
                        hint=_HINT,
                    )
                ]
            )


def check_text_cells(text: str, delimiter: str, file_name: str) -> None:
    """Reject a CSV text with more than `MAX_CELLS` cells (delimiters + lines) before it is
    read row by row: the general reader holds every cell as a string. (The column-wise reader
    of simple files holds columns in Arrow and needs no such cap.)"""
    cells = text.count(delimiter) + text.count("\n") + 1
    if cells > MAX_CELLS:
        raise _too_big(
            f"Filen har fler än {_fmt(MAX_CELLS)} celler som måste läsas en i taget (citattecken, "
            "tomma rader eller rader med olika antal värden): högst "
            f"{_fmt(MAX_CELLS)} går att läsa in.",
            file_name,
        )


@dataclass
class SheetScan:
    """What the limits pass learned about one worksheet."""

    name: str
    state: str  # visible | hidden | veryHidden
    path: str  # the member of the zip archive
    rows: int = 0  # the last row number that holds a cell
    columns: int = 0  # the widest row's last column
    cells: int = 0  # cells counted up to each row's last one
    hidden_rows: list[int] = field(default_factory=list)  # the first MAX_NOTED
    hidden_row_count: int = 0
    formulas: int = 0
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)  # (row, column)
    formulas_without_value_count: int = 0

    @property
    def visible(self) -> bool:
        return self.state == "visible"


@dataclass
class WorkbookScan:
    """Sheets in workbook order, and whether the workbook asks to be recalculated on opening."""

    sheets: list[SheetScan]
    recalculate_on_open: bool = False
    unpacked_bytes: int = 0

    def sheet(self, name: str) -> SheetScan | None:
        return next((s for s in self.sheets if s.name == name), None)


class _Stop(Exception):
    """Raised inside expat handlers to stop at the first limit passed."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message = message
        self.row = row


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].rsplit("}", 1)[-1]


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _no_doctype(*_args) -> None:
    raise _Stop(_NOT_A_WORKBOOK)


def _parser() -> expat.XMLParserType:
    """An expat parser that refuses a DOCTYPE (so no entity can expand: no billion laughs)."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    return parser


def _parse_small_part(archive: zipfile.ZipFile, name: str, start) -> None:
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise _Stop(f"Delen {name} av arbetsboken är för stor ({_mb(info.file_size)} MB).")
    parser = _parser()
    parser.StartElementHandler = start
    with archive.open(info) as stream:
        parser.ParseFile(stream)


def _sheets(archive: zipfile.ZipFile) -> tuple[list[SheetScan], bool]:
    """The sheets named in xl/workbook.xml, their states and their members in the archive."""
    names = set(archive.namelist())
    workbook = "xl/workbook.xml"
    if workbook not in names:
        raise _Stop(_NOT_A_WORKBOOK)
    entries: list[tuple[str, str, str]] = []  # (name, state, relation id)
    recalc = [False]

    def on_workbook(tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            entries.append((attrs.get("name", ""), attrs.get("state", "visible"), rid))
        elif local == "calcPr" and attrs.get("fullCalcOnLoad") in ("1", "true"):
            recalc[0] = True

    _parse_small_part(archive, workbook, on_workbook)
    targets: dict[str, str] = {}
    rels = "xl/_rels/workbook.xml.rels"

    def on_rels(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "Relationship" and "Id" in attrs:
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[attrs["Id"]] = posixpath.normpath(path)

    if rels in names:
        _parse_small_part(archive, rels, on_rels)
    sheets = []
    for position, (name, state, rid) in enumerate(entries, start=1):
        path = targets.get(rid) or f"xl/worksheets/sheet{position}.xml"
        if path in names:
            sheets.append(SheetScan(name=name, state=state, path=path))
    return sheets, recalc[0]


def _scan_sheet(archive: zipfile.ZipFile, sheet: SheetScan, budget: list[int]) -> None:
    """Stream one worksheet, counting rows, columns and cells; stop at the first limit passed.

    `budget` holds the cells still allowed for the whole workbook (one list shared by sheets).
    """
    state = {"row": 0, "column": 0, "in_cell": False, "formula": False, "value": False}

    def end_row() -> None:
        width = state["column"]
        if width:
            sheet.cells += width
            budget[0] -= width
            if budget[0] < 0:
                raise _Stop(
                    f"Arbetsboken har fler än {_fmt(MAX_CELLS)} celler (räknat till sista "
                    f"ifyllda cellen på varje rad): högst {_fmt(MAX_CELLS)} går att läsa in.",
                    state["row"],
                )

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "c":
            reference = attrs.get("r")
            column = state["column"] + 1
            if reference:
                m = _COLUMN.fullmatch(reference)
                if m and m[1]:
                    column = _column_number(m[1])
            if column > MAX_COLUMNS:
                raise _Stop(
                    f"Bladet ”{sheet.name}” har värden i kolumn {column} (fler än "
                    f"{MAX_COLUMNS} kolumner): högst {MAX_COLUMNS} kolumner går att läsa in.",
                    state["row"],
                )
            state["column"] = max(state["column"], column) if reference else column
            sheet.columns = max(sheet.columns, column)
            state.update(in_cell=True, formula=False, value=False)
        elif local == "row":
            end_row()
            number = attrs.get("r")
            row = int(number) if number and number.isdigit() else state["row"] + 1
            if row > MAX_ROWS:
                raise _Stop(
                    f"Bladet ”{sheet.name}” har rader efter rad {_fmt(MAX_ROWS)}: högst "
                    f"{_fmt(MAX_ROWS)} rader går att läsa in.",
                    row,
                )
            state.update(row=row, column=0)
            sheet.rows = max(sheet.rows, row)
            if attrs.get("hidden") in ("1", "true"):
                sheet.hidden_row_count += 1
                if len(sheet.hidden_rows) < MAX_NOTED:
                    sheet.hidden_rows.append(row)
        elif state["in_cell"] and local == "f":
            state["formula"] = True
        elif state["in_cell"] and local in ("v", "is"):
            state["value"] = True

    def end(tag: str) -> None:
        if _local(tag) == "c":
            if state["formula"]:
                sheet.formulas += 1
                if not state["value"]:
                    sheet.formulas_without_value_count += 1
                    if len(sheet.formulas_without_value) < MAX_NOTED:
                        sheet.formulas_without_value.append((state["row"], state["column"]))
            state["in_cell"] = False

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.buffer_text = True
    # Character data is never needed here: without a handler expat does not build it.
    with archive.open(sheet.path) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    end_row()


def scan_workbook(content: bytes, file_name: str) -> WorkbookScan:
    """Check a workbook against the limits from its own metadata and a streamed pass over each
    worksheet, before any reader loads it. Raises `RejectedFile` (Swedish) at the first limit
    passed, or when the archive is not a readable workbook."""
    check_file_size(content, file_name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise RejectedFile(
            [error(_NOT_A_WORKBOOK, file=file_name, hint="Spara filen som .xlsx i Excel.")]
        ) from exc
    with archive:
        if (kind := package_kind.describe(archive, file_name)) is not None:  # .ods, .docx, zip
            raise RejectedFile([kind])
        members = archive.infolist()
        if len(members) > MAX_ENTRIES:
            raise _too_big(
                f"Arbetsboken består av {_fmt(len(members))} delar: högst {_fmt(MAX_ENTRIES)} "
                "går att läsa in.",
                file_name,
            )
        unpacked = sum(info.file_size for info in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise _too_big(
                f"Arbetsboken packas upp till {_mb(unpacked)} MB: högst "
                f"{_mb(MAX_UNPACKED_BYTES)} MB går att läsa in.",
                file_name,
            )
        shared = sum(
            info.file_size for info in members if info.filename.endswith("sharedStrings.xml")
        )
        if shared > MAX_SHARED_STRINGS_BYTES:
            raise _too_big(
                f"Arbetsbokens texter tar {_mb(shared)} MB: högst "
                f"{_mb(MAX_SHARED_STRINGS_BYTES)} MB går att läsa in.",
                file_name,
            )
        try:
            sheets, recalc = _sheets(archive)
            budget = [MAX_CELLS]
            for sheet in sheets:
                _scan_sheet(archive, sheet, budget)
        except _Stop as stop:
            raise RejectedFile(
                [error(stop.message, file=file_name, row=stop.row, hint=_HINT)]
            ) from None
        except Exception as exc:  # bad zip, bad CRC, zlib or XML errors: never a traceback
            raise RejectedFile(
                [error(_NOT_A_WORKBOOK, file=file_name, hint="Spara filen som .xlsx i Excel.")]
            ) from exc
    return WorkbookScan(sheets=sheets, recalculate_on_open=recalc, unpacked_bytes=unpacked)


def cap_findings(
    findings: list[Finding], limit: int = MAX_FINDINGS, *, omitted: int = 0
) -> list[Finding]:
    """The first `limit` findings (errors first, as given), then one that counts the rest;
    `omitted` counts errors left out before the list was built (they are counted too)."""
    if len(findings) <= limit and not omitted:
        return findings
    rest = findings[limit:]
    errors = sum(1 for f in rest if f.is_error) + omitted
    file = findings[0].file if findings else ""
    parts = []
    if errors:
        parts.append(f"{_fmt(errors)} fel")
    if len(rest) + omitted - errors:
        parts.append(f"{_fmt(len(rest) + omitted - errors)} varningar")
    summary = error if errors else warning
    return [
        *findings[:limit],
        summary(
            f"Ytterligare {' och '.join(parts)} visas inte (de första {limit} visas).",
            file=file,
            hint="Rätta felen ovan och läs in filen igen: återstående fel visas då.",
        ),
    ]
