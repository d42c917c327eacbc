"""The common look of every Plotly figure: Swedish number separators, palette, fonts, sizes;
the screen version of a figure (`for_screen`: title and notes as text, for any width), its
dark-theme copy (`dark`) and its short text alternative (`alt_text`)."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

from pipelines.formatting import MONTHS_SHORT
from pipelines.present.charts import palette

#: Plotly's `separators`: decimal comma, then the thousands separator (a non-breaking space).
SEPARATORS = ",\u00a0"
FONT = "DejaVu Sans, Arial, sans-serif"
#: Sizes (px) that fit an A4 page at print quality when exported at scale 2 or more.
EXPORT_WIDTH = 900
EXPORT_HEIGHT = 500


def _register_template() -> None:
    """The shared look as Plotly's default template, set once. Plotly gives a new figure its
    default template without validating it again, while `template=` in `update_layout` copies
    and validates the whole template for every figure (about 20 ms each)."""
    template = go.layout.Template(pio.templates["plotly_white"])
    template.layout.update(
        font={"family": FONT, "size": 13, "color": "#222222"},
        colorway=palette.SERIES,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    pio.templates["arbetsmal"] = template
    pio.templates.default = "arbetsmal"


_register_template()


def copy_figure(fig: go.Figure) -> go.Figure:
    """A copy of `fig` to restyle without touching the original. Every figure here has the
    default template (above), which the copy gets as a new figure does: `go.Figure(fig)` would
    copy and validate the whole template again (four times slower)."""
    spec = fig.to_dict()
    spec["layout"].pop("template", None)
    return go.Figure(spec)


def apply_style(
    fig: go.Figure,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
) -> go.Figure:
    """Apply the shared layout: separators, font, palette, white background, title and source line."""
    text = None
    if title:
        text = f"<b>{title}</b>" + (
            f"<br><span style='font-size:13px'>{subtitle}</span>" if subtitle else ""
        )
    # Font, colours, legend and hover label come with the default template (above).
    fig.update_layout(
        separators=SEPARATORS,
        title={"text": text, "x": 0, "xanchor": "left"} if text else None,
        margin={"l": 60, "r": 20, "t": 80 if text else 30, "b": 70 if source else 40},
    )
    if source:
        fig.add_annotation(
            text=source,
            xref="paper",
            yref="paper",
            x=0,
            y=-0.18,
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font={"size": 11, "color": palette.GREY},
        )
    return fig


def line_trace(
    x, y, *, name: str, color: str, dash: str | None = None, width: float = 2, **extra
) -> go.Scatter:
    """A plain line in the house style: solid for outcomes, `dash="dash"` for targets and
    comparisons, `dash="dot"` for derived series (rolling means, seasonal targets)."""
    style = {"color": color, "width": width} | ({"dash": dash} if dash else {})
    return go.Scatter(x=x, y=y, name=name, mode="lines", line=style, **extra)


def month_ticks(fig: go.Figure) -> go.Figure:
    """Month numbers 1–12 on the x axis shown as jan … dec."""
    fig.update_xaxes(tickmode="array", tickvals=list(range(1, 13)), ticktext=MONTHS_SHORT)
    return fig


#: Text and grid colours readable on Streamlit's dark backgrounds (#0E1117 and the like).
DARK_TEXT = "#E6E6E6"
DARK_MUTED = "#A6A6A6"
DARK_GRID = "#3A3F4B"
#: Colours that vanish on a dark background → their light counterparts (text, lines, markers).
_ON_DARK = {
    palette.BLACK.lower(): DARK_TEXT,
    "#222222": DARK_TEXT,
    "black": DARK_TEXT,
    palette.GREY.lower(): DARK_MUTED,
}


def _light(colour):
    return _ON_DARK.get(colour.lower(), colour) if isinstance(colour, str) else colour


def dark(fig: go.Figure) -> go.Figure:
    """A copy of `fig` for the app's dark theme: dark background, light text, dim grid, and the
    black target lines and grey notes made light (the original stays as it is, for exports)."""
    out = copy_figure(fig)
    out.update_layout(
        paper_bgcolor="rgba(0,0,0,0)",  # the app's own dark background shows through
        plot_bgcolor="rgba(0,0,0,0)",
        font_color=DARK_TEXT,
        legend_font_color=DARK_TEXT,
        legend_bgcolor="rgba(0,0,0,0)",
        hoverlabel_font_color=DARK_TEXT,
        hoverlabel_bgcolor="#262730",
    )
    axis = {"gridcolor": DARK_GRID, "linecolor": DARK_MUTED, "zerolinecolor": DARK_GRID}
    out.update_xaxes(**axis)
    out.update_yaxes(**axis)
    for trace in out.data:
        for part in ("line", "marker"):
            style = getattr(trace, part, None)
            if style is not None and isinstance(getattr(style, "color", None), str):
                style.color = _light(style.color)
        if getattr(trace, "textfont", None) is not None and trace.textfont.color is not None:
            trace.textfont.color = _light(trace.textfont.color)
    for note in out.layout.annotations:
        if note.font.color is not None:
            note.font.color = _light(note.font.color)
    for shape in out.layout.shapes:
        if shape.line.color is not None:
            shape.line.color = _light(shape.line.color)
    return out


def alt_text(fig: go.Figure) -> str:
    """A short text alternative for a chart: its title and subtitle, and what it draws (the
    series' names), for a screen reader. The figures themselves belong in a table beside it."""
    title = fig.layout.title.text or ""
    lines = [re.sub(r"<[^>]+>", "", part).strip() for part in re.split(r"<br\s*/?>", title)]
    names = []
    for trace in fig.data:
        name = getattr(trace, "name", None)
        if name and getattr(trace, "showlegend", None) is not False and name not in names:
            names.append(re.sub(r"<[^>]+>", "", str(name)))
    text = ". ".join(line.rstrip(".") for line in lines if line) or "Diagram"
    return f"Diagram: {text}." + (f" Visar {', '.join(names)}." if names else "")


def _plain_text(markup: str) -> str:
    """The text of Plotly markup: a line break becomes a space (a wrapped source line must not
    run `2026-12-01.X:` together), other tags go."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", markup))
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class ScreenFigure:
    """A figure made for a screen of any width: its title, subtitle and notes (the source line)
    taken out to be written as text around the chart (text wraps, a drawing does not), and the
    legend where Plotly grows the margin for it instead of over the title."""

    figure: go.Figure
    title: str | None
    subtitle: str | None
    notes: list[str]


#: Longest label line (characters) before a category label or axis title wraps on screen.
WRAP_AT = 18


def wrap(text: str, width: int = WRAP_AT) -> str:
    """`text` on lines of at most `width` characters (at spaces and after hyphens), `<br>`
    between them: "Arbetsmarknads- och socialförvaltningen" → two lines."""
    if len(text) <= width or "<" in text:
        return text
    return "<br>".join(textwrap.wrap(text, width=width, break_long_words=False))


def _narrow_labels(fig: go.Figure) -> None:
    """Labels that fit a phone: long category labels on the y axis (horizontal bars, heatmap
    rows) and long axis titles wrap; a horizontal bar's figure moves from the bar's end to the
    line under its name (whole on any width) and its axis gets fewer ticks; a heatmap with its
    counts in the cells drops its colour bar (the width goes to the cells)."""
    categories: list[str] = []
    values: dict[str, str] = {}
    for trace in fig.data:
        horizontal = trace.type == "bar" and trace.orientation == "h"
        if (horizontal or trace.type == "heatmap") and trace.y is not None:
            categories += [c for c in trace.y if isinstance(c, str) and c not in categories]
        if horizontal and trace.text is not None and len(fig.data) == 1:
            # A bar's figure beside its name, not at the bar's end: at the end it is cut off
            # on a phone (`23 (32 %` at the plot's edge) however the range is stretched.
            values = {str(c): str(t) for c, t in zip(trace.y, trace.text, strict=False)}
            trace.text = None
            fig.update_xaxes(nticks=5)  # fewer ticks: they stay upright on a phone
        if trace.type == "heatmap" and trace.texttemplate:
            trace.showscale = False
    if values or any(len(c) > WRAP_AT for c in categories):
        fig.update_yaxes(
            tickmode="array",
            tickvals=categories,
            ticktext=[
                wrap(c) + (f"<br><b>{values[c]}</b>" if c in values else "") for c in categories
            ],
        )
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        if axis.title.text and len(axis.title.text) > 2 * WRAP_AT:
            axis.title.text = wrap(axis.title.text, 2 * WRAP_AT)
    for axis in fig.select_xaxes():
        if axis.tickangle == 0:  # upright labels collide on a phone: Plotly turns them if needed
            axis.tickangle = None
        # `jan<br>2026` turned on its side stands as two columns and collides with the
        # neighbours on a phone: `jan 2026` on one line turns as one.
        if axis.ticktext and any("<br>" in str(text) for text in axis.ticktext):
            axis.ticktext = [str(text).replace("<br>", " ") for text in axis.ticktext]


def title_lines(fig: go.Figure) -> list[str]:
    """The figure's title as plain text lines: the title, then the subtitle's lines."""
    lines = [_plain_text(p) for p in re.split(r"<br\s*/?>", fig.layout.title.text or "")]
    return [line for line in lines if line]


def for_screen(fig: go.Figure) -> ScreenFigure:
    """The app's version of a figure (the original stays as it is, for exports)."""
    out = copy_figure(fig)
    lines = title_lines(fig)
    notes, kept = [], []
    for note in out.layout.annotations:
        shifted_down = note.y == 0 and note.yanchor == "top" and (note.yshift or 0) < 0
        below = note.yref == "paper" and note.y is not None and (note.y < 0 or shifted_down)
        (notes if below else kept).append(note)
    out.layout.annotations = kept
    margin = out.layout.margin
    out.update_layout(
        title=None,
        margin={"t": 10 if lines else margin.t, "b": 40 if notes else margin.b},
    )
    _narrow_labels(out)
    return ScreenFigure(
        figure=out,
        title=lines[0] if lines else None,
        subtitle=" ".join(lines[1:]) or None,
        notes=[_plain_text(n.text or "") for n in notes],
    )
