"""The committee's version of the monthly report (socialnämnden): every count the report prints,
recorded once in a `disclosure.Ledger` under the same keys as the public follow-up package
(`outputs.followup.published`), protected by the one disclosure pass (`published._protect`,
`disclosure.protect`) with every earlier release in the release ledger known to the attacker
(`disclosure_history.combine`), checked by the attacker over all releases together, and recorded
in the release ledger as kind `rapport` when written.

Keys (as the package's, so that a report and a package of the same months are tied):
`("ar", y, "m", m)` the month's hires, `("ar", y, "c", m)` the year's running total,
`("forv", kod, m)` and `("forv", kod)` a förvaltning's month and year so far, `("fran_fs",)` and
`("fran_fs", m)` hires from försörjningsstöd, `("fs", nyckeltal, y, m)` a försörjningsstöd count,
`("syss", platstyp)` procurement places started in the year, the outcome section's keys of
`outputs.followup.outcomes`. Shares, statuses and estimates computed from a hidden count are
hidden with it (the renderer, `public.py`, asks `hidden_any`). The forecast is not in the
committee's version (it is computed from every month's exact count and earlier years').

A report that cannot be protected raises `disclosure.CannotProtect` with a Swedish message; then
nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.domain import disclosure, disclosure_history
from pipelines.domain.disclosure import Ledger
from pipelines.domain.disclosure_history import Release, audit_releases, release_of
from pipelines.formatting import MONTHS
from pipelines.outputs.followup import published
from pipelines.outputs.followup.outcomes import TOTAL, add_scope

KIND = "rapport"
STOPPED = (
    "Nämndens version av månadsrapporten stoppades: tillsammans med det som redan lämnats ut "
    "(utlämningsliggaren) skulle den röja dolda tal. Ingen rapport skrevs."
)


def _month(m: int) -> str:
    return MONTHS[m - 1]


def _present(value) -> bool:
    return published._present(value)


@dataclass
class ProtectedReport:
    """The report, what its public version shows of each count, and its release."""

    report: object
    ledger: Ledger
    shown: dict
    release: Release

    def show(self, key, value):
        """What the public version prints for `value` under `key`: `X`, or the value."""
        if key in self.shown and disclosure.is_mark(self.shown[key]):
            return disclosure.MASK
        return value

    def hidden(self, key) -> bool:
        return key in self.shown and disclosure.is_mark(self.shown[key])

    def hidden_any(self, *keys) -> bool:
        return any(self.hidden(k) for k in keys)

    @property
    def n_hidden(self) -> int:
        return sum(1 for v in self.shown.values() if disclosure.is_mark(v))


def last_month(report) -> int:
    """The last reported hires month (the package of the same months has the same keys)."""
    return int(report.goal.last_month or 0)


def prior_key(report):
    """The running total before the report's month, printed beside the month's hires so that
    the month, the running totals and a package of the previous month are tied."""
    goal = report.goal
    m = report.month.month
    if goal.hires_month is None or m != last_month(report) or m == 1:
        return None
    return ("ar", goal.year, "c", m - 1)


def forvaltning_rows(report) -> pd.DataFrame:
    f = report.forvaltningar
    return f[f["kod"].astype(str) != ""]


def report_ledger(report) -> Ledger:
    """Every count of the committee's version of `report` and the relations between them."""
    ledger = Ledger()
    goal, year, m = report.goal, report.goal.year, report.month.month
    last = last_month(report)
    total = ("ar", year, "c", last) if last else None
    if goal.hires_month is not None:
        ledger.add(("ar", year, "m", m), goal.hires_month, label=f"Anställda {_month(m)} {year}")
    if total:
        ledger.add(total, goal.hires_ytd, label=f"Årets antal anställningar ({year})")
    prior = prior_key(report)
    if prior:
        before = int(goal.hires_ytd) - int(goal.hires_month)
        ledger.add(prior, before, label=f"Ackumulerat {_month(m - 1)} {year}")
        ledger.total(total, [prior, ("ar", year, "m", m)])

    rows = forvaltning_rows(report)
    month_parts, ytd_parts = [], []
    for r in rows.itertuples():
        if _present(r.hires_month) and m == last:
            ledger.add(("forv", r.kod, m), r.hires_month, label=f"{r.namn}, {_month(m)} {year}")
            month_parts.append(("forv", r.kod, m))
        ledger.add(("forv", r.kod), r.hires_ytd, label=f"{r.namn}, hittills i år")
        ytd_parts.append(("forv", r.kod))
    if month_parts and goal.hires_month is not None:
        if sum(ledger.values[k] for k in month_parts) == float(goal.hires_month):
            ledger.total(("ar", year, "m", m), month_parts)
    if total and ytd_parts and sum(ledger.values[k] for k in ytd_parts) == float(goal.hires_ytd):
        ledger.total(total, ytd_parts)

    savings = report.savings
    ledger.add(("fran_fs",), savings.hires_fran_fs, label="Anställda från försörjningsstöd")
    fran_months, endings = [], []
    for row in savings.monthly.itertuples():
        ts = pd.Timestamp(row.manad)
        if ledger.add(
            ("fran_fs", ts.month),
            row.hires_fran_forsorjningsstod,
            label=f"Anställda från försörjningsstöd {_month(ts.month)} {ts.year}",
        ):
            fran_months.append(("fran_fs", ts.month))
        key = ("fs", "avslut_arbete", ts.year, ts.month)
        if ledger.add(key, row.avslut_arbete, label=f"Avslut till arbete {_month(ts.month)}"):
            endings.append(key)
    if fran_months and sum(ledger.values[k] for k in fran_months) == float(savings.hires_fran_fs):
        ledger.total(("fran_fs",), fran_months)
    if endings and _present(savings.endings_to_work):
        summa = ("fs_summa", "avslut_arbete", year)
        if sum(ledger.values[k] for k in endings) == float(savings.endings_to_work):
            ledger.add(summa, savings.endings_to_work, label=f"Avslut till arbete {year}")
            ledger.total(summa, endings)

    for r in report.fs_figures.itertuples():
        if r.kind != "count":
            continue
        ts = pd.Timestamp(r.manad)
        previous = ts - pd.DateOffset(months=1)
        for value, (y, mm) in (
            (r.varde, (ts.year, ts.month)),
            (r.foregaende_manad, (previous.year, previous.month)),
            (r.foregaende_ar, (ts.year - 1, ts.month)),
        ):
            ledger.add(("fs", r.nyckeltal, y, mm), value, label=f"{r.namn} {_month(mm)} {y}")

    syss = report.sysselsattning
    if syss is not None and syss.has_contracts:
        for platstyp, count in syss.totalt.items():
            ledger.add(("syss", platstyp), count, label=f"Påbörjade platser ({platstyp}) {year}")
    _outcomes(ledger, report.utfall)
    return ledger


