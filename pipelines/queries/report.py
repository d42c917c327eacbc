"""The monthly nyckeltalsrapport: everything of one month's report, in one object.

The page `Månadsrapport`, the Excel and PDF files and `python -m pipelines report` all draw the
same `MonthlyReport`, so they never differ. For a chosen month:
- the goal status as it stood after that month: hires in the month, so far this year, target,
  forecast and status (the forecast of `pipelines.domain.forecast`, cut at the chosen month);
- the key figures of försörjningsstöd against the previous month and the same month last year;
- a table per förvaltning: hires in the month, so far this year, target, share of the target,
  status; the last row is the whole municipality;
- hires from försörjningsstöd beside endings to work and what the hires save;
- the year's overview as it stood after the month, and the analyst's comment.
Its text (summary paragraphs, notes) is `pipelines.present.report_text`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import duckdb
import pandas as pd

from pipelines import config
from pipelines.domain.delivery import MonthStatus
from pipelines.domain.outcomes import YearOutcomes
from pipelines.queries.approval import (
    Approval,
    Correction,
    corrections_since,
    last_approved_before,
    report_figures,
)
from pipelines.queries.base import query
from pipelines.queries.comments import CommentHistory, comments_for
from pipelines.queries.comparison import Comparison, comparison, own_vs_sos
from pipelines.queries.comparison import years as comparison_years
from pipelines.queries.delivery import year_status_on
from pipelines.queries.forsorjningsstod import (
    SAKNAS,
    HiresAndEndings,
    fs_series,
    hires_and_endings,
)
from pipelines.queries.goal import YearOverview
from pipelines.queries.outcomes_latest import latest_outcomes
from pipelines.queries.report_goal import (
    GoalStatus,
    forecast_through,
    forvaltning_rows,
    goal_status,
    overview_through,
)
from pipelines.queries.sysselsattning import SysselsattningAr, year_followup
from pipelines.warehouse import one
from schemas.calendar import add_months, first_day

#: How many months the report's trend chart shows (the month and the two years before it).
TREND_MONTHS = 25


@dataclass(frozen=True)
class MonthlyReport:
    month: date
    goal: GoalStatus
    #: kod, namn, hires_month, hires_ytd, target, target_kind, share, status (see report_goal)
    forvaltningar: pd.DataFrame
    fs_status: str  # slutlig | preliminar | saknas
    fs_figures: pd.DataFrame  # one row per figure (see marts.forsorjningsstod.SERIES_COLUMNS)
    fs_trend: pd.DataFrame  # the households' series for the trend chart
    savings: HiresAndEndings
    #: The year's overview as it stood after the month (for the summary's narrative).
    overview: YearOverview
    comments: CommentHistory
    #: Socialstyrelsen's statistics for the month's year: the comparison with Riket, the län and
    #: the comparison group, and the own file beside Socialstyrelsen (None: nothing stored).
    jamforelse: Comparison | None = None
    egen_mot_sos: pd.DataFrame | None = None
    #: Procurement with sysselsättningskrav as of the month (issue 16): beside the goal, never
    #: in its figures (None: not read).
    sysselsattning: SysselsattningAr | None = None
    #: Since the last approved month (issue 18): its approval, this report's key figures and the
    #: corrections that arrived since (None: no earlier month is approved).
    since_baseline: Approval | None = None
    since_figures: dict | None = None
    since_corrections: tuple[Correction, ...] = ()
    #: What the month rests on (issue 24, `pipelines.domain.delivery`): open, preliminary,
    #: complete, approved or changed after approval, with every expected delivery; and the
    #: names of the förvaltningar by code (for the missing ones in the notes).
    month_status: MonthStatus | None = None
    names: dict | None = None
    #: What became of those hired (issue 27): the latest year with reached follow-up points
    #: (None: no follow-up delivered; the report has no such section).
    utfall: YearOutcomes | None = None


@query
def report_months(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Months with any hires or försörjningsstöd delivered, newest first (the first is the
    default report month)."""
    rows = con.execute(
        "select distinct manad from anstallningar_current union "
        "select distinct manad from forsorjningsstod_current order by manad desc"
    ).fetchall()
    return [r[0] for r in rows]


@query
def monthly_report(con: duckdb.DuckDBPyConnection, month: date) -> MonthlyReport:
    """Everything of the nyckeltalsrapport for `month` (see the module docstring)."""
    month = first_day(month)
    goal = goal_status(con, month)
    forvaltningar = forvaltning_rows(con, month, goal)
    # The trend starts where the deliveries start: months before the first file are not gaps.
    first_fs = one(con, "select min(manad) from forsorjningsstod_current")[0]
    start = add_months(month, -(TREND_MONTHS - 1))
    if first_fs is not None:
        start = min(max(start, first_fs), month)
    trend = fs_series.direct(con, start, month)
    figures = trend[trend["manad"] == pd.Timestamp(month)].reset_index(drop=True)
    fs_status = str(figures["status"].iloc[0]) if len(figures) else SAKNAS
    savings = hires_and_endings.direct(con, month.year, month.month)
    fc = forecast_through(con, month.year, month.month)
    report = MonthlyReport(
        month=month,
        goal=goal,
        forvaltningar=forvaltningar,
        fs_status=fs_status,
        fs_figures=figures,
        fs_trend=trend[trend["nyckeltal"] == "hushall"].reset_index(drop=True),
        savings=savings,
        overview=overview_through(con, month, fc, goal.target_kind),
        comments=comments_for(con, month),
        **_comparison(con, month),
        sysselsattning=year_followup.direct(con, month.year, month),
        month_status=year_status_on(con, month.year, config.today(), config.grace_days()).month(
            month.month
        ),
        names=dict(con.execute("select kod, namn from ref_forvaltning").fetchall()),
        utfall=latest_outcomes(con, month.year),  # issue 27
    )
    baseline = last_approved_before.direct(con, month)
    if baseline is None:
        return report
    return replace(
        report,
        since_baseline=baseline,
        since_figures=report_figures(report),
        since_corrections=tuple(
            corrections_since.direct(con, baseline.approved_at, baseline.month)
        ),
    )


def _comparison(con: duckdb.DuckDBPyConnection, month: date) -> dict:
    """The comparison of the report month's year, when Socialstyrelsen's statistics are stored."""
    if month.year not in comparison_years.direct(con):
        return {}
    return {
        "jamforelse": comparison.direct(con, month.year),
        "egen_mot_sos": own_vs_sos.direct(con, month.year),
    }
