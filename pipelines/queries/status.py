"""Warehouse state for the start of the app: what is loaded, up to which month."""

from __future__ import annotations

import duckdb

from pipelines.queries.base import query
from pipelines.warehouse import one


@query
def warehouse_state(con: duckdb.DuckDBPyConnection) -> dict:
    """Counts and the latest month per kind, for the app's status line."""
    hires_last, hires_rows = one(con, "select max(manad), count(*) from anstallningar_current")
    fs_last, fs_months = one(con, "select max(manad), count(*) from forsorjningsstod_current")
    files, last_ingest = one(
        con, "select count(*) filter (where outcome = 'lagrad'), max(finished_at) from ingest_log"
    )
    return {
        "hires_last_month": hires_last,
        "hires_rows": int(hires_rows),
        "forsorjningsstod_last_month": fs_last,
        "forsorjningsstod_months": int(fs_months),
        "files_stored": int(files),
        "last_ingest": last_ingest,
    }
