"""The committee's version of the monthly report written out: Excel (one sheet per section, counts
as numbers, `X` as text) and an A4 PDF in the report's own layout class (`pdf.ReportPdf`, no
charts), both from `public.sections`, both saying which version they are and what X means, on
the first page and in every page's and sheet's header or footer.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pipelines.domain import disclosure
from pipelines.outputs.report.protected import ProtectedReport
from pipelines.outputs.report.public import notes, sections, shown_text
from pipelines.outputs.workbook import to_bytes
from pipelines.present import report_text

# --- Excel ---------------------------------------------------------------------------------------

FORMATS = {"int": "#,##0", "share": "0 %", "kr": '#,##0 "kr"'}


def excel_bytes(p: ProtectedReport, stamp: str | None = None) -> bytes:
    """The committee's version as .xlsx: one sheet per section, X where a count is hidden."""
    stamp = stamp or report_text.DRAFT
    wb = Workbook()
    first = wb.active
    first.title = "Om rapporten"
    first.column_dimensions["A"].width = 110
    for line in [report_text.title(p.report), stamp, "", *notes()]:
        first.append([line])
    first["A1"].font = Font(bold=True, size=14)
    for section in sections(p):
        ws = first if section.table is None else wb.create_sheet(section.title[:31])
        if section.table is None:
            ws.append([])
            ws.append([section.title])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        else:
            ws.append(list(section.table.columns))
            for cell in ws[1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for i, values in enumerate(section.table.itertuples(index=False)):
                ws.append([_cell(v) for v in values])
                for column, value in enumerate(values):
                    kind = section.kind(i, column)
                    if kind in FORMATS and isinstance(_cell(value), (int, float)):
                        ws.cell(ws.max_row, column + 1).number_format = FORMATS[kind]
            for index in range(len(section.table.columns)):
                ws.column_dimensions[chr(ord("A") + index)].width = 34 if index == 0 else 16
            ws.append([])
            ws.append([disclosure.FOOTNOTE])
        for text in section.paragraphs:
            ws.append([text])
    for sheet in wb.worksheets:
        for header in (sheet.oddHeader, sheet.evenHeader):
            header.right.text = f"{disclosure.PUBLICATION_LABEL} · {stamp}"
        for footer in (sheet.oddFooter, sheet.evenFooter):
            footer.center.text = f"{stamp} · {disclosure.FOOTNOTE}"
    return to_bytes(wb)


def _cell(value):
    if value is None or disclosure.is_mark(value) or isinstance(value, str):
        return value
    if isinstance(value, float) and value != value:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


# --- PDF -----------------------------------------------------------------------------------------


def pdf_bytes(p: ProtectedReport, stamp: str | None = None, generated_at: datetime | None = None):
    """The committee's version as an A4 PDF (the report's own layout class, no charts)."""
    from pipelines.outputs.report.pdf import ReportPdf

    stamp = stamp or report_text.DRAFT
    pdf = ReportPdf(
        report_text.title(p.report),
        generated_at or datetime.now(),
        f"{stamp} · {disclosure.PUBLICATION_LABEL}",
    )
    pdf.add_page()
    pdf.heading(report_text.title(p.report), 18)
    for line in notes():
        pdf.paragraph(line, 8.5)
    for section in sections(p):
        if section.table is not None:
            pdf.keep_space(40)  # the heading stays with its table
        pdf.heading(section.title)
        if section.table is not None:
            frame = pd.DataFrame(
                [
                    [shown_text(v, section.kind(i, j)) for j, v in enumerate(values)]
                    for i, values in enumerate(section.table.itertuples(index=False))
                ],
                columns=section.table.columns,
            )
            wide = len(frame.columns) > 6
            widths = (1.6 if wide else 2.4,) + (1.2,) * (len(frame.columns) - 1)
            pdf.frame_table(frame, widths, size=7 if wide else 8)
        for text in section.paragraphs:
            pdf.paragraph(text, 9)
    return bytes(pdf.output())
