"""What became of those hired, for the monthly report: the outcome figures of the latest year
(not after the report's) whose follow-up points are reached, or None when the warehouse holds
no follow-up rows (kind `uppfoljning`), so a report without the kind is unchanged."""

from __future__ import annotations

import duckdb

from pipelines.domain.outcomes import YearOutcomes
from pipelines.queries.outcomes import outcomes


def first_delivered_year(con: duckdb.DuckDBPyConnection) -> int | None:
    """The earliest cohort year with a delivered follow-up row; None when there is none (or the
    warehouse is from before the kind)."""
    try:
        row = con.execute("select min(year(anstallningsmanad)) from uppfoljning_current").fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None or row[0] is None else int(row[0])


def latest_outcomes(con: duckdb.DuckDBPyConnection, year: int) -> YearOutcomes | None:
    """The outcome figures of the latest year from `year` back whose hires have reached a
    follow-up point (as of today); None without follow-up rows or without a reached point."""
    first = first_delivered_year(con)
    if first is None:
        return None
    for candidate in range(year, first - 1, -1):
        result = outcomes.direct(con, candidate)
        if any(p.uppnadda for p in result.uppfoljningar):
            return result
    return None
