"""The goal part of the monthly report: the goal and each förvaltning as they stood after a
chosen month, with the forecast of `pipelines.domain.forecast` cut at that month.

`goal_forecast` always forecasts from the year's last reported month; a report for an earlier
month needs the forecast as it was then: the same target and seasonal pattern, this year's hires
only up to that month (`forecast_through`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from pipelines import config
from pipelines.domain.forecast import Forecast
from pipelines.queries.delivery import year_status_on
from pipelines.queries.forecast import goal_forecast, goal_forecasts
from pipelines.queries.targets import municipality_target, targets_for_year
from pipelines.warehouse import one
from schemas.vocabulary import STATUS_ORDER

HELA_KOMMUNEN = "Hela kommunen"


@dataclass(frozen=True)
class GoalStatus:
    """The goal as it stood after `month` of `year` (months 1–12)."""

    year: int
    month: int
    last_month: int  # last reported hires month up to `month`; 0 = none this year
    hires_month: int | None  # None: no hires file delivered for the month
    hires_ytd: int
    target: int
    target_kind: str
    expected: float | None
    low: int | None
    high: int | None
    probability: float | None
    needed_per_month: float | None
    status: str


def _hires_per_month(con, year: int, month: int, forvaltning: str | None) -> dict[int, int]:
    where, params = ("and forvaltning = ?", [forvaltning]) if forvaltning else ("", [])
    return {
        int(m): int(h)
        for m, h in con.execute(
            f"select month(manad), sum(hires) from mart_hires_month_forvaltning "
            f"where ar = ? and month(manad) <= ? {where} group by 1",
            [year, month, *params],
        ).fetchall()
    }


def forecast_through(
    con: duckdb.DuckDBPyConnection, year: int, month: int, forvaltning: str | None = None
) -> Forecast:
    """`goal_forecast` as it stood after `month`: this year's hires only up to the last reported
    month not after `month`."""
    return goal_forecast(con, year, forvaltning, through_month=month)


def goal_status(con: duckdb.DuckDBPyConnection, month: date) -> GoalStatus:
    """The municipality's goal as it stood after `month`."""
    fc = forecast_through(con, month.year, month.month)
    delivered = one(
        con,
        "select count(*), sum(hires) from mart_hires_month_forvaltning where manad = ?",
        [month],
    )
    _, kind = municipality_target(con, month.year)
    return GoalStatus(
        year=month.year,
        month=month.month,
        last_month=fc.last_month,
        hires_month=int(delivered[1]) if delivered[0] else None,
        hires_ytd=fc.hires,
        target=fc.target,
        target_kind=kind,
        expected=fc.expected,
        low=fc.low,
        high=fc.high,
        probability=fc.probability,
        needed_per_month=fc.needed_per_month,
        status=fc.status,
    )


def forvaltning_rows(con: duckdb.DuckDBPyConnection, month: date, goal: GoalStatus) -> pd.DataFrame:
    """Per förvaltning valid in the year: kod, namn, hires_month (NA: not delivered), hires_ytd,
    target, target_kind, share, status, by status (Efter first) and name; the last row (kod '')
    is the whole municipality."""
    targets = targets_for_year(con, month.year)
    in_month = dict(
        con.execute(
            "select forvaltning, sum(hires) from mart_hires_month_forvaltning where manad = ? "
            "group by forvaltning",
            [month],
        ).fetchall()
    )
    ytd = dict(
        con.execute(
            "select forvaltning, sum(hires) from mart_hires_month_forvaltning "
            "where ar = ? and manad <= ? group by forvaltning",
            [month.year, month],
        ).fetchall()
    )
    forecasts = goal_forecasts(con, month.year, list(targets["kod"]), through_month=month.month)
    rows = []
    # By status (Efter first), then by name: the order a reader looks for, never the hidden code.
    order = sorted(
        targets.itertuples(),
        key=lambda t: (STATUS_ORDER.get(forecasts[t.kod].status, len(STATUS_ORDER)), t.namn),
    )
    for t in order:
        hires_ytd = int(ytd.get(t.kod, 0) or 0)
        status = forecasts[t.kod].status
        rows.append(
            (
                t.kod,
                t.namn,
                int(in_month[t.kod]) if t.kod in in_month else None,
                hires_ytd,
                int(t.target),
                t.target_kind,
                hires_ytd / t.target if t.target else None,
                status,
            )
        )
    rows.append(
        (
            "",
            HELA_KOMMUNEN,
            goal.hires_month,
            goal.hires_ytd,
            goal.target,
            goal.target_kind,
            goal.hires_ytd / goal.target if goal.target else None,
            goal.status,
        )
    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "kod",
            "namn",
            "hires_month",
            "hires_ytd",
            "target",
            "target_kind",
            "share",
            "status",
        ],
    )
    frame["hires_month"] = frame["hires_month"].astype("Int64")
    return frame


def overview_through(con, month: date, fc: Forecast, target_kind: str):
    """`marts.goal.YearOverview` as it stood after `month`, for issue 3's narrative."""
    from pipelines.queries.goal import YearOverview

    last = fc.last_month
    hires_all, fran = one(
        con,
        "select coalesce(sum(hires_all), 0), coalesce(sum(hires_fran_forsorjningsstod), 0) "
        "from mart_hires_month_forvaltning where ar = ? and month(manad) <= ?",
        [month.year, last],
    )
    last_year_reported = one(
        con,
        "select max(month(manad)) from mart_hires_month_forvaltning where ar = ?",
        [month.year - 1],
    )[0]
    # Issue 24: a month not complete is compared over the complete months before it only.
    status = year_status_on(con, month.year, config.today(), config.grace_days())
    compared = last
    while compared and not status.month_complete(compared):
        compared -= 1
    same_period = this_period = None
    if compared and last_year_reported is not None and last_year_reported >= compared:
        same_period = int(sum(_hires_per_month(con, month.year - 1, compared, None).values()))
        this_period = int(sum(_hires_per_month(con, month.year, compared, None).values()))
    return YearOverview(
        forecast=fc,
        target_kind=target_kind,
        last_month=date(month.year, last, 1) if last else None,
        hires_all=int(hires_all),
        hires_fran_forsorjningsstod=int(fran),
        hires_same_period_last_year=same_period,
        compared_months=compared,
        hires_compared=this_period,
    )
