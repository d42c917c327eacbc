"""Look-ups shared by the goal marts (plain functions on a connection, not cached themselves).

Hires are those whose employment form counts toward the goal. A month is *reported* when any
hires file for it has been delivered; reported months without hires count as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from pipelines.queries.base import per_connection
from pipelines.queries.targets import municipality_target, targets_for_year
from pipelines.warehouse import one
from schemas.calendar import valid_month_flags
from schemas.vocabulary import BERAKNAT


@per_connection
def last_reported_month(con: duckdb.DuckDBPyConnection, year: int) -> int:
    """The municipality's last reported month of `year` (1–12), 0 when none is reported."""
    row = one(
        con, "select max(month(manad)) from mart_hires_month_forvaltning where ar = ?", [year]
    )
    return int(row[0]) if row and row[0] is not None else 0


def hires_filter(
    forvaltning: str | None = None,
    anstallningsform: str | None = None,
    malgrupp: str | None = None,
) -> tuple[str, list]:
    """SQL conditions on `hires_monthly` for the counting hires and the optional filters."""
    clauses, params = ["raknas_mot_malet"], []
    for column, value in (
        ("forvaltning", forvaltning),
        ("anstallningsform", anstallningsform),
        ("malgrupp", malgrupp),
    ):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    return " and ".join(clauses), params


@dataclass(frozen=True)
class HireSource:
    """Where the counting hires with some filters are summed: `select … {count} from {table}
    where {where}` (with `params`); `fran` sums those from försörjningsstöd."""

    table: str
    count: str
    fran: str
    where: str
    params: tuple


def hire_source(
    forvaltning: str | None = None,
    anstallningsform: str | None = None,
    malgrupp: str | None = None,
) -> HireSource:
    """The materialised mart of hires per month and förvaltning (7 200 rows at ten years of
    60 förvaltningar) when no filter needs a hire row's own columns, else `hires_monthly` (every
    stored hire row through the current-version views: a million rows on the large benchmark
    warehouse, about 9 ms a query). Both give the same sums: the mart is rebuilt from that view
    at the end of every write."""
    if anstallningsform or malgrupp:
        where, params = hires_filter(forvaltning, anstallningsform, malgrupp)
        return HireSource(
            "hires_monthly",
            "sum(antal)",
            "sum(antal) filter (where fran_forsorjningsstod = 'ja')",
            where,
            tuple(params),
        )
    return HireSource(
        "mart_hires_month_forvaltning",
        "sum(hires)",
        "sum(hires_fran_forsorjningsstod)",
        "forvaltning = ?" if forvaltning else "true",
        (forvaltning,) if forvaltning else (),
    )


@per_connection
def hires_by_month(
    con: duckdb.DuckDBPyConnection,
    year: int,
    forvaltning: str | None = None,
    anstallningsform: str | None = None,
    malgrupp: str | None = None,
) -> list[int]:
    """Counting hires per reported month of `year` (index 0 = January; length = last month)."""
    source = hire_source(forvaltning, anstallningsform, malgrupp)
    rows = dict(
        con.execute(
            f"select month(manad), {source.count} from {source.table} "
            f"where ar = ? and {source.where} group by 1",
            [year, *source.params],
        ).fetchall()
    )
    last = last_reported_month(con, year)
    return [int(rows.get(m, 0) or 0) for m in range(1, last + 1)]


def valid_months(con: duckdb.DuckDBPyConnection, year: int, forvaltning: str | None) -> list[bool]:
    """For each month 1–12: did the förvaltning exist (any day of it)? Always true for the whole
    municipality and for a code missing from the reference."""
    if not forvaltning:
        return [True] * 12
    row = one(
        con, "select giltig_fran, giltig_till from ref_forvaltning where kod = ?", [forvaltning]
    )
    if not row:
        return [True] * 12
    fran = pd.Timestamp(row[0]).date()
    till = pd.Timestamp(row[1]).date() if row[1] is not None else None
    return valid_month_flags(fran, till, year)


def target_for(
    con: duckdb.DuckDBPyConnection, year: int, forvaltning: str | None
) -> tuple[int, str]:
    """The target of the municipality or of one förvaltning, with its kind (beslutat/beraknat)."""
    if not forvaltning:
        return municipality_target(con, year)
    targets = targets_for_year(con, year)
    match = targets[targets["kod"] == forvaltning]
    if not len(match):
        return 0, BERAKNAT
    return int(match["target"].iloc[0]), str(match["target_kind"].iloc[0])
