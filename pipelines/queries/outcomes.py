"""What became of those hired: the year's hires and the delivered follow-up rows (kind
`uppfoljning`), turned into the outcome figures by `pipelines.domain.outcomes`."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines import config
from pipelines.domain.outcomes import YearOutcomes, year_outcomes
from pipelines.queries.base import query
from schemas import uppfoljning

#: The columns of a delivered follow-up row: the kind's own (`schemas/uppfoljning.py`).
ROW_COLUMNS = list(uppfoljning.CONTRACT.names)


def _dates(column: pd.Series) -> pd.Series:
    return pd.Series(pd.to_datetime(column).dt.date, index=column.index, dtype=object)


@query
def outcomes(con: duckdb.DuckDBPyConnection, year: int) -> YearOutcomes:
    """The outcome figures of the hires of `year` (see `pipelines.domain.outcomes`)."""
    hires = con.execute(
        "select manad, forvaltning, coalesce(hires_all, 0) as hires "
        "from mart_hires_month_forvaltning where ar = ? order by manad, forvaltning",
        [year],
    ).df()
    try:
        rows = con.execute(
            f"select {', '.join(ROW_COLUMNS)} from uppfoljning_current "
            "where year(anstallningsmanad) = ?",
            [year],
        ).df()
    except duckdb.CatalogException:  # a warehouse from before the kind: nothing delivered
        rows = pd.DataFrame(columns=ROW_COLUMNS)
    hires["manad"] = _dates(hires["manad"])
    rows["anstallningsmanad"] = _dates(rows["anstallningsmanad"])
    for column in ROW_COLUMNS[2:]:
        rows[column] = rows[column].astype("Int64")
    return year_outcomes(year, hires, rows, config.today(), config.grace_days())


@query
def followup_years(con: duckdb.DuckDBPyConnection, point: int | None = None) -> list[int]:
    """The years of the cohorts with any delivered follow-up row (only of `point` months when
    given), newest first; [] for a warehouse without the kind or without rows."""
    where = "where uppfoljning = ?" if point is not None else ""
    try:
        rows = con.execute(
            f"select distinct year(anstallningsmanad) as ar from uppfoljning_current {where} "
            "order by ar desc",
            [point] if point is not None else [],
        ).fetchall()
    except duckdb.CatalogException:
        return []
    return [int(r[0]) for r in rows]
