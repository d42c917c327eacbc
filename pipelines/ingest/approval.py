"""Approving (fastställa) a month's report: the PDF and Excel files exactly as they go to the
committee are stored with who approved them and when, and the report's key figures at that
moment, in table `rapport_faststalld` (`warehouse/sql/15_rapport_faststalld.sql`).

An approved version is never changed: the writer only inserts. When the figures change later (a
correction arrives), the month can be approved again as a new version; approving again with the
same figures is refused, so the list of versions means something. Reading is
`pipelines.queries.approval`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

from pipelines import warehouse
from pipelines.formatting import fmt_month
from pipelines.ingest import audit
from schemas import guard
from schemas.calendar import first_day

MAX_NAME = 100
#: A report file larger than this is not a report (the PDF is about 200 kB).
MAX_FILE_BYTES = 50 * 1024 * 1024


def canonical_figures(figures: dict) -> str:
    """The figures as JSON in one canonical form (sorted keys): equal figures, equal text."""
    return json.dumps(figures, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def approve_report(
    month: date,
    pdf: bytes,
    xlsx: bytes,
    figures: dict,
    approved_by: str,
    *,
    db: Path | None = None,
    actor: audit.Actor | None = None,
    expected_version: int | None = None,
    approved_at: datetime | None = None,
) -> int:
    """Store the month's report as approved by `approved_by`; returns the new version (1, 2, …).
    Raises ValueError with a Swedish message when the name or a file is missing, or when the
    latest approved version has the same figures (nothing to approve again).

    The files carry their own stamp ("Fastställd <date> av <name>, version N", issue 24): the
    caller writes them for `expected_version` at `approved_at` (`next_version`), and the
    approval is refused when someone else approved a version in between."""
    name = (approved_by or "").strip()
    if not name:
        raise ValueError("Ange ditt namn: en fastställd rapport sparas med namn och tid.")
    name = guard.admit(name, what="Namnet")  # no personal number, no control character
    if len(name) > MAX_NAME:
        raise ValueError(f"Namnet får vara högst {MAX_NAME} tecken långt.")
    if not pdf or not xlsx:
        raise ValueError("Rapportens PDF och Excel-fil måste finnas för att den ska fastställas.")
    if len(pdf) > MAX_FILE_BYTES or len(xlsx) > MAX_FILE_BYTES:
        raise ValueError("Rapportfilen är för stor för att sparas.")
    month = first_day(month)
    text = canonical_figures(figures)
    approved_at = (approved_at or datetime.now()).replace(microsecond=0)
    with warehouse.write(db) as con:
        latest = warehouse.one(
            con,
            "select version, figures from rapport_faststalld where manad = ? "
            "order by version desc limit 1",
            [month],
        )
        if latest and latest[1] == text:
            raise ValueError(
                f"Rapporten för {fmt_month(month)} är redan fastställd (version {latest[0]}) "
                "och siffrorna har inte ändrats sedan dess."
            )
        version = int(latest[0]) + 1 if latest else 1
        if expected_version is not None and version != expected_version:
            raise ValueError(
                f"Någon annan fastställde rapporten för {fmt_month(month)} under tiden "
                f"(version {version - 1}). Ladda om sidan och försök igen."
            )
        con.execute(
            "insert into rapport_faststalld (manad, version, approved_by, approved_at, pdf, "
            "xlsx, pdf_sha256, xlsx_sha256, figures) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                month,
                version,
                name,
                approved_at,
                bytes(pdf),
                bytes(xlsx),
                hashlib.sha256(pdf).hexdigest(),
                hashlib.sha256(xlsx).hexdigest(),
                text,
            ],
        )
        audit.record(
            con,
            audit.REPORT_APPROVED,
            f"månadsrapport {month:%Y-%m}",
            f"version {version}, fastställd av {name}",
            actor=actor,
        )
    return version
