"""Templates users fill in: one CSV and one Excel file per input kind, under `data/templates/`.

Headers, required flags and rules come from the kind contracts (`schemas/kinds.py`), so a template
never says something the validator does not enforce. Every file is byte-for-byte reproducible:
regenerating the committed templates changes nothing unless the contract changed.

    python -m pipelines.outputs.templates [folder]   # default: data/templates/
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pipelines import config
from pipelines.outputs.workbook import add_list_validation, save_workbook_reproducibly
from schemas.kinds import CONTRACTS
from schemas.reference_lists import load_reference
from schemas.values import EXAMPLE_MARK

#: Written into workbook properties and zip entries instead of "now", so files are reproducible.


def example_rows(kind: str) -> list[list[str | int | float]]:
    """The kind's example rows as the templates write them (valid against the contract and the
    committed reference lists), marked `Exempel …` in their first cell where the kind says so:
    a template uploaded unchanged is then refused instead of storing the examples."""
    contract = CONTRACTS[kind]
    rows = [list(row) for row in contract.examples]
    if not contract.mark_examples:
        return rows
    return [[f"{EXAMPLE_MARK} {row[0]}", *row[1:]] for row in rows]


#: How many rows of a template offer the drop-down lists.
DROPDOWN_ROWS = 1000


def _lists() -> dict[str, list[tuple[str, str]]]:
    """The valid values (code, Swedish name) from the committed reference lists."""
    reference = load_reference(config.DEFAULT_REFERENCE_DIR)

    def pairs(frame) -> list[tuple[str, str]]:
        return list(zip(frame["kod"], frame["namn"], strict=True))

    return {
        "Förvaltning": pairs(reference.forvaltningar),
        "Anställningsform": pairs(reference.anstallningsformer),
        "Kön": [("kvinna", "Kvinna"), ("man", "Man")],
        "Målgrupp": pairs(reference.malgrupper),
        "Från försörjningsstöd": [("ja", "Ja"), ("nej", "Nej")],
    }


#: What the Instruktioner sheet says about every file, before the columns.
GENERAL_RULES = (
    "Filen får inte innehålla personuppgifter: bara antal och belopp, aldrig personnummer "
    "eller namn.",
    "Rubrikraden ska stå överst (en titelrad ovanför går bra). Stora/små bokstäver och å/ä/ö "
    "spelar ingen roll.",
    "Månad skrivs 2025-03, 202503 eller mars 2025. Tal får ha mellanslag som tusentalsavgränsare "
    "och decimalkomma.",
    "Fel i en fil gör att ingenting från filen sparas; rätta och leverera filen igen.",
    "Raderna som börjar med Exempel är bara exempel: skriv över dem eller ta bort dem. En fil där "
    "de finns kvar läses inte in.",
)


def write_templates(out_dir: Path) -> list[Path]:
    """Write `mall_<kind>.csv` (UTF-8 with BOM, `;`, CRLF: opens right in Excel) and
    `mall_<kind>.xlsx` (data sheet plus an `Instruktioner` sheet) for every kind; returns the
    paths written, CSV before XLSX, kinds in contract order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kind in CONTRACTS:
        written.append(_write_csv(kind, out_dir / f"mall_{kind}.csv"))
        written.append(_write_xlsx(kind, out_dir / f"mall_{kind}.xlsx"))
    return written


def _labels(kind: str) -> list[str]:
    return [f.label for f in CONTRACTS[kind].fields]


def _csv_cell(value: str | int | float, *, thousands: bool) -> str:
    """A value as a Swedish user types it in a CSV: decimal comma, and a space between thousands
    where `thousands` (not for years or small counts)."""
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    if isinstance(value, int) and thousands:
        return f"{value:,}".replace(",", " ")
    return str(value)


