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

#: Two or three example rows per kind, as a user would type them (valid against the contract and
#: the committed reference lists; the MF row shows that a month without hires is a row with 0).
EXAMPLE_ROWS: dict[str, list[list[str | int | float]]] = {
    "anstallningar": [
        ["2025-01", "VOF", "lonestod", 2, "kvinna", "funktionsnedsattning", "nej"],
        ["2025-01", "VOF", "arbetsmarknadsanstallning", 1, "man", "utrikesfodd_vuxen", "ja"],
        ["2025-01", "MF", "lonestod", 0, "", "", ""],
    ],
    "forsorjningsstod": [
        ["2025-01", 2412, 968, 3256, 2405, 391, 1090, 26734512.50, 184, 191, 57, 15, 352],
        ["2025-02", 2398, 961, 3237, 2391, 388, 1084, 26012870.00, 171, 185, 55, 14, 348],
    ],
    "mal": [
        [2025, "", 200],
        [2025, "VOF", 60],
    ],
}

#: Socialstyrelsen's export (issue 15): rows from the real export's excerpt, with X and --.
EXAMPLE_ROWS["sos_manad"] = [
    ["Riket", "2025", 88264, 92917, 93336, 93342, 90625, 91229, 90940, 90810, *["--"] * 4],
    ["Lund", "2025", 1020, 1127, 1122, 1114, 1076, 1090, 1083, 1106, *["--"] * 4],
    ["Arjeplog", "2025", "X", 6, 6, 6, 5, 6, 7, 5, *["--"] * 4],
]
#: Contracts with employment requirements and their follow-up (issue 16): a register of two
#: contracts (model term with 24 months, a dialogue term without), and a month of follow-up.
EXAMPLE_ROWS["avtal"] = [
    ["2026-017", "Städtjänster, skolor", "Lunds Städservice AB", "SF", "sysselsattningskrav",
     "2026-01", "2027-12", 24, "uvas"],
    ["2026-003", "Parkskötsel", "Gröna Parker AB", "TF", "dialog", "2026-02", "2028-01", "", ""],
]  # fmt: skip
EXAMPLE_ROWS["sysselsattning"] = [
    ["2026-03", "2026-017", "anstallning", 2, 2, 1.5, "", ""],
    ["2026-03", "2026-017", "larling", 1, 1, 0.5, "", ""],
    ["2026-03", "2026-017", "praktik", 1, 1, 0.75, 1, 0],
]
#: Kinds whose example rows are marked `Exempel …` in their first cell: a template uploaded
#: unchanged is rejected with a clear message instead of storing the examples as real figures.
MARKED_EXAMPLES = ("anstallningar", "forsorjningsstod", "mal")


def example_rows(kind: str) -> list[list[str | int | float]]:
    """The kind's example rows as the templates write them (marked where `MARKED_EXAMPLES`)."""
    rows = EXAMPLE_ROWS[kind]
    if kind not in MARKED_EXAMPLES:
        return rows
    return [[f"{EXAMPLE_MARK} {row[0]}", *row[1:]] for row in rows]


#: The drop-down lists of a kind's Excel template: column label → list name of `_lists`.
DROPDOWNS: dict[str, dict[str, str]] = {
    "anstallningar": {
        "Förvaltning": "Förvaltning",
        "Anställningsform": "Anställningsform",
        "Kön": "Kön",
        "Målgrupp": "Målgrupp",
        "Från försörjningsstöd": "Från försörjningsstöd",
    },
    "mal": {"Förvaltning": "Förvaltning"},
}
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


#: Rows a kind's file has above its header and below its data, as the real file has them
#: (Socialstyrelsen's export: the title; a footnote and the extraction date).
ABOVE_HEADER: dict[str, list[list[str]]] = {"sos_manad": [["Ekonomiskt bistånd, Antal hushåll"]]}
BELOW_DATA: dict[str, list[list[str]]] = {
    "sos_manad": [
        [
            "Juli 2025: Värden har använts från föregående månad för kommunerna Burlöv, Kalix, "
            "Ljungby och Österåker för att skatta riket och länet"
        ],
        ["Socialstyrelsens statistikdatabas 2025-10-05"],
    ]
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
    writer.writerows(ABOVE_HEADER.get(kind, []))
    writer.writerow(_labels(kind))
    for row in example_rows(kind):
        writer.writerow([_csv_cell(v, thousands=kind == "forsorjningsstod") for v in row])
    writer.writerows(BELOW_DATA.get(kind, []))
    path.write_bytes(text.getvalue().encode("utf-8-sig"))
    return path


def _write_xlsx(kind: str, path: Path) -> Path:
    contract = CONTRACTS[kind]
    workbook = Workbook()
    data = workbook.active
    data.title = contract.title
    above = ABOVE_HEADER.get(kind, [])
    for row in above:
        data.append(row)
    data.append(_labels(kind))
    for cell in data[len(above) + 1]:
        cell.font = Font(bold=True)
    for row in example_rows(kind):
        data.append([v if v != "" else None for v in row])
    last = data.max_row
    for row in BELOW_DATA.get(kind, []):
        data.append(row)
    for column_cells in data.iter_cols(min_row=len(above) + 1, max_row=last):
        header = column_cells[0]
        width = max(len(str(c.value or "")) for c in column_cells) + 2
        data.column_dimensions[header.column_letter].width = max(width, 10)
        for cell in column_cells[1:]:
            if header.value == "Månad":
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
    if kind in DROPDOWNS:  # after the instructions: data, Instruktioner, Giltiga värden
        _add_dropdowns(workbook, data, kind, first_row=len(above) + 2)
    return save_workbook_reproducibly(workbook, path)


def _add_dropdowns(workbook: Workbook, data, kind: str, *, first_row: int) -> None:
    """A sheet `Giltiga värden` (code and Swedish name of every list the kind uses) and a
    drop-down list of the codes on each such column of the data sheet."""
    lists = _lists()
    wanted = DROPDOWNS[kind]
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
