"""The goal's charts of a year for the export, drawn by the goal pages' own builders
(`pipelines.present.charts.goal`) from the same marts. In the publication version every counted
cell shows what the package's one disclosure pass decided (`Builder.show`: the number, a number
rounded to 5 or 10, or the mark `X`); hidden values are taken out of the drawn data and marked
in the chart (`X` at the bar's place, a dotted segment with `X` where a line passes a hidden
month, a legend entry)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pipelines.domain.delivery import MISSING_MARK
from pipelines.domain.disclosure import MASK, Protection
from pipelines.formatting import MONTHS, MONTHS_SHORT, fmt_int, fmt_percent
from pipelines.outputs.followup import coarse
from pipelines.outputs.followup.published import total_key
from pipelines.present.charts import goal as goal_charts
from pipelines.present.charts import goal_forvaltning as forvaltning_charts
from pipelines.present.charts import palette
from pipelines.present.charts.export_style import (
    bridge_hidden,
    mark_hidden_bars,
    one_hidden_legend,
    source_line,
)
from pipelines.present.export_tables import ExportChart, ExportTable, is_mark, numeric
from pipelines.present.goal_tables import heatmap_note, target_kind_label
from pipelines.queries.goal_forvaltning import MIX_DIMENSIONS
from schemas.vocabulary import SOURCE_HIRES, status_text

HIRES_SOURCE = SOURCE_HIRES
#: Titles of the breakdowns (MIX_DIMENSIONS' keys).
MIX_TITLES = {
    "anstallningsform": "Anställningar efter anställningsform",
    "malgrupp": "Anställningar efter målgrupp",
    "kon": "Anställningar efter kön",
    "fran_forsorjningsstod": "Anställningar efter försörjningsstöd före anställningen",
}
#: File names of the breakdowns (numbered in the package's order by `collect`).
MIX_KEYS = {
    "anstallningsform": "anstallningsform",
    "malgrupp": "malgrupp",
    "kon": "kon",
    "fran_forsorjningsstod": "fran_forsorjningsstod",
}


def period_text(year: int, last_month: int, final: bool = True) -> str:
    """`januari–augusti 2026`, `hela 2025`, `januari 2026`, or that no month is reported; a
    year reported to December but not final (a delivery missing, issue 24) is `januari–december
    2026 (preliminärt)`, never "hela"."""
    if last_month <= 0:
        return f"inga månader rapporterade {year}"
    if last_month == 12 and not final:
        return f"januari–december {year} (preliminärt)"
    if last_month == 12:
        return f"hela {year}"
    if last_month == 1:
        return f"januari {year}"
    return f"januari–{MONTHS[last_month - 1]} {year}"


class Builder:
    """What every chart of an export shares: the version, the date of the extract, and for the
    publication version the package's protection (what is hidden or rounded)."""

    def __init__(
        self, year: int, publication: bool, uttag: date, protection: Protection | None = None
    ):
        self.year, self.publication, self.uttag = year, publication, uttag
        self.protection = protection if publication else None
        #: Every month of the year complete (issue 24): until then periods say "preliminärt".
        self.final = True

    def period(self, last_month: int) -> str:
        """`period_text` of the builder's year, preliminary until the year is final."""
        return period_text(self.year, last_month, self.final)

    def show(self, key, value):
        """What the package shows for the quantity `key` whose exact value is `value`."""
        if self.protection is None or value is None or key not in self.protection.ledger.values:
            return value
        return self.protection.show(key, value)

    def hidden(self, key) -> bool:
        return self.protection is not None and self.protection.hidden(key)

    def rounding(self, keys) -> int | None:
        """The rounding base of any of `keys` (None: exact)."""
        if self.protection is None:
            return None
        bases = [self.protection.rounded[k][1] for k in keys if k in self.protection.rounded]
        return max(bases) if bases else None

    def keyed(self, frame: pd.DataFrame, keys: dict[str, list]) -> pd.DataFrame | None:
        """The keys frame of a table (publication only): `keys` maps a column to its keys (a
        quantity the ledger does not hold, such as the total of a year without hires, none)."""
        if self.protection is None:
            return None
        known = self.protection.ledger.values
        return pd.DataFrame(
            {
                c: pd.Series(
                    [x if x in known else None for x in k], index=frame.index, dtype=object
                )
                for c, k in keys.items()
            }
        )

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
        one_hidden_legend(fig)
        line = source_line(source, self.uttag, publication=self.publication, masked=table.masked)
        return ExportChart(key, title, subtitle, line, fig, table)


