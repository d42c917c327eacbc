"""The monthly report as an Excel file: one sheet per table, Swedish headers, numbers kept as
numbers with display formats that Swedish Excel shows the Swedish way (`#,##0` → `12 345`,
`0.0 %` → `2,4 %`; Excel reads the separators from the user's locale). A missing figure is an
empty cell, never 0. A column holds one type: a share of the target is the number as the page
shows it (0,99 for 199 of 200, never text), a change is computed from the values as shown.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from pipelines.formatting import (
    fmt_month,
    fmt_probability,
    per_month_shown,
    share_of_target_shown,
)
from pipelines.outputs.report import outcomes, sysselsattning
from pipelines.outputs.workbook import to_bytes
from pipelines.present import report_changes, report_text
from pipelines.present.comparison import source_line
from pipelines.present.report_tables import shown_change
from pipelines.queries.report import MonthlyReport
from schemas.vocabulary import sos_status_word, status_text, target_kind_label

FMT_INT = "#,##0"
FMT_DEC = "#,##0.0"
FMT_KR = '#,##0 "kr"'
FMT_SHARE = "0.0 %"
FMT_SHARE_INT = "0 %"
FMT_PP = '+0.0" %-enheter";-0.0" %-enheter";0.0" %-enheter"'
FMT_SIGNED = "+#,##0;-#,##0;0"
FMT_SIGNED_KR = '+#,##0" kr";-#,##0" kr";0" kr"'
FMT_SIGNED_SHARE = "+0.0 %;-0.0 %;0.0 %"


def _share_of_target(share):
    """The share as the page shows it, a number (`share_of_target_shown`: 0,995 is 0,99)."""
    return share_of_target_shown(_num(share))


def _probability(probability):
    """The probability as a number, but as the text `över 99 %` or `under 1 %` at the ends
    where `0%` would show a certain 100 % or 0 % (the same rule as the page: `fmt_probability`)."""
    if probability is None or probability != probability:
        return None
    if 0 < probability < 0.005 or 0.995 <= probability < 1:
        return fmt_probability(probability)
    return probability


def _sheet(
    wb: Workbook,
    title: str,
    headers: list[str],
    rows: list[list],
    formats: list[str | None],
    widths: list[int],
):
    ws = wb.create_sheet(title)
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    for index, (fmt, width) in enumerate(zip(formats, widths, strict=True), start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = width
        if fmt:
            for cell in ws[letter][1:]:
                if isinstance(cell.value, (int, float)):
                    cell.number_format = fmt
    ws.freeze_panes = "A2"
    return ws


def _num(value):
    """A number for Excel (None for missing, never 0)."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number:
        return None
    return int(number) if number.is_integer() else number


