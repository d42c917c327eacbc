"""The Uppföljning page's view: what became of a year's hires, as sentences, a chart and
tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from pipelines.app.cache import view
from pipelines.present import outcomes as words
from pipelines.present import outcomes_view
from pipelines.present.charts.outcomes import SOURCE, cohort_chart
from pipelines.queries.goal_forvaltning import forvaltning_options
from pipelines.queries.outcomes import outcomes


@dataclass(frozen=True)
class Year:
    sentences: list[str]
    chart: go.Figure
    chart_table: pd.DataFrame
    fs_table: pd.DataFrame
    forvaltning_summary: pd.DataFrame
    forvaltning_table: pd.DataFrame
    missing: int  # follow-ups reached and due but not delivered
    missing_table: pd.DataFrame | None


@view
def year_view(year: int) -> Year:
    """What Uppföljning shows of the hires of `year`."""
    result = outcomes(year)
    names = dict(forvaltning_options(year))
    points = result.uppfoljningar
    return Year(
        sentences=[words.point_sentence(point) for point in points],
        chart=cohort_chart(
            points,
            title=f"Vad hände med dem som anställdes {year}?",
            subtitle="Andel av de rapporterade, med antalet bakom varje andel",
            source=SOURCE,
        ),
        chart_table=outcomes_view.chart_table(points),
        fs_table=outcomes_view.fs_table(points),
        forvaltning_summary=outcomes_view.forvaltning_summary(result, names),
        forvaltning_table=words.forvaltning_table(result, names),
        missing=len(result.saknas),
        missing_table=words.missing_table(result.saknas, names) if result.saknas else None,
    )