def _masked(frame: pd.DataFrame, columns) -> bool:
    return bool(frame[list(columns)].map(is_mark).to_numpy().any())


def _linked(values: list, hidden: list[bool]) -> list:
    """A derived column: the mark wherever its count is hidden."""
    return [MASK if h and v is not None else v for v, h in zip(values, hidden, strict=True)]


def progress(b: Builder, data: pd.DataFrame, overview) -> ExportChart:
    fc = overview.forecast
    y = b.year
    reported = data["hires"].notna().tolist()
    month_keys = [
        ("ar", y, "m", m) if r else None for m, r in zip(data["month"], reported, strict=True)
    ]
    cum_keys = [
        ("ar", y, "c", m) if r else None for m, r in zip(data["month"], reported, strict=True)
    ]

    def shown(keys, column):
        return [
            b.show(k, int(v)) if k is not None else None
            for k, v in zip(keys, data[column].astype(object), strict=True)
        ]

    total_hidden = bool(fc.last_month) and b.hidden(total_key(y, fc.last_month))
    forecast = data["forecast"].astype("float64")
    frame = pd.DataFrame(
        {
            "Månad": [m.capitalize() for m in MONTHS],
            "Anställda": shown(month_keys, "hires"),
            "Ackumulerat": shown(cum_keys, "cumulative"),
            "Mål, rak linje": data["target_linear"].astype("float64"),
            "Mål, säsongsmönster": data["target_seasonal"].astype("float64"),
            "Prognos, ackumulerat": [
                MASK if total_hidden and pd.notna(v) else (None if pd.isna(v) else float(v))
                for v in forecast
            ],
        }
    )
    masked = _masked(frame, ["Anställda", "Ackumulerat"])
    drawn = data.copy()
    drawn["hires"] = numeric(frame["Anställda"])
    drawn["cumulative"] = numeric(frame["Ackumulerat"])
    drawn["forecast"] = numeric(frame["Prognos, ackumulerat"])
    interval = (
        (fc.low, fc.high) if fc.low is not None and not fc.complete and not total_hidden else None
    )
    title = f"Anställningar {y} mot målet {fmt_int(fc.target)}"
    subtitle = f"{period_text(y, fc.last_month, b.final).capitalize()}: per månad (staplar) och ackumulerat (linje)"
    fig = goal_charts.progress_chart(
        drawn, interval=interval, title=title, subtitle=subtitle, source=HIRES_SOURCE
    )
    hidden_months = [
        int(m) for m, v in zip(data["month"], frame["Anställda"], strict=True) if is_mark(v)
    ]
    mark_hidden_bars(fig, hidden_months, yaxis="y2")
    rows = [i for i, r in enumerate(reported) if r]
    if rows:
        bridge_hidden(
            fig,
            [int(data["month"].iloc[i]) for i in rows],
            [
                None if is_mark(frame["Ackumulerat"].iloc[i]) else frame["Ackumulerat"].iloc[i]
                for i in rows
            ],
            [is_mark(frame["Ackumulerat"].iloc[i]) for i in rows],
            color=palette.UTFALL,
        )
    kinds = {
        "Anställda": "int",
        "Ackumulerat": "int",
        "Mål, rak linje": "dec1",
        "Mål, säsongsmönster": "dec1",
        "Prognos, ackumulerat": "dec1",
    }
    keys = b.keyed(frame, {"Anställda": month_keys, "Ackumulerat": cum_keys})
    table = ExportTable("Målet månad för månad", frame, kinds, masked, keys)
    return b.chart(
        "mal_manad_for_manad",
        fig,
        title=title,
        subtitle=subtitle,
        source=HIRES_SOURCE,
        table=table,
    )


