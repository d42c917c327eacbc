"""The import page's logic, without Streamlit: check an uploaded file, show what storing it would
do, and store it on request.

`preview_upload` runs exactly the pipeline the command line runs (`validate_bytes`, then
`load.plan` on a short read-only connection) and writes nothing. `store_upload` stores a
previewed file through `load.store` (source `app`), which checks the content hash again inside
its transaction, so a file stored meanwhile by someone else is reported as already stored.
`record_rejection` writes the ingest-log line of a rejected upload (nothing else is written).

Everything here that comes from the uploaded file (file name, cell values, messages) is returned
as plain text for tables; the page never renders it as HTML, and escapes it where Streamlit
renders markdown (`import_texts.escape_markdown`). The Swedish texts and tables are built in
`pipelines.ingest.preview_text`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from pipelines import config, warehouse
from pipelines.ingest import audit, avtal_register
from pipelines.ingest.history_checks import hires_history_findings
from pipelines.ingest.preview_text import (
    EarlierIngest,
    changes_frame,
    count,
    facts,
    findings_frame,
    kind_label,
    stored_frame,
    summary_lines,
)
from pipelines.ingest.store import IngestResult, SliceChange, plan, store
from pipelines.ingest.validate import ValidatedFile, history_findings, validate_bytes
from schemas.kinds import KIND_LABELS


@dataclass
class Preview:
    """An uploaded file, checked, with what storing it would do. Nothing has been written."""

    validated: ValidatedFile
    changes: list[SliceChange] = field(default_factory=list)
    earlier: EarlierIngest | None = None
    facts: dict[str, str] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    errors: pd.DataFrame = field(default_factory=lambda: findings_frame([]))
    warnings: pd.DataFrame = field(default_factory=lambda: findings_frame([]))
    changes_table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame())

    @property
    def file_name(self) -> str:
        return self.validated.file_name

    @property
    def content_hash(self) -> str:
        return self.validated.content_hash

    @property
    def ok(self) -> bool:
        """No errors: the file may be stored."""
        return self.validated.ok

    @property
    def already_stored(self) -> bool:
        return self.earlier is not None

    @property
    def can_store(self) -> bool:
        return self.ok and not self.already_stored

    @property
    def kind_label(self) -> str:
        return kind_label(self.validated)


def preview_upload(content: bytes, file_name: str, kind: str | None = None) -> Preview:
    """Validate an uploaded file and plan its storing, without writing anything.

    `kind` forces the kind (anstallningar, forsorjningsstod, mal); otherwise the header decides.
    """
    validated = validate_bytes(content, file_name, kind=kind)
    if validated.ok and validated.kind in avtal_register.KINDS:  # against the stored register
        with warehouse.read() as con:
            validated.findings += avtal_register.register_findings(con, validated)
    if validated.ok and validated.kind == "forsorjningsstod":  # amounts against the history
        with warehouse.read() as con:
            validated.findings += history_findings(con, validated)
    if validated.ok and validated.kind == "anstallningar":  # hires against the history
        with warehouse.read() as con:
            validated.findings += hires_history_findings(con, validated)
    preview = Preview(validated)
    preview.errors = findings_frame(validated.errors)
    preview.warnings = findings_frame(validated.warnings)
    names: dict[str, str] = {}
    if validated.ok:
        with warehouse.read() as con:
            preview.changes = plan(con, validated)
            names = dict(con.execute("select kod, namn from ref_forvaltning").fetchall())
            earlier = warehouse.one(
                con,
                "select ingest_id, file_name, finished_at from ingest_log "
                "where content_hash = ? and outcome = 'lagrad' order by ingest_id limit 1",
                [validated.content_hash],
            )
        if earlier:
            preview.earlier = EarlierIngest(int(earlier[0]), str(earlier[1]), earlier[2])
        preview.changes_table = changes_frame(validated.kind, preview.changes, names)
    preview.facts = facts(validated)
    preview.summary = summary_lines(validated, preview.changes, preview.earlier)
    return preview


def store_upload(preview: Preview, actor: audit.Actor | None = None) -> IngestResult:
    """Store a previewed file (one transaction). Outcome `lagrad`, or `redan_lagrad` when the
    same content was stored before; a file with errors is only logged as `avvisad`. The audit
    trail names `actor`."""
    return store(preview.validated, source="app", actor=actor)


def record_rejection(preview: Preview, actor: audit.Actor | None = None) -> IngestResult | None:
    """Write the ingest-log line of a file with errors (the only trace a rejection leaves).
    Returns None for a file without errors: that one is stored only on request."""
    if preview.ok:
        return None
    return store(preview.validated, source="app", actor=actor)


def storable(previews: list[Preview], stored: set[str]) -> list[Preview]:
    """The previews that can still be stored, one per content (the same file uploaded twice is
    stored once); `stored` holds the content hashes stored in this session."""
    seen = set(stored)
    result = []
    for preview in previews:
        if preview.can_store and preview.content_hash not in seen:
            seen.add(preview.content_hash)
            result.append(preview)
    return result


def result_text(result: IngestResult) -> str:
    """One Swedish sentence about what storing did."""
    if result.outcome == "lagrad":
        new = sum(1 for c in result.changes if c.is_new)
        replaced = len(result.replaced)
        return (
            f"Lagrad som {KIND_LABELS.get(result.kind or '', 'okänd filtyp')} "
            f"(inläsning {result.ingest_id}): {count(result.rows, 'rad', 'rader')}, "
            f"{count(new, 'ny del', 'nya delar')} och "
            f"{count(replaced, 'ersatt del', 'ersatta delar')}. "
            "Alla sidor visar nu de nya siffrorna."
        )
    if result.outcome == "redan_lagrad":
        when = f", {result.earlier_stored_at:%Y-%m-%d %H:%M}" if result.earlier_stored_at else ""
        return (
            f"Filen var redan inläst (inläsning {result.earlier_ingest_id}{when}). "
            "Ingenting ändrades."
        )
    errors = sum(1 for f in result.findings if f.is_error)
    return f"Filen avvisades ({count(errors, 'fel', 'fel')}). Ingenting sparades."


def stored_changes_table(result: IngestResult) -> pd.DataFrame:
    """What a store did (the plan made inside its transaction), as `changes_frame` shows it with
    the headings of a stored file (`Före`, `Lagrat nu`, `Ersatt`)."""
    with warehouse.read() as con:
        names = dict(con.execute("select kod, namn from ref_forvaltning").fetchall())
    return stored_frame(changes_frame(result.kind, result.changes, names))


def warehouse_version() -> tuple[int, ...]:
    """The warehouse's current version: a preview made on another version is out of date."""
    return warehouse.version(config.db_path())


#: Facts the page shows as metrics, so the table of facts leaves them out.
METRIC_FACTS = ("Rader", "Antal månader", "Fel", "Varningar")


def facts_frame(preview: Preview) -> pd.DataFrame:
    """What was detected in the file (the metrics aside), as a table: Uppgift, Värde."""
    shown = {k: v for k, v in preview.facts.items() if k not in METRIC_FACTS}
    return pd.DataFrame({"Uppgift": list(shown), "Värde": list(shown.values())}, dtype="str")


def upload_key(content: bytes, file_name: str, kind: str | None = None) -> str:
    """What identifies an upload's preview: its content, name and chosen kind."""
    digest = hashlib.sha256(content).hexdigest()
    return f"{digest}:{kind or ''}:{file_name}"
