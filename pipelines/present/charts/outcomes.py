"""The cohort chart of what became of a year's hires: at 6, 12 and 24 months, the share still
employed by the municipality and the share in work or studies, each bar labelled with its share
and the count behind it (`82 % (90 av 110)`); a point not reached, or reached but not reported,
says so in words where its bars would stand. Data in (`PointOutcome`s), `go.Figure` out."""

from __future__ import annotations

import plotly.graph_objects as go

from pipelines.domain.outcomes import PointOutcome
from pipelines.formatting import fmt_int, fmt_percent
from pipelines.present.charts import palette
from pipelines.present.charts.goal import finish

SOURCE = (
    "Källa: förvaltningarnas uppföljning ur personalsystemet och socialtjänstens "
    "verksamhetssystem (Arbetsmål)."
)
#: The two series: (attribute of the count, attribute of the share, name, colour, pattern).
SERIES = (
    ("kvar_i_anstallning", "andel_kvar", "Kvar i anställning i kommunen", palette.UTFALL, ""),
    (
        "i_arbete_eller_studier",
        "andel_i_arbete_eller_studier",
        "I arbete eller studier",
        palette.ORANGE,
        "/",
    ),
)


def point_label(months: int) -> str:
    return f"{months} månader"


def share_with_count(share: float | None, part: int | None, whole: int | None) -> str:
    """`82 % (90 av 110)`; `–` without a share."""
    if share is None or part is None or not whole:
        return fmt_percent(None)
    return f"{fmt_percent(share)} ({fmt_int(part)} av {fmt_int(whole)})"


def not_shown(point: PointOutcome) -> str | None:
    """Why a point has no bars: `ej uppnådd` or `ej rapporterad`; None when it has them."""
    if point.uppnadda == 0:
        return "ej uppnådd"
    if point.rapporterade == 0:
        return "ej rapporterad"
    return None


def cohort_chart(
    points: list[PointOutcome],
    *,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = SOURCE,
) -> go.Figure:
    """Horizontal bars per follow-up point (6 on top) of the two series in `SERIES`, in per
    cent, each labelled with its share and count (`81 % (162 av 199)`) inside the bar, or
    beside a short one: on a phone as on a wide screen, no label collides with another. The
    second series is hatched, so the two are told apart without colour too."""
    y = [point_label(p.manader) for p in points]
    fig = go.Figure()
    for count, share, name, colour, pattern in SERIES:
        values, labels = [], []
        for p in points:
            value = getattr(p, share)
            whole = p.rapporterade if count == "kvar_i_anstallning" else p.rapporterade_med_arbete
            values.append(None if value is None else round(value * 100, 1))
            labels.append(
                "" if value is None else share_with_count(value, getattr(p, count), whole)
            )
        fig.add_trace(
            go.Bar(
                x=values,
                y=y,
                orientation="h",
                name=name,
                text=labels,
                textposition="auto",
                insidetextanchor="start",
                textangle=0,
                textfont={"size": 13},
                insidetextfont={"color": palette.BLACK if pattern else "#FFFFFF"},
                outsidetextfont={"color": palette.BLACK},
                cliponaxis=False,
                marker={
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": palette.BLACK, "solidity": 0.1},
                    "line": {"color": palette.BLACK, "width": 0.5},
                },
                hovertemplate=f"{name}, %{{y}}: %{{text}}<extra></extra>",
            )
        )
    for label, p in zip(y, points, strict=True):
        if word := not_shown(p):
            fig.add_annotation(
                x=1, y=label, xanchor="left", text=f"<i>{word}</i>", showarrow=False,
                font={"color": palette.GREY, "size": 14},
            )  # fmt: skip
    ticks = list(range(0, 101, 25))
    fig.update_layout(
        barmode="group",
        bargap=0.3,
        xaxis={
            "range": [0, 104],
            "tickvals": ticks,
            "ticktext": [f"{t}\u00a0%" for t in ticks],
            "title": {"text": "Andel av de rapporterade"},
        },
        yaxis={"autorange": "reversed"},
        uniformtext={"minsize": 11, "mode": "show"},
    )
    fig = finish(fig, title=title, subtitle=subtitle, source=source, legend_rows=1, height=460)
    fig.update_layout(margin={"r": 36})  # room for the last tick, "100 %", on a phone
    return fig