def years(b: Builder, data: pd.DataFrame) -> ExportChart:
    month_keys = [
        ("ar", int(a), "m", int(m)) for a, m in zip(data["ar"], data["month"], strict=True)
    ]
    cum_keys = [("ar", int(a), "c", int(m)) for a, m in zip(data["ar"], data["month"], strict=True)]
    frame = pd.DataFrame(
        {
            "År": [str(a) for a in data["ar"]],
            "Månad": [MONTHS[m - 1].capitalize() for m in data["month"]],
            "Anställda": [
                b.show(k, int(v)) for k, v in zip(month_keys, data["hires"], strict=True)
            ],
            "Ackumulerat": [
                b.show(k, int(v)) for k, v in zip(cum_keys, data["cumulative"], strict=True)
            ],
        },
        columns=["År", "Månad", "Anställda", "Ackumulerat"],
    )
    masked = bool(len(frame)) and _masked(frame, ["Anställda", "Ackumulerat"])
    drawn = data.copy()
    drawn["cumulative"] = numeric(frame["Ackumulerat"]).to_numpy() if len(frame) else []
    title = "Jämfört med tidigare år"
    first = int(data["ar"].min()) if len(data) else b.year
    subtitle = f"Ackumulerat antal anställda per månad, {first}–{b.year}"
    fig = goal_charts.years_chart(
        drawn, current_year=b.year, title=title, subtitle=subtitle, source=HIRES_SOURCE
    )
    colours = {t.name: t.line.color for t in fig.data if t.type == "scatter" and t.line}
    for year in sorted(set(data["ar"])):
        rows = frame[frame["År"] == str(year)]
        months = data.loc[rows.index, "month"].astype(int).tolist()
        bridge_hidden(
            fig,
            months,
            [None if is_mark(v) else v for v in rows["Ackumulerat"]],
            [is_mark(v) for v in rows["Ackumulerat"]],
            color=colours.get(str(year)),  # the dotted stretch in its year's colour
        )
    keys = b.keyed(frame, {"Anställda": month_keys, "Ackumulerat": cum_keys})
    table = ExportTable(
        "Tidigare år", frame, {"Anställda": "int", "Ackumulerat": "int"}, masked, keys
    )
    return b.chart(
        "jamfort_med_tidigare_ar",
        fig,
        title=title,
        subtitle=subtitle,
        source=HIRES_SOURCE,
        table=table,
    )


