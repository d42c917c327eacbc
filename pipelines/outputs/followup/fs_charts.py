"""The försörjningsstöd charts of a year for the export, drawn by the försörjningsstöd page's own
builders (`pipelines.charts.forsorjningsstod`) from the same marts.

Publication version: a monthly count from 1 to 4 is hidden, and so is everything computed from
it: the same month next year's comparison, every rolling 12-month mean whose window holds it
(twelve months' mean and eleven published months would give it back), changes, and shares and
amounts per household built on it.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from pipelines import disclosure
from pipelines.charts import forsorjningsstod as fs_charts
from pipelines.export.goal_charts import Builder, period_text
from pipelines.export.tables import ExportChart, ExportTable, numeric
from pipelines.formatting import MONTHS
from pipelines.marts.forsorjningsstod import FIGURE_BY_ID, STATUS_LABEL

FS_SOURCE = "Källa: socialförvaltningens månadsuppföljning av ekonomiskt bistånd"
HIRES_FS_SOURCE = (
    "Källor: förvaltningarnas rapportering av anställningar; socialförvaltningens "
    "månadsuppföljning av ekonomiskt bistånd"
)
#: The key figures drawn as charts (every figure is in the workbook's table of all figures).
CHART_FIGURES = (
    "hushall",
    "barnhushall",
    "langvarigt",
    "utbetalt",
    "avslut_arbete",
    "i_arbetsmarknadsinsats",
)
KIND_OF = {"count": "int", "kr": "kr", "share": "pct1"}
_VALUE_COLUMNS = (
    "varde",
    "foregaende_ar",
    "rullande_12",
    "forandring_ar",
    "forandring_ar_pct",
    "foregaende_manad",
    "forandring_manad",
    "forandring_manad_pct",
)


def _month_index(month) -> int:
    ts = pd.Timestamp(month)
    return ts.year * 12 + ts.month - 1


def mask_series(series: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The long series (`marts.forsorjningsstod.fs_series`) with hidden values set to the mark
    `1–4` (the count itself) or `X` (what is computed from it), in object columns."""
    out = series.copy()
    for column in _VALUE_COLUMNS:
        out[column] = out[column].astype(object)
    small: set[tuple[str, int]] = set()
    for row in series.itertuples():
        if row.kind == "count" and disclosure.is_small(row.varde):
            small.add((row.nyckeltal, _month_index(row.manad)))
    if not small:
        return out, False

    def hidden(figure: str, month: int) -> bool:
        spec = FIGURE_BY_ID.get(figure)
        if spec is not None and spec.is_ratio:
            return hidden(spec.numerator, month) or hidden(spec.denominator, month)
        return (figure, month) in small

    for index, row in series.iterrows():
        figure, month = row["nyckeltal"], _month_index(row["manad"])
        marks = {}
        if hidden(figure, month):
            own = (figure, month) in small
            marks["varde"] = disclosure.MASK_SMALL if own else disclosure.MASK_OTHER
            for column in (
                "forandring_ar",
                "forandring_ar_pct",
                "forandring_manad",
                "forandring_manad_pct",
            ):
                marks[column] = disclosure.MASK_OTHER
        if hidden(figure, month - 12):
            marks["foregaende_ar"] = marks.get("foregaende_ar", disclosure.MASK_OTHER)
            marks["forandring_ar"] = marks["forandring_ar_pct"] = disclosure.MASK_OTHER
        if hidden(figure, month - 1):
            marks["foregaende_manad"] = disclosure.MASK_OTHER
            marks["forandring_manad"] = marks["forandring_manad_pct"] = disclosure.MASK_OTHER
        if any(hidden(figure, m) for m in range(month - 11, month + 1)):
            marks["rullande_12"] = disclosure.MASK_OTHER
        for column, mark in marks.items():
            if pd.notna(row[column]) or column == "varde":
                out.at[index, column] = mark
    return out, True


def _year_rows(series: pd.DataFrame, year: int) -> pd.DataFrame:
    return series[pd.to_datetime(series["manad"]).dt.year == year].reset_index(drop=True)


