"""Charts of försörjningsstöd and of the monthly report: the same builders for the page and the
PDF. Lines differ by dash as well as colour, bars by pattern, so they read in black and white.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pipelines.formatting import MONTHS_SHORT, fmt_int, fmt_month
from pipelines.present.charts import palette
from pipelines.present.charts.base import apply_style, line_trace
from schemas.vocabulary import PRELIMINAR, SAKNAS, SOURCE_FORSORJNINGSSTOD

SOURCE = SOURCE_FORSORJNINGSSTOD
NBSP = "\u00a0"


def _month_labels(months) -> list[str]:
    """`jan<br>2025`, `feb`, …: the year under the first label and wherever the year changes."""
    labels, year = [], None
    for m in months:
        m = pd.Timestamp(m)
        short = MONTHS_SHORT[m.month - 1]
        labels.append(f"{short}<br>{m.year}" if m.year != year else short)
        year = m.year
    return labels


def _hover_labels(months) -> list[str]:
    return [f"{MONTHS_SHORT[pd.Timestamp(m).month - 1]} {pd.Timestamp(m).year}" for m in months]


def _scale(kind: str) -> tuple[float, str, str]:
    """Multiplier, axis suffix and hover format for a figure's kind."""
    if kind == "share":
        return 100.0, f"{NBSP}%", ",.1f"
    if kind == "kr":
        return 1.0, f"{NBSP}kr", ",.0f"
    return 1.0, "", ",.0f"


def fs_trend_chart(series: pd.DataFrame, figure_id: str, *, title: str | None = None) -> go.Figure:
    """One figure month by month: the value, the same month last year and the rolling 12-month
    mean. Preliminary months are marked, missing months are gaps with the word *Saknas*."""
    rows = series[series["nyckeltal"] == figure_id].reset_index(drop=True)
    fig = go.Figure()
    if not len(rows):
        return apply_style(fig, title=title or "Ingen data")
    kind = str(rows["kind"].iloc[0])
    factor, suffix, fmt = _scale(kind)
    x = [pd.Timestamp(m).to_pydatetime() for m in rows["manad"]]
    hover = _hover_labels(rows["manad"])
    value_hover = f"%{{customdata}}: %{{y:{fmt}}}{suffix}<extra>%{{fullData.name}}</extra>"
    comparisons = (  # column, name, colour, dash, width
        ("foregaende_ar", "Samma månad i fjol", palette.GREY, "dash", 2),
        ("rullande_12", "Rullande 12 månader", palette.PROGNOS, "dot", 3),
    )
    for column, name, color, dash, width in comparisons:
        fig.add_trace(
            line_trace(
                x,
                rows[column] * factor,
                name=name,
                color=color,
                dash=dash,
                width=width,
                connectgaps=False,
                customdata=hover,
                hovertemplate=value_hover,
            )
        )
    preliminary = rows["status"] == PRELIMINAR
    fig.add_trace(
        go.Scatter(
            x=x,
            y=rows["varde"] * factor,
            name="Utfall",
            mode="lines+markers",
            line={"color": palette.UTFALL, "width": 3},
            connectgaps=False,
            marker={
                "size": [11 if p else 7 for p in preliminary],
                "symbol": ["circle-open" if p else "circle" for p in preliminary],
                "line": {"width": 2, "color": palette.UTFALL},
            },
            customdata=hover,
            hovertemplate=value_hover,
        )
    )
    finite = pd.concat([rows["varde"], rows["foregaende_ar"], rows["rullande_12"]]).dropna()
    top = float(finite.max() * factor) if len(finite) else 1.0
    for when, status in zip(x, rows["status"], strict=True):
        if status == SAKNAS:
            fig.add_annotation(
                x=when,
                y=top,
                text="Saknas",
                showarrow=False,
                textangle=-90,
                font={"size": 11, "color": palette.GREY},
                yanchor="top",
            )
    if preliminary.any():  # a legend entry that explains the open rings
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name="Preliminär månad",
                marker={
                    "size": 11,
                    "symbol": "circle-open",
                    "line": {"width": 2},
                    "color": palette.UTFALL,
                },
            )
        )
    name = str(rows["namn"].iloc[0])
    # A count, an amount or a share starts at zero: a small change must not look like a collapse.
    fig.update_yaxes(ticksuffix=suffix, tickformat=",.0f", rangemode="tozero")
    step = max(1, -(-len(x) // 13))  # at most 13 ticks
    fig.update_xaxes(
        type="date",
        tickangle=0,
        tickvals=x[::step],
        ticktext=_month_labels(list(rows["manad"])[::step]),
    )
    return apply_style(fig, title=title or name, source=SOURCE)


def hires_endings_chart(monthly: pd.DataFrame, year: int) -> go.Figure:
    """Per month of `year`: hires from försörjningsstöd beside endings to work (bars, the second
    with a hatch pattern)."""
    labels = [MONTHS_SHORT[pd.Timestamp(m).month - 1] for m in monthly["manad"]]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=labels,
            y=monthly["hires_fran_forsorjningsstod"],
            name="Anställda från försörjningsstöd",
            marker={"color": palette.UTFALL},
            hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            x=labels,
            y=monthly["avslut_arbete"],
            name="Hushåll som avslutats till arbete",
            marker={
                "color": palette.ORANGE,
                "pattern": {"shape": "/", "fgcolor": palette.BLACK, "solidity": 0.3},
            },
            hovertemplate="%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>",
        )
    )
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category")
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return apply_style(
        fig,
        title=f"Anställda från försörjningsstöd och avslut till arbete {year}",
        source="Källor: förvaltningarnas rapportering av anställningar; socialförvaltningens "
        "månadsuppföljning.",
    )


