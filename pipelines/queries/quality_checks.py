"""Checks across the delivered figures that an analyst would otherwise do by hand.

They are warnings, never errors: a figure can be right and still unusual. Each check gives the
month (and förvaltning), the figure, what it is compared with, and the limits as named constants
(the words are `pipelines.present.quality_checks_text`).
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from pipelines.domain.checks import (  # noqa: E402
    AMOUNT,
    AMOUNT_DEVIATION_SHARE,
    AMOUNT_MIN_HISTORY,
    CHECKS,
    HIRES_JUMP,
    HIRES_JUMP_LIMIT,
    HOUSEHOLDS_JUMP,
    HOUSEHOLDS_JUMP_SHARE,
    NO_HIRES,
)
from pipelines.queries.base import query
from pipelines.queries.quality import as_date
from schemas.calendar import add_months, previous_month

#: check (code), manad, forvaltning ('' = the whole municipality), value, compared_with (the
#: month before, or the median), compared_month, share (the change), count (förvaltningar that
#: delivered, for NO_HIRES; months of history, for AMOUNT).
CHECK_COLUMNS = [
    "check",
    "manad",
    "forvaltning",
    "value",
    "compared_with",
    "compared_month",
    "share",
    "count",
]


def _row(check, month, forvaltning="", value=None, compared_with=None, compared_month=None,
         share=None, count=None) -> dict:  # fmt: skip
    return dict(zip(CHECK_COLUMNS, (check, month, forvaltning, value, compared_with,
                                    compared_month, share, count), strict=True))  # fmt: skip


@query
def quality_checks(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """The warnings for the months of `year`, in month order (columns: `CHECK_COLUMNS`)."""
    rows = _no_hires(con, year) + _hires_jumps(con, year)
    rows += _households_jumps(con, year) + _amount_per_household(con, year)
    frame = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    order = {c: i for i, c in enumerate(CHECKS)}
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
    return [_row(NO_HIRES, as_date(month), value=0, count=int(n)) for month, n in rows]


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
            if month.year != year or previous_month(month) != before:
                continue
            if abs(values[i] - values[i - 1]) > HIRES_JUMP_LIMIT:
                result.append(
                    _row(HIRES_JUMP, month, kod, values[i], values[i - 1], compared_month=before)
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
        before = by_month.get(previous_month(month))
        if month.year != year or not before:
            continue
        share = (value - before) / before
        if abs(share) > HOUSEHOLDS_JUMP_SHARE:
            result.append(
                _row(
                    HOUSEHOLDS_JUMP,
                    month,
                    "",
                    int(value),
                    int(before),
                    compared_month=previous_month(month),
                    share=share,
                )  # fmt: skip
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
        history = [
            per_household[m]
            for m in (add_months(month, -k) for k in range(1, 13))
            if m in per_household
        ]
        if len(history) < AMOUNT_MIN_HISTORY:
            continue
        median = float(pd.Series(history).median())
        share = amount / median - 1
        if abs(share) > AMOUNT_DEVIATION_SHARE:
            result.append(
                _row(AMOUNT, month, "", float(amount), median, share=share, count=len(history))
            )
    return result
