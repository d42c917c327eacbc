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

import duckdb
import pandas as pd

from pipelines import warehouse
from pipelines.formatting import fmt_month, fmt_number
from pipelines.ingest import audit
from pipelines.ingest.validated import ValidatedFile
from schemas import guard
from schemas.calendar import first_day
from schemas.findings import Finding, warning

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


# --- a correction of an approved month (issue 24) --------------------------------------------------

#: The approved figures a correction can change, with their Swedish words.
_HIRES_WORDS = {"hittills": "Anställda hittills", "anstallda_manad": "Anställda i månaden"}
_FS_WORDS = {
    "hushall": "Biståndshushåll",
    "utbetalt": "Utbetalt",
    "avslut_arbete": "Avslut till arbete",
}


def correction_warnings(con: duckdb.DuckDBPyConnection, validated: ValidatedFile) -> list[Finding]:
    """Warnings for a file that would change an approved (fastställd) report, before it is
    stored: one per approved month whose figures it changes, naming the report, its version and
    each figure as approved → after storing ("Rättelsen ändrar den fastställda rapporten för
    oktober 2026, version 1: Anställda hittills 199 → 201."). A hires file changes the months
    it covers and the later approved months of the same year (their "hittills"); a
    försörjningsstöd file the months it covers. Nothing is written."""
    frame = validated.frame
    if not validated.ok or frame is None or frame.empty or validated.kind not in _DELTAS:
        return []
    exists = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'rapport_faststalld'"
    ).fetchone()[0]
    months = validated.months()
    if not exists or not months:
        return []
    approved = con.execute(
        "select manad, version, figures from rapport_faststalld r where manad >= ? "
        "and year(manad) <= ? and version = "
        "(select max(version) from rapport_faststalld s where s.manad = r.manad) order by manad",
        [months[0], months[-1].year],
    ).fetchall()
    findings = []
    for month, version, figures in approved:
        month = first_day(month)
        before = json.loads(figures)
        changes = _DELTAS[validated.kind](con, frame, month, before)
        if changes:
            findings.append(
                warning(
                    f"Rättelsen ändrar den fastställda rapporten för {fmt_month(month)}, "
                    f"version {version}: " + "; ".join(changes) + ".",
                    file=validated.file_name,
                    hint="Efter inläsningen kan månaden fastställas i en ny version under "
                    "Månadsrapport.",
                )
            )
    return findings


def _hires_changes(con, frame, month: date, before: dict) -> list[str]:
    """What storing hires rows changes in an approved month's figures (see above)."""
    counting = {
        r[0]
        for r in con.execute(
            "select kod from ref_anstallningsform where raknas_mot_malet"
        ).fetchall()
    }
    delivered: dict[tuple[date, str], int] = {}
    for m, kod, form, antal in zip(
        frame["manad"], frame["forvaltning"], frame["anstallningsform"], frame["antal"],
        strict=True,
    ):  # fmt: skip
        key = (first_day(m), str(kod))
        delivered[key] = delivered.get(key, 0) + (int(antal) if form in counting else 0)
    stored = {
        (first_day(m), str(k)): int(h or 0)
        for m, k, h in con.execute(
            "select manad, forvaltning, hires from mart_hires_month_forvaltning where ar = ?",
            [month.year],
        ).fetchall()
    }
    after_slices = dict(stored)
    after_slices.update({k: v for k, v in delivered.items() if k[0].year == month.year})

    def figures(slices: dict[tuple[date, str], int]) -> dict:
        in_month = any(m == month for m, _ in slices)
        return {
            "hittills": sum(v for (m, _), v in slices.items() if m <= month),
            "anstallda_manad": sum(v for (m, _), v in slices.items() if m == month)
            if in_month
            else None,
            **{
                f"forv.{kod}": sum(v for (m, k), v in slices.items() if k == kod and m <= month)
                for kod in (before.get("forvaltningar") or {})
            },
        }

    now, after = figures(stored), figures(after_slices)
    approved = {
        **{key: before.get(key) for key in _HIRES_WORDS},
        **{
            f"forv.{kod}": f.get("hittills")
            for kod, f in sorted((before.get("forvaltningar") or {}).items())
        },
    }
    changes = []
    for key, then in approved.items():
        # Only what this file changes, and only where it differs from the approved report.
        if then is None or after[key] == now[key] or after[key] == then:
            continue
        word = _HIRES_WORDS.get(key) or f"{key.split('.', 1)[1]} anställda hittills"
        changes.append(f"{word} {_number(then)} → {_number(after[key])}")
    return changes


def _fs_changes(con, frame, month: date, before: dict) -> list[str]:
    """What storing försörjningsstöd rows changes in an approved month's key figures."""
    rows = frame[[first_day(m) == month for m in frame["manad"]]]
    if rows.empty:
        return []
    row = rows.iloc[0]
    changes = []
    for key, word in _FS_WORDS.items():
        old = (before.get("fs") or {}).get(key)
        new = row.get(key)
        new = None if new is None or pd.isna(new) else float(new)
        stored = con.execute(
            f"select {key}::DOUBLE from forsorjningsstod_current where manad = ?", [month]
        ).fetchone()
        current = stored[0] if stored else None
        if current is not None and new is not None and abs(current - new) <= 1e-6:
            continue  # this file does not change it
        if old is not None and new is not None and abs(float(old) - new) > 1e-6:
            changes.append(f"{word} {_number(old)} → {_number(new)}")
    return changes


def _number(value) -> str:
    return "–" if value is None else fmt_number(value, 0 if float(value).is_integer() else 2)


_DELTAS = {"anstallningar": _hires_changes, "forsorjningsstod": _fs_changes}
