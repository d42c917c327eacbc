"""The content of the committee's version of the monthly report (written by `public_write`), from a
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
from datetime import date

import pandas as pd

from pipelines.domain import disclosure
from pipelines.formatting import fmt_month, fmt_percent, share_of_target_shown
from pipelines.outputs.followup.outcomes import TOTAL, point_key
from pipelines.outputs.report.protected import ProtectedReport, forvaltning_rows, last_month
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


def shown_text(value, kind: str) -> str:
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
        f"({shown_text(share, 'share')} av målet)."
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
        ["Andel av målet", shown_text(share, "share")],
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
        f"Uppskattat försörjningsstöd som inte längre betalas ut: {shown_text(estimate, 'kr')}.",
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
