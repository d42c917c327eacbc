"""Store a validated file in the warehouse: one transaction, all of the file or nothing.

- The same content (by SHA-256) stored before changes nothing and says so.
- A file replaces exactly the slices it contains (contract: (månad, förvaltning) for hires,
  månad for försörjningsstöd, (år, förvaltning) for targets); the replaced versions stay in the
  `*_version` tables with `replaced_by`/`replaced_at` set, so every correction is traceable.
- Every attempt, stored or rejected, gets a line in `ingest_log` (a rejected file leaves nothing
  else; its messages never hold a personal identity number).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from pipelines import warehouse
from pipelines.formatting import fmt_int, month_key
from pipelines.ingest import audit
from pipelines.ingest.history_checks import unconfirmed
from pipelines.ingest.upload import stored_checks
from pipelines.ingest.validate import ValidatedFile, validate_bytes
from schemas.contract import Contract
from schemas.findings import Finding, to_json


@dataclass(slots=True)  # a Socialstyrelsen export has tens of thousands of slices (cells)
class SliceChange:
    """What storing a file does to one slice: new, replaced with other figures, or unchanged."""

    slice_key: str
    manad: date | None
    ar: int | None
    forvaltning: str | None
    old_total: float | None  # None: nothing stored for the slice before
    new_total: float | None  # None: a masked or missing cell (sos_manad)
    changed: bool
    existed: bool | None = None  # None: as old_total says
    old_rows: int = 0  # the stored rows the slice's replacement removes
    new_rows: int = 0  # the delivered rows it adds

    @property
    def is_new(self) -> bool:
        return not self.existed if self.existed is not None else self.old_total is None


@dataclass
class IngestResult:
    file_name: str
    content_hash: str
    kind: str | None
    outcome: str  # lagrad | redan_lagrad | avvisad | kontrollerad (check only)
    rows: int = 0
    months: list[str] = field(default_factory=list)
    changes: list[SliceChange] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    ingest_id: int | None = None
    earlier_ingest_id: int | None = None
    earlier_stored_at: datetime | None = None

    @property
    def rejected(self) -> bool:
        return self.outcome == "avvisad"

    @property
    def replaced(self) -> list[SliceChange]:
        return [c for c in self.changes if not c.is_new]


def _storable(validated: ValidatedFile) -> pd.DataFrame:
    """The typed rows as the version table stores them (dates as datetimes, no pandas NA)."""
    frame = validated.frame.copy().reset_index(drop=True)
    month = validated.contract.slice_month
    if month in frame:
        frame[month] = pd.to_datetime(frame[month]).astype("datetime64[us]")
    return frame


def plan(con: duckdb.DuckDBPyConnection, validated: ValidatedFile) -> list[SliceChange]:
    """What storing `validated` would do to each of its slices (old and new figure, changed?).

    Done in DuckDB: totals per slice on both sides, and a slice is unchanged when its delivered
    rows equal the stored ones as a multiset: the same number of rows and the same sum of a
    64-bit hash of every row (one pass per side; `EXCEPT ALL` both ways sorts every row).
    """
    contract = validated.contract
    keys = list(contract.slice_key)
    measure = contract.measure
    value_cols = contract.value_columns
    types = dict(
        con.execute(
            "select column_name, data_type from information_schema.columns where table_name = ?",
            [contract.version_table],
        ).fetchall()
    )
    con.register("_new_raw", _storable(validated)[value_cols])
    try:
        casts = ", ".join(f"cast({c} as {types[c]}) as {c}" for c in value_cols)
        cols, key_list = ", ".join(value_cols), ", ".join(keys)
        join = " and ".join(f"c.{k} = n.{k}" for k in keys)
        result = con.execute(
            f"""
            with new as (select {casts} from _new_raw),
            new_totals as (
                select {key_list}, sum({measure})::DOUBLE as new_total,
                       count(*) as new_rows, sum(hash({cols})) as new_fingerprint
                from new group by all
            ),
            old as (
                select {cols} from {contract.current_view} c
                where exists (select 1 from new_totals n where {join})
            ),
            old_totals as (
                select {key_list}, sum({measure})::DOUBLE as old_total,
                       count(*) as old_rows, sum(hash({cols})) as old_fingerprint
                from old group by all
            )
            select {", ".join(f"n.{k}" for k in keys)}, n.new_total, o.old_total,
                   o.old_rows is distinct from n.new_rows
                   or o.old_fingerprint is distinct from n.new_fingerprint as differs,
                   o.old_rows is not null as existed,
                   coalesce(o.old_rows, 0) as old_rows, n.new_rows
            from new_totals n
            left join old_totals o using ({key_list})
            order by {key_list}
            """
        )
        # Fetched a batch at a time: the rows of one batch, not of every slice, live beside the
        # changes built from them.
        changes: list[SliceChange] = []
        while batch := result.fetchmany(8192):
            changes += [_slice_change(contract, row) for row in batch]
    finally:
        con.unregister("_new_raw")
    return changes


def _slice_change(contract: Contract, row: tuple) -> SliceChange:
    """A row of `plan`'s query (the slice's key columns, then its figures) as a SliceChange."""
    keys = contract.slice_key
    record = dict(zip(keys, row[: len(keys)], strict=True))
    new_total, old_total, differs, existed, old_rows, new_rows = row[len(keys) :]
    month = record.get(contract.slice_month) if contract.slice_month else None
    month = month.date() if isinstance(month, datetime) else month
    if contract.slice_month:
        record[contract.slice_month] = month
    return SliceChange(
        slice_key=contract.slice_key_text(record),
        manad=month,
        ar=int(record["ar"]) if "ar" in record else None,
        forvaltning=record.get("forvaltning"),
        old_total=old_total,
        new_total=None if new_total is None else float(new_total),
        changed=not existed or bool(differs),
        existed=bool(existed),
        old_rows=int(old_rows),
        new_rows=int(new_rows),
    )


def ingest_file(
    path: Path,
    *,
    kind: str | None = None,
    source: str = "cli",
    db: Path | None = None,
    actor: audit.Actor | None = None,
) -> IngestResult:
    """Validate and store one file from disk (see `ingest_bytes`)."""
    path = Path(path)
    return ingest_bytes(path.read_bytes(), path.name, kind=kind, source=source, db=db, actor=actor)


def ingest_bytes(
    content: bytes,
    file_name: str,
    *,
    kind: str | None = None,
    source: str = "cli",
    db: Path | None = None,
    actor: audit.Actor | None = None,
) -> IngestResult:
    """Validate a delivered file and, if it has no errors, store it in one transaction (the
    audit trail names `actor`, see `store`)."""
    validated = validate_bytes(content, file_name, kind=kind)
    return store(validated, source=source, db=db, actor=actor)


def store(
    validated: ValidatedFile,
    *,
    source: str = "cli",
    db: Path | None = None,
    actor: audit.Actor | None = None,
) -> IngestResult:
    """Store a validated file (or log its rejection). Waits for another writer if needed.

    The audit trail gets a line naming `actor` (default: `audit.current_actor`) in the same
    transaction."""
    started = datetime.now()
    result = IngestResult(
        validated.file_name,
        validated.content_hash,
        validated.kind,
        "avvisad",
        months=[month_key(m) for m in validated.months()] if validated.frame is not None else [],
        findings=list(validated.findings),
    )

    def tell_waiting() -> None:
        if source == "cli":
            print("Databasen används just nu av en annan process; väntar…", file=sys.stderr)

    with warehouse.write(db, on_wait=tell_waiting) as con:
        # Against what is stored, in the write transaction: again only if the warehouse changed
        # since the preview checked the file.
        stored_checks(con, validated)
        # A figure far outside its history is stored only when confirmed (issue 26).
        validated.findings += unconfirmed(validated, source)
        result.findings = list(validated.findings)
        if validated.ok:
            earlier = warehouse.one(
                con,
                "select ingest_id, finished_at from ingest_log "
                "where content_hash = ? and outcome = 'lagrad' order by ingest_id limit 1",
                [validated.content_hash],
            )
            if earlier:
                result.outcome = "redan_lagrad"
                result.earlier_ingest_id, result.earlier_stored_at = int(earlier[0]), earlier[1]
            else:
                result.outcome = "lagrad"
                result.changes = plan(con, validated)
                result.rows = len(validated.frame)
        ingest_id = int(warehouse.one(con, "select nextval('ingest_id_seq')")[0])
        result.ingest_id = ingest_id
        if result.outcome == "lagrad":
            _insert_versions(con, validated, ingest_id, started)
            from pipelines.ingest import sos

            if validated.contract.reader == "sos_wide":  # title, footnotes, extraction date
                sos.store_file_facts(con, validated, ingest_id)
            sos.refresh_regions_if_valid(con)  # ref_region, like the warehouse's ref_* tables
        months = validated.months() if validated.frame is not None else []
        con.execute(
            "insert into ingest_log values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ingest_id,
                validated.file_name,
                validated.content_hash,
                validated.kind,
                result.outcome,
                result.rows,
                months[0] if months else None,
                months[-1] if months else None,
                sum(1 for c in result.changes if c.is_new),
                len(result.replaced),
                started,
                datetime.now(),
                source,
                validated.raw.encoding if validated.raw else None,
                validated.raw.delimiter if validated.raw else None,
                to_json(result.findings),
            ],
        )
        audit.record(
            con,
            audit.FILE_ACTIONS[result.outcome],
            validated.file_name,
            _audit_detail(result),
            actor=actor or audit.current_actor(source),
            ingest_id=ingest_id,
        )
    return result


def _audit_detail(result: IngestResult) -> str:
    """The audit trail's line for a file: what storing it did, in Swedish."""
    if result.outcome == "lagrad":
        rows = f"{fmt_int(result.rows)} {'rad' if result.rows == 1 else 'rader'}"
        new = sum(1 for c in result.changes if c.is_new)
        return f"{rows}; {fmt_int(new)} nya och {fmt_int(len(result.replaced))} ersatta delar"
    if result.outcome == "redan_lagrad":
        return f"samma innehåll som inläsning {result.earlier_ingest_id}"
    errors = sum(1 for f in result.findings if f.is_error)
    return f"{fmt_int(errors)} fel"


