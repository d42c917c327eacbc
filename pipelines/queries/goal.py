"""Marts of the goal (200 hires a year): the year's overview with its forecast, the months of a
year against the target trajectory, the years side by side, and the headline of försörjningsstöd.

Hires here are always those whose employment form counts toward the goal (`raknas_mot_malet`).
A month is *reported* when any hires file for it has been delivered (the municipality's last
reported month of the year); reported months without hires count as 0, later months are missing.
Optional filters `anstallningsform` and `malgrupp` (codes) narrow the hires; the target and the
forecast always concern all hires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from pipelines import config
from pipelines.domain.delivery import Completeness
from pipelines.domain.forecast import Forecast
from pipelines.domain.targets import share_of_target
from pipelines.queries.base import query
from pipelines.queries.delivery import year_status_on
from pipelines.queries.forecast import goal_forecast
from pipelines.queries.goal_base import (
    hire_source,
    hires_by_month,
    last_reported_month,
    target_for,
    valid_months,
)
from pipelines.warehouse import one

# --- marts ------------------------------------------------------------------------------------


@query
def available_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Years with any hires delivered, newest first."""
    rows = con.execute(
        "select distinct ar from mart_hires_month_forvaltning order by ar desc"
    ).fetchall()
    return [int(r[0]) for r in rows]


@query
def latest_year(con: duckdb.DuckDBPyConnection) -> int | None:
    """The year of the last reported month of hires (the pages' default year), or None."""
    row = one(con, "select max(manad) from mart_hires_month_forvaltning")
    return row[0].year if row and row[0] is not None else None


@dataclass(frozen=True)
class YearOverview:
    """The year at a glance for the municipality or one förvaltning."""

    forecast: Forecast
    target_kind: str  # beslutat | beraknat
    last_month: date | None  # the last reported month, None when none
    hires_all: int  # all hires, also forms that do not count toward the goal
    hires_fran_forsorjningsstod: int  # counting hires of people who had försörjningsstöd
    hires_same_period_last_year: int | None  # January–last month of the year before; None: no data
    #: What the figures rest on (`pipelines.domain.delivery`): the municipality's (or the
    #: förvaltning's) completeness; None where not computed (treated as final).
    completeness: Completeness | None = None
    #: The months compared with the year before (January–this month): the complete months only,
    #: and this year's hires over them (None: all reported months, `forecast.hires`).
    compared_months: int = 0
    hires_compared: int | None = None

    @property
    def year(self) -> int:
        return self.forecast.year

    @property
    def final(self) -> bool:
        """Every month of the year complete: until then every figure is preliminary."""
        return self.completeness is None or self.completeness.final


@query
def year_overview(
    con: duckdb.DuckDBPyConnection, year: int, forvaltning: str | None = None
) -> YearOverview:
    """Hires so far, target, pace, forecast and status of `year` (see `pipelines.domain.forecast`)."""
    fc = goal_forecast(con, year, forvaltning)
    _, kind = target_for(con, year, forvaltning)
    where, params = ("and forvaltning = ?", [forvaltning]) if forvaltning else ("", [])
    hires_all, fran = one(
        con,
        f"select coalesce(sum(hires_all), 0), coalesce(sum(hires_fran_forsorjningsstod), 0) "
        f"from mart_hires_month_forvaltning where ar = ? {where}",
        [year, *params],
    )
    status = year_status_on(con, year, config.today(), config.grace_days())
    done = status.forvaltning(forvaltning) if forvaltning else status.total
    # A partial year is compared with the same complete months of the year before (issue 24).
    compared = fc.last_month
    if done is not None and not done.final:
        compared = min(fc.last_month, done.complete_months)
    last_year_months = last_reported_month(con, year - 1)
    same_period = this_period = None
    if compared and last_year_months >= compared:
        same_period = sum(hires_by_month(con, year - 1, forvaltning)[:compared])
        this_period = sum(hires_by_month(con, year, forvaltning)[:compared])
    return YearOverview(
        forecast=fc,
        target_kind=kind,
        last_month=date(year, fc.last_month, 1) if fc.last_month else None,
        hires_all=int(hires_all),
        hires_fran_forsorjningsstod=int(fran),
        hires_same_period_last_year=same_period,
        completeness=done,
        compared_months=compared,
        hires_compared=this_period,
    )


@query
def monthly_progress(
    con: duckdb.DuckDBPyConnection,
    year: int,
    forvaltning: str | None = None,
    anstallningsform: str | None = None,
    malgrupp: str | None = None,
) -> pd.DataFrame:
    """One row per month 1–12: `month`, `hires` and `cumulative` (missing
    after the last reported month), `target_linear` and `target_seasonal` (where the cumulative
    should be by the end of each month: a straight line, or the seasonal pattern), and `forecast`
    (the expected cumulative path after the last reported month; only without filters). For a
    förvaltning, months it did not exist in (SOF after February 2023) are missing throughout."""
    months = hires_by_month(con, year, forvaltning, anstallningsform, malgrupp)
    fc = goal_forecast(con, year, forvaltning)
    valid = valid_months(con, year, forvaltning)
    last = len(months)
    shares = list(fc.seasonal_shares)
    hires: list[int | None] = [None] * 12
    cumulative: list[int | None] = [None] * 12
    running = 0
    for index, value in enumerate(months):
        if valid[index]:
            running += value
            hires[index], cumulative[index] = value, running
    # The target is spread over the months the förvaltning existed (all months for most).
    valid_count = sum(valid) or 1
    valid_share = sum(s for s, v in zip(shares, valid, strict=True) if v) or 1.0
    target_linear: list[float | None] = []
    target_seasonal: list[float | None] = []
    for m in range(12):
        if not valid[m]:
            target_linear.append(None)
            target_seasonal.append(None)
            continue
        target_linear.append(fc.target * sum(valid[: m + 1]) / valid_count)
        target_seasonal.append(
            fc.target
            * sum(s for s, v in zip(shares[: m + 1], valid, strict=False) if v)
            / valid_share
        )
    filtered = bool(anstallningsform or malgrupp)
    forecast_path: list[float | None] = [None] * 12
    rest_shares = [s if v else 0.0 for s, v in zip(shares, valid, strict=True)]
    remaining = sum(rest_shares[last:])
    if not filtered and fc.expected is not None and last < 12 and remaining > 0:
        rest = fc.expected - fc.hires
        start = float(fc.hires)
        if last and valid[last - 1]:
            forecast_path[last - 1] = start
        for m in range(last, 12):
            if valid[m]:
                forecast_path[m] = start + rest * sum(rest_shares[last : m + 1]) / remaining
    return pd.DataFrame(
        {
            "month": range(1, 13),
            "hires": pd.array(hires, dtype="Int64"),
            "cumulative": pd.array(cumulative, dtype="Int64"),
            "target_linear": pd.array(target_linear, dtype="Float64"),
            "target_seasonal": pd.array(target_seasonal, dtype="Float64"),
            "forecast": pd.array(forecast_path, dtype="Float64"),
        }
    )


