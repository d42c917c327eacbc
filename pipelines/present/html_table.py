"""Real HTML tables for the screen: a caption, column headers (`<th scope="col">`), the first
column as row headers (`<th scope="row">`), figures right-aligned. A screen reader can move cell
by cell and hear each cell's headers, which it cannot in Streamlit's canvas grid.

`html_table(frame, caption=…)` returns the markup for `st.html`; the frame holds text already
formatted the Swedish way (`pipelines.formatting`). `CSS` is the tables' look, put on the page
once by `pipelines.app.a11y`. On a narrow screen the table scrolls sideways inside its box (which
the keyboard reaches).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

import pandas as pd

#: The box's class: it scrolls sideways and is focusable (`pipelines.app.a11y.SCROLLERS`).
SCROLL_CLASS = "a11y-table-scroll"
TABLE_CLASS = "a11y-table"

#: A figure as the app writes it: digits with spaces, a decimal comma, a sign, a unit after.
_FIGURE = re.compile(
    r"^[−\-+]?\d[\d\u00a0\u202f ]*(,\d+)?([ \u00a0\u202f]?(%|kr|st|mnkr|tkr|p\.e\.))?$|^[–—-]$"
)

CSS = f"""
.{SCROLL_CLASS} {{ overflow-x: auto; max-width: 100%; margin-bottom: 0.5rem; }}
.{TABLE_CLASS} {{ border-collapse: collapse; font-size: 0.875rem; min-width: 60%; }}
.{TABLE_CLASS} caption {{ text-align: left; font-weight: 600; padding: 0 0 0.4rem 0; }}
.{TABLE_CLASS} th, .{TABLE_CLASS} td {{
  padding: 0.3rem 0.6rem; border-bottom: 1px solid rgba(128, 128, 128, 0.35);
  vertical-align: top;
}}
.{TABLE_CLASS} thead th {{ text-align: left; border-bottom-width: 2px; }}
.{TABLE_CLASS} tbody th {{
  text-align: left; font-weight: normal;
}}
.{TABLE_CLASS} .num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
"""


def is_figure(text: str) -> bool:
    """Whether a cell's text is a figure (right-aligned): `12 345`, `2,4 %`, `−3`, `–`."""
    return bool(_FIGURE.match(text.strip()))


def figure_columns(frame: pd.DataFrame) -> list[str]:
    """The columns (after the first) whose every non-empty cell is a figure."""
    columns = []
    for name in list(frame.columns)[1:]:
        cells = [_text(v) for v in frame[name]]
        filled = [c for c in cells if c.strip()]
        if filled and all(is_figure(c) for c in filled):
            columns.append(name)
    return columns


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def html_table(
    frame: pd.DataFrame,
    *,
    caption: str,
    figures: Iterable[str] | None = None,
    row_headers: bool = True,
) -> str:
    """The frame as an accessible table. `figures`: the right-aligned columns (default: those
    holding only figures); `row_headers`: the first column names each row (`<th scope="row">`)."""
    right = set(figure_columns(frame) if figures is None else figures)
    num = ' class="num"'
    head = "".join(
        f'<th scope="col"{num if c in right else ""}>{escape(str(c))}</th>' for c in frame.columns
    )
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = []
        for position, (column, value) in enumerate(zip(frame.columns, values, strict=True)):
            text = escape(_text(value))
            css = num if column in right else ""
            if position == 0 and row_headers:
                cells.append(f'<th scope="row"{css}>{text}</th>')
            else:
                cells.append(f"<td{css}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="{SCROLL_CLASS}" role="region" aria-label="{escape(caption)}">'
        f'<table class="{TABLE_CLASS}"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