def _insert_versions(
    con: duckdb.DuckDBPyConnection, validated: ValidatedFile, ingest_id: int, stored_at: datetime
) -> None:
    kind = validated.kind
    contract = validated.contract
    frame = _storable(validated)
    value_cols = contract.value_columns
    month_column = contract.slice_month
    frame.insert(0, "ingest_id", ingest_id)
    # As Arrow: DuckDB reads it without converting pandas' extension arrays row by row.
    con.register(
        "_rows", pa.Table.from_pandas(frame[["ingest_id", *value_cols]], preserve_index=False)
    )
    try:
        con.execute(
            f"insert into {contract.version_table} (ingest_id, {', '.join(value_cols)}) "
            f"select ingest_id, {', '.join(value_cols)} from _rows"
        )
        if contract.reader == "sos_wide":  # tens of thousands of cells (one slice each): in SQL
            key = contract.slice_key_sql("_rows")
            con.execute(
                "update slice_version set replaced_by = ?, replaced_at = ? "
                "where replaced_by is null and kind = ? "
                f"and slice_key in (select {key} from _rows)",
                [ingest_id, stored_at, kind],
            )
            con.execute(
                f"insert into slice_version select ?, {key}, "
                "manad::DATE, year(manad)::INTEGER, NULL, ?, ?, NULL, NULL from _rows",
                [kind, ingest_id, stored_at],
            )
            return
        slices = frame[list(contract.slice_key)].drop_duplicates()
        records = []
        for row in slices.to_dict("records"):
            month = row.get(month_column) if month_column else None
            month = month.date() if isinstance(month, (pd.Timestamp, datetime)) else month
            key_row = {**row, month_column: month} if month_column else row
            records.append(
                {
                    "kind": kind,
                    "slice_key": contract.slice_key_text(key_row),
                    "manad": month,
                    "ar": int(row["ar"]) if "ar" in row else (month.year if month else None),
                    "forvaltning": row.get("forvaltning"),
                }
            )
        con.register("_slices", pd.DataFrame(records))
        con.execute(
            "update slice_version set replaced_by = ?, replaced_at = ? "
            "where replaced_by is null and kind = ? "
            "and slice_key in (select slice_key from _slices)",
            [ingest_id, stored_at, kind],
        )
        con.execute(
            "insert into slice_version "
            "select kind, slice_key, manad::DATE, ar::INTEGER, forvaltning, ?, ?, NULL, NULL "
            "from _slices",
            [ingest_id, stored_at],
        )
    finally:
        con.unregister("_rows")
        try:
            con.unregister("_slices")
        except duckdb.Error:
            pass
