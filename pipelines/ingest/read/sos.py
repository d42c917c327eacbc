"""Bytes → Socialstyrelsen's wide monthly export, read and turned long (kind `sos_manad`).

The export (see `schemas/sos_manad.py`) is a title row, a header `Region, [categories,] Januari …
December`, one row per region (and category), footnotes and a last row with the extraction date.
Here it becomes one row per (mått, region, kategori, månad) with a status per cell:

- the measure (`Antal hushåll`) and any filter come from the title, the year from an `År` column
  or the end of the title;
- `X` → `sekretess`, `--` → `saknas`, a number → `varde` (masked is not zero, not missing);
- footnotes and the extraction date are kept with the file;
- every region name must be in the region reference list (Riket, the 21 län, the 290
  kommuner): the stored name is the list's spelling.

Structural problems (another table's export, months other than `Januari…December`, no year)
raise `RejectedFile`; cell problems are collected as findings with the Excel row and column.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

import pandas as pd

from pipelines.ingest import limits
from pipelines.ingest.read.delimited import (
    Row,
    csv_rows,
    decode_text,
    detect_delimiter,
    guard_cells,
    rejected,
)
from pipelines.ingest.read.workbook import open_workbook, visible_sheets
from pipelines.ingest.sos_dates import after_extraction
from schemas import guard, parsing
from schemas import sos_manad as sos
from schemas.findings import Finding, RejectedFile, error, warning

HEADER_SEARCH_ROWS = 10
_MONTH_LIST = ", ".join(sos.MONTHS[:2]) + " … " + sos.MONTHS[-1]
_OTHER_TABLE_HINT = (
    "Ta ut tabellen Ekonomiskt bistånd per månad ur Socialstyrelsens statistikdatabas (regioner "
    "som rader, månaderna Januari … December som kolumner) och spara den som Excel eller CSV."
)
_CELL_HINT = (
    "Skriv ett tal, X (sekretess) eller -- (uppgift saknas), som i Socialstyrelsens export."
)
_MONTH_STARTS = {m[:3] for m in sos.MONTH_COLUMNS}
_TOTAL_WORDS = {"totalt", "total", "samtliga", "summa", "alla"}


@dataclass
class Region:
    """A region of the reference list: the name as stored and its type (riket, lan, kommun)."""

    namn: str
    typ: str


@dataclass
class SosExport:
    """A Socialstyrelsen export, read: its title parts, footnotes, date and the long rows."""

    file_name: str
    file_format: str  # csv | xlsx
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    title: str
    matt: str
    filter: str | None
    header_row: int
    categories: list[str]  # the category columns' labels as written (År included)
    footnotes: list[str]
    extraction_date: date | None
    frame: pd.DataFrame  # long: see schemas.sos_manad.LONG_SCHEMA
    findings: list[Finding] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return sorted({m.year for m in self.frame["manad"]}) if len(self.frame) else []


def sheet_rows(content: bytes, file_name: str) -> tuple[list[Row], str, str | None, str | None]:
    """(rows, format, encoding, delimiter) of the workbook's first visible sheet (a visible sheet
    named `sos_manad` first) or of the CSV text, each row
    numbered as Excel numbers it. Refuses files over the limits and files with personal data
    (in any sheet's cells, and, as the gate does, in a workbook's comments, document properties,
    headers or footers)."""
    suffix = PurePath(file_name).suffix.casefold()
    if suffix == ".xlsx":
        sheets, scan = open_workbook(content, file_name)  # every sheet guarded
        if not sheets:
            raise rejected("Arbetsboken har inget kalkylblad.", file_name)
        visible = visible_sheets(sheets, scan)  # a hidden sheet is never read
        preferred = [s for s in visible if parsing.normalize_name(s) == sos.KIND]
        sheet = (preferred or visible)[0]
        rows, file_format, encoding, delimiter = sheets[sheet], "xlsx", None, None
    elif suffix in (".csv", ".txt"):
        limits.check_file_size(content, file_name)
        text, encoding = decode_text(content, file_name)
        delimiter = detect_delimiter(text, file_name, lambda rows: _header_index(rows) is not None)
        limits.check_text_shape(text, delimiter, file_name)
        rows, file_format, sheet = csv_rows(text, delimiter, file_name), "csv", None
    else:
        raise rejected(
            "Socialstyrelsens export läses som Excel-arbetsbok (.xlsx) eller CSV (.csv).",
            file_name,
        )
    guard_cells({None: rows}, file_name)
    return rows, file_format, encoding, delimiter


def sniff(content: bytes, file_name: str) -> bool:
    """Whether a file is Socialstyrelsen's monthly export, from its beginning only (cheap enough
    to ask of every upload): the title `Ekonomiskt bistånd`, `Region` and `Januari` among the
    first texts of a workbook (its shared strings and first sheet, at most 64 kB of each
    decompressed), or a CSV whose first rows are a title `Ekonomiskt bistånd, …` or a header
    `Region, …, Januari …`. An unreadable file is not an export here: the general reader says
    why."""
    suffix = PurePath(file_name).suffix.casefold()
    try:
        if suffix == ".xlsx":
            return _sniff_workbook(content)
        if suffix not in (".csv", ".txt"):
            return False
        text, _ = decode_text(content[:4096], file_name)
        delimiter = detect_delimiter(text, file_name, lambda r: _header_index(r) is not None)
        rows = csv_rows(text, delimiter, file_name, limit=3)
    except Exception:  # RejectedFile, a broken archive: the general reader reports it
        return False
    filled = [(n, _trim(c)) for n, c in rows if any(c)]
    if not filled:
        return False
    first = filled[0][1]
    title = len(first) == 1 and parsing.normalize_name(first[0]).startswith(
        parsing.normalize_name(sos.TITLE_PREFIX)
    )
    header = _header_index(filled)
    months = header is not None and "januari" in {
        parsing.normalize_name(c) for c in filled[header][1]
    }
    return title or months


_SNIFF_BYTES = 65536
_SNIFF_WORDS = (b"Ekonomiskt bist", b"Region", b"Januari")  # å may be written &#229;


def _sniff_workbook(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        parts = [n for n in names if n.endswith("sharedStrings.xml")]
        parts += sorted(n for n in names if n.startswith("xl/worksheets/sheet"))[:1]
        head = b""
        for name in parts:
            with archive.open(name) as stream:
                head += stream.read(_SNIFF_BYTES)
    return all(word in head for word in _SNIFF_WORDS)


def looks_like_export(rows: list[Row]) -> bool:
    """True for something exported from Socialstyrelsen's statistics database: a title row
    `Ekonomiskt bistånd, …`, a header starting with `Region`, or the source line at the end."""
    filled = [cells for _, cells in rows if any(cells)]
    if not filled:
        return False
    first = next(c for c in filled[0] if c)
    last = next(c for c in filled[-1] if c)
    return (
        parsing.normalize_name(first).startswith(parsing.normalize_name(sos.TITLE_PREFIX))
        or sos.SOURCE_LINE.search(last) is not None
        or _header_index(rows) is not None
    )


def read_export(
    content: bytes,
    file_name: str,
    regions: dict[str, Region],
    current_month: date,
) -> SosExport:
    """Read a Socialstyrelsen export into an `SosExport`, or raise `RejectedFile`.

    `regions` maps each region key (`schemas.sos_manad.region_key`) to its reference entry. Cell-level problems
    (an unknown region, a cell that is not a number, `X` or `--`) are findings on the result.
    """
    rows, file_format, encoding, delimiter = sheet_rows(content, file_name)
    filled = [(n, _trim(c)) for n, c in rows if any(c)]
    if not filled:
        raise rejected("Filen är tom.", file_name)
    title_row, title = _title(filled, file_name)
    header_at = _header_index(filled)
    if header_at is None:
        raise _not_this_table(file_name, title)
    header_number, header = filled[header_at]
    month_start = _month_columns(header, header_number, file_name, title)
    matt, filter_text, title_year = _title_parts(title)
    categories = header[1:month_start]
    body, footnotes, extraction = _split_body(filled[header_at + 1 :], len(header))
    findings: list[Finding] = []
    if extraction is None:
        findings.append(
            warning(
                "Sista raden ”Socialstyrelsens statistikdatabas ÅÅÅÅ-MM-DD” saknas: exportens "
                "uttagsdatum är okänt.",
                file=file_name,
            )
        )
    if not body:
        raise rejected(
            f"Filen har inga regionrader under rubrikraden (rad {header_number}).", file_name
        )
    year_column = next(
        (i for i, label in enumerate(categories, start=1) if parsing.normalize_name(label) == "ar"),
        None,
    )
    if year_column is None and title_year is None:
        raise rejected(
            "Året saknas: filen har varken en kolumn År eller ett årtal sist i titeln.",
            file_name,
            row=title_row,
            hint="Ta ut tabellen med År som kolumn, eller med ett enda år (det står då i titeln).",
        )
    records, cell_findings = _long_rows(
        body,
        header,
        month_start,
        year_column,
        title_year,
        matt,
        regions,
        current_month,
        file_name,
    )
    findings += cell_findings
    frame = pd.DataFrame.from_records(
        records,
        columns=[
            "matt",
            "region",
            "region_typ",
            "kategori",
            "manad",
            "varde",
            "status",
            "rad",
            "kolumn",
        ],
    )
    frame["varde"] = frame["varde"].astype("float64")
    frame["rad"] = frame["rad"].astype("int64")
    findings += _category_totals(frame, file_name)
    findings += after_extraction(frame, extraction, file_name)  # issue 26 (sos_dates.py)
    return SosExport(
        file_name=file_name,
        file_format=file_format,
        encoding=encoding,
        delimiter=delimiter,
        sheet=None,
        title=title,
        matt=matt,
        filter=filter_text,
        header_row=header_number,
        categories=categories,
        footnotes=footnotes,
        extraction_date=extraction,
        frame=frame,
        findings=findings,
    )


# --- structure ----------------------------------------------------------------------------------


def _trim(cells: list[str]) -> list[str]:
    """The cells without trailing empty ones."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return [str(c).strip() for c in cells[:end]]


