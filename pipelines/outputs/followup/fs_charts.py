"""The försörjningsstöd charts of a year for the export, drawn by the försörjningsstöd page's own
builders (`pipelines.present.charts.forsorjningsstod`) from the same marts.

Publication version: a monthly count the package's disclosure pass hides (a count from 1 to 4, or
one that would give another back) is shown as `X`, and so is everything computed from it: the
same month next year's comparison, every rolling 12-month mean whose window holds it (twelve
months' mean and eleven published months would give it back), changes, and shares and amounts
per household built on it. Hidden points are marked in the chart; count axes start at zero.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipelines.domain import disclosure
from pipelines.formatting import MONTHS, MONTHS_SHORT
from pipelines.outputs.followup.goal_charts import Builder, period_text
from pipelines.present.charts import forsorjningsstod as fs_charts
from pipelines.present.charts import palette
from pipelines.present.charts.export_style import bridge_hidden, mark_hidden_bars
from pipelines.present.export_tables import ExportChart, ExportTable, is_mark, numeric
from pipelines.queries.forsorjningsstod import FIGURE_BY_ID
from schemas.calendar import month_index
from schemas.vocabulary import (
    SOURCE_FORSORJNINGSSTOD,
    SOURCE_HIRES_AND_FORSORJNINGSSTOD,
    fs_status_label,
)

FS_SOURCE = SOURCE_FORSORJNINGSSTOD
HIRES_FS_SOURCE = SOURCE_HIRES_AND_FORSORJNINGSSTOD
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
    return month_index(pd.Timestamp(month))


def mask_series(series: pd.DataFrame, b: Builder) -> tuple[pd.DataFrame, bool]:
    """The long series (`queries.forsorjningsstod.fs_series`) with every value the package's
    protection hides, and everything computed from one, set to the mark `X` (object columns).
    A count is hidden when `b.hidden(("fs", nyckeltal, year, month))`; a ratio when its
    numerator or denominator is; a comparison, change or rolling mean when any month it uses is.
    """
    out = series.copy()
    for column in _VALUE_COLUMNS:
        out[column] = out[column].astype(object)
    mark = disclosure.MASK
    hidden_counts: set[tuple[str, int]] = set()
    for row in series.itertuples():
        if row.kind == "count":
            ts = pd.Timestamp(row.manad)
            if b.hidden(("fs", row.nyckeltal, ts.year, ts.month)):
                hidden_counts.add((row.nyckeltal, _month_index(row.manad)))
    if not hidden_counts:
        return out, False

    def hidden(figure: str, month: int) -> bool:
        spec = FIGURE_BY_ID.get(figure)
        if spec is not None and spec.is_ratio:
            return hidden(spec.numerator, month) or hidden(spec.denominator, month)
        return (figure, month) in hidden_counts

    for index, row in series.iterrows():
        figure, month = row["nyckeltal"], _month_index(row["manad"])
        marks = {}
        if hidden(figure, month):
            marks["varde"] = mark
            for column in (
                "forandring_ar",
                "forandring_ar_pct",
                "forandring_manad",
                "forandring_manad_pct",
            ):
                marks[column] = mark
        if hidden(figure, month - 12):
            marks["foregaende_ar"] = mark
            marks["forandring_ar"] = marks["forandring_ar_pct"] = mark
        if hidden(figure, month - 1):
            marks["foregaende_manad"] = mark
            marks["forandring_manad"] = marks["forandring_manad_pct"] = mark
        if any(hidden(figure, m) for m in range(month - 11, month + 1)):
            marks["rullande_12"] = mark
        for column, value in marks.items():
            if pd.notna(row[column]) or column == "varde":
                out.at[index, column] = value
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
            "Uppgift": [fs_status_label(s) for s in rows["status"]],
        }
    )
    drawn = rows.copy()
    for column in ("varde", "foregaende_ar", "rullande_12"):
        drawn[column] = numeric(rows[column]).to_numpy()
    hidden = masked and bool(
        frame[["Värde", "Samma månad i fjol", "Rullande 12 mån"]].map(is_mark).to_numpy().any()
    )
    is_count = str(rows["kind"].iloc[0]) == "count"
    months = [pd.Timestamp(m) for m in rows["manad"]]
    keys = None
    if is_count:
        keys = b.keyed(
            frame,
            {
                "Värde": [("fs", figure_id, m.year, m.month) for m in months],
                "Samma månad i fjol": [
                    ("fs", figure_id, m.year - 1, m.month) if pd.notna(v) or is_mark(v) else None
                    for m, v in zip(months, rows["foregaende_ar"], strict=True)
                ],
            },
        )
    last = int(pd.Timestamp(rows["manad"].iloc[-1]).month)
    title = f"{name} {b.year}"
    subtitle = (
        f"{period_text(b.year, last).capitalize()}, per månad, mot samma månad i fjol "
        "och rullande 12 månader"
    )
    fig = fs_charts.fs_trend_chart(drawn, figure_id, title=title)
    if is_count:
        fig.update_yaxes(rangemode="tozero")  # a count's axis starts at zero
    factor = 100.0 if str(rows["kind"].iloc[0]) == "share" else 1.0  # as the chart draws it
    x = [m.to_pydatetime() for m in months]
    for column, colour in (("foregaende_ar", palette.GREY), ("varde", palette.UTFALL)):
        values = rows[column].tolist()
        bridge_hidden(
            fig,
            x,
            [None if is_mark(v) or pd.isna(v) else float(v) * factor for v in values],
            [is_mark(v) for v in values],
            color=colour,
        )
    kinds = {"Värde": kind, "Samma månad i fjol": kind, "Rullande 12 mån": kind}
    table = ExportTable(name, frame, kinds, hidden, keys)
    return b.chart(figure_id, fig, title=title, subtitle=subtitle, source=FS_SOURCE, table=table)


def all_figures_table(
    series: pd.DataFrame, year: int, b: Builder | None = None
) -> ExportTable | None:
    """Every key figure of the year month by month (months as rows, figures as columns)."""
    rows = _year_rows(series, year)
    if not len(rows):
        return None
    names = dict(zip(rows["nyckeltal"], rows["namn"], strict=True))
    kinds = dict(zip(rows["nyckeltal"], rows["kind"], strict=True))
    months = sorted(rows["manad"].unique())
    frame = pd.DataFrame(
        {"Månad": [MONTHS[pd.Timestamp(m).month - 1].capitalize() for m in months]}
    )
    for figure in dict.fromkeys(rows["nyckeltal"]):
        values = rows[rows["nyckeltal"] == figure].set_index("manad")["varde"]
        frame[names[figure]] = [values.get(m) for m in months]
    column_kinds = {names[f]: KIND_OF.get(kinds[f], "int") for f in names}
    masked = bool(frame.drop(columns="Månad").map(is_mark).to_numpy().any())
    keys = None
    if b is not None:
        stamps = [pd.Timestamp(m) for m in months]
        keys = b.keyed(
            frame,
            {
                names[f]: [("fs", f, m.year, m.month) for m in stamps]
                for f in names
                if kinds[f] == "count"
            },
        )
    return ExportTable("Försörjningsstöd, alla nyckeltal", frame, column_kinds, masked, keys)


def hires_endings(b: Builder, link) -> ExportChart | None:
    monthly = link.monthly
    if not len(monthly):
        return None
    hires_col, end_col = "Anställda från försörjningsstöd", "Avslut till arbete"
    months = [pd.Timestamp(m) for m in monthly["manad"]]
    hires = [None if pd.isna(v) else int(v) for v in monthly["hires_fran_forsorjningsstod"]]
    endings = [None if pd.isna(v) else int(v) for v in monthly["avslut_arbete"]]
    hire_keys = [
        ("fran_fs", m.month) if v is not None else None for m, v in zip(months, hires, strict=True)
    ]
    end_keys = [
        ("fs", "avslut_arbete", m.year, m.month) if v is not None else None
        for m, v in zip(months, endings, strict=True)
    ]
    hires_total, endings_total = sum(v or 0 for v in hires), sum(v or 0 for v in endings)
    hires_total_key = ("fran_fs",)
    if b.protection is not None and b.protection.ledger.values.get(("fran_fs",)) != hires_total:
        hires_total_key = ("fran_fs", "summa")
    hire_keys.append(hires_total_key)
    end_keys.append(("fs_summa", "avslut_arbete", b.year))

    def shown(keys, values):
        return [b.show(k, v) if k is not None else v for k, v in zip(keys, values, strict=True)]

    frame = pd.DataFrame(
        {
            "Månad": [MONTHS[m.month - 1].capitalize() for m in months] + ["Hela perioden"],
            hires_col: shown(hire_keys, [*hires, hires_total]),
            end_col: shown(end_keys, [*endings, endings_total]),
            "Försörjningsstöd": [fs_status_label(s) for s in monthly["status"]] + [""],
        }
    )
    masked = bool(frame[[hires_col, end_col]].map(is_mark).to_numpy().any())
    body = frame.iloc[:-1]
    drawn = monthly.copy()
    drawn["hires_fran_forsorjningsstod"] = numeric(body[hires_col]).to_numpy()
    drawn["avslut_arbete"] = numeric(body[end_col]).to_numpy()
    fig = fs_charts.hires_endings_chart(drawn, b.year)
    labels = [MONTHS_SHORT[m.month - 1] for m in months]
    # Grouped bars: the first series sits left of the month's centre, the second right.
    for column, side in ((hires_col, "top left"), (end_col, "top right")):
        hidden = [labels[i] for i, v in enumerate(body[column]) if is_mark(v)]
        if hidden:
            mark_hidden_bars(fig, hidden)
            fig.data[-1].textposition = side
    title = f"Anställda från försörjningsstöd och avslut till arbete {b.year}"
    last = max(link.hires_last_month, link.fs_last_month)
    subtitle = f"{period_text(b.year, last).capitalize()}, per månad"
    keys = b.keyed(frame, {hires_col: hire_keys, end_col: end_keys})
    table = ExportTable(
        "Från försörjningsstöd", frame, {hires_col: "int", end_col: "int"}, masked, keys
    )
    return b.chart(
        "fran_forsorjningsstod_till_arbete",
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
