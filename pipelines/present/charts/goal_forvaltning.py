"""Chart builders of the förvaltningar (shared with the exports): the heatmap förvaltning ×
month, the mix of one förvaltning's hires, and every förvaltning's share of its target with its
status in words. Data in, `go.Figure` out; the common finish comes from `charts.goal`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pipelines.domain.delivery import MISSING_MARK
from pipelines.formatting import MONTHS_SHORT, fmt_int, fmt_percent
from pipelines.present.charts import palette
from pipelines.present.charts.goal import finish, nice_step, source_below_axis


def heatmap_chart(
    heatmap: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    missing=None,
) -> go.Figure:
    """Hires per förvaltning × month (`marts.goal_forvaltning.forvaltning_heatmap`), the count
    written in every cell (readable without colour). A missing delivery (`missing`: a frame of
    flags like the month columns; default the cells that are NA) is drawn apart: a grey,
    cross-hatched cell marked `..` and a legend entry "uppgift saknas", never a 0."""
    months = [c for c in heatmap.columns if isinstance(c, int)]
    values = heatmap[months].astype("Float64").astype(float) if months else pd.DataFrame()
    z = values.to_numpy(dtype=float) if months else [[]]
    peak = float(np.nanmax(z)) if months and len(heatmap) and np.isfinite(z).any() else 0.0
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[MONTHS_SHORT[m - 1] for m in months],
            y=heatmap["namn"].tolist(),
            colorscale=[
                [i / (len(palette.SEQUENTIAL) - 1), c] for i, c in enumerate(palette.SEQUENTIAL)
            ],
            zmin=0,
            zmax=max(peak, 1.0),
            texttemplate="%{z:,.0f}",
            textfont={"size": 13},
            hovertemplate="%{y}, %{x}: %{z:,.0f} anställda<extra></extra>",
            colorbar={
                "title": {"text": "Anställda"},
                "thickness": 14,
                "dtick": nice_step(max(peak, 1.0)),
                "tickformat": ",.0f",
            },
            xgap=2,
            ygap=2,
        )
    )
    if months and len(heatmap):
        flags = values.isna() if missing is None else missing[months].astype(bool)
        _draw_missing(fig, heatmap["namn"].tolist(), [MONTHS_SHORT[m - 1] for m in months], flags)
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top")
    fig = finish(
        fig, title=title, subtitle=subtitle, source=source, height=max(280, 150 + 34 * len(heatmap))
    )
    fig.update_layout(margin={"t": 100 if title else 60})
    if len(fig.data) > 1:  # the legend of a missing delivery, below the grid
        fig.update_layout(
            showlegend=True,
            legend={"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top"},
            margin={"b": 90},
        )
    source_below_axis(fig, source, shift=-12)
    return fig


def _draw_missing(fig: go.Figure, names: list, months: list, flags: pd.DataFrame) -> None:
    """Missing deliveries over the heat map: a grey cell crossed by a thin grey `x` (a pattern,
    not a colour of the scale) with the mark `..` on it, and the legend entry "`..` uppgift
    saknas"; never a 0."""
    cells = [
        (months[j], names[i])
        for i in range(len(names))
        for j in range(len(months))
        if bool(flags.iat[i, j])
    ]
    if not cells:
        return
    grey = [[1.0 if bool(flags.iat[i, j]) else None for j in range(len(months))]
            for i in range(len(names))]  # fmt: skip
    fig.add_trace(
        go.Heatmap(
            z=grey,
            x=months,
            y=names,
            colorscale=[[0, "#e6e6e6"], [1, "#e6e6e6"]],
            showscale=False,
            hoverinfo="skip",
            xgap=2,
            ygap=2,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[c[0] for c in cells],
            y=[c[1] for c in cells],
            mode="markers+text",
            text=[MISSING_MARK] * len(cells),
            textposition="middle center",
            textfont={"size": 15, "color": "#000000"},
            marker={
                "symbol": "x-thin-open",
                "size": 26,
                "color": "#9a9a9a",
                "line": {"color": "#9a9a9a", "width": 1},
            },
            name=f"{MISSING_MARK} uppgift saknas",
            hovertemplate="%{y}, %{x}: uppgift saknas<extra></extra>",
            showlegend=True,
        )
    )
    fig.update_xaxes(showgrid=False, zeroline=False)
    fig.update_yaxes(showgrid=False, zeroline=False)


def mix_chart(
    mix: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Horizontal bars of a breakdown (`marts.goal_forvaltning.forvaltning_mix`), largest on top,
    each labelled with count and share."""
    rows = mix.iloc[::-1]
    labels = [
        f"{fmt_int(h)} ({fmt_percent(s)})"
        for h, s in zip(rows["hires"], rows["share"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=rows["hires"],
            y=rows["label"],
            orientation="h",
            marker_color=palette.UTFALL,
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    top = float(rows["hires"].max()) if len(rows) else 1.0
    fig.update_xaxes(range=[0, max(top, 1.0) * 1.35], title_text="Anställda")
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False)
    return finish(
        fig, title=title, subtitle=subtitle, source=source, height=max(240, 150 + 36 * len(rows))
    )


def share_of_target_chart(
    table: pd.DataFrame,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Each förvaltning's share of its target (`forvaltning_table`), coloured by status, with the
    status symbol and word in the label (never colour alone) and a line at 100 %."""
    rows = table[table["target"] > 0].iloc[::-1]
    colours = [palette.status_spec(s)["color"] for s in rows["status"]]
    fig = go.Figure(
        go.Bar(
            x=rows["share"] * 100,
            y=rows["namn"],
            orientation="h",
            marker_color=colours,
            text=[fmt_percent(share) for share in rows["share"]],
            # Inside the end of a bar that has room (the long ones: on a phone their label
            # would otherwise run into the status column), outside a short one; dark text on
            # the status colours keeps 5:1 or more (black on vermillion 5,4:1).
            textposition="auto",
            insidetextanchor="end",
            insidetextfont={"color": "#000000"},
            outsidetextfont={"color": "#222222"},
            cliponaxis=False,
            customdata=list(zip(rows["hires"], rows["target"], strict=True)),
            hovertemplate="%{y}: %{customdata[0]:,.0f} av %{customdata[1]:,.0f}<extra></extra>",
        )
    )
    # The status word and symbol in a column of its own at the right edge. Added in one go:
    # `add_annotation` in a loop validates every earlier annotation again (1 s for 60 rows).
    status_notes = []
    for name, status in zip(rows["namn"], rows["status"], strict=True):
        spec = palette.status_spec(status)
        status_notes.append(
            {
                "x": 1.0,
                "xref": "paper",
                "xanchor": "left",
                "xshift": 12,
                "y": name,
                "yref": "y",
                "text": f"{spec['symbol']} {spec['label']}",
                "showarrow": False,
                "font": {"color": "#222222"},
            }
        )
    fig.update_layout(annotations=[*fig.layout.annotations, *status_notes])
    peak = float(rows["share"].max()) if len(rows) else 1.0
    fig.add_vline(x=100, line={"color": palette.MAL, "dash": "dash", "width": 1.5}, layer="below")
    fig.update_xaxes(
        range=[0, max(peak, 1.0) * 120],
        tickformat=",.0f",
        ticksuffix="\u00a0%",
        title_text="Andel av mål (streckad linje: 100\u00a0%)",
    )
    fig.update_yaxes(automargin=True)
    fig.update_layout(showlegend=False)
    fig = finish(
        fig, title=title, subtitle=subtitle, source=source, height=max(260, 160 + 34 * len(rows))
    )
    fig.update_layout(margin={"r": 110})
    return fig