def _header_index(rows: list[Row]) -> int | None:
    """The position of the first of the first 10 rows whose first cell is `Region`."""
    for position, (number, cells) in enumerate(rows):
        if number > HEADER_SEARCH_ROWS:
            return None
        if cells and parsing.normalize_name(cells[0]) == "region" and len(_trim(cells)) > 1:
            return position
    return None


def _title(rows: list[Row], file_name: str) -> tuple[int, str]:
    number, cells = rows[0]
    text = cells[0] if len(cells) == 1 else ""
    if not parsing.normalize_name(text).startswith(parsing.normalize_name(sos.TITLE_PREFIX)):
        shown = guard.visible(" ".join(c for c in cells if c))
        raise rejected(
            f"Rad {number} ska vara titeln ”{sos.TITLE_PREFIX}, <mått>” ur Socialstyrelsens "
            f"statistikdatabas; filen har ”{shown}”. Filen är troligen en export av en annan "
            "tabell.",
            file_name,
            row=number,
            hint=_OTHER_TABLE_HINT,
        )
    return number, text


def _title_parts(title: str) -> tuple[str, str | None, int | None]:
    """(measure, filter or None, year or None) of `Ekonomiskt bistånd, <mått>[, filter][ år]`."""
    rest = title[len(sos.TITLE_PREFIX) :].lstrip(" ,:")
    year = None
    if m := re.search(r"[\s,]+((?:19|20)\d{2})\s*$", rest):
        year = int(m[1])
        rest = rest[: m.start()]
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    matt = parts[0] if parts else ""
    return matt, (", ".join(parts[1:]) or None), year


