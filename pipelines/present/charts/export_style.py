"""The look of an exported chart: built on `charts.base.apply_style` and applied to a copy of the
very figure the page shows, so the picture in the report and on the screen never differ.

An exported chart has a title, a subtitle with its period, and a source line at the bottom
(`Källa: … Uttag 2026-09-15.`, plus the disclosure note where values are hidden, or the word
*Intern version* where they are exact). Numbers follow Swedish style on every axis (decimal
comma, a non-breaking space between thousands, also in four-digit numbers). Lines differ by dash
and marker, bars by hatching as well as colour, so the chart reads when printed in black and
white. Sizes fit the text width of an A4 page (16 cm at 900 px, PNG at scale 2 ≈ 290 dpi).

A hidden value is never an empty place: `mark_hidden_bars` puts the mark `X` where the bar would
stand, `bridge_hidden` draws a dotted stretch with `X` where a line passes hidden months, and one
legend entry says what `X` means.
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from pipelines.domain.disclosure import FOOTNOTE, INTERNAL_LABEL, MASK
from pipelines.present.charts import palette
from pipelines.present.charts.base import (
    EXPORT_HEIGHT,
    EXPORT_WIDTH,
    FONT,
    SEPARATORS,
    apply_style,
    copy_figure,
)

#: A4 portrait, 16 cm text width: at 900 px wide, at most ~1 300 px high fits on a page.
MAX_HEIGHT = 1300
MIN_HEIGHT = 280
#: Dash styles and markers handed out, in order, to lines that have none of their own.
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
#: Hatching for the second and later bar series (the first stays solid).
PATTERNS = ["", "/", ".", "x", "\\", "+"]
_SOURCE_PREFIXES = ("Källa", "Källor")
BOTTOM_MARGIN = 96
#: Characters of the source line before it wraps (11 px text beside long category labels).
SOURCE_WRAP = 90


def source_line(source: str, uttag: date, *, publication: bool, masked: bool = False) -> str:
    """`Källa: … Uttag 2026-09-15.` with the disclosure note or the internal marking."""
    text = source.strip()
    if not text.startswith(_SOURCE_PREFIXES):
        text = f"Källa: {text}"
    if not text.endswith("."):
        text += "."
    text += f" Uttag {uttag.isoformat()}."
    if not publication:
        text += f" {INTERNAL_LABEL}, inte för publicering."
    elif masked:
        text += f" {FOOTNOTE}"
    return text


#: The legend entry of the mark of a hidden value.
HIDDEN_NAME = f"{MASK} = dolt värde (röjandekontroll)"


def _legend_shown(fig: go.Figure) -> bool:
    return fig.layout.showlegend is not False


def mark_hidden_bars(
    fig: go.Figure,
    positions: list,
    *,
    horizontal: bool = False,
    yaxis: str | None = None,
    offset: float = 0.0,
) -> None:
    """A labelled mark `X` at the foot of each hidden bar (never an empty place), with a legend
    entry that says what it means. `positions` are the bars' categories (or x values)."""
    if not positions:
        return
    zeros = [offset] * len(positions)
    x, y = (zeros, list(positions)) if horizontal else (list(positions), zeros)
    fig.add_trace(_marks(x, y, "middle right" if horizontal else "top center", yaxis))
    _legend_entry(fig)


def _marks(x: list, y: list, position: str, yaxis: str | None) -> go.Scatter:
    """The text trace of the mark `X` at each (x, y): one look for every hidden value."""
    trace = go.Scatter(
        x=x,
        y=y,
        mode="text",
        text=[f"<b>{MASK}</b>"] * len(x),
        textposition=position,
        textfont={"size": 14, "color": palette.BLACK},
        name=HIDDEN_NAME,
        showlegend=False,
        hoverinfo="skip",
        cliponaxis=False,
    )
    if yaxis:
        trace.yaxis = yaxis
    return trace


def bridge_hidden(
    fig: go.Figure,
    x: list,
    y: list,
    hidden: list[bool],
    *,
    color: str | None = None,
    yaxis: str | None = None,
    legend: bool = True,
) -> None:
    """Where a line passes hidden points (`hidden`; their `y` is missing): a dotted segment from
    the last shown point to the next, with the mark `X` at each hidden place (drawn on the
    segment, whose height says nothing the shown ends do not). A hidden end is marked at the
    last shown height."""
    points = list(zip(x, y, hidden, strict=True))
    xs, ys, marks_x, marks_y = [], [], [], []
    index = 0
    while index < len(points):
        if not points[index][2]:
            index += 1
            continue
        start = index
        while index < len(points) and points[index][2]:
            index += 1
        before = next((p for p in reversed(points[:start]) if not p[2] and p[1] is not None), None)
        after = points[index] if index < len(points) else None
        left_x, left_y = (before[0], before[1]) if before else (points[start][0], 0.0)
        right_y = after[1] if after is not None and after[1] is not None else left_y
        span = [p[0] for p in points[start:index]]
        if after is not None:
            xs += [left_x, after[0], None]
            ys += [left_y, right_y, None]
        n = len(span) + 1
        for k, px in enumerate(span, start=1):
            marks_x.append(px)
            marks_y.append(left_y + (right_y - left_y) * k / n if after is not None else left_y)
    if not marks_x:
        return
    if xs:
        segment = go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": color or palette.GREY, "dash": "dot", "width": 2},
            showlegend=False,
            hoverinfo="skip",
        )
        if yaxis:
            segment.yaxis = yaxis
        fig.add_trace(segment)
    fig.add_trace(_marks(marks_x, marks_y, "top center", yaxis))
    if legend:
        _legend_entry(fig)


