"""The forecast of the year's hires from the warehouse: the municipality's or every förvaltning's.

The model itself (seasonal pattern, pace, uncertainty, status) is `pipelines.domain.forecast`;
this module only reads its inputs from the hires mart, the targets and the reference.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import duckdb

from pipelines import config
from pipelines.domain.forecast import HISTORY_YEARS, Forecast, forecast, seasonal_shares
from pipelines.queries.delivery import YearStatus, year_status_on
from pipelines.queries.targets import municipality_target, targets_for_year
from pipelines.warehouse import one
from schemas.calendar import valid_month_flags

#: Only complete years (all twelve months delivered) make the seasonal pattern and the mean.
_COMPLETE_YEAR = (
    "ar in (select ar from mart_hires_month_forvaltning "
    "group by ar having count(distinct month(manad)) = 12)"
)


def goal_forecast(
    con: duckdb.DuckDBPyConnection,
    year: int,
    forvaltning: str | None = None,
    *,
    through_month: int | None = None,
) -> Forecast:
    """The forecast for the municipality (or one förvaltning) from the warehouse.

    The seasonal pattern always comes from the whole municipality's previous years (a single
    förvaltning has too few hires for a pattern of its own); the last reported month is the
    municipality's. A förvaltning's target is its decided or derived one (`targets.py`), 0 when
    it has none that year. `through_month` gives the forecast as it stood after that month (for
    a month's report).
    """
    if forvaltning:
        return goal_forecasts(con, year, [forvaltning], through_month=through_month)[forvaltning]
    last, shares = _last_month_and_shares(con, year, through_month)
    monthly = dict(
        con.execute(
            "select month(manad), sum(hires) from mart_hires_month_forvaltning "
            "where ar = ? group by 1",
            [year],
        ).fetchall()
    )
    totals = con.execute(
        f"select ar, sum(hires) from mart_hires_month_forvaltning "
        f"where ar between ? and ? and {_COMPLETE_YEAR} group by ar",
        [year - HISTORY_YEARS, year - 1],
    ).fetchall()
    target, _ = municipality_target(con, year)
    status = _status(con, year)
    return forecast(
        year,
        [int(monthly.get(m, 0) or 0) for m in range(1, last + 1)],
        target,
        shares,
        history_mean=_mean([t for _, t in totals]),
        unfinished_months=[m for m in range(1, last + 1) if not status.month_complete(m)],
    )


def goal_forecasts(
    con: duckdb.DuckDBPyConnection,
    year: int,
    forvaltningar: Sequence[str] | None = None,
    *,
    through_month: int | None = None,
) -> dict[str, Forecast]:
    """The forecast of each förvaltning (by code): those given, or every förvaltning with a
    target in `year`. One query per kind of input for all of them, not per förvaltning: the
    pages with one row per förvaltning would otherwise make some 500 queries."""
    last, shares = _last_month_and_shares(con, year, through_month)
    monthly: dict[str, dict[int, int]] = defaultdict(dict)
    for kod, month, hires in con.execute(
        "select forvaltning, month(manad), sum(hires) from mart_hires_month_forvaltning "
        "where ar = ? group by 1, 2",
        [year],
    ).fetchall():
        monthly[kod][month] = hires
    totals: dict[str, list[float]] = defaultdict(list)
    for kod, total in con.execute(
        f"select forvaltning, sum(hires) from mart_hires_month_forvaltning "
        f"where ar between ? and ? and {_COMPLETE_YEAR} group by forvaltning, ar",
        [year - HISTORY_YEARS, year - 1],
    ).fetchall():
        totals[kod].append(total)
    validity = {
        kod: (fran, till)
        for kod, fran, till in con.execute(
            "select kod, giltig_fran, giltig_till from ref_forvaltning"
        ).fetchall()
    }
    targets = targets_for_year(con, year)
    target_of = dict(zip(targets["kod"], targets["target"].astype(int), strict=True))
    wanted = list(targets["kod"]) if forvaltningar is None else list(forvaltningar)
    status = _status(con, year)
    return {
        kod: forecast(
            year,
            [int(monthly[kod].get(m, 0) or 0) for m in range(1, last + 1)],
            int(target_of.get(kod, 0)),
            shares,
            history_mean=_mean(totals.get(kod, [])),
            valid_months=valid_month_flags(*validity[kod], year) if kod in validity else None,
            unfinished_months=[m for m in range(1, last + 1) if not status.month_complete(m, kod)],
        )
        for kod in wanted
    }


def _last_month_and_shares(
    con: duckdb.DuckDBPyConnection, year: int, through_month: int | None
) -> tuple[int, list[float]]:
    """The municipality's last reported month of `year` (0 if none, at most `through_month`)
    and the seasonal shares of its previous complete years."""
    last_row = one(
        con,
        "select max(month(manad)) from mart_hires_month_forvaltning where ar = ? "
        "and month(manad) <= ?",
        [year, through_month or 12],
    )
    last = int(last_row[0]) if last_row and last_row[0] is not None else 0
    history = con.execute(
        f"select month(manad), sum(hires) from mart_hires_month_forvaltning "
        f"where ar between ? and ? and {_COMPLETE_YEAR} group by 1",
        [year - HISTORY_YEARS, year - 1],
    ).fetchall()
    return last, seasonal_shares(dict(history))


def _status(con: duckdb.DuckDBPyConnection, year: int) -> YearStatus:
    """The year's deliveries as of today: a month not complete is still to come (issue 24)."""
    return year_status_on(con, year, config.today(), config.grace_days())


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