@query
def years_cumulative(
    con: duckdb.DuckDBPyConnection,
    year: int,
    forvaltning: str | None = None,
    anstallningsform: str | None = None,
    malgrupp: str | None = None,
    years_back: int = 3,
) -> pd.DataFrame:
    """Long format, for `year` and up to `years_back` earlier years with data: `ar`, `month`,
    `hires`, `cumulative` (reported months only), `target` (the year's target)."""
    rows = []
    for ar in range(year - years_back, year + 1):
        months = hires_by_month(con, ar, forvaltning, anstallningsform, malgrupp)
        if not months:
            continue
        target, _ = target_for(con, ar, forvaltning)
        valid = valid_months(con, ar, forvaltning)
        running = 0
        for index, value in enumerate(months):
            if not valid[index]:
                continue
            running += value
            rows.append((ar, index + 1, value, running, target))
    return pd.DataFrame(rows, columns=["ar", "month", "hires", "cumulative", "target"]).astype(
        {"ar": "int64", "month": "int64", "hires": "int64", "cumulative": "int64"}
    )


@query
def years_side_by_side(
    con: duckdb.DuckDBPyConnection,
    forvaltning: str | None = None,
    anstallningsform: str | None = None,
    malgrupp: str | None = None,
) -> pd.DataFrame:
    """One row per year with hires delivered (oldest first): `ar`, `months_reported` (the
    months delivered: by the förvaltning, or for the municipality by every förvaltning), `hires`,
    `hires_fran_forsorjningsstod`, `target`, `target_kind`, `share` (hires / target)."""
    source = hire_source(forvaltning, anstallningsform, malgrupp)
    years = [
        int(r[0])
        for r in con.execute(
            "select distinct ar from mart_hires_month_forvaltning order by ar"
        ).fetchall()
    ]
    totals = {
        int(ar): (int(h or 0), int(f or 0))
        for ar, h, f in con.execute(
            f"select ar, {source.count}, {source.fran} "
            f"from {source.table} where {source.where} group by ar",
            list(source.params),
        ).fetchall()
    }
    rows = []
    for ar in years:
        target, kind = target_for(con, ar, forvaltning)
        if forvaltning and target == 0 and ar not in totals:
            continue  # the förvaltning did not exist that year and has no hires
        hires, fran = totals.get(ar, (0, 0))
        status = year_status_on(con, ar, config.today(), config.grace_days())
        done = status.forvaltning(forvaltning) if forvaltning else status.total
        rows.append(
            (
                ar,
                done.delivered_months if done else 0,  # delivered months, never the last one
                hires,
                fran,
                target,
                kind,
                share_of_target(hires, target),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "ar",
            "months_reported",
            "hires",
            "hires_fran_forsorjningsstod",
            "target",
            "target_kind",
            "share",
        ],
    )


@query
def forsorjningsstod_headline(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The last reported month of försörjningsstöd against the same month a year earlier:
    `{"month", "hushall", "utbetalt", "hushall_last_year", "utbetalt_last_year",
    "hushall_change", "hushall_change_share", "utbetalt_change", "utbetalt_change_share"}`
    (changes None when the month a year earlier is missing); None when nothing is reported."""
    row = one(
        con,
        "select manad, hushall, utbetalt from forsorjningsstod_current order by manad desc limit 1",
    )
    if not row:
        return None
    month, hushall, utbetalt = row
    month = pd.Timestamp(month).date()
    before = one(
        con,
        "select hushall, utbetalt from forsorjningsstod_current where manad = ?",
        [date(month.year - 1, month.month, 1)],
    )
    result = {
        "month": month,
        "hushall": int(hushall),
        "utbetalt": float(utbetalt),
        "hushall_last_year": None,
        "utbetalt_last_year": None,
        "hushall_change": None,
        "hushall_change_share": None,
        "utbetalt_change": None,
        "utbetalt_change_share": None,
    }
    if before:
        h0, u0 = int(before[0]), float(before[1])
        result.update(
            hushall_last_year=h0,
            utbetalt_last_year=u0,
            hushall_change=int(hushall) - h0,
            hushall_change_share=(int(hushall) - h0) / h0 if h0 else None,
            utbetalt_change=float(utbetalt) - u0,
            utbetalt_change_share=(float(utbetalt) - u0) / u0 if u0 else None,
        )
    return result
