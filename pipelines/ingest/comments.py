"""The analyst's comment on a month's report: saved with author and time, every version kept.

A comment is plain text written by a person: the pages show it as text (never as HTML), and an
edit adds a new version instead of overwriting the old one, so the history of the analysis stays.
The table `rapport_kommentar` is defined in `warehouse/sql/10_schema.sql`; reading is
`pipelines.queries.comments`.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pipelines import warehouse
from pipelines.domain.comments import Comment
from pipelines.formatting import fmt_int
from pipelines.ingest import audit
from schemas import guard
from schemas.calendar import first_day

MAX_TEXT = 10_000
MAX_AUTHOR = 100


def save_comment(
    month: date,
    text: str,
    author: str,
    *,
    db: Path | None = None,
    actor: audit.Actor | None = None,
) -> Comment:
    """Save a new version of the month's comment. Raises ValueError with a Swedish message when
    the text or the author is empty or too long. The audit trail names `actor` (default:
    `audit.current_actor`) in the same transaction."""
    text, author = (text or "").strip(), (author or "").strip()
    if not text:
        raise ValueError("Skriv en kommentar innan du sparar.")
    if not author:
        raise ValueError("Ange ditt namn: varje kommentar sparas med namn och tid.")
    # The one gate: no personal number, no control character (a GateError is a ValueError).
    text = guard.admit(text, what="Kommentaren", multiline=True)
    author = guard.admit(author, what="Namnet")
    if len(text) > MAX_TEXT:
        raise ValueError(f"Kommentaren får vara högst {fmt_int(MAX_TEXT)} tecken lång.")
    if len(author) > MAX_AUTHOR:
        raise ValueError(f"Namnet får vara högst {MAX_AUTHOR} tecken långt.")
    month = first_day(month)
    saved_at = datetime.now().replace(microsecond=0)
    with warehouse.write(db) as con:
        row = warehouse.one(
            con, "select coalesce(max(version), 0) from rapport_kommentar where manad = ?", [month]
        )
        version = int(row[0]) + 1
        con.execute(
            "insert into rapport_kommentar (manad, text, author, saved_at, version) "
            "values (?, ?, ?, ?, ?)",
            [month, text, author, saved_at, version],
        )
        audit.record(
            con,
            audit.COMMENT_WRITTEN if version == 1 else audit.COMMENT_CHANGED,
            f"kommentar {month:%Y-%m}",
            f"version {version}, {fmt_int(len(text))} tecken",
            actor=actor,
        )
    return Comment(month, text, author, saved_at, version)
