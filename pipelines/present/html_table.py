"""Real HTML tables for the screen: a caption, column headers (`<th scope="col">`), the first
column as row headers (`<th scope="row">`), figures right-aligned. A screen reader can move cell
by cell and hear each cell's headers, which it cannot in Streamlit's canvas grid.

`html_table(frame, caption=…)` returns the markup for `st.html`; the frame holds text already
formatted the Swedish way (`pipelines.formatting`). Every text (headers, cells, caption, link)
goes through `html.escape`: nothing from the data can become markup. `CSS` is the tables' look,
put on the page once by `pipelines.app.a11y`. On a narrow screen the table scrolls sideways
inside its box (which the keyboard reaches) while the row headers wrap, so the first columns (a
name and its status) stay in view on a phone; a line above it and a fade at its cut edge show
that it scrolls (`SCROLL_HINT`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from html import escape

import pandas as pd

#: The box's class: it scrolls sideways and is focusable (`pipelines.app.a11y.SCROLLERS`).
SCROLL_CLASS = "a11y-table-scroll"
TABLE_CLASS = "a11y-table"
#: The line above a table wider than its box: shown only while the table overflows (the box gets
#: `data-overflow`, set by `pipelines.app.a11y`'s script), with a fade at the box's cut edge.
SCROLL_HINT_CLASS = "a11y-scroll-hint"
SCROLL_HINT = "Tabellen är bredare än skärmen: svep eller rulla i sidled för fler kolumner →"
#: A marked cell's class (`html_table(marked=…)`): tinted, the cell's word says it too.
MARKED_CLASS = "marked"
#: A light vermillion (the palette's vermillion at low strength): dark text on it keeps AA.
MARKED_TINT = "#F8D5C2"

#: A link the table may carry: relative to the app (`?ar=2026&forvaltning=VOF`, `sida?x=1`),
#: never a scheme (`javascript:`, `https:`) or another host.
_RELATIVE_LINK = re.compile(r"^[A-Za-z0-9_/-]*\?[A-Za-z0-9_=&%.+-]*$")

#: A figure as the app writes it: digits with spaces, a decimal comma, a sign, a unit after; a
#: change may follow in parentheses (`−16 (−0,7 %)`).
_NUMBER = (
    r"[−\-+]?\d[\d\u00a0\u202f ]*(,\d+)?"
    r"([ \u00a0\u202f]?(%-enheter|procentenheter|%|kr|st|mnkr|tkr|p\.e\.))?"
)
_FIGURE = re.compile(rf"^{_NUMBER}([ \u00a0\u202f]\({_NUMBER}\))?$|^[–—-]$")

CSS = f"""
.{SCROLL_CLASS} {{ overflow-x: auto; max-width: 100%; margin-bottom: 0.5rem; }}
.{SCROLL_HINT_CLASS} {{ display: none; margin: 0 0 0.25rem 0; font-size: 0.8125rem; }}
.{SCROLL_HINT_CLASS}:has(+ .{SCROLL_CLASS}[data-overflow]) {{ display: block; }}
.{SCROLL_CLASS}[data-overflow="more"] {{
  mask-image: linear-gradient(to right, #000 calc(100% - 2.5rem), transparent);
  -webkit-mask-image: linear-gradient(to right, #000 calc(100% - 2.5rem), transparent);
}}
.{TABLE_CLASS} {{ border-collapse: collapse; font-size: 0.875rem; min-width: 60%; }}
.{TABLE_CLASS} caption {{ text-align: left; font-weight: 600; padding: 0 0 0.4rem 0; }}
.{TABLE_CLASS} th, .{TABLE_CLASS} td {{
  padding: 0.3rem 0.6rem; border-bottom: 1px solid rgba(128, 128, 128, 0.35);
  vertical-align: top;
}}
.{TABLE_CLASS} thead th {{ text-align: left; border-bottom-width: 2px; }}
.{TABLE_CLASS} tbody th {{
  text-align: left; font-weight: normal; min-width: 7rem; max-width: 14rem;
}}
.{TABLE_CLASS} td:not(.num):not(.short) {{ min-width: 7rem; }}
.{TABLE_CLASS} td.long {{ min-width: 14rem; }}
.{TABLE_CLASS} td.short {{ white-space: nowrap; }}
.{TABLE_CLASS} .num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
.{TABLE_CLASS} .{MARKED_CLASS} {{ background: {MARKED_TINT}; color: #1a1a1a; }}
@media (max-width: 480px) {{
  .{TABLE_CLASS} {{ font-size: 0.8125rem; }}
  .{TABLE_CLASS} th, .{TABLE_CLASS} td {{ padding: 0.3rem 0.4rem; }}
  .{TABLE_CLASS} tbody th {{ min-width: 6rem; max-width: 9.5rem; }}
}}
"""

#: A text column whose cells run longer than this (characters) gets room to wrap (`long`);
#: one whose cells are all at most `_SHORT_TEXT` long stays on one line (`short`: `✓ Målet nått`).
_LONG_TEXT = 40
_SHORT_TEXT = 14


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


def safe_link(href: str | None) -> str | None:
    """`href` when it is a link inside the app (`?ar=2026&forvaltning=VOF`), else None."""
    return href if href and _RELATIVE_LINK.match(href) else None


def _classes(*names: str) -> str:
    named = " ".join(n for n in names if n)
    return f' class="{named}"' if named else ""


def html_table(
    frame: pd.DataFrame,
    *,
    caption: str,
    figures: Iterable[str] | None = None,
    row_headers: bool = True,
    links: Sequence[str | None] | None = None,
    marked: Callable[[str], bool] | None = None,
) -> str:
    """The frame as an accessible table. `figures`: the right-aligned columns (default: those
    holding only figures); `row_headers`: the first column names each row (`<th scope="row">`);
    `links`: per row, a link inside the app for the first cell (`safe_link`; others are left
    out); `marked`: which cells to tint (their text must say why too, never colour alone)."""
    right = set(figure_columns(frame) if figures is None else figures)
    widths = {
        c: max((len(_text(v)) for v in frame[c]), default=0)
        for c in list(frame.columns)[1:]
        if c not in right
    }
    long = {c for c, width in widths.items() if width > _LONG_TEXT}
    short = {c for c, width in widths.items() if width <= _SHORT_TEXT}
    head = "".join(
        f'<th scope="col"{_classes("num" if c in right else "")}>{escape(str(c))}</th>'
        for c in frame.columns
    )
    hrefs = list(links) if links is not None else []
    rows = []
    for row, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = []
        for position, (column, value) in enumerate(zip(frame.columns, values, strict=True)):
            raw = _text(value)
            text = escape(raw)
            css = _classes(
                "num" if column in right else "",
                "long" if column in long else "",
                "short" if column in short and position else "",
                MARKED_CLASS if marked is not None and marked(raw) else "",
            )
            if position == 0:
                href = safe_link(hrefs[row]) if row < len(hrefs) else None
                if href:
                    text = f'<a href="{escape(href)}" target="_self">{text}</a>'
            if position == 0 and row_headers:
                cells.append(f'<th scope="row"{css}>{text}</th>')
            else:
                cells.append(f"<td{css}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<p class="{SCROLL_HINT_CLASS}" aria-hidden="true">{escape(SCROLL_HINT)}</p>'
        f'<div class="{SCROLL_CLASS}" role="region" aria-label="{escape(caption)}">'
        f'<table class="{TABLE_CLASS}"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
