"""Everything of a year's follow-up in one object: the summary text, the goal's key figures, every
chart of the goal and of försörjningsstöd with the table behind it, and the definitions.

The ZIP package, the Word document and the export page all draw the same `FollowUp`, so they
never differ. The warehouse is read in one short connection; the charts are built afterwards.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from pipelines import config, disclosure, warehouse
from pipelines.export import fs_charts, goal_charts
from pipelines.export.goal_charts import Builder, period_text
from pipelines.export.tables import ExportChart, ExportTable
from pipelines.formatting import fmt_int
from pipelines.marts.export import data_dates, nyckeltal_catalogue
from pipelines.ui import status_text

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


def _read(con, year: int) -> dict:
    """Every mart the follow-up needs, read on one connection."""
    from pipelines.marts import forsorjningsstod as fs
    from pipelines.marts import goal, goal_forvaltning

    dates = data_dates.direct(con, year)
    data = {"dates": dates, "catalogue": nyckeltal_catalogue.direct(con)}
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
    bounds = fs_charts.year_series_bounds(year, dates["fs_last_month"])
    data["fs_series"] = fs.fs_series.direct(con, *bounds) if bounds else None
    data["link"] = fs.hires_and_endings.direct(con, year)
    return data


def _key_figures(overview, publication: bool) -> ExportTable:
    fc = overview.forecast
    hidden = publication and disclosure.is_small(fc.hires)
    mark = disclosure.MASK_OTHER

    def derived(value):
        return mark if hidden else value

    interval = f"{fmt_int(fc.low)}–{fmt_int(fc.high)}" if fc.low is not None else None
    rows = [
        ("Anställda mot målet hittills", disclosure.MASK_SMALL if hidden else fc.hires, "int"),
        ("Årets mål", fc.target, "int"),
        ("Andel av målet", derived(fc.share_of_target), "pct"),
        ("Prognos för helåret", derived(fc.expected), "int"),
        ("Prognosintervall (80 %)", derived(interval), "text"),
        ("Sannolikhet att nå målet", derived(fc.probability), "pct"),
        ("Status", status_text(fc.status), "text"),
        (
            "Varav från försörjningsstöd",
            disclosure.MASK_SMALL
            if publication and disclosure.is_small(overview.hires_fran_forsorjningsstod)
            else overview.hires_fran_forsorjningsstod,
            "int",
        ),
    ]
    frame = pd.DataFrame({"Mått": [r[0] for r in rows], "Värde": [r[1] for r in rows]})
    masked = any(isinstance(r[1], str) and r[1] in (disclosure.MASK_SMALL, mark) for r in rows)
    table = ExportTable("Målet", frame, {}, masked)
    # One column of mixed kinds: format each row by its own kind.
    from pipelines.export.tables import KINDS

    table.frame["Värde"] = [
        v if isinstance(v, str) or v is None else KINDS[k][0](v) for (_, v, k) in rows
    ]
    return table


def _paragraphs(data: dict, year: int, publication: bool) -> list[str]:
    from pipelines.narrative import goal_summary_text
    from pipelines.narrative_fs import fs_sentences

    overview, table = data["overview"], data["forvaltningar"]
    paragraphs = []
    if publication and disclosure.is_small(overview.forecast.hires):
        paragraphs.append(
            f"Antalet anställningar mot målet {period_text(year, overview.forecast.last_month)} "
            f"är 1–4 och redovisas inte i publiceringsversionen (röjandekontroll)."
        )
    else:
        # A förvaltning's count of 1–4 would be named in the text: leave the förvaltningar out.
        small = publication and table["hires"].map(disclosure.is_small).any()
        paragraphs.append(goal_summary_text(overview, None if small else table))
    series = data["fs_series"]
    if series is not None and len(series):
        last = pd.Timestamp(data["dates"]["fs_last_month"])
        month_rows = series[pd.to_datetime(series["manad"]) == last].reset_index(drop=True)
        counts = month_rows[month_rows["kind"] == "count"]["varde"]
        if not (publication and counts.map(disclosure.is_small).any()):
            paragraphs.append(" ".join(fs_sentences(last.date(), month_rows)))
    return paragraphs


def collect_followup(year: int, *, publication: bool = True, db: Path | None = None) -> FollowUp:
    """The year's follow-up from the warehouse (`ARBETSMAL_DB` unless `db`)."""
    with warehouse.read(db) as con:
        data = _read(con, year)
    uttag = config.today()
    b = Builder(year, publication, uttag)
    overview = data["overview"]
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
            charts.append(goal_charts.mix(b, dimension, mix, last))
    tables = []
    series = data["fs_series"]
    if series is not None and len(series):
        masked = False
        if publication:
            series, masked = fs_charts.mask_series(series)
        for figure_id in fs_charts.CHART_FIGURES:
            charts.append(fs_charts.trend(b, figure_id, series, masked))
        everything = fs_charts.all_figures_table(series, year)
        if everything is not None:
            tables.append(everything)
    else:
        missing.append(f"Inga månader med försörjningsstöd är inlästa för {year}.")
    charts.append(fs_charts.hires_endings(b, data["link"]))
    if not last:
        missing.append(f"Inga anställningar är inlästa för {year}.")
    return FollowUp(
        year=year,
        publication=publication,
        uttag=uttag,
        dates=data["dates"],
        paragraphs=_paragraphs(data, year, publication),
        key_figures=_key_figures(overview, publication),
        charts=[c for c in charts if c is not None],
        tables=tables,
        catalogue=data["catalogue"],
        missing=missing,
    )


# A resource, not data: `st.cache_data` would unpickle every Plotly figure again on each rerun
# (about 0,5 s for the year's 15 charts). Shared by every session, so nothing may change it:
# pages and exports only read a FollowUp (Plotly is given the figures, never asked to edit them).
@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_followup(year: int, publication: bool, db: str, version: tuple, today: str) -> FollowUp:
    followup = collect_followup(year, publication=publication, db=Path(db))
    followup.data_version = version
    return followup


def cached_followup(year: int, publication: bool) -> FollowUp:
    """`collect_followup` for the app, cached until the warehouse changes (or the day does)."""
    db = config.db_path()
    warehouse.ensure(db)
    return _cached_followup(
        year, publication, str(db), warehouse.version(db), config.today().isoformat()
    )