def _not_this_table(file_name: str, title: str, row: int | None = None) -> RejectedFile:
    where = (
        f"rubrikraden (rad {row}) har inga månader"
        if row
        else ("ingen av de 10 första raderna är en rubrikrad som börjar med Region")
    )
    return rejected(
        f"Filen är en export ur Socialstyrelsens statistikdatabas (”{guard.visible(title)}”) "
        f"men inte av tabellen per månad: {where}; tabellen ska ha månaderna {_MONTH_LIST} "
        "som kolumner.",
        file_name,
        row=row,
        hint=_OTHER_TABLE_HINT,
    )


def _month_columns(header: list[str], number: int, file_name: str, title: str) -> int:
    """The index of `Januari`: the header must end with the twelve months, in order."""
    names = [parsing.normalize_name(c) for c in header]
    tail = names[-12:]
    if len(names) >= 13 and tail == list(sos.MONTH_COLUMNS):
        return len(names) - 12
    if not any(name[:3] in _MONTH_STARTS for name in names[1:]):
        raise _not_this_table(file_name, title, number)
    shown = ", ".join(guard.visible(c, 20) for c in header[1:][-12:]) or "inga"
    raise rejected(
        f"Månadskolumnerna ska vara {', '.join(sos.MONTHS)}, i den ordningen och sist på "
        f"rubrikraden; rubrikraden har {shown}.",
        file_name,
        row=number,
        hint="Ta ut tabellen med månaderna som kolumner (alla tolv, fullt utskrivna), som "
        "Socialstyrelsens statistikdatabas gör. " + _OTHER_TABLE_HINT,
    )


