"""Checks across the delivered figures that an analyst would otherwise do by hand.

They are warnings, never errors: a figure can be right and still unusual. Each check names the
month (and förvaltning), the figure, what it is compared with, and what to look at. The limits
are named constants so the page can state them.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from pipelines.formatting import fmt_int, fmt_kr, fmt_month, fmt_number, fmt_percent
from pipelines.queries.base import query
from pipelines.queries.quality import as_date

#: A förvaltning's hires (all forms) that change by more than this from the month before.
HIRES_JUMP_LIMIT = 10
#: Households with försörjningsstöd that change by more than this share from the month before.
HOUSEHOLDS_JUMP_SHARE = 0.10
#: An amount per household further than this share from the median of the previous 12 months.
AMOUNT_DEVIATION_SHARE = 0.25
#: How many of the previous 12 months the amount check needs before it says anything.
AMOUNT_MIN_HISTORY = 3

CHECK_NO_HIRES = "Inga anställningar alls"
CHECK_HIRES_JUMP = "Stort hopp i anställningar"
CHECK_HOUSEHOLDS_JUMP = "Stort hopp i antal hushåll"
CHECK_AMOUNT = "Ovanligt belopp per hushåll"

CHECK_COLUMNS = ["check", "manad", "forvaltning", "figure", "compared_with", "message"]


def thresholds_text() -> str:
    """The limits of the checks, as one Swedish sentence for the page."""
    return (
        f"En varning ges när en förvaltnings anställningar ändras med mer än "
        f"{fmt_int(HIRES_JUMP_LIMIT)} från månaden före, när antalet hushåll med "
        f"försörjningsstöd ändras med mer än {fmt_percent(HOUSEHOLDS_JUMP_SHARE)} från månaden "
        f"före, när utbetalt belopp per hushåll ligger mer än "
        f"{fmt_percent(AMOUNT_DEVIATION_SHARE)} från medianen för de tolv månaderna före (när "
        f"minst {fmt_int(AMOUNT_MIN_HISTORY)} av dem finns), och när alla levererade rader för "
        "en månad har antal 0."
    )


@query
def quality_checks(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """The warnings for the months of `year`, in month order. Columns: check (its Swedish
    name), manad (date), forvaltning (code, '' for the whole municipality), figure and
    compared_with (Swedish text), message (Swedish: what is unusual and what to look at)."""
    rows = _no_hires(con, year) + _hires_jumps(con, year)
    rows += _households_jumps(con, year) + _amount_per_household(con, year)
    frame = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    order = {
        c: i
        for i, c in enumerate(
            [CHECK_NO_HIRES, CHECK_HIRES_JUMP, CHECK_HOUSEHOLDS_JUMP, CHECK_AMOUNT]
        )
    }
    frame["_order"] = frame["check"].map(order)
    frame = frame.sort_values(["manad", "_order", "forvaltning"], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


def _no_hires(con: duckdb.DuckDBPyConnection, year: int) -> list[dict]:
    """Months where hires were delivered and every row says 0."""
    rows = con.execute(
        "select manad, count(distinct forvaltning) from anstallningar_current "
        "where year(manad) = ? group by manad having sum(antal) = 0 order by manad",
        [year],
    ).fetchall()
    return [
        {
            "check": CHECK_NO_HIRES,
            "manad": as_date(month),
            "forvaltning": "",
            "figure": "0",
            "compared_with": "",
            "message": f"Ingen anställning alls i {fmt_month(as_date(month))}: alla "
            f"{fmt_int(n)} förvaltningar som har levererat har antal 0. Stämmer det, eller "
            "saknas rader?",
        }
        for month, n in rows
    ]


def _hires_jumps(con: duckdb.DuckDBPyConnection, year: int) -> list[dict]:
    """A förvaltning's hires (all forms) against its delivery for the month before."""
    frame = con.execute(
        "select manad, forvaltning, sum(antal)::BIGINT as antal from anstallningar_current "
        "where manad >= ? and manad <= ? group by manad, forvaltning order by forvaltning, manad",
        [date(year - 1, 12, 1), date(year, 12, 1)],
    ).df()
    result = []
    for kod, group in frame.groupby("forvaltning", sort=True):
        months = [as_date(m) for m in group["manad"]]
        values = [int(v) for v in group["antal"]]
        for i in range(1, len(months)):
            month, before = months[i], months[i - 1]
            if month.year != year or _previous(month) != before:
                continue
            if abs(values[i] - values[i - 1]) > HIRES_JUMP_LIMIT:
                result.append(
                    {
                        "check": CHECK_HIRES_JUMP,
                        "manad": month,
                        "forvaltning": kod,
                        "figure": fmt_int(values[i]),
                        "compared_with": fmt_int(values[i - 1]),
                        "message": f"{kod}: {fmt_int(values[i])} anställningar i "
                        f"{fmt_month(month)} mot {fmt_int(values[i - 1])} i {fmt_month(before)} "
                        f"(gränsen är {fmt_int(HIRES_JUMP_LIMIT)}). Kontrollera leveransen.",
                    }
                )
    return result


