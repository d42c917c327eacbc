"""The approved (fastställda) monthly reports as stored by `pipelines.ingest.approval`: which months
are approved, by whom and when, their files unchanged, and what changed since.

- `report_figures(report)`: the key figures of a `MonthlyReport` as plain numbers and codes (what
  an approval stores, and what a later state is compared with);
- `figure_differences(before, after)`: the figures that differ, as (key, before, after);
- `approvals(con)`, `approvals_for(con, month)`: the approved versions, newest first (no bytes);
- `approved_file(con, month, version, kind)`: the stored PDF or Excel bytes, unchanged;
- `last_approved_before(con, month)`: the latest approved version of an earlier month (the
  baseline of "since last month");
- `corrections_since(con, when, through)`: stored files that replaced months up to `through`
  after `when` (the corrections that arrived since an approval).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from pipelines import warehouse
from pipelines.queries.base import query
from schemas.calendar import first_day

if TYPE_CHECKING:
    from pipelines.queries.report import MonthlyReport

PDF, XLSX = "pdf", "xlsx"


@dataclass(frozen=True)
class Approval:
    """One approved version of a month's report (its files are read with `approved_file`)."""

    month: date
    version: int
    approved_by: str
    approved_at: datetime
    pdf_sha256: str
    xlsx_sha256: str
    figures: dict


@dataclass(frozen=True)
class Correction:
    """A stored file that replaced earlier data (`ingest_log`)."""

    file_name: str
    kind: str
    first_month: date | None
    last_month: date | None
    stored_at: datetime
    slices_replaced: int


def _number(value):
    """A JSON-safe number: None for missing, an int when whole, else rounded to 6 decimals."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number:  # NaN
        return None
    return int(round(number)) if abs(number - round(number)) < 1e-9 else round(number, 6)


#: The försörjningsstöd figures an approval keeps (ids of `queries.forsorjningsstod.FIGURES`).
FS_FIGURES = ("hushall", "utbetalt", "avslut_arbete")


def report_figures(report: MonthlyReport) -> dict:
    """The report's key figures as plain numbers and codes (JSON-safe), keyed for comparison:
    the goal (`anstallda_manad`, `hittills`, `mal`, `prognos`, `status`), each förvaltning's
    hires so far, target and status (`forvaltningar`), the month's försörjningsstöd figures
    (`fs`) and the comment's version."""
    goal = report.goal
    forvaltningar = {
        str(r.kod): {
            "namn": str(r.namn),
            "hittills": _number(r.hires_ytd),
            "mal": _number(r.target),
            "status": str(r.status),
        }
        for r in report.forvaltningar.itertuples()
        if r.kod
    }
    fs = {}
    figures = report.fs_figures
    if len(figures):
        by_id = figures.set_index("nyckeltal")["varde"]
        fs = {key: _number(by_id.get(key)) for key in FS_FIGURES if key in by_id.index}
    latest = report.comments.latest
    return {
        "manad": f"{report.month:%Y-%m}",
        "anstallda_manad": _number(goal.hires_month),
        "hittills": _number(goal.hires_ytd),
        "mal": _number(goal.target),
        "prognos": _number(round(goal.expected) if goal.expected is not None else None),
        "status": goal.status,
        "forvaltningar": forvaltningar,
        "fs": fs,
        "fs_status": report.fs_status,
        "kommentar_version": latest.version if latest else None,
    }


def figure_differences(before: dict, after: dict) -> list[tuple[str, object, object]]:
    """The figures that differ between two `report_figures`, as (key, before, after); a
    förvaltning's figure is keyed `forvaltningar.KOD.hittills`, a försörjningsstöd figure
    `fs.hushall`. Keys in the order of `after` (then any only in `before`)."""

    def flat(figures: dict, prefix: str = "") -> dict[str, object]:
        out: dict[str, object] = {}
        for key, value in figures.items():
            if isinstance(value, dict):
                out.update(flat(value, f"{prefix}{key}."))
            else:
                out[f"{prefix}{key}"] = value
        return out

    old, new = flat(before), flat(after)
    keys = list(new) + [k for k in old if k not in new]
    return [
        (key, old.get(key), new.get(key))
        for key in keys
        if old.get(key) != new.get(key) and not key.endswith(".namn")
    ]


def _table_exists(con: duckdb.DuckDBPyConnection) -> bool:
    row = warehouse.one(
        con, "select count(*) from duckdb_tables() where table_name = 'rapport_faststalld'"
    )
    return bool(row and row[0])


_COLUMNS = "manad, version, approved_by, approved_at, pdf_sha256, xlsx_sha256, figures"


def _approval(row: tuple) -> Approval:
    month, version, by, at, pdf_sha, xlsx_sha, figures = row
    return Approval(month, int(version), by, at, pdf_sha, xlsx_sha, json.loads(figures))


@query
def approvals(con: duckdb.DuckDBPyConnection) -> list[Approval]:
    """Every approved version of every month, newest month first, newest version first."""
    if not _table_exists(con):
        return []
    rows = con.execute(
        f"select {_COLUMNS} from rapport_faststalld order by manad desc, version desc"
    ).fetchall()
    return [_approval(r) for r in rows]


@query
def approvals_for(con: duckdb.DuckDBPyConnection, month: date) -> list[Approval]:
    """The month's approved versions, newest first (empty: never approved)."""
    if not _table_exists(con):
        return []
    rows = con.execute(
        f"select {_COLUMNS} from rapport_faststalld where manad = ? order by version desc",
        [first_day(month)],
    ).fetchall()
    return [_approval(r) for r in rows]


@query
def approved_file(con: duckdb.DuckDBPyConnection, month: date, version: int, kind: str) -> bytes:
    """The stored bytes of an approved version's PDF (`kind` 'pdf') or Excel file ('xlsx'),
    exactly as approved."""
    column = {PDF: "pdf", XLSX: "xlsx"}[kind]
    if not _table_exists(con):
        raise LookupError("no approved reports")
    row = warehouse.one(
        con,
        f"select {column} from rapport_faststalld where manad = ? and version = ?",
        [first_day(month), int(version)],
    )
    if row is None:
        raise LookupError(f"no approved report {month:%Y-%m} version {version}")
    return bytes(row[0])


@query
def last_approved_before(con: duckdb.DuckDBPyConnection, month: date) -> Approval | None:
    """The latest approved version of the latest approved month before `month` (None: none)."""
    if not _table_exists(con):
        return None
    rows = con.execute(
        f"select {_COLUMNS} from rapport_faststalld where manad < ? "
        "order by manad desc, version desc limit 1",
        [first_day(month)],
    ).fetchall()
    return _approval(rows[0]) if rows else None


@query
def corrections_since(
    con: duckdb.DuckDBPyConnection, when: datetime, through: date
) -> list[Correction]:
    """Files stored after `when` that replaced data of months up to `through` (corrections of
    what an approved report showed), oldest first."""
    rows = con.execute(
        "select file_name, kind, first_month, last_month, finished_at, slices_replaced "
        "from ingest_log where outcome = 'lagrad' and slices_replaced > 0 and finished_at > ? "
        "and (first_month is null or first_month <= ?) order by finished_at, ingest_id",
        [when, first_day(through)],
    ).fetchall()
    return [Correction(f, k, a, b, t, int(n)) for f, k, a, b, t, n in rows]