def excel_bytes(report: MonthlyReport, stamp: str | None = None, intern: bool = False) -> bytes:
    """The report as an .xlsx file: Sammanfattning, Målet, Försörjningsstöd, Förvaltningar,
    Från försörjningsstöd, Kommentarer. `stamp`: the approval line
    (`report_text.approval_stamp`; a draft says "Utkast – inte fastställd"), under the title
    and in every sheet's printed header and footer. `intern`: the exact version, marked
    `report_text.INTERN_MARK` in every sheet's header, footer and a cell at its top."""
    stamp = stamp or report_text.DRAFT
    if intern:
        stamp = f"{report_text.INTERN_MARK} · {stamp}"
    wb = Workbook()
    ws = wb.active
    ws.title = "Sammanfattning"
    ws.column_dimensions["A"].width = 120
    lines = [report_text.title(report), stamp, *report_text.paragraphs(report), ""]
    lines += [f"Observera: {note}" for note in report_text.notes(report)]
    since = report_changes.since_lines_for(report)
    if since:
        lines += ["", "Sedan förra fastställda månaden:", *since]
    latest = report.comments.latest
    if latest:
        lines += [
            "",
            f"Kommentar ({latest.author}, {latest.saved_at:%Y-%m-%d %H:%M}):",
            latest.text,
        ]
    for line in lines:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    for row in ws.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    goal = report.goal
    goal_rows = [
        [f"Anställningar i {fmt_month(report.month)}", _num(goal.hires_month), FMT_INT],
        ["Hittills i år", goal.hires_ytd, FMT_INT],
        [f"Mål {goal.year}", goal.target, FMT_INT],
        [
            "Andel av målet",
            _share_of_target(goal.hires_ytd / goal.target if goal.target else None),
            FMT_SHARE_INT,
        ],
        ["Prognos för helåret", _num(round(goal.expected) if goal.expected else None), FMT_INT],
        ["Troligt intervall, lägst", _num(goal.low), FMT_INT],
        ["Troligt intervall, högst", _num(goal.high), FMT_INT],
        ["Sannolikhet att nå målet", _probability(_num(goal.probability)), FMT_SHARE_INT],
        [
            "Behövs per månad resten av året",
            per_month_shown(goal.needed_per_month),
            FMT_INT if isinstance(per_month_shown(goal.needed_per_month), int) else FMT_DEC,
        ],
        ["Status", status_text(goal.status), None],
    ]
    ws = _sheet(wb, "Målet", ["Mått", "Värde"], [r[:2] for r in goal_rows], [None, None], [36, 16])
    for index, (_, _, fmt) in enumerate(goal_rows, start=2):
        if fmt:
            ws.cell(index, 2).number_format = fmt

    _fs_sheet(wb, report)

    f = report.forvaltningar
    _sheet(
        wb,
        "Förvaltningar",
        [
            "Förvaltning",
            "Kod",
            "Anställningar i månaden",
            "Hittills i år",
            "Mål",
            "Måltyp",
            "Andel av målet",
            "Status",
        ],
        [
            [
                r.namn,
                r.kod or None,
                _num(r.hires_month),
                int(r.hires_ytd),
                int(r.target),
                target_kind_label(r.target_kind),
                _share_of_target(r.share),
                status_text(r.status),
            ]
            for r in f.itertuples()
        ],
        [None, None, FMT_INT, FMT_INT, FMT_INT, None, FMT_SHARE_INT, None],
        [42, 8, 14, 12, 8, 11, 12, 14],
    )

    s = report.savings
    ws = _sheet(
        wb,
        "Från försörjningsstöd",
        ["Månad", "Anställda från försörjningsstöd", "Avslut till arbete"],
        [
            [fmt_month(m.date(), capital=True), _num(h), _num(a)]
            for m, h, a in zip(
                s.monthly["manad"],
                s.monthly["hires_fran_forsorjningsstod"],
                s.monthly["avslut_arbete"],
                strict=True,
            )
        ],
        [None, FMT_INT, FMT_INT],
        [18, 18, 18],
    )
    ws.append([])
    for label, value, fmt in (
        ("Anställda från försörjningsstöd hittills i år", s.hires_fran_fs, FMT_INT),
        ("Genomsnittligt belopp per hushåll och månad", _num(s.avg_per_household), FMT_KR),
        ("Återstående månader", s.months_remaining, FMT_INT),
        ("Uppskattat försörjningsstöd som inte längre betalas ut", _num(s.estimate_kr), FMT_KR),
    ):
        ws.append([label, value])
        ws.cell(ws.max_row, 2).number_format = fmt
    ws.append([])
    ws.append([report_text.savings_assumption(report.savings)])

    sysselsattning.excel_sheet(wb, report.sysselsattning)  # procurement (issue 16)
    outcomes.excel_sheet(wb, report.utfall)  # what became of those hired (issue 27)
    _comparison_sheet(wb, report)
    _sheet(
        wb,
        "Kommentarer",
        ["Version", "Sparad", "Av", "Kommentar"],
        [[c.version, c.saved_at, c.author, c.text] for c in report.comments.history],
        [None, "yyyy-mm-dd hh:mm", None, None],
        [9, 17, 24, 100],
    )
    for sheet in wb.worksheets:  # printed or mailed, every sheet says what it is
        if intern:  # beside the headings, so the cells below keep their places
            mark = sheet.cell(1, sheet.max_column + 1, report_text.INTERN_MARK)
            mark.font = Font(bold=True, color="C00000")
        sheet.oddHeader.right.text = stamp
        sheet.oddFooter.center.text = stamp
        sheet.evenHeader.right.text = stamp
        sheet.evenFooter.center.text = stamp
    return to_bytes(wb)


