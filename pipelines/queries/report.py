"""The monthly nyckeltalsrapport: everything of one month's report, in one object.

The page `Månadsrapport`, the Excel and PDF files and `python -m pipelines report` all draw the
same `MonthlyReport`, so they never differ. For a chosen month:
- the goal status as it stood after that month: hires in the month, so far this year, target,
  forecast and status (the forecast of `pipelines.domain.forecast`, cut at the chosen month);
- the key figures of försörjningsstöd against the previous month and the same month last year;
- a table per förvaltning: hires in the month, so far this year, target, share of the target,
  status; the last row is the whole municipality;
- hires from försörjningsstöd beside endings to work and what the hires save;
- the summary paragraphs, notes on missing or preliminary data, and the analyst's comment.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from pipelines.formatting import fmt_int, fmt_month
from pipelines.ingest.comments import CommentHistory, comments_for
from pipelines.present.narrative_fs import fs_sentences, goal_sentence, savings_sentence
from pipelines.queries.base import query
from pipelines.queries.forsorjningsstod import (
    SAKNAS,
    HiresAndEndings,
    fs_series,
    hires_and_endings,
    savings_assumption,
)
from pipelines.queries.report_goal import (
    GoalStatus,
    forecast_through,
    forvaltning_rows,
    goal_status,
    overview_through,
)
from pipelines.warehouse import one

#: How many months the report's trend chart shows (the month and the two years before it).
TREND_MONTHS = 25

log = logging.getLogger(__name__)


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
    savings_assumption: str
    paragraphs: tuple[str, ...]
    notes: tuple[str, ...]  # what is missing or preliminary, in Swedish
    comments: CommentHistory

    @property
    def title(self) -> str:
        return f"Nyckeltalsrapport {fmt_month(self.month)}"


def _first_day(month: date) -> date:
    return date(month.year, month.month, 1)


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


@query
def report_months(con: duckdb.DuckDBPyConnection) -> list[date]:
    """Months with any hires or försörjningsstöd delivered, newest first (the first is the
    default report month)."""
    rows = con.execute(
        "select distinct manad from anstallningar_current union "
        "select distinct manad from forsorjningsstod_current order by manad desc"
    ).fetchall()
    return [r[0] for r in rows]


def _goal_paragraph(
    con, month: date, goal: GoalStatus, forvaltningar: pd.DataFrame, savings: HiresAndEndings
) -> str:
    """The goal's summary: the month's hires, then issue 3's narrative of the year (cut at the
    month) where it is available, else a sentence of our own; then hires from försörjningsstöd."""
    text = None
    try:  # another module's text: its absence or failure must not stop the report
        from pipelines.present.narrative import goal_summary_text

        fc = forecast_through(con, month.year, month.month)
        table = forvaltningar[forvaltningar["kod"] != ""].rename(columns={"hires_ytd": "hires"})
        text = goal_summary_text(overview_through(con, month, fc, goal.target_kind), table)
        if goal.hires_month is not None:
            text = (
                f"I {fmt_month(month)} anställdes {fmt_int(goal.hires_month)} personer som står "
                f"långt från arbetsmarknaden. {text}"
            )
        else:
            text = f"Anställningar för {fmt_month(month)} är inte inrapporterade. {text}"
    except Exception:  # noqa: BLE001
        log.warning("the goal narrative failed; using the short sentence", exc_info=True)
        text = None
    if not text:
        text = goal_sentence(
            month,
            goal.hires_month,
            goal.hires_ytd,
            goal.target,
            goal.expected,
            goal.low,
            goal.high,
            goal.status,
        )
    return (
        text
        + " "
        + savings_sentence(
            month.year, savings.hires_fran_fs, savings.endings_to_work, savings.estimate_kr
        )
    )


def _notes(month: date, goal: GoalStatus, forvaltningar: pd.DataFrame, fs_status: str) -> list[str]:
    notes = []
    if goal.hires_month is None:
        if goal.last_month:
            through = fmt_month(date(month.year, goal.last_month, 1))
            notes.append(
                f"Anställningar för {fmt_month(month)} är inte inrapporterade: målets siffror "
                f"gäller till och med {through}."
            )
        else:
            notes.append(f"Inga anställningar är inrapporterade för {month.year} ännu.")
    else:
        missing = forvaltningar[(forvaltningar["kod"] != "") & forvaltningar["hires_month"].isna()]
        if len(missing):
            notes.append(
                f"Anställningar för {fmt_month(month)} saknas från: "
                + ", ".join(missing["namn"])
                + "."
            )
    if fs_status == SAKNAS:
        notes.append(f"Försörjningsstöd för {fmt_month(month)} är inte inrapporterat.")
    return notes


@query
def monthly_report(con: duckdb.DuckDBPyConnection, month: date) -> MonthlyReport:
    """Everything of the nyckeltalsrapport for `month` (see the module docstring)."""
    month = _first_day(month)
    goal = goal_status(con, month)
    forvaltningar = forvaltning_rows(con, month, goal)
    # The trend starts where the deliveries start: months before the first file are not gaps.
    first_fs = one(con, "select min(manad) from forsorjningsstod_current")[0]
    start = _months_back(month, TREND_MONTHS - 1)
    if first_fs is not None:
        start = min(max(start, first_fs), month)
    trend = fs_series.direct(con, start, month)
    figures = trend[trend["manad"] == pd.Timestamp(month)].reset_index(drop=True)
    fs_status = str(figures["status"].iloc[0]) if len(figures) else SAKNAS
    savings = hires_and_endings.direct(con, month.year, month.month)
    paragraphs = (
        _goal_paragraph(con, month, goal, forvaltningar, savings),
        " ".join(fs_sentences(month, figures)),
    )
    return MonthlyReport(
        month=month,
        goal=goal,
        forvaltningar=forvaltningar,
        fs_status=fs_status,
        fs_figures=figures,
        fs_trend=trend[trend["nyckeltal"] == "hushall"].reset_index(drop=True),
        savings=savings,
        savings_assumption=savings_assumption(savings),
        paragraphs=paragraphs,
        notes=tuple(_notes(month, goal, forvaltningar, fs_status)),
        comments=comments_for(con, month),
    )
