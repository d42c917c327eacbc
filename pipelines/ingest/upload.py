"""The one path every delivered file takes, from the import page, `check` and `ingest` alike.

    bytes ─▶ validate_bytes: sniff once ─▶ limits ─▶ guard ─▶ read ─▶ the kind's contract
          ─▶ stored_checks: the kind's checks against what the warehouse stores, and whether
             the file would change an approved report
          ─▶ preview (pipelines.ingest.preview) or store (pipelines.ingest.store)

The preview and the store share one validated result: the store runs the checks against the
warehouse again only when the warehouse changed since they ran (another file stored in
between), and then says so.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines import warehouse
from pipelines.ingest import approval
from pipelines.ingest.validate import ValidatedFile, problem_findings, validate_bytes
from schemas.findings import Finding, warning

#: Said when the checks against the warehouse ran again at storing.
CHECKED_AGAIN = (
    "Databasen ändrades efter kontrollen (en annan fil lagrades emellan): filen kontrollerades "
    "igen mot det som nu är lagrat."
)


def check_upload(content: bytes, file_name: str, *, kind: str | None = None) -> ValidatedFile:
    """Read and check a delivered file, against its contract and then against the warehouse
    (a short read-only connection). Nothing is written."""
    validated = validate_bytes(content, file_name, kind=kind)
    if validated.ok:
        with warehouse.read() as con:
            stored_checks(con, validated)
    return validated


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """The warehouse's data version as a connection sees it: the last ingest that stored rows."""
    row = warehouse.one(con, "select max(ingest_id) from ingest_log where outcome = 'lagrad'")
    return int(row[0]) if row and row[0] is not None else 0


def stored_checks(con: duckdb.DuckDBPyConnection, validated: ValidatedFile) -> list[Finding]:
    """Run the kind's checks against what `con`'s warehouse stores, once per data version: the
    findings join the file's (and are returned). A second run on a changed warehouse (of a file
    that had no errors) replaces the first run's findings and adds a warning that says so."""
    contract = validated.contract
    if validated.frame is None or contract is None or validated.errors:
        # A file with errors is not checked (again): what the user was told was refused stays
        # refused, even when only logging its rejection after the warehouse changed.
        return []
    version = data_version(con)
    if validated.checked_version == version:
        return []
    again = validated.checked_version is not None
    validated.findings = [f for f in validated.findings if f not in validated.stored_findings]
    problems = []
    for check in contract.stored_checks:
        stored = _stored(con, check.reads, check.columns)
        problems += check.check(validated.frame, stored)
    found = problem_findings(validated.raw, problems) if validated.raw else []
    # Every kind: a file that would change an approved (fastställd) report says so (issue 24).
    found += approval.correction_warnings(con, validated)
    if again:
        found.append(warning(CHECKED_AGAIN, file=validated.file_name))
    validated.stored_findings = found
    validated.checked_version = version
    validated.findings += found
    return found


def _stored(con: duckdb.DuckDBPyConnection, source: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """The current rows a check reads; empty where the table or view does not exist yet (a
    warehouse from before the kind, or a first write before its marts are built). Asked first,
    since a failing query would abort the store's write transaction."""
    exists = warehouse.one(
        con, "select count(*) from information_schema.tables where table_name = ?", [source]
    )
    if not exists or not exists[0]:
        return pd.DataFrame(columns=list(columns))
    return con.execute(f"select {', '.join(columns)} from {source}").df()
