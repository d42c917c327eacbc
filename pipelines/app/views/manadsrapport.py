"""The Månadsrapport page's view: a month's report, its committee's (protected) version, the
summary, and the tables and charts of the goal, försörjningsstöd and the comparison."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from pipelines.app.cache import view
from pipelines.domain.disclosure import CannotProtect
from pipelines.outputs.report.files import protected_report
from pipelines.present import report_changes, report_text
from pipelines.present.charts.forsorjningsstod import forvaltning_chart, fs_trend_chart
from pipelines.present.comparison import compact_table, own_vs_sos_table, source_line
from pipelines.present.comparison import summary as comparison_summary
from pipelines.present.report_tables import forvaltning_table, fs_month_table, fs_series_table
from pipelines.queries.approval import report_figures
from pipelines.queries.report import MonthlyReport, monthly_report


@dataclass(frozen=True)
class Comparison:
    summary: str | None
    table: pd.DataFrame
    source: str
    own_vs_sos: pd.DataFrame | None


@dataclass(frozen=True)
class Report:
    report: MonthlyReport
    protected: object | None  # outputs.report's ProtectedReport; None when it cannot be
    blocked: str | None  # why the committee's version cannot be made
    title: str
    notes: tuple[str, ...]
    paragraphs: tuple[str, ...]
    since: list[str]
    figures: dict  # the key figures, for the approval's comparison
    forvaltning_table: pd.DataFrame
    forvaltning_chart: go.Figure
    fs_table: pd.DataFrame
    fs_chart: go.Figure
    fs_chart_table: pd.DataFrame
    savings_assumption: str
    comparison: Comparison | None


@view
def report(month: date) -> Report:
    """Everything the page shows of `month`'s report that is the same for every visitor."""
    found = monthly_report(month)
    protected, blocked = None, None
    try:
        protected = protected_report(found)
    except CannotProtect as problem:
        blocked = problem.message
    compared = None
    if found.jamforelse is not None and not found.jamforelse.empty:
        compared = Comparison(
            comparison_summary(found.jamforelse),
            compact_table(found.jamforelse),
            source_line(found.jamforelse),
            own_vs_sos_table(found.egen_mot_sos) if found.egen_mot_sos is not None else None,
        )
    return Report(
        report=found,
        protected=protected,
        blocked=blocked,
        title=report_text.title(found),
        notes=report_text.notes(found),
        paragraphs=report_text.paragraphs(found),
        since=report_changes.since_lines_for(found),
        figures=report_figures(found),
        forvaltning_table=forvaltning_table(found.forvaltningar),
        forvaltning_chart=forvaltning_chart(found.forvaltningar, month),
        fs_table=fs_month_table(found.fs_figures),
        fs_chart=fs_trend_chart(found.fs_trend, "hushall", title="Biståndshushåll månad för månad"),
        fs_chart_table=fs_series_table(found.fs_trend, "hushall"),
        savings_assumption=report_text.savings_assumption(found.savings),
        comparison=compared,
    )