def _comparison_sheet(wb: Workbook, report: MonthlyReport) -> None:
    """Jämförelse: per month and region Socialstyrelsen's figure, the change against the same
    month last year and the index; a masked or missing month as its word, never 0."""
    result = report.jamforelse
    if result is None or result.empty:
        return
    headers = ["Månad"]
    for series in result.regions:
        headers += [
            series.region,
            f"{series.region}: förändring mot året innan",
            f"{series.region}: index ({result.base_month:%Y-%m} = 100)",
            f"{series.region}: avvikelse",
        ]
    rows = []
    for i, month in enumerate(result.regions[0].frame["manad"]):
        row: list = [fmt_month(month, capital=True)]
        for series in result.regions:
            r = series.frame.iloc[i]
            row += [
                _num(r["varde"]) if r["status"] == "varde" else sos_status_word(r["status"]),
                _num(r["forandring"])
                if r["forandring_status"] == "varde"
                else sos_status_word(r["forandring_status"]),
                _num(r["index"])
                if r["index_status"] == "varde"
                else sos_status_word(r["index_status"]),
                "avvikelse" if r["avvikelse"] else "",
            ]
        rows.append(row)
    formats = [None] + [FMT_INT, FMT_SIGNED_SHARE, FMT_DEC, None] * len(result.regions)
    ws = _sheet(wb, "Jämförelse", headers, rows, formats, [16] + [14] * (len(headers) - 1))
    ws.append([])
    ws.append([source_line(result)])


def _scaled(value, scale: float):
    """A change in the unit its column shows (a share's in procentenheter, rounded as shown)."""
    if value is None or value != value:
        return None
    return round(float(value) * scale, 1) if scale != 1 else value


def _fs_sheet(wb: Workbook, report: MonthlyReport) -> None:
    month = report.month
    headers = [
        "Nyckeltal",
        "Enhet",
        fmt_month(month, capital=True),
        "Föregående månad",
        "Förändring mot föregående månad",
        "Förändring %, månad",
        "Samma månad i fjol",
        "Förändring mot samma månad i fjol",
        "Förändring %, år",
        "Rullande 12 mån",
        "Definition",
    ]
    ws = _sheet(
        wb,
        "Försörjningsstöd",
        headers,
        [],
        [None] * len(headers),
        [34, 14, 16, 16, 18, 14, 16, 18, 14, 16, 80],
    )
    for r in report.fs_figures.itertuples():
        share = r.kind == "share"
        value_fmt = FMT_SHARE if share else (FMT_KR if r.kind == "kr" else FMT_INT)
        change_fmt = FMT_PP if share else (FMT_SIGNED_KR if r.kind == "kr" else FMT_SIGNED)
        scale = 100 if share else 1
        month_change = shown_change(r.varde, r.foregaende_manad, r.forandring_manad, r.kind)
        year_change = shown_change(r.varde, r.foregaende_ar, r.forandring_ar, r.kind)
        values = [
            (_num(r.varde), value_fmt),
            (_num(r.foregaende_manad), value_fmt),
            (_num(_scaled(month_change, scale)), change_fmt),
            (None if share else _num(r.forandring_manad_pct), FMT_SIGNED_SHARE),
            (_num(r.foregaende_ar), value_fmt),
            (_num(_scaled(year_change, scale)), change_fmt),
            (None if share else _num(r.forandring_ar_pct), FMT_SIGNED_SHARE),
            (_num(r.rullande_12), value_fmt),
        ]
        ws.append([r.namn, r.enhet, *[v for v, _ in values], r.definition])
        for column, (_, fmt) in enumerate(values, start=3):
            ws.cell(ws.max_row, column).number_format = fmt