def share_of_target(b: Builder, data: pd.DataFrame, last_month: int) -> ExportChart:
    hires_total, target_total = int(data["hires"].sum()), int(data["target"].sum())
    count_keys = [("forv", k) for k in data["kod"]] + [total_key(b.year, last_month)]
    counts = [
        b.show(k, v)
        for k, v in zip(count_keys, data["hires"].tolist() + [hires_total], strict=True)
    ]
    hidden = [is_mark(v) for v in counts]
    frame = pd.DataFrame(
        {
            "Förvaltning": data["namn"].tolist() + ["Hela kommunen"],
            "Anställda": counts,
            "Mål": data["target"].tolist() + [target_total],
            "Måltyp": [
                target_kind_label(k) if t else "–"
                for k, t in zip(data["target_kind"], data["target"], strict=True)
            ]
            + [""],
            "Andel av mål": _linked(
                data["share"].tolist() + [hires_total / target_total if target_total else None],
                hidden,
            ),
            # The status says where the count stands against the target: hidden with it.
            "Status": _linked([status_text(s) for s in data["status"]] + [""], hidden),
            "Prognos": _linked(data["expected"].tolist() + [None], hidden),
            "Sannolikhet att nå målet": _linked(data["probability"].tolist() + [None], hidden),
        }
    )
    masked = any(hidden)
    body_hidden = np.array(hidden[:-1], dtype=bool)
    drawn = data.copy()
    drawn["share"] = np.where(body_hidden, np.nan, data["share"].astype("float64"))
    # The hover text carries the count too: a hidden one must not travel in the figure.
    drawn["hires"] = np.where(body_hidden, np.nan, data["hires"].astype("float64"))
    title = f"Andel av måltalet {b.year}"
    subtitle = f"Per förvaltning, {b.period(last_month)}; status enligt prognosen"
    fig = forvaltning_charts.share_of_target_chart(
        drawn, title=title, subtitle=subtitle, source=HIRES_SOURCE
    )
    shown_rows = data[data["target"] > 0]
    hidden_names = {str(n) for n, h in zip(data["namn"], body_hidden, strict=True) if h}
    if hidden_names:
        fig.update_layout(
            annotations=[
                a.update(text=MASK) if a.yref == "y" and str(a.y) in hidden_names else a
                for a in fig.layout.annotations
            ]
        )
    mark_hidden_bars(
        fig,
        [
            str(n)
            for n, h in zip(data["namn"], body_hidden, strict=True)
            if h and n in set(shown_rows["namn"])
        ],
        horizontal=True,
    )
    kinds = {
        "Anställda": "int",
        "Mål": "int",
        "Andel av mål": "pct",
        "Prognos": "int",
        "Sannolikhet att nå målet": "pct",
    }
    keys = b.keyed(frame, {"Anställda": count_keys})
    table = ExportTable("Förvaltningar", frame, kinds, masked, keys)
    return b.chart(
        "andel_av_maltalet",
        fig,
        title=title,
        subtitle=subtitle,
        source=HIRES_SOURCE,
        table=table,
    )