def _split_body(rows: list[Row], width: int) -> tuple[list[Row], list[str], date | None]:
    """(data rows, footnotes, extraction date): footnotes are the trailing rows with text in the
    first cell only, the last of them `Socialstyrelsens statistikdatabas ÅÅÅÅ-MM-DD`."""
    start = len(rows)
    while start > 0 and len(rows[start - 1][1]) == 1:
        start -= 1
    notes = [cells[0] for _, cells in rows[start:]]
    extraction = None
    if notes and (m := sos.SOURCE_LINE.search(notes[-1])):
        try:
            extraction = date.fromisoformat(m[1])
            notes = notes[:-1]
        except ValueError:
            extraction = None
    return rows[:start], notes, extraction


# --- cells --------------------------------------------------------------------------------------


def _long_rows(
    body: list[Row],
    header: list[str],
    month_start: int,
    year_column: int | None,
    title_year: int | None,
    matt: str,
    regions: dict[str, Region],
    current_month: date,
    file_name: str,
) -> tuple[list[tuple], list[Finding]]:
    findings: list[Finding] = []
    records: list[tuple] = []
    categories = [
        (i, header[i])
        for i in range(1, month_start)
        if i != year_column and parsing.normalize_name(header[i])
    ]
    region_label = header[0]
    for number, raw in body:
        cells = raw + [""] * (len(header) - len(raw))
        name = cells[0]
        region = regions.get(sos.region_key(name))
        if region is None:
            findings.append(
                error(
                    "Okänd region: namnet finns inte i referenslistan över regioner (Riket, "
                    "21 län och 290 kommuner).",
                    file=file_name,
                    row=number,
                    column=region_label,
                    value=guard.visible(name),
                    hint="Skriv namnet som Socialstyrelsen gör (t.ex. Lund, Skåne län) eller lägg "
                    "till det i data/reference/regioner.csv.",
                )
            )
            continue
        year = title_year
        if year_column is not None:
            try:
                year = parsing.parse_year(cells[year_column], current_month.year)
            except ValueError as exc:
                findings.append(
                    error(
                        str(exc),
                        file=file_name,
                        row=number,
                        column=header[year_column],
                        value=guard.visible(cells[year_column]),
                    )
                )
                continue
        if year is not None and year > current_month.year:
            findings.append(
                error(
                    f"Året {year} ligger efter innevarande år.",
                    file=file_name,
                    row=number,
                    value=str(year),
                )
            )
            continue
        kategori = "; ".join(f"{label}: {cells[i]}" for i, label in categories)
        months = [date(year, offset + 1, 1) for offset in range(12)]
        for offset, label in enumerate(header[month_start:]):
            month = months[offset]
            text = cells[month_start + offset].strip()
            value, status, problem = _cell(text)
            if problem is None and status == sos.STATUS_VALUE and month > current_month:
                problem = f"Månaden {month:%Y-%m} ligger efter innevarande månad men har ett värde."
            if problem:
                findings.append(
                    error(
                        problem,
                        file=file_name,
                        row=number,
                        column=label,
                        value=guard.visible(text),
                        hint=_CELL_HINT,
                    )
                )
                continue
            records.append(
                (matt, region.namn, region.typ, kategori, month, value, status, number, label)
            )
    return records, findings


