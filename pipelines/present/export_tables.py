"""The tables behind the exported charts: values kept as numbers (or the disclosure mark `X`), a
kind per column that says how to show it, Swedish text for Word and the page, Excel number
formats for the workbook (and the numbers rounded to what is shown), and for the publication
version the key of each counted cell in the package's disclosure ledger (`keys`), so the
finished package can be audited from what it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pipelines.domain import disclosure
from pipelines.formatting import MISSING, fmt_int, fmt_kr, fmt_number, fmt_percent

#: Column kinds: (Swedish text, Excel number format).
#: Decimals kept in the workbook per kind: a number is stored as it is shown.
DECIMALS = {"int": 0, "dec1": 1, "pct": 2, "pct1": 3, "kr": 0}
KINDS: dict[str, tuple[Callable[[object], str], str | None]] = {
    "text": (lambda v: "" if v is None else str(v), None),
    "int": (fmt_int, "#,##0"),
    "dec1": (lambda v: fmt_number(v, 1), "#,##0.0"),
    "pct": (fmt_percent, "0 %"),
    "pct1": (lambda v: fmt_percent(v, 1), "0.0 %"),
    "kr": (fmt_kr, '#,##0 "kr"'),
}


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _rounded(value, decimals: int):
    if value is None or isinstance(value, str | bool) or _missing(value):
        return value
    number = round(float(value), decimals)
    return int(number) if decimals == 0 else number


@dataclass
class ExportTable:
    """A table of the export: `frame` holds numbers, labels and disclosure marks; `kinds` maps
    a column to a key of KINDS (text when not given)."""

    name: str
    frame: pd.DataFrame
    kinds: Mapping[str, str] = field(default_factory=dict)
    masked: bool = False
    #: Same shape as `frame` (columns that hold counts only): the ledger key of each cell, or
    #: None. Set for the publication version.
    keys: pd.DataFrame | None = None
    #: A note on the table (e.g. that counts are rounded), shown under it.
    note: str | None = None

    def display(self) -> pd.DataFrame:
        """Every cell as Swedish text (`12 345`, `2,4 %`, `–` for missing, marks unchanged)."""
        out = {}
        for column in self.frame.columns:
            show = KINDS[self.kinds.get(column, "text")][0]
            out[column] = [
                value if isinstance(value, str) else (MISSING if _missing(value) else show(value))
                for value in self.frame[column].astype(object)
            ]
        return pd.DataFrame(out, columns=list(self.frame.columns))

    def values(self) -> pd.DataFrame:
        """For Excel: numbers as numbers rounded to what is shown (missing as empty), text and
        marks as text."""
        out = self.frame.astype(object).where(self.frame.notna(), None)
        for column, kind in self.kinds.items():
            if column in out.columns and kind in DECIMALS:
                out[column] = [_rounded(v, DECIMALS[kind]) for v in out[column]]
        return out

    def number_formats(self) -> dict[str, str]:
        return {c: KINDS[k][1] for c, k in self.kinds.items() if KINDS.get(k, (None, None))[1]}


@dataclass
class ExportChart:
    """One chart of the export: `key` is its file name without extension, `drawn` the chart
    builder's figure, `figure` that figure styled for export (`style.style_for_export`, done on
    first use: a page that shows one chart of fifteen styles one), `table` the numbers behind it."""

    key: str
    title: str
    subtitle: str | None
    source: str
    drawn: go.Figure
    table: ExportTable

    @cached_property
    def figure(self) -> go.Figure:
        from pipelines.present.charts.export_style import style_for_export

        return style_for_export(
            self.drawn, title=self.title, subtitle=self.subtitle, source=self.source
        )

    @property
    def size(self) -> tuple[int, int]:
        return int(self.figure.layout.width), int(self.figure.layout.height)


# --- reading the shown cells ---------------------------------------------------------------------


def numeric(series: pd.Series) -> pd.Series:
    """Disclosure marks and other text as missing: the numbers a chart may draw."""
    return pd.to_numeric(
        series.astype(object).where(~series.map(lambda v: isinstance(v, str))), errors="coerce"
    ).astype("float64")


def is_mark(value) -> bool:
    return disclosure.is_mark(value)
