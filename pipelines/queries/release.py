"""The release ledger as written by `pipelines.ingest.release`: the list of releases for
Datakvalitet (`release_list`), and every earlier release in full (`earlier_releases`) for the
protection of a new one (`pipelines.domain.disclosure_history`). An older warehouse without the
tables has no releases."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.domain.disclosure_audit import Relation
from pipelines.domain.disclosure_history import Release, key_from_text
from pipelines.queries.base import query

LIST_COLUMNS = [
    "release_id",
    "kind",
    "ar",
    "manad",
    "data_version",
    "released_at",
    "actor",
    "subject",
    "n_quantities",
    "n_hidden",
]


def _exists(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where table_name = 'release_quantity'"
        ).fetchone()[0]
    )


@query
def release_list(con: duckdb.DuckDBPyConnection, limit: int = 200) -> pd.DataFrame:
    """The newest `limit` releases, newest first."""
    if not _exists(con):
        return pd.DataFrame(columns=LIST_COLUMNS)
    return con.execute(
        f"select {', '.join(LIST_COLUMNS)} from release order by release_id desc limit ?", [limit]
    ).df()


def _shown(text: str, value: float):
    if text == "X":
        return text
    try:
        return float(text)
    except ValueError:
        return text


@query
def earlier_releases(con: duckdb.DuckDBPyConnection) -> list[Release]:
    """Every recorded release in full, oldest first."""
    if not _exists(con):
        return []
    heads = con.execute(
        "select release_id, kind, ar, manad from release order by release_id"
    ).fetchall()
    out = {
        rid: Release(kind, int(ar), int(manad), {}, {}, release_id=int(rid))
        for rid, kind, ar, manad in heads
    }
    for rid, qkey, label, value, shown, base in con.execute(
        "select release_id, qkey, label, value, shown, rounded_base from release_quantity"
    ).fetchall():
        release, key = out[rid], key_from_text(qkey)
        release.values[key] = float(value)
        release.shown[key] = _shown(shown, value)
        if label:
            release.labels[key] = label
        if base:
            release.rounded[key] = int(base)
    terms: dict[tuple, list] = {}
    for rid, number, qkey, coefficient, low, high in con.execute(
        "select release_id, relation_no, qkey, coefficient, low, high from release_relation "
        "order by release_id, relation_no"
    ).fetchall():
        terms.setdefault((rid, number, float(low), float(high)), []).append(
            (key_from_text(qkey), float(coefficient))
        )
    for (rid, _, low, high), parts in terms.items():
        out[rid].relations.append(Relation(tuple(parts), low, high))
    return list(out.values())
