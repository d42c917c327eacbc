"""The audit trail as numbers: every line of `audit_log` (who did what, when), newest first.

Written by `pipelines.ingest.audit`; shown on Datakvalitet to analytiker and administrator
(`pipelines.present.audit_table` words it in Swedish).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.queries.base import query

COLUMNS = ["happened_at", "actor", "role", "source", "action", "subject", "detail"]


@query
def audit_trail(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The newest `limit` lines of the trail (an older warehouse without the table: none)."""
    exists = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'audit_log'"
    ).fetchone()[0]
    if not exists:
        return pd.DataFrame(columns=COLUMNS)
    return con.execute(
        f"select {', '.join(COLUMNS)} from audit_log order by audit_id desc limit ?", [limit]
    ).df()
