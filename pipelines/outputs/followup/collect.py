"""Everything of a year's follow-up in one object: the summary text, the goal's key figures, every
chart of the goal and of försörjningsstöd with the table behind it, and the definitions.

The ZIP package, the Word document and the export page all draw the same `FollowUp`, so they
never differ. The warehouse is read in one short connection; the charts are built afterwards.

The publication version goes through one disclosure pass over the whole package
(`published.protect_package`) before anything is drawn, and the finished tables are audited by
the attacker's integer program (`published.audit_shown`); a package that cannot be protected, or
one the audit would catch, raises `disclosure.CannotProtect` with a Swedish message, and nothing
public is made of it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from pipelines import config
from pipelines.domain import disclosure
from pipelines.domain.outcomes import YearOutcomes
from pipelines.formatting import fmt_int
from pipelines.outputs.followup import (
    coarse,
    fs_charts,
    goal_charts,
    outcomes,
    public_forecast,
    published,
    releases,
)
from pipelines.outputs.followup import sysselsattning as procurement
from pipelines.outputs.followup.goal_charts import Builder, period_text
from pipelines.present.export_tables import ExportChart, ExportTable
from pipelines.queries.base import snapshot
from pipelines.queries.export import data_dates, nyckeltal_catalogue
from pipelines.queries.release import earlier_releases
from schemas.vocabulary import status_text

log = logging.getLogger(__name__)


@dataclass
class FollowUp:
    year: int
    publication: bool
    uttag: date
    dates: dict
    paragraphs: list[str]
    key_figures: ExportTable | None
    charts: list[ExportChart]
    tables: list[ExportTable] = field(default_factory=list)  # tables without a chart
    catalogue: pd.DataFrame = field(default_factory=pd.DataFrame)
    missing: list[str] = field(default_factory=list)  # parts left out, in Swedish
    data_version: tuple = ()  # the warehouse's version it was read from (the app's cache key)
    #: The attacker's audit of the publication version (None for the internal one): how many
    #: quantities were checked, hidden and rounded.
    audit: dict | None = None
    #: What became of those hired (issue 27): the year's outcome figures, exact (None: none).
    utfall: YearOutcomes | None = None
    #: What the publication version releases (`disclosure_history.Release`), checked against
    #: every earlier release; recorded in the release ledger when written (`releases`).
    release: object | None = None

    @property
    def version_label(self) -> str:
        return disclosure.version_label(self.publication)

    @property
    def notes(self) -> list[str]:
        return disclosure.footnotes(self.publication)

    @property
    def title(self) -> str:
        return f"Uppföljning {self.year}: anställningar och försörjningsstöd"

    def chart(self, key: str) -> ExportChart:
        return next(c for c in self.charts if c.key == key)


def _read(con, year: int, *, whole: bool = True) -> dict:
    """Every mart the follow-up needs, read on one connection (`whole` False: only what the
    ledger of hires needs, for an earlier year's package; see `_read_earlier_years`)."""
    from pipelines.queries import forsorjningsstod as fs
    from pipelines.queries import goal, goal_forvaltning

    dates = data_dates.direct(con, year)
    data = {"dates": dates, "catalogue": nyckeltal_catalogue.direct(con) if whole else None}
    overview = goal.year_overview.direct(con, year)
    data.update(
        overview=overview,
        progress=goal.monthly_progress.direct(con, year),
        years=goal.years_cumulative.direct(con, year),
        forvaltningar=goal_forvaltning.forvaltning_table.direct(con, year),
        heatmap=goal_forvaltning.forvaltning_heatmap.direct(con, year),
        mix={
            d: goal_forvaltning.forvaltning_mix.direct(con, year, d)
            for d in goal_forvaltning.MIX_DIMENSIONS
        },
    )
    bounds = fs_charts.year_series_bounds(year, dates["fs_last_month"]) if whole else None
    data["fs_series"] = fs.fs_series.direct(con, *bounds) if bounds else None
    data["link"] = fs.hires_and_endings.direct(con, year)
    if not whole:
        return data
    # Procurement with employment requirements (issue 16): beside the goal, never in it.
    from pipelines.queries.sysselsattning import year_followup

    data["sysselsattning"] = year_followup.direct(con, year)
    data["utfall"] = outcomes.read(con, year)  # what became of those hired (issue 27)
    return data


def _key_figures(overview, b: Builder) -> ExportTable:
    fc = overview.forecast
    total = published.total_key(b.year, fc.last_month) if fc.last_month else None
    hires = b.show(total, fc.hires) if total else fc.hires
    hidden = disclosure.is_mark(hires)
    mark = disclosure.MASK

    def derived(value):
        return mark if hidden else value

    interval = f"{fmt_int(fc.low)}–{fmt_int(fc.high)}" if fc.low is not None else None
    fran = b.show(("fran_fs",), overview.hires_fran_forsorjningsstod)
    rows = [
        ("Anställda mot målet hittills", hires, "int"),
        ("Årets mål", fc.target, "int"),
        ("Andel av målet", derived(fc.share_of_target), "pct"),
        ("Prognos för helåret", derived(fc.expected), "int"),
        ("Prognosintervall (80 %)", derived(interval), "text"),
        ("Sannolikhet att nå målet", derived(fc.probability), "pct"),
        ("Status", status_text(fc.status), "text"),
        ("Varav från försörjningsstöd", fran, "int"),
    ]
    frame = pd.DataFrame({"Mått": [r[0] for r in rows], "Värde": [r[1] for r in rows]})
    masked = any(disclosure.is_mark(r[1]) for r in rows)
    keys = b.keyed(frame, {"Värde": [total, None, None, None, None, None, None, ("fran_fs",)]})
    table = ExportTable("Målet", frame, {}, masked, keys)
    # One column of mixed kinds: format each row by its own kind.
    from pipelines.present.export_tables import KINDS

    table.frame["Värde"] = [
        v if isinstance(v, str) or v is None else KINDS[k][0](v) for (_, v, k) in rows
    ]
    return table


def _paragraphs(data: dict, b: Builder) -> list[str]:
    from dataclasses import replace

    from pipelines.present.narrative import goal_summary_text
    from pipelines.present.narrative_fs import fs_sentences

    year = b.year
    overview, table = data["overview"], data["forvaltningar"]
    last = overview.forecast.last_month
    paragraphs = []
    if last and b.hidden(published.total_key(year, last)):
        paragraphs.append(
            f"Antalet anställningar mot målet {period_text(year, last)} redovisas inte i "
            "publiceringsversionen (röjandekontroll)."
        )
    else:
        # A hidden förvaltning would be named in the text (its share, its status): leave the
        # förvaltningar out; so with last year's figure for the same months if it is hidden.
        hidden = any(b.hidden(("forv", k)) for k in table["kod"])
        if last and b.hidden(("ar", year - 1, "c", last)):
            overview = replace(overview, hires_same_period_last_year=None)
        paragraphs.append(goal_summary_text(overview, None if hidden else table))
    series = data["fs_series"]
    if series is not None and len(series):
        month = pd.Timestamp(data["dates"]["fs_last_month"])
        month_rows = series[pd.to_datetime(series["manad"]) == month].reset_index(drop=True)
        # The sentences compare with the same month last year and with the month before.
        before = month - pd.DateOffset(months=1)
        compared = [(month.year, month.month), (month.year - 1, month.month)]
        compared.append((before.year, before.month))
        hidden = any(
            b.hidden(("fs", figure, y, m))
            for figure in month_rows.loc[month_rows["kind"] == "count", "nyckeltal"]
            for y, m in compared
        )
        if not hidden:
            paragraphs.append(" ".join(fs_sentences(month.date(), month_rows)))
    return paragraphs


def _read_earlier_years(con, data: dict, year: int) -> dict[int, dict]:
    """What the earlier years' own packages are built from, for the years shown beside this
    one (chart 02). Försörjningsstöd is left out: its counts are tied to no month of hires, so
    the months those packages hide come out the same."""
    years = data["years"]
    out = {}
    for earlier in sorted(set(years["ar"]) - {year}) if len(years) else []:
        out[earlier] = _read(con, earlier, whole=False)
    return out


def _hidden_in_earlier_packages(earlier: dict[int, dict]) -> set:
    """The months and running totals of earlier years that their own packages hide: hidden
    here too, or the two packages together would give them back."""
    forced: set = set()
    for y, data in earlier.items():
        try:
            _, protection = published.protect_package(data, y)
            hidden = set(protection.codes)
        except disclosure.CannotProtect:
            hidden = set(published.package_ledger(data, y).values)
        forced |= {k for k in hidden if k[:2] == ("ar", y)}
    return forced


def _numbered(charts: list[ExportChart]) -> list[ExportChart]:
    """Chart file names numbered 01, 02, … in the package's order, without gaps."""
    for number, chart in enumerate(charts, start=1):
        chart.key = f"{number:02d}_{chart.key}"
    return charts


def collect_followup(year: int, *, publication: bool = True, db: Path | None = None) -> FollowUp:
    """The year's follow-up from the warehouse (`ARBETSMAL_DB` unless `db`)."""
    with snapshot(db) as con:
        data = _read(con, year)
        earlier = _read_earlier_years(con, data, year) if publication else {}
        history = earlier_releases.direct(con) if publication else []
    uttag = config.today()
    protection = ledger = None
    if publication:
        forced = _hidden_in_earlier_packages(earlier)
        # Every earlier release in the ledger is known to the attacker (or CannotProtect).
        ledger, protection = published.protect_package(data, year, forced, history)
        if coarse.mostly_hidden(data["heatmap"], year, protection):  # lose least (issue 25)
            data = {**data, "heatmap": coarse.quarters(data["heatmap"])}
            ledger, protection = published.protect_package(data, year, forced, history)
        # The seasonal line and the forecasts from the published months only.
        data = public_forecast.apply(data, year, protection)
    b = Builder(year, publication, uttag, protection)
    overview = data["overview"]
    b.final = overview.final
    last = overview.forecast.last_month
    charts: list[ExportChart | None] = [
        goal_charts.progress(b, data["progress"], overview),
        goal_charts.years(b, data["years"]),
        goal_charts.share_of_target(b, data["forvaltningar"], last),
        goal_charts.heatmap(b, data["heatmap"], last),
    ]
    missing = []
    for dimension, mix in data["mix"].items():
        if len(mix):
            charts.append(
                goal_charts.mix(b, dimension, mix, last, fran=overview.hires_fran_forsorjningsstod)
            )
    tables = []
    series = data["fs_series"]
    if series is not None and len(series):
        masked = False
        if publication:
            series, masked = fs_charts.mask_series(series, b)
        for figure_id in fs_charts.CHART_FIGURES:
            charts.append(fs_charts.trend(b, figure_id, series, masked))
        everything = fs_charts.all_figures_table(series, year, b)
        if everything is not None:
            tables.append(everything)
    else:
        missing.append(f"Inga månader med försörjningsstöd är inlästa för {year}.")
    charts.append(fs_charts.hires_endings(b, data["link"]))
    procurement_chart, procurement_tables = procurement.section(b, data["sysselsattning"])
    charts.append(procurement_chart)
    tables += procurement_tables
    outcome_chart, outcome_tables = outcomes.section(  # issue 27
        b, data["utfall"], ledger, outcomes.names(data)
    )
    charts.append(outcome_chart)
    tables += outcome_tables
    if not last:
        missing.append(f"Inga anställningar är inlästa för {year}.")
    if coarse.is_quarterly(data["heatmap"]):
        missing.append(coarse.NOTE)
    followup = FollowUp(
        year=year,
        publication=publication,
        uttag=uttag,
        dates=data["dates"],
        paragraphs=[
            *_paragraphs(data, b),
            *filter(None, [procurement.sentence(data["sysselsattning"], publication=publication)]),
            *filter(None, [outcomes.sentence(b, data["utfall"], ledger)]),  # issue 27
        ],
        key_figures=_key_figures(overview, b),
        charts=_numbered([c for c in charts if c is not None]),
        tables=tables,
        catalogue=data["catalogue"],
        missing=missing,
        utfall=data["utfall"].result if data["utfall"] else None,
    )
    if protection is not None:
        followup.audit = audit_followup(followup, ledger, protection)
        followup.release = releases.package_release(
            followup, ledger, protection, history, int(last or 0)
        )
    return followup


def audit_followup(followup: FollowUp, ledger, protection) -> dict:
    """The attacker's audit of every table the package shows (charts and Word are drawn from
    these tables); raises CannotProtect with the findings in Swedish."""
    from pipelines.domain.disclosure_audit import AuditResult, failure_message

    tables = [followup.key_figures, *(c.table for c in followup.charts), *followup.tables]
    findings, summary = published.audit_shown(ledger, protection, [t for t in tables if t])
    if findings:
        result = AuditResult({}, findings)
        raise disclosure.CannotProtect(failure_message(result, ledger.label))
    return summary
