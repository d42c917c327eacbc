"""The only place that opens the DuckDB warehouse.

DuckDB lets one process write a database file at a time, and a process that holds it open
read-write keeps every other process out. So every connection here is short: readers open
read-only, run their query and close; writers go through `write()`, one transaction, and close.
When another process holds the file, both wait and retry (up to `LOCK_WAIT_SECONDS`) instead of
failing, and say so once on stderr for the command line. Inside one process a lock serialises
connections too, since DuckDB refuses a read-only and a read-write connection to the same file at
the same time in one process (the app's sessions run in threads).
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from pipelines import config
from pipelines.warehouse.scrub import scrub_personal_numbers
from pipelines.warehouse.views import current_views_sql

log = logging.getLogger(__name__)

_process_lock = threading.RLock()


class WarehouseBusy(RuntimeError):
    """The warehouse stayed locked by another process for longer than we wait."""

    def __init__(self, path: Path, waited: float):
        super().__init__(
            f"Databasen {path.name} används av en annan process (till exempel en pågående "
            f"inläsning) och blev inte ledig på {waited:.0f} sekunder. Försök igen om en stund."
        )


def _sql(name: str) -> str:
    return resources.files("pipelines.warehouse").joinpath("sql", name).read_text(encoding="utf-8")


def _schema_sql() -> list[str]:
    """Every numbered SQL file of `sql/` in name order: tables (1x), then each kind's current
    view (generated from its declaration, `views.py`), then the views over them (2x)."""
    folder = resources.files("pipelines.warehouse").joinpath("sql")
    names = sorted(
        f.name for f in folder.iterdir() if f.name[:2].isdigit() and f.name.endswith(".sql")
    )
    tables = [_sql(name) for name in names if name < "20"]
    return [*tables, *current_views_sql(), *(_sql(name) for name in names if name >= "20")]


def _schema_fingerprint(statements: list[str]) -> str:
    return hashlib.sha256("\n;\n".join(statements).encode("utf-8")).hexdigest()


def _state(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The fingerprints the warehouse was last brought up to date with (empty: never)."""
    exists = one(con, "select count(*) from duckdb_tables() where table_name = 'warehouse_state'")[
        0
    ]
    return dict(con.execute("select name, value from warehouse_state").fetchall()) if exists else {}


def _set_state(con: duckdb.DuckDBPyConnection, name: str, value: str) -> None:
    con.execute("delete from warehouse_state where name = ?", [name])
    con.execute("insert into warehouse_state values (?, ?)", [name, value])


