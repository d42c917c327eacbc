"""The monthly report's section "Vad hände med dem som anställdes" (issue 27): a sheet in the
Excel file and a part of the PDF, both from the report's `YearOutcomes` (the latest year with
reached follow-up points). Nothing at all when the warehouse holds no follow-up rows.

The figures, their sentences and definitions are `pipelines.domain.outcomes` and
`pipelines.present.outcomes`; here they are only laid out. Numbers stay numbers in Excel with
display formats; a figure that is not reported is an empty cell, never 0.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pipelines.domain.outcomes import DEFINITIONS, PointOutcome, YearOutcomes
from pipelines.formatting import fmt_int
from pipelines.present.outcomes import POINT_COLUMNS, point_label, point_sentence, points_table

SHEET = "Uppföljning"
_FORMATS = ["#,##0"] * 4 + ["0%", "#,##0", "0%", "#,##0", "#,##0"]
_WIDTHS = [14, 11, 11, 13, 13, 10, 14, 14, 14, 16]


def heading(result: YearOutcomes) -> str:
    return f"Vad hände med dem som anställdes {result.ar}?"


def sentences(result: YearOutcomes) -> list[str]:
    """One sentence per follow-up point (6, 12 and 24 months)."""
    return [point_sentence(p) for p in result.uppfoljningar]


def missing_sentence(result: YearOutcomes) -> str | None:
    if not result.saknas:
        return None
    count = len(result.saknas)
    what = "uppföljning" if count == 1 else "uppföljningar"
    return f"{fmt_int(count)} {what} som borde ha rapporterats saknas."


def _row(point: PointOutcome) -> list:
    reported = point.rapporterade > 0
    return [
        point_label(point.manader),
        point.anstallda,
        point.uppnadda,
        point.rapporterade,
        point.kvar_i_anstallning if reported else None,
        point.andel_kvar,
        point.i_arbete_eller_studier,
        point.andel_i_arbete_eller_studier,
        point.med_fs_fore,
        point.med_fs_vid_uppfoljning,
    ]


def excel_sheet(wb: Workbook, result: YearOutcomes | None) -> None:
    """Add the sheet when follow-up is delivered (nothing otherwise)."""
    if result is None:
        return
    ws = wb.create_sheet(SHEET)
    ws.append([heading(result)])
    ws["A1"].font = Font(bold=True, size=12)
    ws.append(POINT_COLUMNS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for point in result.uppfoljningar:
        ws.append(_row(point))
        for column, fmt in enumerate(_FORMATS, start=2):
            cell = ws.cell(ws.max_row, column)
            if isinstance(cell.value, int | float):
                cell.number_format = fmt
    for index, width in enumerate(_WIDTHS):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.append([])
    for line in [*sentences(result), *filter(None, [missing_sentence(result)])]:
        ws.append([line])
    ws.append([])
    ws.append(["Definitioner"])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for text in DEFINITIONS.values():
        ws.append([text])


def pdf_section(pdf, result: YearOutcomes | None) -> None:
    """Add the section to the report's PDF (`outputs.report.pdf.ReportPdf`) when follow-up is
    delivered."""
    if result is None:
        return
    pdf.add_page()
    pdf.heading(heading(result))
    for line in [*sentences(result), *filter(None, [missing_sentence(result)])]:
        pdf.paragraph(line, 9)
    table = points_table(result.uppfoljningar).rename(
        columns={
            "I arbete eller studier": "I arbete/ studier",
            "Andel i arbete eller studier": "Andel i arbete/ studier",
            "Med försörjningsstöd före": "Försörj- ningsstöd före",
            "Med försörjningsstöd vid uppföljning": "Försörj- ningsstöd vid uppf.",
        }
    )
    pdf.frame_table(table, (1.3, 1.0, 1.0, 1.1, 1.0, 0.9, 1.0, 1.0, 1.1, 1.1), size=7)
    pdf.paragraph(definitions_line(), 7.5)


def definitions_line() -> str:
    return "Definitioner: " + " ".join(DEFINITIONS.values())