def _legend_entry(fig: go.Figure) -> None:
    """One legend entry that says what the mark means (a cross, as the mark reads), once."""
    if not _legend_shown(fig) or any(
        t.name == HIDDEN_NAME and t.showlegend is not False for t in fig.data
    ):
        return
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=HIDDEN_NAME,
            marker={"symbol": "x-thin-open", "size": 10, "line": {"width": 2.5}},
            marker_color=palette.BLACK,
            hoverinfo="skip",
        )
    )


def one_hidden_legend(fig: go.Figure) -> None:
    """One legend entry for the mark, however many traces carry it."""
    seen = False
    for trace in fig.data:
        if trace.name == HIDDEN_NAME and trace.showlegend is not False:
            if seen:
                trace.showlegend = False
            seen = True


def export_size(fig: go.Figure) -> tuple[int, int]:
    """(width, height) in CSS pixels: the A4 text width, the figure's own height within limits."""
    height = int(fig.layout.height or EXPORT_HEIGHT)
    return EXPORT_WIDTH, max(MIN_HEIGHT, min(height, MAX_HEIGHT))


def _black_and_white(fig: go.Figure) -> None:
    """Lines without a dash of their own get one (the first stays solid), markers a symbol,
    and a second or later bar series a hatch."""
    plain_lines = [
        t
        for t in fig.data
        if t.type == "scatter" and "lines" in (t.mode or "lines") and t.line.dash is None
    ]
    for index, trace in enumerate(plain_lines):
        trace.line.dash = DASHES[index % len(DASHES)]
    plain_markers = [
        t
        for t in fig.data
        if t.type == "scatter" and "markers" in (t.mode or "") and t.marker.symbol is None
    ]
    for index, trace in enumerate(plain_markers):
        trace.marker.symbol = MARKERS[index % len(MARKERS)]
    bars = [t for t in fig.data if t.type == "bar"]
    if len(bars) > 1:
        for index, trace in enumerate(bars):
            if not trace.marker.pattern.shape:
                trace.marker.pattern.shape = PATTERNS[index % len(PATTERNS)]
                trace.marker.pattern.fgcolor = palette.BLACK
                trace.marker.pattern.solidity = 0.25


def wrap(text: str, width: int = SOURCE_WRAP) -> str:
    """Break a long line at spaces with `<br>` (Plotly does not wrap annotations)."""
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return "<br>".join(lines)


def legend_rows(fig: go.Figure, width: int = EXPORT_WIDTH) -> int:
    """How many rows the horizontal legend takes (0 when there is none), estimated from the
    entries' text at 13 px (about 7.5 px a character, 45 px for the symbol and the gap)."""
    if fig.layout.showlegend is False:
        return 0
    entries = [t for t in fig.data if t.showlegend is not False and t.name]
    if len(entries) < 2 and fig.layout.showlegend is not True:
        return 0
    rows, used = 1, 0.0
    for trace in entries:
        size = 45 + 7.5 * len(str(trace.name))
        if used and used + size > width - 80:
            rows, used = rows + 1, 0.0
        used += size
    return rows


def _swedish_axes(fig: go.Figure) -> None:
    # Plotly separates thousands only from five digits unless told: `1 234` needs this.
    fig.update_xaxes(separatethousands=True)
    fig.update_yaxes(separatethousands=True)
    for trace in fig.data:
        if trace.type == "heatmap" and trace.colorbar is not None:
            trace.colorbar.separatethousands = True


def style_for_export(fig: go.Figure, *, title: str, subtitle: str | None, source: str) -> go.Figure:
    """A copy of `fig` styled for print: the shared style, title and subtitle, the source line
    (replacing any the builder set), Swedish axes, black-and-white cues and an A4 size."""
    out = copy_figure(fig)
    kept = [
        a
        for a in out.layout.annotations
        if not (isinstance(a.text, str) and a.text.startswith(_SOURCE_PREFIXES))
    ]
    out.layout.annotations = kept
    left, right = out.layout.margin.l, out.layout.margin.r  # the builder's room for labels
    apply_style(out, title=title, subtitle=subtitle)
    width, height = export_size(out)
    top = 18 + 28 + (22 if subtitle else 0) + 14 + 26 * legend_rows(out)
    if out.layout.xaxis.side == "top":
        top += 34  # month names above the plot (the heatmap)
    out.update_layout(
        separators=SEPARATORS,
        font={"family": FONT, "size": 13, "color": "#222222"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        width=width,
        height=height,
        title={
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 18, "l": 14},
        },
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left"},
        margin={
            "l": left if left is not None else 60,
            "r": right if right is not None else 20,
            "b": BOTTOM_MARGIN,
            "t": top,
        },
    )
    out.add_annotation(
        text=wrap(source),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-62 if out.layout.xaxis.title.text else -46,
        showarrow=False,
        align="left",
        font={"size": 11, "color": palette.GREY},
    )
    _swedish_axes(out)
    _black_and_white(out)
    return out
