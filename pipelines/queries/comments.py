"""The analyst's comments on a month's report as they are stored: the current one and every
version (written by `pipelines.ingest.comments`)."""

from __future__ import annotations

from datetime import date

import duckdb

from pipelines import warehouse
from pipelines.domain.comments import Comment, CommentHistory
from schemas.calendar import first_day


def _table_exists(con: duckdb.DuckDBPyConnection) -> bool:
    row = warehouse.one(
        con, "select count(*) from duckdb_tables() where table_name = 'rapport_kommentar'"
    )
    return bool(row and row[0])


def comments_for(con: duckdb.DuckDBPyConnection, month: date) -> CommentHistory:
    """The month's comment and its history; empty when nothing is saved (or the table is new)."""
    if not _table_exists(con):
        return CommentHistory(None, ())
    month = first_day(month)
    rows = con.execute(
        "select manad, text, author, saved_at, version from rapport_kommentar "
        "where manad = ? order by version desc",
        [month],
    ).fetchall()
    history = tuple(Comment(m, t, a, s, int(v)) for m, t, a, s, v in rows)
    return CommentHistory(history[0] if history else None, history)
