"""The Översikt page's view: a year's progress towards the target, the forecast, the summary,
what changed since the last approved month, the charts and the försörjningsstöd headline."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from pipelines.app.cache import view
from pipelines.formatting import fmt_int
from pipelines.present import goal_tables, outcomes_view, report_changes
from pipelines.present.charts.goal import progress_chart, years_chart
from pipelines.present.narrative import goal_summary_text
from pipelines.present.sysselsattning import overview_line
from pipelines.queries.approval import corrections_since, last_approved_before, report_figures
from pipelines.queries.delivery import default_report_month, missing_deliveries
from pipelines.queries.goal import (
    forsorjningsstod_headline,
    latest_year,
    monthly_progress,
    year_overview,
    years_cumulative,
)
from pipelines.queries.goal_forvaltning import forvaltning_table
from pipelines.queries.outcomes import followup_years, outcomes
from pipelines.queries.report import monthly_report, report_months
from pipelines.queries.sysselsattning import year_followup
from schemas.vocabulary import SOURCE_HIRES


@dataclass(frozen=True)
class Overview:
    overview: object  # queries.goal's YearOverview
    deltas: dict
    procurement: str | None  # the line on places through procurement
    followed_year: int | None  # the latest year with a 12-month follow-up of those hired
    stayed: str | None  # its line
    missing: pd.DataFrame | None  # deliveries due and not in, displayed
    summary: str
    since: list[str] | None  # since the last approved month (None: no approved month)
    progress_chart: go.Figure
    progress_table: pd.DataFrame
    years_chart: go.Figure
    years_table: pd.DataFrame
    fs_metrics: list | None  # the försörjningsstöd tiles (None: no month read in)


@view
def overview(year: int) -> Overview:
    """Everything Översikt shows of `year` that is the same for every visitor."""
    found = year_overview(year)
    fc = found.forecast
    followed = followup_years(outcomes_view.OVERVIEW_POINT)
    missing = missing_deliveries()
    latest = year == latest_year()
    headline = forsorjningsstod_headline()
    months = report_months()
    report_month = default_report_month(months) if latest and months else None
    baseline = last_approved_before(report_month) if report_month else None
    since = None
    if baseline is not None:
        since = report_changes.since_last_approved(
            baseline,
            report_figures(monthly_report(report_month)),
            corrections_since(baseline.approved_at, baseline.month),
        )
    progress = monthly_progress(year)
    years_frame = years_cumulative(year)
    return Overview(
        overview=found,
        deltas=goal_tables.overview_deltas(found),
        procurement=overview_line(year_followup(year)),
        followed_year=followed[0] if followed else None,
        stayed=outcomes_view.overview_line(outcomes(followed[0])) if followed else None,
        missing=goal_tables.missing_deliveries_display(missing) if missing else None,
        summary=goal_summary_text(
            found, forvaltning_table(year), headline if headline is not None and latest else None
        ),
        since=since,
        progress_chart=progress_chart(
            progress,
            interval=(fc.low, fc.high) if fc.low is not None and not fc.complete else None,
            title=f"Anställningar {year} mot målet {fmt_int(fc.target)}",
            subtitle="Per månad (staplar) och ackumulerat (linje) mot målkurvorna",
            source=SOURCE_HIRES,
        ),
        progress_table=goal_tables.progress_display(progress),
        years_chart=years_chart(
            years_frame,
            current_year=year,
            title="Jämfört med tidigare år",
            subtitle="Ackumulerat antal anställda per månad",
            source=SOURCE_HIRES,
        ),
        years_table=goal_tables.years_cumulative_display(years_frame),
        fs_metrics=goal_tables.forsorjningsstod_metrics(headline) if headline is not None else None,
    )