def _households(con: duckdb.DuckDBPyConnection, first: date, last: date) -> pd.DataFrame:
    frame = con.execute(
        "select manad, hushall::BIGINT as hushall, utbetalt::DOUBLE as utbetalt "
        "from forsorjningsstod_current where manad >= ? and manad <= ? order by manad",
        [first, last],
    ).df()
    frame["manad"] = [as_date(m) for m in frame["manad"]]
    return frame


def _households_jumps(con: duckdb.DuckDBPyConnection, year: int) -> list[dict]:
    frame = _households(con, date(year - 1, 12, 1), date(year, 12, 1))
    by_month = dict(zip(frame["manad"], frame["hushall"], strict=True))
    result = []
    for month, value in by_month.items():
        before = by_month.get(_previous(month))
        if month.year != year or not before:
            continue
        share = (value - before) / before
        if abs(share) > HOUSEHOLDS_JUMP_SHARE:
            result.append(
                {
                    "check": CHECK_HOUSEHOLDS_JUMP,
                    "manad": month,
                    "forvaltning": "",
                    "figure": fmt_int(value),
                    "compared_with": fmt_int(before),
                    "message": f"{fmt_int(value)} hushåll i {fmt_month(month)} mot "
                    f"{fmt_int(before)} i {fmt_month(_previous(month))}: "
                    f"{fmt_percent(share, 1, signed=True)} (gränsen är "
                    f"{fmt_percent(HOUSEHOLDS_JUMP_SHARE)}). Kontrollera leveransen.",
                }
            )
    return result


def _amount_per_household(con: duckdb.DuckDBPyConnection, year: int) -> list[dict]:
    frame = _households(con, date(year - 1, 1, 1), date(year, 12, 1))
    frame = frame[frame["hushall"] > 0]
    per_household = dict(zip(frame["manad"], frame["utbetalt"] / frame["hushall"], strict=True))
    result = []
    for month, amount in per_household.items():
        if month.year != year:
            continue
        history = [per_household[m] for m in _twelve_before(month) if m in per_household]
        if len(history) < AMOUNT_MIN_HISTORY:
            continue
        median = float(pd.Series(history).median())
        share = amount / median - 1
        if abs(share) > AMOUNT_DEVIATION_SHARE:
            result.append(
                {
                    "check": CHECK_AMOUNT,
                    "manad": month,
                    "forvaltning": "",
                    "figure": fmt_kr(amount),
                    "compared_with": fmt_kr(median),
                    "message": f"{fmt_kr(amount)} per hushåll i {fmt_month(month)} mot medianen "
                    f"{fmt_kr(median)} för de {fmt_number(len(history))} månaderna före: "
                    f"{fmt_percent(share, 1, signed=True)} (gränsen är "
                    f"{fmt_percent(AMOUNT_DEVIATION_SHARE)}). Stämmer utbetalt belopp och antal "
                    "hushåll?",
                }
            )
    return result


def _previous(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def _twelve_before(month: date) -> list[date]:
    months = []
    current = month
    for _ in range(12):
        current = _previous(current)
        months.append(current)
    return months
