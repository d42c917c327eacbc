"""The comparison with the country (Socialstyrelsen's monthly statistics) in Swedish: tables,
one sentence, a chart, and the command line's JSON. Numbers in, text and figures out; no
database, no Streamlit.

Masked months (`X`) and missing ones (`--`, or in no export) are shown as such in every table
and on the chart (a mark on the axis, never a zero and never a silent gap); anomalies
(`avvikelse`) are circled on the chart and marked `!` in the tables.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from pipelines.formatting import fmt_month, fmt_month_short, fmt_number, fmt_percent, month_key
from pipelines.present.charts import palette
from pipelines.present.charts.base import apply_style, line_trace
from schemas import sos_manad as sos
from schemas.vocabulary import (
    KOLADA_KPI_TITLES,
    MONTHS_SHORT,
    SOS_DIFFERENCE_EXPLANATIONS,
    sos_role_label,
    sos_status_word,
)

#: What the charts can show.
VIEWS = {"index": "Index", "forandring": "Förändring mot samma månad året innan", "varde": "Antal"}

#: Why the own file and Socialstyrelsen may disagree (codes from `queries.comparison`).
EXPLANATIONS = SOS_DIFFERENCE_EXPLANATIONS

SOURCE = "Källa: Socialstyrelsens statistikdatabas, ekonomiskt bistånd per månad"


def source_line(comparison) -> str:
    dates = ", ".join(d.isoformat() for d in comparison.extraction_dates)
    return f"{SOURCE} (uttag {dates})." if dates else f"{SOURCE}."


def _value_text(value, status: str, decimals: int = 0) -> str:
    if status != sos.STATUS_VALUE or value is None or _nan(value):
        return sos_status_word(status)
    return fmt_number(value, decimals)


def _nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def region_label(series) -> str:
    """`Lund (egen kommun)`, `Jämförelsegrupp: Större städer (31 kommuner)`."""
    if series.role == "grupp":
        return f"{series.region} ({series.members} kommuner)"
    role = sos_role_label(series.role)
    return f"{series.region} ({role})" if role else series.region


def comparison_table(comparison) -> pd.DataFrame:
    """One row per month; per region its figure, the change against the same month last year
    and the index (base month = 100), every cell Swedish text."""
    if comparison.empty:
        return pd.DataFrame()
    base = fmt_month_short(comparison.base_month)
    rows = []
    months = list(comparison.regions[0].frame["manad"])
    for i, month in enumerate(months):
        row = {"Månad": fmt_month(month, capital=True)}
        for series in comparison.regions:
            r = series.frame.iloc[i]
            mark = " !" if r["avvikelse"] else ""
            row[f"{series.region}"] = _value_text(r["varde"], r["status"]) + mark
            row[f"{series.region}: förändring"] = (
                fmt_percent(r["forandring"], 1, signed=True)
                if r["forandring_status"] == sos.STATUS_VALUE
                else sos_status_word(r["forandring_status"])
            )
            row[f"{series.region}: index ({base} = 100)"] = (
                fmt_number(r["index"], 1)
                if r["index_status"] == sos.STATUS_VALUE
                else sos_status_word(r["index_status"])
            )
        rows.append(row)
    return pd.DataFrame(rows)


def compact_table(comparison) -> pd.DataFrame:
    """One row per month, one column per region: `1 020 (+20,7 %)`, the change against the same
    month last year in brackets; `!` after an anomaly; X and – as such (the monthly report)."""
    if comparison.empty:
        return pd.DataFrame()
    rows = []
    for i, month in enumerate(comparison.regions[0].frame["manad"]):
        row = {"Månad": fmt_month(month, capital=True)}
        for series in comparison.regions:
            r = series.frame.iloc[i]
            text = _value_text(r["varde"], r["status"])
            if r["status"] == sos.STATUS_VALUE:
                change = (
                    fmt_percent(r["forandring"], 1, signed=True)
                    if r["forandring_status"] == sos.STATUS_VALUE
                    else sos_status_word(r["forandring_status"])
                )
                text += f" ({change})"
            row[series.region] = text + (" !" if r["avvikelse"] else "")
        rows.append(row)
    return pd.DataFrame(rows)


def own_vs_sos_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The own monthly file beside Socialstyrelsen's figure, with the difference explained."""
    rows = []
    for r in frame.itertuples(index=False):
        rows.append(
            {
                "Månad": fmt_month(r.manad, capital=True),
                "Egen månadsfil": "– (ingen fil)" if pd.isna(r.egen) else fmt_number(r.egen),
                "Socialstyrelsen": _value_text(r.sos, r.sos_status),
                "Skillnad": fmt_number(r.skillnad, signed=True),
                "Skillnad, %": fmt_percent(r.skillnad_andel, 1, signed=True),
                "Förklaring": EXPLANATIONS[r.forklaring],
            }
        )
    return pd.DataFrame(rows)


def kolada_table(frame: pd.DataFrame, own: str) -> pd.DataFrame:
    """Kolada's yearly key figures: the own municipality, the comparison group's unweighted
    mean (over the municipalities with a value) and Riket; a missing value as –."""
    rows = []
    for r in frame.itertuples(index=False):
        decimals = 0 if r.kpi == "N40008" else 1
        rows.append(
            {
                "Nyckeltal": KOLADA_KPI_TITLES.get(r.kpi, r.kpi),
                "År": str(r.ar),
                own: fmt_number(r.egen, decimals),
                "Jämförelsegruppen, medel": fmt_number(r.grupp_medel, decimals)
                + (
                    f" ({r.grupp_antal} {'kommun' if r.grupp_antal == 1 else 'kommuner'})"
                    if r.grupp_antal
                    else ""
                ),
                "Riket": fmt_number(r.riket, decimals),
            }
        )
    return pd.DataFrame(rows)


