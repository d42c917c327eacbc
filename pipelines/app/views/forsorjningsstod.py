"""The Försörjningsstöd page's views: the period's last month, one key figure over the period,
the link to the hires and the comparison with Socialstyrelsen's statistics and Kolada."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from pipelines.app.cache import view
from pipelines.present.charts.forsorjningsstod import fs_trend_chart, hires_endings_chart
from pipelines.present.comparison import (
    comparison_figure,
    comparison_table,
    kolada_table,
    own_vs_sos_table,
    source_line,
    summary,
)
from pipelines.present.report_tables import (
    fs_kpis,
    fs_month_table,
    fs_series_table,
    hires_endings_table,
)
from pipelines.present.report_text import savings_assumption
from pipelines.queries import comparison as comparison_queries
from pipelines.queries import forsorjningsstod as fs


@dataclass(frozen=True)
class Month:
    status: str
    kpis: list
    table: pd.DataFrame


@view
def month(last: date) -> Month:
    """The key figures of `last` as tiles and as a table against the month before and last year."""
    figures = fs.fs_month(last)
    return Month(str(figures["status"].iloc[0]), fs_kpis(figures), fs_month_table(figures))


@view
def catalogue() -> tuple[dict[str, str], dict[str, str]]:
    """The key figures' names and definitions by id."""
    frame = fs.fs_catalogue()
    names = dict(zip(frame["id"], frame["namn"], strict=True))
    return names, dict(zip(frame["id"], frame["definition"], strict=True))


@view
def trend(first: date, last: date, figure_id: str) -> tuple[go.Figure, pd.DataFrame]:
    """One key figure over the period: the chart and its table."""
    series = fs.fs_series(first, last)
    return fs_trend_chart(series, figure_id), fs_series_table(series, figure_id)


@dataclass(frozen=True)
class Link:
    link: object  # queries.forsorjningsstod's HiresAndEndings
    assumption: str
    chart: go.Figure | None
    table: pd.DataFrame | None


@view
def link(year: int, month: int) -> Link:
    """Hires from försörjningsstöd beside endings to work, the year to `month`."""
    found = fs.hires_and_endings(year, month)
    shown = len(found.monthly) > 0
    return Link(
        found,
        savings_assumption(found),
        hires_endings_chart(found.monthly, year) if shown else None,
        hires_endings_table(found.monthly) if shown else None,
    )


@dataclass(frozen=True)
class Comparison:
    result: object  # queries.comparison's Comparison
    summary: str | None
    figure: go.Figure
    table: pd.DataFrame
    source: str


@view
def compared(year: int, base_month: date, shown: str, group: str | None) -> Comparison:
    """Socialstyrelsen's statistics for the own municipality beside the country, the county and
    `group`, as index (`base_month` = 100) or level (`shown`)."""
    result = comparison_queries.comparison(year, None, None, base_month, group)
    return Comparison(
        result,
        summary(result),
        comparison_figure(result, shown),
        comparison_table(result),
        source_line(result),
    )


@view
def own_vs_sos(year: int) -> pd.DataFrame:
    """The own monthly file beside Socialstyrelsen's figure, `year`."""
    return own_vs_sos_table(comparison_queries.own_vs_sos(year))


@view
def kolada(own_name: str) -> pd.DataFrame | None:
    """Kolada's yearly key figures (None when none is fetched)."""
    figures = comparison_queries.kolada_figures()
    return kolada_table(figures, own_name) if len(figures) else None