def _outcomes(ledger: Ledger, result) -> None:
    """The outcome section's counts (all förvaltningar), under the package's keys."""
    if result is None or not result.uppfoljningar:
        return
    add_scope(ledger, TOTAL, result.ar, result.uppfoljningar, "alla förvaltningar", {})


def protect_report(report, earlier: list[Release]) -> ProtectedReport:
    """The committee's version of `report`, protected against every `earlier` release; raises
    `disclosure.CannotProtect` (in Swedish, naming what blocks it) when it cannot be."""
    ledger = report_ledger(report)
    last = last_month(report)
    year = report.goal.year
    combined = (
        disclosure_history.combine(ledger, year, last, earlier, all_pairs=True)
        if earlier
        else ledger
    )
    try:
        protection = published._protect(combined)
    except disclosure.CannotProtect as exc:
        raise disclosure.CannotProtect(STOPPED + "\n" + exc.message) from exc
    shown = {k: protection.show(k, v) for k, v in ledger.values.items()}
    # Rounding is the package's remedy beside a residual category; the report has none, so a
    # rounded figure is hidden instead (the report prints exact numbers or X).
    shown = {k: (disclosure.MASK if k in protection.rounded else v) for k, v in shown.items()}
    release = release_of(KIND, year, last, ledger, shown)
    if earlier:
        verdict = audit_releases([*earlier, release])
        if not verdict.ok:
            raise disclosure.CannotProtect(STOPPED + "\n" + verdict.message())
    return ProtectedReport(report, ledger, shown, release)


def record_report(protected: ProtectedReport, subject: str, *, db: Path | None = None, actor=None):
    """Record the committee's version in the release ledger; its release id, or None when the
    same release is recorded already."""
    from pipelines.ingest.release import record_release

    return record_release(protected.release, subject, db=db, actor=actor)
