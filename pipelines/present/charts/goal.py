"""Chart builders of the goal pages, shared with the exports: data in, `go.Figure` out.

Roles have fixed colours (`palette`): outcome blue, target black, forecast orange, earlier years
grey; status colours always come with their word and symbol. Per-förvaltning charts (heatmap, mix, share of target) are in
`charts.goal_forvaltning`. Every builder takes `title`,
`subtitle` and `source` for the exported picture; hover texts are Swedish and numbers follow the
figure's Swedish separators.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pipelines.formatting import MONTHS_SHORT, fmt_int
from pipelines.present.charts import palette
from pipelines.present.charts.base import apply_style, line_trace, month_ticks

_EARLIER_YEAR_COLOURS = [palette.GREY, palette.SKY, palette.PURPLE]
_EARLIER_YEAR_DASHES = ["dot", "dash", "dashdot"]


def finish(
    fig: go.Figure,
    *,
    title: str | None,
    subtitle: str | None,
    source: str | None,
    legend_rows: int = 0,
    height: int = 480,
) -> go.Figure:
    """The shared style, then room at the top so title, subtitle and legend do not overlap:
    the title at the top edge, the legend's rows just above the plot."""
    apply_style(fig, title=title, subtitle=subtitle, source=source)
    source_below_axis(fig, source)
    top = 30 + (30 if title else 0) + (20 if subtitle else 0) + 24 * legend_rows
    fig.update_layout(
        height=height,
        margin={"t": max(top, 30)},
        title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 18}} if title else None,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left"},
    )
    return fig


def source_below_axis(fig: go.Figure, source: str | None, shift: int = -52) -> None:
    """Place the source line a fixed distance in pixels under the plot (the shared style puts it
    at a share of the height, which collides with the axis title in short charts)."""
    if not source:
        return
    for annotation in fig.layout.annotations:
        if annotation.text == source:
            annotation.update(y=0, yanchor="top", yshift=shift)
    fig.update_layout(margin={"b": 80})


def nice_step(top: float, ticks: int = 4) -> float:
    """A round tick step (1, 2, 5 × 10^n) that divides 0…top into at most `ticks` steps."""
    step = 1.0
    while top / step > ticks:
        for factor in (2, 2.5, 2):
            step *= factor
            if top / step <= ticks:
                break
    return step


def progress_chart(
    progress: pd.DataFrame,
    *,
    interval: tuple[int, int] | None = None,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Monthly hires (bars, right axis) and the cumulative hires (line, left axis) against the
    target trajectory by a straight line and by the seasonal pattern, with the forecast path and
    its interval at December. `progress` is `marts.goal.monthly_progress`."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(
        go.Bar(
            x=progress["month"],
            y=progress["hires"],
            name="Anställda per månad",
            marker_color=palette.SKY,
            opacity=0.8,
            hovertemplate="%{customdata}: %{y:,.0f} anställda<extra></extra>",
            customdata=[MONTHS_SHORT[m - 1] for m in progress["month"]],
        ),
        secondary_y=True,
    )
    for column, label, dash in (
        ("target_linear", "Rak linje", "dash"),
        ("target_seasonal", "Säsongsmönster", "dot"),
    ):
        fig.add_trace(
            line_trace(
                progress["month"],
                progress[column].astype("float64"),
                name=f"Mål, {label.lower()}",
                color=palette.MAL,
                dash=dash,
                width=1.5,
                hovertemplate=f"{label}: %{{y:,.0f}}<extra></extra>",
            )
        )
    forecast = progress["forecast"].astype("float64")
    if forecast.notna().any():
        fig.add_trace(
            line_trace(
                progress["month"],
                forecast,
                name="Prognos",
                color=palette.PROGNOS,
                dash="dash",
                width=2.5,
                hovertemplate="Prognos: %{y:,.0f}<extra></extra>",
            )
        )
        if interval is not None:
            end = float(forecast.iloc[-1])
            low, high = interval
            fig.add_trace(
                go.Scatter(
                    x=[12],
                    y=[end],
                    name="Prognosintervall (80 %)",
                    mode="markers",
                    marker={"color": palette.PROGNOS, "size": 9, "symbol": "diamond"},
                    error_y={
                        "type": "data",
                        "symmetric": False,
                        "array": [high - end],
                        "arrayminus": [end - low],
                        "color": palette.PROGNOS,
                        "thickness": 2,
                    },
                    hovertemplate=f"Prognos december: %{{y:,.0f}} ({fmt_int(low)}–{fmt_int(high)})"
                    "<extra></extra>",
                )
            )
    fig.add_trace(
        go.Scatter(
            x=progress["month"],
            y=progress["cumulative"].astype("float64"),
            name="Utfall, ackumulerat",
            mode="lines+markers",
            line={"color": palette.UTFALL, "width": 3},
            hovertemplate="Ackumulerat: %{y:,.0f}<extra></extra>",
        )
    )
    monthly_max = progress["hires"].astype("float64").max()
    top = max(float(monthly_max) if pd.notna(monthly_max) else 0.0, 1.0)
    step = nice_step(top * 3, ticks=5)
    fig.update_yaxes(title_text="Ackumulerat antal", rangemode="tozero", secondary_y=False)
    # Bars on their own axis, kept to the lower third so they stay clear of the lines.
    fig.update_yaxes(
        title_text="Per månad", range=[0, top * 3], dtick=step, showgrid=False, secondary_y=True
    )
    month_ticks(fig)
    fig.update_xaxes(range=[0.5, 12.5])
    legend_rows = 2 if len(fig.data) > 4 else 1
    return finish(fig, title=title, subtitle=subtitle, source=source, legend_rows=legend_rows)


