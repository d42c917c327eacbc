"""The follow-up package as a release: what it shows of each quantity (`disclosure_history.
Release`), checked by the attacker together with every earlier release in the release ledger
before anything public is written, and recorded in the ledger when it is written
(`record_package`, through `pipelines.ingest.release`)."""

from __future__ import annotations

from pathlib import Path

from pipelines.domain import disclosure
from pipelines.domain.disclosure_history import Release, audit_releases, release_of
from pipelines.outputs.followup import published

STOPPED = (
    "Publiceringsversionen stoppades: tillsammans med det som redan lämnats ut "
    "(utlämningsliggaren) skulle den röja dolda tal. Inget publikt paket skrevs."
)


def package_release(followup, ledger, protection, earlier: list[Release], last: int) -> Release:
    """The release of a protected package whose hires run to month `last`; raises
    `disclosure.CannotProtect` when the attacker finds anything in it together with the
    `earlier` releases."""
    tables = [followup.key_figures, *(c.table for c in followup.charts), *followup.tables]
    shown = published.release_shown(ledger, protection, [t for t in tables if t is not None])
    rounded = {k: base for k, (_, base) in protection.rounded.items() if k in ledger.values}
    release = release_of("paket", followup.year, last, ledger, shown, rounded)
    if earlier:
        verdict = audit_releases([*earlier, release])
        if not verdict.ok:
            raise disclosure.CannotProtect(STOPPED + "\n" + verdict.message())
    return release


def record_package(followup, subject: str, *, db: Path | None = None, actor=None) -> int | None:
    """Record the public package in the release ledger (nothing for the internal version);
    its release id, or None (internal, or recorded already)."""
    if not followup.publication or followup.release is None:
        return None
    from pipelines.ingest.release import record_release

    return record_release(followup.release, subject, db=db, actor=actor)