def trend(b: Builder, figure_id: str, series: pd.DataFrame, masked: bool) -> ExportChart | None:
    rows = _year_rows(series[series["nyckeltal"] == figure_id], b.year)
    if not len(rows):
        return None
    name, kind = str(rows["namn"].iloc[0]), KIND_OF.get(str(rows["kind"].iloc[0]), "int")
    frame = pd.DataFrame(
        {
            "Månad": [MONTHS[pd.Timestamp(m).month - 1].capitalize() for m in rows["manad"]],
            "Värde": rows["varde"].tolist(),
            "Samma månad i fjol": rows["foregaende_ar"].tolist(),
            "Rullande 12 mån": rows["rullande_12"].tolist(),
            "Uppgift": [STATUS_LABEL.get(s, s) for s in rows["status"]],
        }
    )
    drawn = rows.copy()
    for column in ("varde", "foregaende_ar", "rullande_12"):
        drawn[column] = numeric(rows[column]).to_numpy()
    hidden = masked and bool(
        frame[["Värde", "Samma månad i fjol", "Rullande 12 mån"]]
        .map(lambda v: isinstance(v, str))
        .to_numpy()
        .any()
    )
    last = int(pd.Timestamp(rows["manad"].iloc[-1]).month)
    title = f"{name} {b.year}"
    subtitle = (
        f"{period_text(b.year, last).capitalize()}, per månad, mot samma månad i fjol "
        "och rullande 12 månader"
    )
    fig = fs_charts.fs_trend_chart(drawn, figure_id, title=title)
    kinds = {"Värde": kind, "Samma månad i fjol": kind, "Rullande 12 mån": kind}
    table = ExportTable(name, frame, kinds, hidden)
    key = f"{10 + CHART_FIGURES.index(figure_id):02d}_{figure_id}"
    return b.chart(key, fig, title=title, subtitle=subtitle, source=FS_SOURCE, table=table)


def all_figures_table(series: pd.DataFrame, year: int) -> ExportTable | None:
    """Every key figure of the year month by month (months as rows, figures as columns)."""
    rows = _year_rows(series, year)
    if not len(rows):
        return None
    names = dict(zip(rows["nyckeltal"], rows["namn"], strict=False))
    kinds = dict(zip(rows["nyckeltal"], rows["kind"], strict=False))
    months = sorted(rows["manad"].unique())
    frame = pd.DataFrame(
        {"Månad": [MONTHS[pd.Timestamp(m).month - 1].capitalize() for m in months]}
    )
    for figure in dict.fromkeys(rows["nyckeltal"]):
        values = rows[rows["nyckeltal"] == figure].set_index("manad")["varde"]
        frame[names[figure]] = [values.get(m) for m in months]
    column_kinds = {names[f]: KIND_OF.get(kinds[f], "int") for f in names}
    masked = bool(frame.drop(columns="Månad").map(lambda v: isinstance(v, str)).to_numpy().any())
    return ExportTable("Försörjningsstöd, alla nyckeltal", frame, column_kinds, masked)


def hires_endings(b: Builder, link) -> ExportChart | None:
    monthly = link.monthly
    if not len(monthly):
        return None
    hires_col, end_col = "Anställda från försörjningsstöd", "Avslut till arbete"
    frame = pd.DataFrame(
        {
            "Månad": [MONTHS[pd.Timestamp(m).month - 1].capitalize() for m in monthly["manad"]],
            hires_col: monthly["hires_fran_forsorjningsstod"].astype(object).tolist(),
            end_col: monthly["avslut_arbete"].astype(object).tolist(),
            "Försörjningsstöd": [STATUS_LABEL.get(s, s) for s in monthly["status"]],
        }
    )
    frame = frame.astype({hires_col: object, end_col: object})
    frame = frame.where(frame.notna(), None)
    total = {
        "Månad": "Hela perioden",
        hires_col: np.nansum(monthly["hires_fran_forsorjningsstod"]),
        end_col: np.nansum(monthly["avslut_arbete"]),
        "Försörjningsstöd": "",
    }
    frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    masked = False
    if b.publication:
        result = disclosure.mask_table(frame, [hires_col, end_col], total_row=-1)
        frame, masked = result.table, result.any_masked
    body = frame.iloc[:-1]
    drawn = monthly.copy()
    drawn["hires_fran_forsorjningsstod"] = numeric(body[hires_col]).to_numpy()
    drawn["avslut_arbete"] = numeric(body[end_col]).to_numpy()
    fig = fs_charts.hires_endings_chart(drawn, b.year)
    title = f"Anställda från försörjningsstöd och avslut till arbete {b.year}"
    last = max(link.hires_last_month, link.fs_last_month)
    subtitle = f"{period_text(b.year, last).capitalize()}, per månad"
    table = ExportTable("Från försörjningsstöd", frame, {hires_col: "int", end_col: "int"}, masked)
    return b.chart(
        "16_fran_forsorjningsstod_till_arbete",
        fig,
        title=title,
        subtitle=subtitle,
        source=HIRES_FS_SOURCE,
        table=table,
    )


def year_series_bounds(year: int, fs_last_month: date | None) -> tuple[date, date] | None:
    """The months to read: from January the year before (the rolling means' windows) to the
    year's last delivered month; None when the year has none."""
    if fs_last_month is None:
        return None
    return date(year - 1, 1, 1), fs_last_month
