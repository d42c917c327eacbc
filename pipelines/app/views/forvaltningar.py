"""The Förvaltningar page's views: every förvaltning of a year (the table in the chosen order,
the share-of-target chart, the heatmap), and one förvaltning in detail, for the filters chosen."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from pipelines.app.cache import view
from pipelines.formatting import fmt_int
from pipelines.present import goal_tables, report_changes
from pipelines.present.charts.goal import progress_chart, years_chart
from pipelines.present.charts.goal_forvaltning import (
    heatmap_chart,
    mix_chart,
    share_of_target_chart,
)
from pipelines.queries.approval import corrections_since, last_approved_before, report_figures
from pipelines.queries.goal import (
    latest_year,
    monthly_progress,
    year_overview,
    years_cumulative,
    years_side_by_side,
)
from pipelines.queries.goal_forvaltning import (
    MIX_DIMENSIONS,
    forvaltning_heatmap,
    forvaltning_mix,
    forvaltning_table,
    forvaltning_validity,
)
from pipelines.queries.report import monthly_report, report_months
from schemas.vocabulary import SOURCE_HIRES


@dataclass(frozen=True)
class All:
    any_hires: bool
    table: pd.DataFrame  # displayed, in the chosen order
    links: list[str]
    share_chart: go.Figure
    share_table: pd.DataFrame
    heatmap_chart: go.Figure
    heatmap_table: pd.DataFrame
    heatmap_note: str | None


@view
def every_forvaltning(year: int, form: str | None, group: str | None, sort_key: str) -> All:
    """Every förvaltning's hires of `year` against its target (filtered by anställningsform
    and målgrupp), sorted by `sort_key` (`goal_tables.SORT_OPTIONS`)."""
    filtered = bool(form or group)
    table = forvaltning_table(year, form, group)
    ordered = goal_tables.sort_forvaltning_table(table, sort_key)
    heat = forvaltning_heatmap(year, form, group)
    return All(
        any_hires=bool(table["hires"].any()),
        table=goal_tables.forvaltning_display(ordered, filtered=filtered),
        links=[f"?ar={year}&forvaltning={kod}" for kod in ordered["kod"]],
        share_chart=share_of_target_chart(
            table,
            title=f"Andel av måltalet {year}",
            subtitle="Status enligt prognosen",
            source=SOURCE_HIRES,
        ),
        share_table=goal_tables.forvaltning_display(table, filtered=filtered),
        heatmap_chart=heatmap_chart(
            heat, title=f"Anställningar per förvaltning och månad {year}", source=SOURCE_HIRES
        ),
        heatmap_table=goal_tables.heatmap_display(heat),
        heatmap_note=goal_tables.heatmap_note(heat),
    )


@dataclass(frozen=True)
class Mix:
    dimension: str
    heading: str
    chart: go.Figure | None  # None: no hires
    table: pd.DataFrame | None


@dataclass(frozen=True)
class One:
    overview: object  # queries.goal's YearOverview of the förvaltning
    validity: str | None  # the years the förvaltning existed, when not all
    since: list[str]  # since the last approved month (latest year only)
    progress_chart: go.Figure
    progress_table: pd.DataFrame
    mixes: list[Mix]
    side_table: pd.DataFrame
    years_chart: go.Figure
    years_table: pd.DataFrame


@view
def one_forvaltning(year: int, kod: str, name: str, form: str | None, group: str | None) -> One:
    """One förvaltning's year (`name` its name for the titles), filtered by anställningsform
    and målgrupp."""
    filtered = bool(form or group)
    overview = year_overview(year, kod)
    fc = overview.forecast
    months = report_months()
    report_month = months[0] if year == latest_year() and months else None
    baseline = last_approved_before(report_month) if report_month else None
    since = []
    if baseline is not None:
        since = report_changes.since_last_approved_forvaltning(
            baseline,
            report_figures(monthly_report(report_month)),
            kod,
            corrections_since(baseline.approved_at, baseline.month),
        )
    progress = monthly_progress(year, kod, form, group)
    mixes = []
    for dimension, heading in MIX_DIMENSIONS.items():
        mix = forvaltning_mix(year, dimension, kod, form, group)
        shown = not mix.empty
        mixes.append(
            Mix(
                dimension,
                heading,
                mix_chart(mix, title=heading, source=SOURCE_HIRES) if shown else None,
                goal_tables.mix_display(mix, heading) if shown else None,
            )
        )
    years_frame = years_cumulative(year, kod, form, group)
    return One(
        overview=overview,
        validity=goal_tables.validity_text(forvaltning_validity(kod)),
        since=since,
        progress_chart=progress_chart(
            progress,
            interval=(fc.low, fc.high)
            if (fc.low is not None and not filtered and not fc.complete)
            else None,
            title=f"{name}: anställningar {year} mot måltalet {fmt_int(fc.target)}",
            subtitle="Per månad (staplar) och ackumulerat (linje)",
            source=SOURCE_HIRES,
        ),
        progress_table=goal_tables.progress_display(progress),
        mixes=mixes,
        side_table=goal_tables.years_side_by_side_display(years_side_by_side(kod, form, group)),
        years_chart=years_chart(
            years_frame,
            current_year=year,
            title=f"{name}: år för år",
            subtitle="Ackumulerat antal anställda per månad",
            source=SOURCE_HIRES,
        ),
        years_table=goal_tables.years_cumulative_display(years_frame),
    )