def anomalies_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Datakvalitet's list of flagged months."""
    return pd.DataFrame(
        {
            "Region": frame["region"],
            "Mått": frame["matt"],
            "Månad": [fmt_month(m, capital=True) for m in frame["manad"]],
            "Värde": [fmt_number(v) for v in frame["varde"]],
            "Medel av grannmånaderna": [fmt_number(v, 1) for v in frame["grannmedel"]],
            "Avvikelse": [fmt_percent(v, 1, signed=True) for v in frame["avvikelse_andel"]],
        }
    )


def summary(comparison) -> str | None:
    """One sentence for the latest month where the first region has a value and a change."""
    if comparison.empty:
        return None
    first = comparison.regions[0]
    usable = first.frame[first.frame["forandring_status"] == sos.STATUS_VALUE]
    if usable.empty:
        return None
    row = usable.iloc[-1]
    month = row["manad"]
    parts = []
    for series in comparison.regions[1:]:
        other = series.frame[series.frame["manad"] == month].iloc[0]
        if other["forandring_status"] == sos.STATUS_VALUE:
            parts.append(f"{series.region} {fmt_percent(other['forandring'], 1, signed=True)}")
        else:
            parts.append(f"{series.region} {sos_status_word(other['forandring_status'])}")
    others = (" Samma tid: " + ", ".join(parts) + ".") if parts else ""
    return (
        f"{fmt_month(month, capital=True)}: {first.region} "
        f"{fmt_number(row['varde'])} ({comparison.matt.lower()}), "
        f"{fmt_percent(row['forandring'], 1, signed=True)} mot samma månad året innan.{others}"
    )


def comparison_figure(comparison, view: str = "index") -> go.Figure:
    """Lines per region for the year (`view`: index, forandring or varde); masked and missing
    months marked on the axis with their symbol, anomalies circled."""
    fig = go.Figure()
    column, status_column = {
        "index": ("index", "index_status"),
        "forandring": ("forandring", "forandring_status"),
        "varde": ("varde", "status"),
    }[view]
    for number, series in enumerate(comparison.regions):
        frame = series.frame
        x = [m.month for m in frame["manad"]]
        ok = frame[status_column] == sos.STATUS_VALUE
        y = [
            (v * 100 if view == "forandring" else v) if good else None
            for v, good in zip(frame[column], ok, strict=True)
        ]
        color = palette.SERIES[number % len(palette.SERIES)]
        dash = None if number == 0 else ("dash" if series.role != "grupp" else "dot")
        fig.add_trace(
            line_trace(x, y, name=region_label(series), color=color, dash=dash, connectgaps=False)
        )
        flagged = frame["avvikelse"] & ok
        if flagged.any():
            fig.add_trace(
                go.Scatter(
                    x=[m for m, f in zip(x, flagged, strict=True) if f],
                    y=[v for v, f in zip(y, flagged, strict=True) if f],
                    mode="markers",
                    marker={"symbol": "circle-open", "size": 14, "color": palette.VERMILLION},
                    name=f"Avvikelse ({series.region})",
                    hovertemplate="Avvikelse: mer än 15 % från grannmånadernas medel<extra></extra>",
                )
            )
        for status, symbol in ((sos.STATUS_MASKED, "x"), (sos.STATUS_MISSING, "line-ew-open")):
            where = [m for m, s in zip(x, frame[status_column], strict=True) if s == status]
            if where:
                fig.add_trace(
                    go.Scatter(
                        x=where,
                        y=[0] * len(where),
                        yaxis="y2",
                        mode="markers",
                        marker={"symbol": symbol, "size": 10, "color": color},
                        name=f"{sos_status_word(status)} ({series.region})",
                        hovertemplate=f"{sos_status_word(status)}<extra></extra>",
                    )
                )
    titles = {
        "index": f"Index ({fmt_month_short(comparison.base_month)} = 100)",
        "forandring": "Förändring mot samma månad året innan, %",
        "varde": comparison.matt,
    }
    fig.update_layout(
        yaxis={"title": titles[view]},
        yaxis2={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True},
        xaxis={"range": [0.5, 12.5]},
    )
    fig.update_xaxes(tickmode="array", tickvals=list(range(1, 13)), ticktext=MONTHS_SHORT)
    return apply_style(
        fig,
        title=f"{comparison.matt}: jämförelse {comparison.year}",
        subtitle="Kryss = sekretess (X), streck = uppgift saknas, ring = avvikelse",
        source=source_line(comparison),
    )


def _json_value(value, status: str):
    if status != sos.STATUS_VALUE or value is None or _nan(value):
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def comparison_json(comparison) -> dict:
    """The command line's JSON: measure, year, and per region its twelve months."""
    return {
        "matt": comparison.matt,
        "year": comparison.year,
        "regions": [
            {
                "region": series.region,
                "months": [
                    {
                        "manad": month_key(r.manad),
                        "varde": _json_value(r.varde, r.status),
                        "status": r.status,
                        "avvikelse": bool(r.avvikelse),
                    }
                    for r in series.frame.itertuples(index=False)
                ],
            }
            for series in comparison.regions
        ],
    }
