"""The goal's charts of a year for the export, drawn by the goal pages' own builders
(`pipelines.charts.goal`) from the same marts, with the publication version's hidden counts
taken out of the data first (and written as `1–4` or `X` in the labels)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pipelines import disclosure
from pipelines.charts import goal as goal_charts
from pipelines.charts import goal_forvaltning as forvaltning_charts
from pipelines.export.style import source_line
from pipelines.export.tables import (
    ExportChart,
    ExportTable,
    is_mark,
    mask_grid,
    mask_running,
    numeric,
)
from pipelines.formatting import MONTHS, MONTHS_SHORT, fmt_int
from pipelines.goal_tables import target_kind_label
from pipelines.marts.goal_forvaltning import MIX_DIMENSIONS
from pipelines.ui import status_text

HIRES_SOURCE = "Källa: förvaltningarnas månadsrapportering av anställningar (Arbetsmål)"
#: Titles of the breakdowns (MIX_DIMENSIONS' keys).
MIX_TITLES = {
    "anstallningsform": "Anställningar efter anställningsform",
    "malgrupp": "Anställningar efter målgrupp",
    "kon": "Anställningar efter kön",
    "fran_forsorjningsstod": "Anställningar efter försörjningsstöd före anställningen",
}
#: File names of the breakdowns.
MIX_KEYS = {
    "anstallningsform": "05_anstallningsform",
    "malgrupp": "06_malgrupp",
    "kon": "07_kon",
    "fran_forsorjningsstod": "08_fran_forsorjningsstod",
}


def period_text(year: int, last_month: int) -> str:
    """`januari–augusti 2026`, `hela 2025`, `januari 2026`, or that no month is reported."""
    if last_month <= 0:
        return f"inga månader rapporterade {year}"
    if last_month == 12:
        return f"hela {year}"
    if last_month == 1:
        return f"januari {year}"
    return f"januari–{MONTHS[last_month - 1]} {year}"


class Builder:
    """What every chart of an export shares: the version, the date of the extract."""

    def __init__(self, year: int, publication: bool, uttag: date):
        self.year, self.publication, self.uttag = year, publication, uttag

    def chart(
        self,
        key: str,
        fig: go.Figure,
        *,
        title: str,
        subtitle: str | None,
        source: str,
        table: ExportTable,
    ) -> ExportChart:
        line = source_line(source, self.uttag, publication=self.publication, masked=table.masked)
        return ExportChart(key, title, subtitle, line, fig, table)


def _relabel(fig: go.Figure, labels: dict[str, str]) -> None:
    """Replace the bar labels of the first trace for the given category names (y values)."""
    if not labels:
        return
    trace = fig.data[0]
    trace.text = [labels.get(str(y), t) for y, t in zip(trace.y, trace.text, strict=True)]


def progress(b: Builder, data: pd.DataFrame, overview) -> ExportChart:
    fc = overview.forecast
    frame = pd.DataFrame(
        {
            "Månad": [m.capitalize() for m in MONTHS],
            "Anställda": data["hires"].astype(object).where(data["hires"].notna(), None),
            "Ackumulerat": data["cumulative"]
            .astype(object)
            .where(data["cumulative"].notna(), None),
            "Mål, rak linje": data["target_linear"].astype("float64"),
            "Mål, säsongsmönster": data["target_seasonal"].astype("float64"),
            "Prognos, ackumulerat": data["forecast"].astype("float64"),
        }
    )
    masked = False
    if b.publication:
        frame, masked = mask_running(frame, "Anställda", "Ackumulerat")
    drawn = data.copy()
    drawn["hires"] = numeric(frame["Anställda"])
    drawn["cumulative"] = numeric(frame["Ackumulerat"])
    interval = (fc.low, fc.high) if fc.low is not None and fc.last_month < 12 else None
    title = f"Anställningar {b.year} mot målet {fmt_int(fc.target)}"
    subtitle = (
        f"{period_text(b.year, fc.last_month).capitalize()}: per månad (staplar) och "
        "ackumulerat (linje)"
    )
    fig = goal_charts.progress_chart(
        drawn, interval=interval, title=title, subtitle=subtitle, source=HIRES_SOURCE
    )
    kinds = {
        "Anställda": "int",
        "Ackumulerat": "int",
        "Mål, rak linje": "dec1",
        "Mål, säsongsmönster": "dec1",
        "Prognos, ackumulerat": "dec1",
    }
    table = ExportTable("Målet månad för månad", frame, kinds, masked)
    return b.chart(
        "01_mal_manad_for_manad",
        fig,
        title=title,
        subtitle=subtitle,
        source=HIRES_SOURCE,
        table=table,
    )


def years(b: Builder, data: pd.DataFrame) -> ExportChart:
    parts, masked = [], False
    for year in sorted(data["ar"].unique()):
        rows = data[data["ar"] == year]
        frame = pd.DataFrame(
            {
                "År": [str(year)] * len(rows),
                "Månad": [MONTHS[m - 1].capitalize() for m in rows["month"]],
                "Anställda": rows["hires"].astype(object).tolist(),
                "Ackumulerat": rows["cumulative"].astype(object).tolist(),
            }
        )
        if b.publication:
            frame, hidden = mask_running(frame, "Anställda", "Ackumulerat")
            masked = masked or hidden
        parts.append(frame)
    frame = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(columns=["År", "Månad", "Anställda", "Ackumulerat"])
    )
    drawn = data.copy()
    drawn["cumulative"] = numeric(frame["Ackumulerat"]).to_numpy() if len(frame) else []
    title = "Jämfört med tidigare år"
    first = int(data["ar"].min()) if len(data) else b.year
    subtitle = f"Ackumulerat antal anställda per månad, {first}–{b.year}"
    fig = goal_charts.years_chart(
        drawn, current_year=b.year, title=title, subtitle=subtitle, source=HIRES_SOURCE
    )
    table = ExportTable("Tidigare år", frame, {"Anställda": "int", "Ackumulerat": "int"}, masked)
    return b.chart(
        "02_jamfort_med_tidigare_ar",
        fig,
        title=title,
        subtitle=subtitle,
        source=HIRES_SOURCE,
        table=table,
    )


def share_of_target(b: Builder, data: pd.DataFrame, last_month: int) -> ExportChart:
    hires_total, target_total = int(data["hires"].sum()), int(data["target"].sum())
    frame = pd.DataFrame(
        {
            "Förvaltning": data["namn"].tolist() + ["Hela kommunen"],
            "Anställda": data["hires"].tolist() + [hires_total],
            "Mål": data["target"].tolist() + [target_total],
            "Måltyp": [
                target_kind_label(k) if t else "–"
                for k, t in zip(data["target_kind"], data["target"], strict=True)
            ]
            + [""],
            "Andel av mål": data["share"].tolist()
            + [hires_total / target_total if target_total else None],
            "Status": [status_text(s) for s in data["status"]] + [""],
            "Prognos": data["expected"].tolist() + [None],
            "Sannolikhet att nå målet": data["probability"].tolist() + [None],
        }
    )
    masked = False
    if b.publication:
        result = disclosure.mask_table(
            frame,
            ["Anställda"],
            total_row=-1,
            linked={
                c: "Anställda" for c in ("Andel av mål", "Prognos", "Sannolikhet att nå målet")
            },
        )
        frame, masked = result.table, result.any_masked
    hidden = frame["Anställda"].iloc[:-1].map(is_mark).to_numpy()
    drawn = data.copy()
    drawn["share"] = np.where(hidden, np.nan, data["share"].astype("float64"))
    title = f"Andel av måltalet {b.year}"
    subtitle = f"Per förvaltning, {period_text(b.year, last_month)}; status enligt prognosen"
    fig = forvaltning_charts.share_of_target_chart(
        drawn, title=title, subtitle=subtitle, source=HIRES_SOURCE
    )
    _relabel(
        fig, {str(n): disclosure.MASK_OTHER for n, h in zip(data["namn"], hidden, strict=True) if h}
    )
    kinds = {
        "Anställda": "int",
        "Mål": "int",
        "Andel av mål": "pct",
        "Prognos": "int",
        "Sannolikhet att nå målet": "pct",
    }
    table = ExportTable("Förvaltningar", frame, kinds, masked)
    return b.chart(
        "03_andel_av_maltalet",
        fig,
        title=title,
        subtitle=subtitle,
        source=HIRES_SOURCE,
        table=table,
    )


def heatmap(b: Builder, data: pd.DataFrame, last_month: int) -> ExportChart:
    months = [c for c in data.columns if isinstance(c, int)]
    names = [MONTHS_SHORT[m - 1] for m in months]
    frame = pd.DataFrame({"Förvaltning": data["namn"].tolist()})
    for m, name in zip(months, names, strict=True):
        frame[name] = data[m].astype(object).tolist()
    frame["Totalt"] = data["total"].astype(object).tolist()
    if b.publication:
        frame, _, masked = mask_grid(frame, names, "Totalt", "Förvaltning")
    else:
        totals = {"Förvaltning": "Totalt", **{c: frame[c].sum() for c in [*names, "Totalt"]}}
        frame, masked = pd.concat([frame, pd.DataFrame([totals])], ignore_index=True), False
    body = frame.iloc[:-1]
    drawn = data.copy()
    for m, name in zip(months, names, strict=True):
        drawn[m] = numeric(body[name]).to_numpy()
    title = f"Anställningar per förvaltning och månad {b.year}"
    subtitle = period_text(b.year, last_month).capitalize()
    fig = forvaltning_charts.heatmap_chart(
        drawn, title=title, subtitle=subtitle, source=HIRES_SOURCE
    )
    if months and len(body):
        text = [[v if isinstance(v, str) else fmt_int(v) for v in body[n]] for n in names]
        trace = fig.data[0]
        trace.text = [list(row) for row in zip(*text, strict=True)]
        trace.texttemplate = "%{text}"
        trace.hovertemplate = "%{y}, %{x}: %{text}<extra></extra>"
        peak = (
            np.nanmax(drawn[months].to_numpy(dtype=float))
            if drawn[months].notna().any().any()
            else 0
        )
        trace.zmax = max(float(peak), 1.0)
    kinds = {c: "int" for c in [*names, "Totalt"]}
    table = ExportTable("Förvaltning och månad", frame, kinds, masked)
    return b.chart(
        "04_forvaltning_och_manad",
        fig,
        title=title,
        subtitle=subtitle,
        source=HIRES_SOURCE,
        table=table,
    )


def mix(b: Builder, dimension: str, data: pd.DataFrame, last_month: int) -> ExportChart:
    heading = MIX_DIMENSIONS[dimension]
    frame = pd.DataFrame(
        {
            heading: data["label"].tolist() + ["Totalt"],
            "Anställda": data["hires"].tolist() + [int(data["hires"].sum())],
            "Andel": data["share"].tolist() + [1.0 if len(data) else None],
        }
    )
    masked = False
    if b.publication:
        result = disclosure.mask_table(
            frame, ["Anställda"], total_row=-1, linked={"Andel": "Anställda"}
        )
        frame, masked = result.table, result.any_masked
    body = frame.iloc[:-1]
    drawn = data.copy()
    drawn["hires"] = numeric(body["Anställda"]).to_numpy()
    drawn["share"] = numeric(body["Andel"]).to_numpy()
    title = f"{MIX_TITLES[dimension]} {b.year}"
    subtitle = f"Hela kommunen, {period_text(b.year, last_month)}"
    fig = forvaltning_charts.mix_chart(drawn, title=title, subtitle=subtitle, source=HIRES_SOURCE)
    _relabel(
        fig,
        {
            str(label): mark
            for label, mark in zip(body[heading], body["Anställda"], strict=True)
            if is_mark(mark)
        },
    )
    table = ExportTable(heading, frame, {"Anställda": "int", "Andel": "pct"}, masked)
    return b.chart(
        MIX_KEYS[dimension], fig, title=title, subtitle=subtitle, source=HIRES_SOURCE, table=table
    )
