"""Tables of the försörjningsstöd page and the monthly report, as Swedish text for the screen and
the PDF (`*_table`), with Swedish headers. The Excel file takes the same headers with the
numbers left as numbers (`pipelines.outputs.report.files`).

Every function takes what a mart returned and formats it: no queries here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pipelines.formatting import (
    MISSING,
    fmt_int,
    fmt_kr,
    fmt_mkr,
    fmt_month,
    fmt_month_short,
    fmt_number,
    fmt_per_month,
    fmt_percent,
    fmt_probability,
    fmt_share_of_target,
    shown_difference,
)
from schemas.vocabulary import fs_status_label, status_text, target_kind_label


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def fmt_value(value, kind: str) -> str:
    """A value by its kind: `count` → `1 980`, `kr` → `19 800 000 kr`, `share` → `40,4 %`."""
    if kind == "share":
        return fmt_percent(value, 1)
    if kind == "kr":
        return fmt_kr(value)
    return fmt_int(value)


def fmt_change(value, kind: str) -> str:
    """A change with its sign: `+10`, `−100`, `−1 000 000 kr`, `+1,9 %-enheter` (a share's
    change is in procentenheter)."""
    if _missing(value):
        return MISSING
    if kind == "share":
        return f"{fmt_number(value * 100, 1, signed=True)}\u00a0%-enheter"
    text = fmt_number(value, signed=True)
    return f"{text}\u00a0kr" if kind == "kr" else text


#: Per kind: (decimals, scale) of a value as `fmt_value` shows it.
SHOWN_AS = {"share": (1, 100), "kr": (0, 1), "count": (0, 1)}


def shown_change(after, before, change, kind: str, *, in_mkr: bool = False):
    """The change between two values shown beside it, computed from the values as shown
    (`formatting.shown_difference`): 39,8 % → 40,0 % is +0,2 %-enheter, not the exact +0,14
    shown as +0,1. In the unit of `change` (a share's change as a share); `change` itself when
    either value is missing."""
    decimals, scale = (1, 1e-6) if in_mkr else SHOWN_AS.get(kind, (0, 1))
    diff = shown_difference(after, before, decimals, scale=scale)
    return change if diff is None else diff / scale


def fmt_change_pct(value, kind: str) -> str:
    """The relative change, `−4,8 %`; empty for shares (their change is in %-enheter)."""
    return "" if kind == "share" else fmt_percent(value, 1, signed=True)


def fmt_change_both(change, change_pct, kind: str) -> str:
    """`−100 (−4,8 %)`; a share's change alone, in %-enheter: `+1,9 %-enheter`."""
    text = fmt_change(change, kind)
    pct = fmt_change_pct(change_pct, kind)
    return f"{text} ({pct})" if pct and pct != MISSING and text != MISSING else text


def fs_month_table(figures: pd.DataFrame) -> pd.DataFrame:
    """The month's key figures against the previous month and the same month last year (the
    table of the page, the report page and the PDF)."""
    if not len(figures):
        return pd.DataFrame(columns=["Nyckeltal"])
    month = pd.Timestamp(figures["manad"].iloc[0]).date()
    previous = (pd.Timestamp(month) - pd.DateOffset(months=1)).date()
    year_ago = (pd.Timestamp(month) - pd.DateOffset(years=1)).date()
    rows = []
    for r in figures.itertuples():
        rows.append(
            {
                "Nyckeltal": r.namn,
                fmt_month_short(month): fmt_value(r.varde, r.kind),
                fmt_month_short(previous): fmt_value(r.foregaende_manad, r.kind),
                f"Förändring mot {fmt_month_short(previous)}": fmt_change_both(
                    shown_change(r.varde, r.foregaende_manad, r.forandring_manad, r.kind),
                    r.forandring_manad_pct,
                    r.kind,
                ),
                fmt_month_short(year_ago): fmt_value(r.foregaende_ar, r.kind),
                f"Förändring mot {fmt_month_short(year_ago)}": fmt_change_both(
                    shown_change(r.varde, r.foregaende_ar, r.forandring_ar, r.kind),
                    r.forandring_ar_pct,
                    r.kind,
                ),
                "Rullande 12 mån": fmt_value(r.rullande_12, r.kind),
            }
        )
    return pd.DataFrame(rows)


def fs_series_table(series: pd.DataFrame, figure_id: str) -> pd.DataFrame:
    """One figure month by month: value, same month last year, change, rolling mean, status."""
    rows = series[series["nyckeltal"] == figure_id]
    return pd.DataFrame(
        {
            "Månad": [fmt_month(pd.Timestamp(m).date(), capital=True) for m in rows["manad"]],
            "Värde": [fmt_value(v, k) for v, k in zip(rows["varde"], rows["kind"], strict=True)],
            "Samma månad i fjol": [
                fmt_value(v, k) for v, k in zip(rows["foregaende_ar"], rows["kind"], strict=True)
            ],
            "Förändring": [
                fmt_change(shown_change(a, b, v, k), k)
                for a, b, v, k in zip(
                    rows["varde"],
                    rows["foregaende_ar"],
                    rows["forandring_ar"],
                    rows["kind"],
                    strict=True,
                )
            ],
            "Förändring %": [
                fmt_change_pct(v, k)
                for v, k in zip(rows["forandring_ar_pct"], rows["kind"], strict=True)
            ],
            "Rullande 12 mån": [
                fmt_value(v, k) for v, k in zip(rows["rullande_12"], rows["kind"], strict=True)
            ],
            "Uppgift": [fs_status_label(s) for s in rows["status"]],
        }
    )


def hires_endings_table(monthly: pd.DataFrame) -> pd.DataFrame:
    """Hires from försörjningsstöd and endings to work, month by month."""
    return pd.DataFrame(
        {
            "Månad": [fmt_month(pd.Timestamp(m).date(), capital=True) for m in monthly["manad"]],
            "Anställda från försörjningsstöd": [
                fmt_int(v) for v in monthly["hires_fran_forsorjningsstod"]
            ],
            "Avslut till arbete": [fmt_int(v) for v in monthly["avslut_arbete"]],
            "Försörjningsstöd": [fs_status_label(s) for s in monthly["status"]],
        }
    )


FORVALTNING_HEADERS = {
    "namn": "Förvaltning",
    "hires_month": "Anställningar i månaden",
    "hires_ytd": "Hittills i år",
    "target": "Mål",
    "target_kind": "Måltyp",
    "share": "Andel av målet",
    "status": "Status",
}


def forvaltning_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The report's table per förvaltning (the last row: the whole municipality)."""
    return pd.DataFrame(
        {
            "Förvaltning": frame["namn"].astype(str),
            "Anställningar i månaden": [
                "ej inrapporterat" if _missing(v) else fmt_int(v) for v in frame["hires_month"]
            ],
            "Hittills i år": [fmt_int(v) for v in frame["hires_ytd"]],
            "Mål": [fmt_int(v) for v in frame["target"]],
            "Måltyp": [target_kind_label(k) for k in frame["target_kind"]],
            "Andel av målet": [fmt_share_of_target(v) for v in frame["share"]],
            "Status": [status_text(s) for s in frame["status"]],
        }
    )


def goal_rows(goal) -> list[tuple[str, str]]:
    """The goal status as (label, value) pairs: the report's first table."""
    month = pd.Timestamp(year=goal.year, month=goal.month, day=1).date()
    interval = f"{fmt_int(goal.low)}–{fmt_int(goal.high)}" if goal.low is not None else MISSING
    return [
        (
            f"Anställningar i {fmt_month(month)}",
            "ej inrapporterat" if goal.hires_month is None else fmt_int(goal.hires_month),
        ),
        ("Hittills i år", fmt_int(goal.hires_ytd)),
        (f"Mål {goal.year}", fmt_int(goal.target)),
        (
            "Andel av målet",
            fmt_share_of_target(goal.hires_ytd / goal.target if goal.target else None),
        ),
        ("Prognos för helåret", fmt_int(goal.expected)),
        ("Troligt intervall (8 av 10)", interval),
        ("Sannolikhet att nå målet", fmt_probability(goal.probability)),
        ("Behövs per månad resten av året", fmt_per_month(goal.needed_per_month)),
        ("Status", status_text(goal.status)),
    ]


@dataclass(frozen=True)
class Kpi:
    """A figure as `st.metric` shows it: value, change against the same month last year (with
    an explicit arrow: Streamlit reads the direction from an ASCII minus, we write a real one)."""

    label: str
    value: str
    delta: str | None
    arrow: str  # up | down | off
    help: str
    delta_description: str


#: Figures shown in millions of kronor where space is short (the metrics).
IN_MKR = {"utbetalt"}
#: Figures a preliminary month may still revise (reasons for ending come late): their tile says
#: so in its label.
REVISED_LATE = {"avslut_arbete", "avslut_studier", "andel_avslut_arbete"}
#: The month's amount per household, told apart from the year's average on the same page.
PER_HOUSEHOLD_NOTE = (
    " Gäller bara den här månaden; genomsnittet för året hittills (som uppskattningen av minskat "
    "bistånd använder) visas längre ned och kan skilja sig."
)


def fmt_mkr_signed(value) -> str:
    """`−1,0 mnkr`, `+0,2 mnkr`."""
    return f"{fmt_number(value / 1e6, 1, signed=True)}\u00a0mnkr"


def fs_kpis(figures: pd.DataFrame) -> list[Kpi]:
    """One `Kpi` per figure of the month (`figures`: the rows of `fs_month`)."""
    kpis = []
    for r in figures.itertuples():
        month = pd.Timestamp(r.manad).date()
        year_ago = (pd.Timestamp(month) - pd.DateOffset(years=1)).date()
        change = shown_change(
            r.varde, r.foregaende_ar, r.forandring_ar, r.kind, in_mkr=r.nyckeltal in IN_MKR
        )
        if _missing(change):
            delta, arrow = None, "off"
        elif round(change, 9) == 0:
            delta, arrow = "oförändrat", "off"
        else:
            delta = fmt_mkr_signed(change) if r.nyckeltal in IN_MKR else fmt_change(change, r.kind)
            pct = fmt_change_pct(r.forandring_ar_pct, r.kind)
            if pct and pct != MISSING:
                delta += f" ({pct})"
            arrow = "up" if change > 0 else "down"
        preliminary = r.status == "preliminar"
        note = " Preliminär siffra." if preliminary else ""
        if r.nyckeltal == "utbetalt_per_hushall":
            note += PER_HOUSEHOLD_NOTE
        label = r.namn
        if preliminary and r.nyckeltal in REVISED_LATE:
            label += " (prel.)"  # short: the tile is narrow; the page explains the word
        kpis.append(
            Kpi(
                label=label,
                value=fmt_mkr(r.varde) if r.nyckeltal in IN_MKR else fmt_value(r.varde, r.kind),
                delta=delta,
                arrow=arrow,
                help=f"{r.definition}{note}",
                delta_description=f"mot {fmt_month_short(year_ago)}",
            )
        )
    return kpis
