"""The committee's version of the monthly report as files (Excel and PDF), from a
`protected.ProtectedReport`: every count is printed as its protection shows it, a hidden one as
`X`, in tables and sentences alike; a share, status or estimate computed from a hidden count is
`X` too. Both files say which version they are and what X means (`disclosure.footnotes`).

Sections: summary and notes, the goal, the analyst's comment, försörjningsstöd, förvaltningar,
hires from försörjningsstöd month by month, procurement places, what became of those hired.
The forecast and the charts are in the internal version only (they are drawn from every month's
exact count).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pipelines.domain import disclosure
from pipelines.formatting import fmt_month, fmt_percent, share_of_target_shown
from pipelines.outputs.followup.outcomes import TOTAL, point_key
from pipelines.outputs.report.protected import ProtectedReport, forvaltning_rows, last_month
from pipelines.outputs.workbook import to_bytes
from pipelines.present import report_text
from schemas.numbers import fmt_int
from schemas.vocabulary import PLATSTYP_PLURAL, status_text

X = disclosure.MASK
NOT_HERE = (
    "Prognosen och diagrammen finns bara i den interna versionen: de bygger på varje månads "
    "exakta antal."
)


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    #: Cells: int/float (a count or an amount), a share (kind "share"), text, `X` or None.
    table: pd.DataFrame | None = None
    kinds: list[str] = field(default_factory=list)  # per column: text, int, share, kr
    #: Per row, the kind of every column but the first (a table of mixed figures), or None.
    row_kinds: list[str] | None = None

    def kind(self, row: int, column: int) -> str:
        if self.row_kinds is not None and column > 0:
            return self.row_kinds[row]
        return self.kinds[column]


def _int(value) -> str:
    if disclosure.is_mark(value):
        return X
    return "–" if value is None or value != value else fmt_int(value)


def _text(value, kind: str) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if kind == "int":
        return fmt_int(value)
    if kind == "share":
        return fmt_percent(value)
    if kind == "kr":
        return f"{fmt_int(value)} kr"
    return str(value)


def _share(p: ProtectedReport, part_key, part, whole):
    if p.hidden(part_key) or not whole or part is None:
        return X if p.hidden(part_key) else None
    return share_of_target_shown(float(part) / float(whole))


def sections(p: ProtectedReport) -> list[Section]:
    """The content of the committee's version, in order."""
    report = p.report
    goal, year, m = report.goal, report.goal.year, report.month.month
    last = last_month(report)
    month_name = fmt_month(report.month)
    month_key, total_key = ("ar", year, "m", m), ("ar", year, "c", last)
    hires_month = None if goal.hires_month is None else p.show(month_key, goal.hires_month)
    ytd = p.show(total_key, goal.hires_ytd) if last else 0
    share = _share(p, total_key, goal.hires_ytd, goal.target)
    status = X if p.hidden(total_key) else status_text(goal.status)

    summary = []
    if hires_month is None:
        summary.append(f"Anställningar för {month_name} är inte inrapporterade.")
    else:
        summary.append(
            f"I {month_name} anställdes {_int(hires_month)} personer som står långt från "
            "arbetsmarknaden."
        )
    summary.append(
        f"Hittills i år har {_int(ytd)} anställts, mot målet {fmt_int(goal.target)} "
        f"({_text(share, 'share')} av målet)."
    )
    savings = report.savings
    fran = p.show(("fran_fs",), savings.hires_fran_fs)
    summary.append(f"Av dem hade {_int(fran)} försörjningsstöd före anställningen.")
    goal_rows = [
        [
            "Anställningar i " + month_name,
            "ej inrapporterat" if hires_month is None else hires_month,
        ],
    ]
    prior = ("ar", year, "c", m - 1)
    if prior in p.ledger.values:
        goal_rows.append(
            [
                f"Hittills i år till och med {fmt_month(report.month.replace(month=m - 1))}",
                p.show(prior, p.ledger.values[prior]),
            ]  # fmt: skip
        )
    goal_rows += [
        ["Hittills i år", ytd],
        [f"Mål {year}", goal.target],
        ["Andel av målet", _text(share, "share")],
        ["Status", status],
    ]
    out = [
        Section(
            "Sammanfattning",
            [" ".join(summary), *(f"Observera: {n}" for n in report_text.notes(report)), NOT_HERE],
        ),
        Section(
            f"Målet {year}", [], pd.DataFrame(goal_rows, columns=["Mått", "Värde"]), ["text", "int"]
        ),
    ]
    latest = report.comments.latest
    out.append(
        Section(
            "Analytikerns kommentar",
            [latest.text, f"{latest.author}, {latest.saved_at:%Y-%m-%d %H:%M}"]
            if latest
            else ["Ingen kommentar är skriven för månaden."],
        )
    )
    out.append(_fs_section(p))
    out.append(_forvaltning_section(p))
    out.append(_fran_fs_section(p))
    syss = report.sysselsattning
    if syss is not None and syss.has_contracts:
        rows = [[PLATSTYP_PLURAL.get(t, t), p.show(("syss", t), c)] for t, c in syss.totalt.items()]
        out.append(
            Section(
                f"Sysselsättningskrav i upphandling {syss.year}",
                [f"Avtal som löper under året: {fmt_int(len(syss.avtal))}."],
                pd.DataFrame(rows, columns=["Platstyp", "Påbörjade under året"]),
                ["text", "int"],
            )
        )
    outcome = _outcome_section(p)
    if outcome is not None:
        out.append(outcome)
    return out