def _write_csv(kind: str, path: Path) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    contract = CONTRACTS[kind]
    writer.writerows(contract.above_header)
    writer.writerow(_labels(kind))
    for row in example_rows(kind):
        writer.writerow([_csv_cell(v, thousands=contract.thousands_in_template) for v in row])
    writer.writerows(contract.below_data)
    path.write_bytes(text.getvalue().encode("utf-8-sig"))
    return path


def _write_xlsx(kind: str, path: Path) -> Path:
    contract = CONTRACTS[kind]
    workbook = Workbook()
    data = workbook.active
    data.title = contract.title
    above = contract.above_header
    for row in above:
        data.append(row)
    data.append(_labels(kind))
    for cell in data[len(above) + 1]:
        cell.font = Font(bold=True)
    for row in example_rows(kind):
        data.append([v if v != "" else None for v in row])
    last = data.max_row
    for row in contract.below_data:
        data.append(row)
    month_label = (
        contract.field(contract.slice_month).label
        if contract.slice_month in contract.names
        else None
    )
    for column_cells in data.iter_cols(min_row=len(above) + 1, max_row=last):
        header = column_cells[0]
        width = max(len(str(c.value or "")) for c in column_cells) + 2
        data.column_dimensions[header.column_letter].width = max(width, 10)
        for cell in column_cells[1:]:
            if header.value == month_label:
                # Text, so Excel does not turn 2025-01 into a date.
                cell.number_format = "@"
            elif header.value == "Utbetalt":
                cell.number_format = "#,##0.00"
    data.freeze_panes = f"A{len(above) + 2}"

    guide = workbook.create_sheet("Instruktioner")
    guide.append([f"Mall för {contract.title.lower()}"])
    guide["A1"].font = Font(bold=True, size=13)
    for rule in GENERAL_RULES:
        guide.append([rule])
    # The general text spans all three columns, so it is not squeezed into the narrow first one.
    for row in range(1, guide.max_row + 1):
        guide.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    guide.append([])
    guide.append(["Kolumn", "Obligatorisk", "Regel"])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    for field in contract.fields:
        guide.append([field.label, "ja" if field.required else "nej", field.rule])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 13
    guide.column_dimensions["C"].width = 90
    for row in guide.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if contract.dropdowns:  # after the instructions: data, Instruktioner, Giltiga värden
        _add_dropdowns(workbook, data, kind, first_row=len(above) + 2)
    return save_workbook_reproducibly(workbook, path)


def _add_dropdowns(workbook: Workbook, data, kind: str, *, first_row: int) -> None:
    """A sheet `Giltiga värden` (code and Swedish name of every list the kind uses) and a
    drop-down list of the codes on each such column of the data sheet."""
    lists = _lists()
    wanted = dict(CONTRACTS[kind].dropdowns)
    sheet = workbook.create_sheet("Giltiga värden")
    headers = {cell.value: cell.column_letter for cell in data[first_row - 1]}
    for index, name in enumerate(dict.fromkeys(wanted.values())):
        code_col = 1 + 3 * index
        sheet.cell(1, code_col, f"{name}: kod").font = Font(bold=True)
        sheet.cell(1, code_col + 1, "Namn").font = Font(bold=True)
        for row, (code, label) in enumerate(lists[name], start=2):
            sheet.cell(row, code_col, code)
            sheet.cell(row, code_col + 1, label)
        letter = sheet.cell(1, code_col).column_letter
        sheet.column_dimensions[letter].width = 24
        sheet.column_dimensions[sheet.cell(1, code_col + 1).column_letter].width = 40
        source = f"'Giltiga värden'!${letter}$2:${letter}${len(lists[name]) + 1}"
        for label, list_name in wanted.items():
            if list_name == name and label in headers:
                add_list_validation(
                    data,
                    headers[label],
                    first_row,
                    first_row + DROPDOWN_ROWS - 1,
                    source,
                    "Välj en kod ur listan (namnen står på bladet Giltiga värden). Koden eller "
                    "namnet går att skriva in; stora/små bokstäver spelar ingen roll.",
                )


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else config.TEMPLATES_DIR
    for written_path in write_templates(target):
        print(written_path)