def heatmap(b: Builder, data: pd.DataFrame, last_month: int) -> ExportChart:
    months = [c for c in data.columns if isinstance(c, int)]
    quarterly = coarse.is_quarterly(data)  # quarters where months would be mostly X (issue 25)
    names = [coarse.label(m) if quarterly else MONTHS_SHORT[m - 1] for m in months]
    cell_head, column_total = (
        (coarse.QUARTER, coarse.QUARTER_TOTAL) if quarterly else ("forv", None)
    )
    kods = data["kod"].tolist()
    frame = pd.DataFrame({"Förvaltning": data["namn"].tolist() + ["Totalt"]})
    keys: dict[str, list] = {}
    gone = {m: data[m].isna().tolist() for m in months}  # missing deliveries, never 0
    for m, name in zip(months, names, strict=True):
        cell_keys = [None if g else (cell_head, k, m) for k, g in zip(kods, gone[m], strict=True)]
        cell_keys.append((column_total, b.year, m) if quarterly else ("ar", b.year, "m", m))
        values = [None if g else int(v) for v, g in zip(data[m], gone[m], strict=True)]
        values.append(int(data[m].sum(skipna=True)))
        frame[name] = [
            MISSING_MARK if v is None else b.show(k, v)
            for k, v in zip(cell_keys, values, strict=True)
        ]
        keys[name] = cell_keys
    total_keys = [("forv", k) for k in kods] + [total_key(b.year, last_month)]
    totals = [int(v) for v in data["total"]] + [int(data["total"].sum())]
    frame["Totalt"] = [b.show(k, v) for k, v in zip(total_keys, totals, strict=True)]
    keys["Totalt"] = total_keys
    masked = bool(len(frame)) and _masked(frame, [*names, "Totalt"])
    body = frame.iloc[:-1]
    drawn = data.copy()
    for m, name in zip(months, names, strict=True):
        drawn[m] = numeric(body[name]).to_numpy()
    title = f"Anställningar per förvaltning och {'kvartal' if quarterly else 'månad'} {b.year}"
    subtitle = b.period(last_month).capitalize()
    missing = pd.DataFrame({m: gone[m] for m in months})
    fig = forvaltning_charts.heatmap_chart(
        drawn, title=title, subtitle=subtitle, source=HIRES_SOURCE, missing=missing
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
        trace.zmin = 0
    if quarterly:  # the chart names its columns as the table does
        relabel = dict(zip([MONTHS_SHORT[m - 1] for m in months], names, strict=True))
        for trace in fig.data:
            if trace.x is not None:
                trace.x = [relabel.get(x, x) for x in trace.x]
    kinds = {c: "int" for c in [*names, "Totalt"]}
    note = " ".join(filter(None, [coarse.NOTE if quarterly else None, heatmap_note(data)]))
    table = ExportTable(
        "Förvaltning och kvartal" if quarterly else "Förvaltning och månad",
        frame,
        kinds,
        masked,
        b.keyed(frame, keys),
        note=note.replace("`", "") if note else None,
    )
    return b.chart(
        "forvaltning_och_manad",
        fig,
        title=title,
        subtitle=subtitle,
        source=HIRES_SOURCE,
        table=table,
    )


def mix_key(dimension: str, kod: str, hires: int, fran: int | None) -> tuple:
    """The ledger key of a breakdown's category (`published.package_ledger` uses the same)."""
    if dimension == "fran_forsorjningsstod" and kod == "ja" and fran is not None and hires == fran:
        return ("fran_fs",)
    return ("mix", dimension, kod)


def mix(
    b: Builder,
    dimension: str,
    data: pd.DataFrame,
    last_month: int,
    *,
    fran: int | None = None,
) -> ExportChart:
    heading = MIX_DIMENSIONS[dimension]
    total = int(data["hires"].sum())
    cell_keys = [
        mix_key(dimension, k, int(h), fran) for k, h in zip(data["kod"], data["hires"], strict=True)
    ]
    total_k = total_key(b.year, last_month)
    if b.protection is not None and b.protection.ledger.values.get(total_k) != total:
        total_k = ("mix", dimension, "totalt")
    counts = [b.show(k, int(v)) for k, v in zip(cell_keys, data["hires"], strict=True)]
    total_shown = b.show(total_k, total)
    base = b.rounding(cell_keys)
    shares = [
        MASK
        if is_mark(c) or is_mark(total_shown)
        else (c / total_shown if base and total_shown else s)
        for c, s in zip(counts, data["share"], strict=True)
    ]
    frame = pd.DataFrame(
        {
            heading: data["label"].tolist() + ["Totalt"],
            "Anställda": counts + [total_shown],
            "Andel": shares + [1.0 if len(data) else None],
        }
    )
    masked = _masked(frame, ["Anställda"])
    body = frame.iloc[:-1]
    drawn = data.copy()
    drawn["hires"] = numeric(body["Anställda"]).to_numpy()
    drawn["share"] = numeric(body["Andel"]).to_numpy()
    title = f"{MIX_TITLES[dimension]} {b.year}"
    subtitle = f"Hela kommunen, {b.period(last_month)}"
    note = None
    if base:
        note = f"Antalen är avrundade till närmaste {base} (röjandekontroll)."
        subtitle = f"{subtitle}; antal avrundade till närmaste {base}"
    fig = forvaltning_charts.mix_chart(drawn, title=title, subtitle=subtitle, source=HIRES_SOURCE)
    if base:
        trace = fig.data[0]
        trace.text = [
            f"ca {fmt_int(h)} ({fmt_percent(s)})" if pd.notna(h) else ""
            for h, s in zip(trace.x, drawn["share"].iloc[::-1], strict=True)
        ]
    mark_hidden_bars(
        fig,
        [
            str(label)
            for label, v in zip(body[heading], body["Anställda"], strict=True)
            if is_mark(v)
        ],
        horizontal=True,
    )
    keys = b.keyed(frame, {"Anställda": cell_keys + [total_k]})
    table = ExportTable(heading, frame, {"Anställda": "int", "Andel": "pct"}, masked, keys, note)
    return b.chart(
        MIX_KEYS[dimension], fig, title=title, subtitle=subtitle, source=HIRES_SOURCE, table=table
    )
