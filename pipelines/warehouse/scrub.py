"""The migration that scrubs personal numbers from the logs already stored (issue 26).

Before the gate's second round, a file name such as `anstallningar_491203_4521.csv` passed the
guard (`_` was no separator) and was kept in `ingest_log` and in the append-only `audit_log`.
`scrub_personal_numbers` replaces every such number in their text columns by
`[personnummer borttaget]` (`schemas.guard.redact`, the guard's own rule), once per warehouse:

- it is the one deliberate exception to "the product never updates `audit_log`" (see
  sql/15_audit.sql), and it records itself twice: a row in `migration_log` (so it never runs
  again) and a line in `audit_log` saying how many rows it changed (action
  `personnummer_rensat`), both in the transaction that changes the rows;
- it runs inside `pipelines.warehouse.write`, so the first write after an upgrade runs it and
  every later write only looks up its row in `migration_log`.
"""

from __future__ import annotations

import getpass
from datetime import datetime

import duckdb

from schemas import guard

NAME = "personnummer_rensat_2026_12"
ACTION = "personnummer_rensat"
#: (table, key column, text columns) scrubbed.
TABLES = (
    ("ingest_log", "ingest_id", ("file_name", "messages", "encoding", "delimiter", "kind")),
    ("audit_log", "audit_id", ("actor", "subject", "detail")),
)


def _redact_json_safe(text: str) -> str:
    # `messages` is JSON: the replacement holds no quote or backslash, so it stays valid JSON.
    return guard.redact(text)


def scrub_personal_numbers(con: duckdb.DuckDBPyConnection) -> int | None:
    """Run the migration on a connection inside a write transaction, unless it ran before.
    Returns the number of rows changed (None when it had already run)."""
    if con.execute("select count(*) from migration_log where name = ?", [NAME]).fetchone()[0]:
        return None
    changed = 0
    for table, key, columns in TABLES:
        for column in columns:
            rows = con.execute(
                f'select "{key}", "{column}" from {table} where "{column}" is not null'
            ).fetchall()
            for row_key, value in rows:
                text = str(value)
                if guard.might_contain_personnummer(text) and guard.looks_like_personnummer(text):
                    con.execute(
                        f'update {table} set "{column}" = ? where "{key}" = ?',
                        [_redact_json_safe(text), row_key],
                    )
                    changed += 1
    now = datetime.now().replace(microsecond=0)
    detail = f"{changed} värden i ingest_log och audit_log rensade från personnummer"
    con.execute("insert into migration_log values (?, ?, ?)", [NAME, now, detail])
    if changed:
        con.execute(
            "insert into audit_log (happened_at, actor, role, source, action, subject, detail) "
            "values (?, ?, '', 'cli', ?, 'ingest_log och audit_log', ?)",
            [now, guard.visible(_user(), limit=80) or "okänd", ACTION, detail],
        )
    return changed


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "okänd"
