"""The Förvaltningar page's views: every förvaltning of a year (the table in the chosen order,
the share-of-target chart, the heatmap) for the filters chosen."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from pipelines.app.cache import view
from pipelines.present import goal_tables
from pipelines.present.charts.goal_forvaltning import heatmap_chart, share_of_target_chart
from pipelines.queries.goal_forvaltning import forvaltning_heatmap, forvaltning_table
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