def forvaltning_chart(frame: pd.DataFrame, month) -> go.Figure:
    """Hires so far this year per förvaltning against its target (the whole municipality left
    out): bars coloured and labelled by status, the target as a black line."""
    rows = frame[frame["kod"] != ""].iloc[::-1]
    specs = [palette.status_spec(s) for s in rows["status"]]
    labels = [
        f"{n} ({spec['symbol']} {spec['label']})"
        for n, spec in zip(rows["namn"], specs, strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=rows["hires_ytd"],
            orientation="h",
            name="Hittills i år",
            marker={"color": [spec["color"] for spec in specs]},
            hovertemplate="%{y}: %{x:,.0f}<extra>Hittills i år</extra>",
        )
    )
    # "14 av 19" right of whichever ends later, the bar or the target line, so they never overlap.
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=[max(h, t) for h, t in zip(rows["hires_ytd"], rows["target"], strict=True)],
            mode="text",
            text=[
                f"  {fmt_int(h)} av {fmt_int(t)}"
                for h, t in zip(rows["hires_ytd"], rows["target"], strict=True)
            ],
            textposition="middle right",
            cliponaxis=False,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=rows["target"],
            mode="markers",
            name="Mål",
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": palette.MAL}},
            hovertemplate="%{y}: mål %{x:,.0f}<extra></extra>",
        )
    )
    longest = max([*rows["hires_ytd"], *rows["target"], 1])
    fig.update_xaxes(tickformat=",.0f", range=[0, longest * 1.22])  # room for "57 av 60"
    fig.update_layout(height=120 + 55 * len(rows), bargap=0.35, showlegend=False)
    when = fmt_month(pd.Timestamp(month).date())
    fig = apply_style(
        fig,
        title=f"Anställningar per förvaltning till och med {when}",
        subtitle="Stapel: hittills i år. Streck: årets mål. Status inom parentes.",
    )
    # On a phone the plot is narrow and the room in the range too small for "42 av 74": the
    # label runs on into the right margin (not clipped by the axis), so the margin holds it.
    fig.update_layout(margin={"r": 72})
    return fig
