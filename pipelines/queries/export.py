"""Marts of the export page and the follow-up package: which years can be exported, how fresh
the data is, and the nyckeltal catalogue whose definitions the README lists."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from pipelines.queries.base import query
from pipelines.warehouse import one


@query
def export_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Years with any hires or försörjningsstöd delivered, newest first."""
    rows = con.execute(
        "select distinct year(manad) from anstallningar_current union "
        "select distinct year(manad) from forsorjningsstod_current order by 1 desc"
    ).fetchall()
    return [int(r[0]) for r in rows]


def _as_date(value) -> date | None:
    return pd.Timestamp(value).date() if value is not None else None


@query
def data_dates(con: duckdb.DuckDBPyConnection, year: int) -> dict:
    """How fresh the year's data is: `last_ingest` (datetime of the latest stored file, or
    None), `hires_last_month` and `fs_last_month` (first day of the latest delivered month of
    `year`, or None)."""
    last_ingest = one(con, "select max(finished_at) from ingest_log where outcome = 'lagrad'")[0]
    hires = one(con, "select max(manad) from mart_hires_month_forvaltning where ar = ?", [year])
    fs = one(con, "select max(manad) from forsorjningsstod_current where year(manad) = ?", [year])
    return {
        "last_ingest": pd.Timestamp(last_ingest).to_pydatetime() if last_ingest else None,
        "hires_last_month": _as_date(hires[0]),
        "fs_last_month": _as_date(fs[0]),
    }


@query
def nyckeltal_catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The catalogue of key figures: id, namn, enhet, definition, kalla (in the file's order)."""
    return con.execute("select id, namn, enhet, definition, kalla from ref_nyckeltal").df()


def ingest_time_text(value: datetime | None) -> str:
    """`2026-09-15 10:42` or `–`."""
    return value.strftime("%Y-%m-%d %H:%M") if value else "–"