def _bring_up_to_date(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> None:
    """Inside a write transaction: the schema (tables, views), the scrub migration and the
    reference tables, each only when its fingerprint differs from the one recorded (or when
    `force`: a warehouse found without its views)."""
    statements = _schema_sql()
    schema = _schema_fingerprint(statements)
    state = {} if force else _state(con)
    if state.get("schema") != schema:
        for statement in statements:
            con.execute(statement)
        _set_state(con, "schema", schema)
    scrub_personal_numbers(con)  # once per warehouse (scrub.py), recorded
    folder = config.reference_dir()
    reference = config.reference_digest(folder)
    if state.get("reference") != reference:
        _refresh_reference(con, config.reference())
        _set_state(con, "reference", reference)


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return (
        "could not set lock" in text
        or "conflicting lock" in text
        or "different configuration" in text
        or "database is locked" in text
    )


def _connect_with_retry(
    path: Path, read_only: bool, wait: float, on_wait: Callable[[], None] | None
) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    delay = 0.05
    told = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(path, wait) from exc
            if not told:
                log.info("warehouse %s is locked by another process; waiting", path)
                if on_wait:
                    on_wait()
                told = True
            time.sleep(delay + random.uniform(0, delay))
            delay = min(delay * 2, 1.0)


_ensured: set[Path] = set()


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query, or None. Reads the whole result: DuckDB 2 blocks the next
    statement on a connection while a result is only partly fetched."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def ensure(path: Path | None = None) -> Path:
    """Create the warehouse (tables, views, reference data) if it is missing or was left empty."""
    path = Path(path or config.db_path()).resolve()
    if path in _ensured and path.exists():
        return path
    ready = False
    if path.exists():
        with _process_lock:
            con = _connect_with_retry(path, True, config.LOCK_WAIT_SECONDS, None)
            try:
                # Views in place, and the materialised marts as tables (a warehouse from before
                # they were tables gets them at its first write, here).
                ready = one(
                    con,
                    "select (select count(*) from duckdb_views() "
                    "        where view_name = 'hires_monthly') > 0 "
                    "and (select count(*) from duckdb_tables() "
                    "     where table_name in ('mart_hires_month_forvaltning', 'mart_hires_mix'))"
                    " = 2",
                )[0]
            finally:
                con.close()
    if not ready:
        with write(path, _force_schema=True):
            pass
    _ensured.add(path)
    return path


@contextmanager
def read(
    path: Path | None = None, *, wait: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read-only connection. Creates the warehouse first if it does not exist."""
    path = ensure(path)
    with _process_lock:
        con = _connect_with_retry(
            path, True, config.LOCK_WAIT_SECONDS if wait is None else wait, None
        )
        try:
            yield con
        finally:
            con.close()


@contextmanager
def write(
    path: Path | None = None,
    *,
    wait: float | None = None,
    on_wait: Callable[[], None] | None = None,
    _force_schema: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """One read-write transaction: committed when the block ends, rolled back on any exception.

    The schema, views and reference tables are brought up to date inside the same transaction
    (each only when it changed since the last write: `warehouse_state`).
    """
    path = Path(path or config.db_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    with _process_lock:
        con = _connect_with_retry(
            path, False, config.LOCK_WAIT_SECONDS if wait is None else wait, on_wait
        )
        try:
            con.execute("BEGIN TRANSACTION")
            _bring_up_to_date(con, force=_force_schema)
            yield con
            _refresh_marts(con)
            con.execute("COMMIT")
        except BaseException:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass
            raise
        finally:
            con.close()


def _refresh_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the materialised marts (marts.sql) from the data as this transaction leaves it."""
    existing = one(
        con,
        "select table_type from information_schema.tables "
        "where table_name = 'mart_hires_month_forvaltning'",
    )
    if existing and existing[0] == "VIEW":  # a warehouse from before the marts were tables
        con.execute("DROP VIEW mart_hires_month_forvaltning")
    con.execute(_sql("marts_refresh.sql"))


def _refresh_reference(con: duckdb.DuckDBPyConnection, ref) -> None:
    """Copy the validated reference CSVs into the ref_* tables."""
    tables = {
        "ref_forvaltning": ref.forvaltningar[
            ["kod", "namn", "anstallda", "giltig_fran", "giltig_till"]
        ],
        "ref_anstallningsform": ref.anstallningsformer[
            ["kod", "namn", "kategori", "raknas_mot_malet"]
        ],
        "ref_malgrupp": ref.malgrupper[["kod", "namn"]],
        "ref_mal_standard": ref.mal_standard[["fran_ar", "till_ar", "mal"]],
        "ref_nyckeltal": ref.nyckeltal[
            ["id", "namn", "enhet", "definition", "kalla", "hogre_ar_battre"]
        ],
    }
    for table, frame in tables.items():
        con.execute(f"DELETE FROM {table}")
        con.register("_ref_frame", frame)
        con.execute(f"INSERT INTO {table} SELECT * FROM _ref_frame")
        con.unregister("_ref_frame")


def has_data(path: Path | None = None) -> bool:
    """True when any file has been stored in the warehouse."""
    path = Path(path or config.db_path())
    if not path.exists():
        return False
    with read(path) as con:
        row = one(con, "select count(*) from ingest_log where outcome = 'lagrad'")
    return bool(row and row[0])


def version(path: Path | None = None) -> tuple[int, ...]:
    """A cheap fingerprint of the warehouse's content (no lock taken): changes after every write.

    Used as a cache key by the pages, so an ingest from another process shows at the next rerun.
    """
    path = Path(path or config.db_path())
    parts = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            stat = candidate.stat()
            parts.append((stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            parts.append((0, 0))
    return tuple(value for part in parts for value in part)
