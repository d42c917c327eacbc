"""The monthly report's section on procurement with sysselsättningskrav: a sheet in the Excel
file and a part of the PDF, both from the report's `SysselsattningAr` (as of the report month).

The section stands after the goal's and never changes its figures. Status is written as word and
symbol; numbers stay numbers in Excel with display formats.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pipelines.formatting import fmt_percent
from pipelines.present import sysselsattning as words
from pipelines.queries.sysselsattning import SysselsattningAr
from schemas import vocabulary

SHEET = "Sysselsättningskrav"
_HEADERS = [
    "Avtal",
    "Benämning",
    "Leverantör",
    "Förvaltning",
    "Villkor",
    "Startmånad",
    "Slutmånad",
    "Krav (heltidsmånader)",
    "Utfört (heltidsmånader)",
    "Andel av kravet",
    "Första anställning",
    "Tidsgräns första anställning",
    "Status",
]
_FORMATS = {8: "#,##0", 9: "#,##0.0", 10: "0 %"}
_WIDTHS = [11, 26, 28, 30, 18, 11, 11, 12, 12, 10, 22, 14, 24]


def excel_sheet(wb: Workbook, result: SysselsattningAr | None) -> None:
    """Add the sheet when any contract runs in the year (nothing otherwise)."""
    if result is None or not result.has_contracts:
        return
    ws = wb.create_sheet(SHEET)
    ws.append(_HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in result.avtal:
        b = row.bedomning
        ws.append(
            [
                row.avtal,
                row.benamning,
                row.leverantor,
                row.forvaltning_namn,
                vocabulary.VILLKOR[row.villkor],
                f"{row.startmanad:%Y-%m}",
                f"{row.slutmanad:%Y-%m}",
                row.krav_heltidsmanader,
                b.utfort_heltidsmanader,
                b.andel,
                words.status_text("forsta_anstallning", b.forsta_anstallning),
                f"{b.tidsgrans:%Y-%m}" if row.villkor == "sysselsattningskrav" else None,
                words.status_text("status", b.status),
            ]
        )
    for column, fmt in _FORMATS.items():
        for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = fmt
    for index, width in enumerate(_WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"
    ws.append([])
    ws.append(["Platstyp", "Påbörjade under året"])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.cell(ws.max_row, 2).font = Font(bold=True)
    for platstyp, count in result.totalt.items():
        ws.append([vocabulary.PLATSTYP_PLURAL[platstyp], count])
        ws.cell(ws.max_row, 2).number_format = "#,##0"
    ws.append([])
    ws.append([words.totals_sentence(result)])
    ws.append([words.NOT_IN_GOAL])


def pdf_table(result: SysselsattningAr) -> pd.DataFrame:
    """The compact table of the PDF: one row per contract, figures as Swedish text."""
    table = words.contract_table(result)
    table["Andel av kravet"] = [
        fmt_percent(r.bedomning.andel) if r.bedomning.andel is not None else "–"
        for r in result.avtal
    ]
    return table[
        [
            "Avtal",
            "Leverantör",
            "Krav (heltidsmånader)",
            "Utfört (heltidsmånader)",
            "Andel av kravet",
            "Första anställning",
            "Status",
        ]
    ].rename(columns={"Krav (heltidsmånader)": "Krav", "Utfört (heltidsmånader)": "Utfört"})


def pdf_section(pdf, result: SysselsattningAr | None) -> None:
    """Add the section to the report's PDF (`outputs.report.pdf.ReportPdf`) when any contract
    runs in the year."""
    if result is None or not result.has_contracts:
        return
    pdf.add_page()
    pdf.heading(f"Sysselsättningskrav i upphandling {result.year}")
    pdf.paragraph(f"{words.totals_sentence(result)} {words.NOT_IN_GOAL}", 9)
    pdf.frame_table(pdf_table(result), (1.1, 2.6, 0.8, 0.8, 0.9, 1.9, 2.2), size=7.5, right_from=2)
    pdf.paragraph(f"Första anställningen: {words.RULES['forsta_anstallning']}", 7.5)
    pdf.paragraph(f"Uppfyllelse: {words.RULES['status']}", 7.5)
