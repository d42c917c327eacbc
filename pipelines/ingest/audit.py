"""The audit trail's writer: who stored or rejected which file, who wrote or changed which comment,
who built which export, who backed up or restored the warehouse, and when (table `audit_log`,
`warehouse/sql/15_audit.sql`).

- An `Actor` says who acts: the login name and role in the app, the operating-system user on the
  command line (`cli_actor()`).
- `record(con, …)` adds one line on a connection that is writing anyway, so the line and the
  change it describes are committed together or not at all (`ingest.store`, `ingest.comments`).
- `record_now(…)` writes one line in a transaction of its own (an export, a backup, a restore).
- Who acts, when a caller names nobody: the actor set with `acting_as()` for the block, else the
  operating-system user (the command line's rule).

Every text passes `schemas.guard.visible` first: a personal identity number in a file name is
never stored here, and control characters are shown by name.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines import warehouse
from schemas.guard import visible

#: The action codes of the trail; their Swedish words are in `schemas.vocabulary.AUDIT_ACTIONS`.
FILE_STORED = "fil_lagrad"
FILE_ALREADY_STORED = "fil_redan_lagrad"
FILE_REJECTED = "fil_avvisad"
COMMENT_WRITTEN = "kommentar_skriven"
COMMENT_CHANGED = "kommentar_andrad"
EXPORT_BUILT = "export_byggd"
BACKUP = "sakerhetskopia"
RESTORE = "aterstallning"
REPORT_APPROVED = "rapport_faststalld"
RELEASE_RECORDED = "utlamning_registrerad"
SCRUBBED = "personnummer_rensat"  # written only by pipelines/warehouse/scrub.py
ACTIONS = (
    FILE_STORED,
    FILE_ALREADY_STORED,
    FILE_REJECTED,
    COMMENT_WRITTEN,
    COMMENT_CHANGED,
    EXPORT_BUILT,
    BACKUP,
    RESTORE,
    REPORT_APPROVED,
    RELEASE_RECORDED,
    SCRUBBED,
)
#: The ingest outcome (`ingest_log.outcome`) → the action it is recorded as.
FILE_ACTIONS = {
    "lagrad": FILE_STORED,
    "redan_lagrad": FILE_ALREADY_STORED,
    "avvisad": FILE_REJECTED,
}

MAX_NAME = 120
MAX_SUBJECT = 200
MAX_DETAIL = 400


@dataclass(frozen=True)
class Actor:
    """Who acts: `name` (login name or operating-system user), `role` (lasare, analytiker,
    administrator, lokal, or '' on the command line), `source` (app, cli, demo, test)."""

    name: str
    role: str = ""
    source: str = "cli"


def os_user() -> str:
    """The operating-system user running this process ('okänd' when the system cannot say)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no USER/LOGNAME (a bare container)
        return os.environ.get("USERNAME") or "okänd"


def cli_actor(source: str = "cli") -> Actor:
    """The command line's actor: the operating-system user."""
    return Actor(os_user(), "", source)


_acting: ContextVar[Actor | None] = ContextVar("arbetsmal_actor", default=None)


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Name `actor` as the one acting in this block (and this thread) when callers name nobody."""
    token = _acting.set(actor)
    try:
        yield actor
    finally:
        _acting.reset(token)


def current_actor(source: str = "cli") -> Actor:
    """The actor set with `acting_as`, else the operating-system user."""
    return _acting.get() or cli_actor(source)


def _clean(text: object, limit: int) -> str:
    return visible("" if text is None else text, limit=limit)


def record(
    con: duckdb.DuckDBPyConnection,
    action: str,
    subject: str,
    detail: str | None = None,
    *,
    actor: Actor | None = None,
    ingest_id: int | None = None,
) -> None:
    """Add one line to the trail on a connection inside a write transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor = actor or current_actor()
    con.execute(
        "insert into audit_log (happened_at, actor, role, source, action, subject, detail, "
        "ingest_id) values (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            datetime.now().replace(microsecond=0),
            _clean(actor.name, MAX_NAME) or "okänd",
            _clean(actor.role, 40),
            _clean(actor.source, 20),
            action,
            _clean(subject, MAX_SUBJECT),
            _clean(detail, MAX_DETAIL) if detail else None,
            ingest_id,
        ],
    )


def record_now(
    action: str,
    subject: str,
    detail: str | None = None,
    *,
    actor: Actor | None = None,
    db: Path | None = None,
) -> None:
    """Write one line in a transaction of its own (waits for another writer like every write)."""
    with warehouse.write(db) as con:
        record(con, action, subject, detail, actor=actor)