def _cell(text: str) -> tuple[float | None, str, str | None]:
    """(value, status, problem) of one month cell."""
    if text == sos.MASKED:
        return None, sos.STATUS_MASKED, None
    if text == sos.NOT_REPORTED:
        return None, sos.STATUS_MISSING, None
    if text.isascii() and text.isdigit():  # the common case: a count, as Excel stores it
        return float(text), sos.STATUS_VALUE, None
    if text == "":
        return None, sos.STATUS_MISSING, "Cellen är tom: skriv ett tal, X eller --."
    try:
        return parsing.parse_amount(text), sos.STATUS_VALUE, None
    except ValueError as exc:
        if "negativt" in str(exc) or "tecknet" in str(exc):  # -5, or ٣: say what is wrong
            problem = parsing.NEGATIVE_COUNT if "negativt" in str(exc) else str(exc)
            return None, sos.STATUS_MISSING, problem
        return None, sos.STATUS_MISSING, sos.MESSAGE_VALUE_STATUS


def _category_totals(frame: pd.DataFrame, file_name: str) -> list[Finding]:
    """A category total row (`Totalt`, `Samtliga`) is a number exactly where no part is masked
    or missing, and `X` exactly where a part is masked: `X` in a total whose parts are all
    numbers, or a number over a masked part, is an error."""
    if frame.empty or not frame["kategori"].str.len().any():
        return []
    last_value = frame["kategori"].str.rsplit(": ", n=1).str[-1]
    is_total = last_value.map(parsing.normalize_name).isin(_TOTAL_WORDS)
    if not is_total.any():
        return []
    findings = []
    prefix = frame["kategori"].str.rsplit(": ", n=1).str[0]
    keyed = frame.assign(_prefix=prefix, _total=is_total)
    for _, group in keyed.groupby(["matt", "region", "_prefix", "manad"], sort=False):
        totals, parts = group[group["_total"]], group[~group["_total"]]
        if totals.empty or parts.empty:
            continue
        total = totals.iloc[0]
        parts_complete = (parts["status"] == sos.STATUS_VALUE).all()
        if total["status"] == sos.STATUS_MASKED and parts_complete:
            message = (
                "X (sekretess) i en totalrad där alla delar har värden: en total maskeras bara "
                "när någon del är maskerad."
            )
        elif total["status"] == sos.STATUS_VALUE and not parts_complete:
            message = (
                "Totalen har ett värde fast någon del är maskerad eller saknas: en total är ett "
                "tal bara när alla delar är det."
            )
        else:
            continue
        findings.append(
            error(message, file=file_name, row=int(total["rad"]), column=str(total["kolumn"]))
        )
    return findings