def _fs_section(p: ProtectedReport) -> Section:
    report = p.report
    rows, kinds = [], []
    for r in report.fs_figures.itertuples():
        ts = pd.Timestamp(r.manad)
        previous = ts - pd.DateOffset(months=1)
        cells = []
        for value, (y, mm) in (
            (r.varde, (ts.year, ts.month)),
            (r.foregaende_manad, (previous.year, previous.month)),
            (r.foregaende_ar, (ts.year - 1, ts.month)),
        ):
            if r.kind == "count":
                cells.append(p.show(("fs", r.nyckeltal, y, mm), value))
            else:
                cells.append(value)
        kinds.append({"count": "int", "share": "share", "kr": "kr"}.get(r.kind, "int"))
        rows.append([r.namn, *cells])
    frame = pd.DataFrame(
        rows,
        columns=[
            "Nyckeltal",
            fmt_month(report.month, capital=True),
            "Föregående månad",
            "Samma månad i fjol",
        ],  # fmt: skip
    )
    return Section(f"Försörjningsstöd {fmt_month(report.month)}", [], frame, ["text"] * 4, kinds)


def _forvaltning_section(p: ProtectedReport) -> Section:
    report = p.report
    m = report.month.month
    rows = []
    for r in forvaltning_rows(report).itertuples():
        month_value = r.hires_month if r.hires_month == r.hires_month else None
        if month_value is not None:
            month_value = p.show(("forv", r.kod, m), month_value)
        ytd_key = ("forv", r.kod)
        rows.append(
            [
                r.namn,
                month_value,
                p.show(ytd_key, r.hires_ytd),
                int(r.target),
                _share(p, ytd_key, r.hires_ytd, r.target),
                X if p.hidden(ytd_key) else status_text(r.status),
            ]
        )
    columns = ["Förvaltning", "Anställda i månaden", "Hittills i år", "Mål", "Andel av målet"]
    frame = pd.DataFrame(rows, columns=[*columns, "Status"])
    return Section("Förvaltningar", [], frame, ["text", "int", "int", "int", "share", "text"])


def _fran_fs_section(p: ProtectedReport) -> Section:
    s = p.report.savings
    rows = []
    for row in s.monthly.itertuples():
        ts = pd.Timestamp(row.manad)
        hires = row.hires_fran_forsorjningsstod
        endings = row.avslut_arbete
        rows.append(
            [
                fmt_month(date(ts.year, ts.month, 1), capital=True),
                None if hires != hires or hires is None else p.show(("fran_fs", ts.month), hires),
                None
                if endings is None or endings != endings
                else p.show(("fs", "avslut_arbete", ts.year, ts.month), endings),
            ]
        )
    fran = p.show(("fran_fs",), s.hires_fran_fs)
    estimate = X if disclosure.is_mark(fran) else s.estimate_kr
    text = [
        f"Anställda från försörjningsstöd hittills i år: {_int(fran)}.",
        f"Uppskattat försörjningsstöd som inte längre betalas ut: {_text(estimate, 'kr')}.",
        report_text.savings_assumption(s),
    ]
    frame = pd.DataFrame(
        rows, columns=["Månad", "Anställda från försörjningsstöd", "Avslut till arbete"]
    )
    return Section("Från försörjningsstöd till arbete", text, frame, ["text", "int", "int"])


def _outcome_section(p: ProtectedReport) -> Section | None:
    result = p.report.utfall
    if result is None or not result.uppfoljningar:
        return None
    year, rows = result.ar, []
    for point in result.uppfoljningar:

        def shown(measure, value, point=point):
            if value is None:
                return None
            return p.show(point_key(p.ledger, TOTAL, year, point, measure), value)

        reported = shown("rapporterade", point.rapporterade)
        kvar = shown("kvar", point.kvar_i_anstallning)
        share = (
            X
            if X in (reported, kvar)
            else (point.kvar_i_anstallning / point.rapporterade if point.rapporterade else None)
        )
        rows.append(
            [
                f"{point.manader} månader",
                shown("uppnadda", point.uppnadda),
                reported,
                kvar,
                share,
                shown("arbete", point.i_arbete_eller_studier),
                shown("fs_fore", point.med_fs_fore),
                shown("fs_vid", point.med_fs_vid_uppfoljning),
            ]
        )
    columns = [
        "Uppföljning",
        "Uppnådda",
        "Rapporterade",
        "Kvar i anställning",
        "Andel kvar",
        "I arbete eller studier",
        "Med försörjningsstöd före",
        "Med försörjningsstöd vid uppföljning",
    ]
    kinds = ["text", "int", "int", "int", "share", "int", "int", "int"]
    return Section(
        f"Vad hände med dem som anställdes {year}?", [], pd.DataFrame(rows, columns=columns), kinds
    )


def notes() -> list[str]:
    """What the committee's version says it is, and what X means."""
    return disclosure.footnotes(True)


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
        pdf.heading(section.title)
        if section.table is not None:
            frame = pd.DataFrame(
                [
                    [_text(v, section.kind(i, j)) for j, v in enumerate(values)]
                    for i, values in enumerate(section.table.itertuples(index=False))
                ],
                columns=section.table.columns,
            )
            widths = (2.4,) + (1.2,) * (len(frame.columns) - 1)
            pdf.frame_table(frame, widths, size=8)
        for text in section.paragraphs:
            pdf.paragraph(text, 9)
    return bytes(pdf.output())