def years_chart(
    years: pd.DataFrame,
    *,
    current_year: int,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Cumulative hires month by month, one line per year (`marts.goal.years_cumulative`), the
    chosen year bold in the outcome colour, earlier years thinner with their own dash and a label
    at the line's end (so they are told apart without colour)."""
    fig = go.Figure()
    earlier = sorted(y for y in years["ar"].unique() if y != current_year)
    for year in earlier:
        index = len(earlier) - 1 - earlier.index(year)  # 0 = the most recent earlier year
        rows = years[years["ar"] == year]
        fig.add_trace(
            go.Scatter(
                x=rows["month"],
                y=rows["cumulative"],
                name=str(year),
                mode="lines+text",
                line={
                    "color": _EARLIER_YEAR_COLOURS[index % 3],
                    "dash": _EARLIER_YEAR_DASHES[index % 3],
                    "width": 2,
                },
                text=[""] * (len(rows) - 1) + [str(year)],
                textposition="middle right",
                cliponaxis=False,  # the year beside December runs into the right margin
                hovertemplate=f"{year}, %{{x}}: %{{y:,.0f}}<extra></extra>",
            )
        )
    rows = years[years["ar"] == current_year]
    if len(rows):
        fig.add_trace(
            go.Scatter(
                x=rows["month"],
                y=rows["cumulative"],
                name=str(current_year),
                mode="lines+markers+text",
                line={"color": palette.UTFALL, "width": 3.5},
                text=[""] * (len(rows) - 1) + [f"<b>{current_year}</b>"],
                textposition="top left",
                hovertemplate=f"{current_year}, %{{x}}: %{{y:,.0f}}<extra></extra>",
            )
        )
        target = float(rows["target"].iloc[0])
        fig.add_trace(
            line_trace(
                list(range(1, 13)),
                [target * m / 12 for m in range(1, 13)],
                name=f"Mål {current_year}, rak linje",
                color=palette.MAL,
                dash="dash",
                width=1.5,
                hovertemplate="Mål, rak linje: %{y:,.0f}<extra></extra>",
            )
        )
    fig.update_yaxes(title_text="Ackumulerat antal", rangemode="tozero")
    month_ticks(fig)
    fig.update_xaxes(range=[0.5, 12.8])
    fig = finish(fig, title=title, subtitle=subtitle, source=source, legend_rows=1)
    # Room for "2025" right of December on a phone too, where 0.3 month is a few pixels.
    fig.update_layout(margin={"r": max(fig.layout.margin.r or 0, 44)})
    return fig
