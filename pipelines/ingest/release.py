"""The release ledger's writer: every public release (a follow-up package, the committee's report,
an open-data release) is recorded when it is written, with every quantity it published and the
relations between them, in tables `release`, `release_quantity` and `release_relation`
(`warehouse/sql/15_release.sql`), and one line in the audit trail, in one transaction.

A release exactly like one already recorded (the same kind, year, month, figures and marks) is
not recorded twice: writing the same package again releases nothing new. Reading is
`pipelines.queries.release`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipelines import warehouse
from pipelines.domain.disclosure_history import KINDS, Release, key_text
from pipelines.ingest import audit


def data_version(con) -> str:
    """The warehouse's state as a release names it: the latest stored file."""
    row = warehouse.one(con, "select max(ingest_id) from ingest_log where outcome = 'lagrad'")
    return f"inläsning {row[0]}" if row and row[0] is not None else "inga inläsningar"


def _shown_text(value) -> str:
    if isinstance(value, str):
        return value
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def record_release(
    release: Release,
    subject: str,
    *,
    db: Path | None = None,
    actor: audit.Actor | None = None,
) -> int | None:
    """Record `release` (written as `subject`); its id, or None when an identical release is
    recorded already."""
    if release.kind not in KINDS:
        raise ValueError(f"okänd sorts utlämning {release.kind!r}")
    digest = hashlib.sha256(release.content().encode("utf-8")).hexdigest()
    actor = actor or audit.current_actor()
    with warehouse.write(db) as con:
        if warehouse.one(con, "select 1 from release where content_sha256 = ?", [digest]):
            return None
        release_id = int(
            con.execute(
                "insert into release (kind, ar, manad, data_version, released_at, actor, "
                "subject, n_quantities, n_hidden, content_sha256) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning release_id",
                [
                    release.kind,
                    release.year,
                    release.month,
                    data_version(con),
                    datetime.now().replace(microsecond=0),
                    actor.name or "okänd",
                    subject,
                    len(release.values),
                    release.n_hidden,
                    digest,
                ],
            ).fetchone()[0]
        )
        quantities = pd.DataFrame(
            [
                (
                    release_id,
                    key_text(k),
                    release.labels.get(k),
                    float(v),
                    _shown_text(release.shown.get(k, v)),
                    release.rounded.get(k),
                )
                for k, v in release.values.items()
            ],
            columns=["release_id", "qkey", "label", "value", "shown", "rounded_base"],
        ).astype({"rounded_base": "Int64"})
        relations = pd.DataFrame(
            [
                (release_id, number, key_text(k), float(c), float(r.low), float(r.high))
                for number, r in enumerate(release.relations)
                for k, c in r.terms
            ],
            columns=["release_id", "relation_no", "qkey", "coefficient", "low", "high"],
        )
        # One statement per table (row by row DuckDB takes seconds for a package).
        con.register("new_quantities", quantities)
        con.execute("insert into release_quantity select * from new_quantities")
        con.unregister("new_quantities")
        if len(relations):
            con.register("new_relations", relations)
            con.execute("insert into release_relation select * from new_relations")
            con.unregister("new_relations")
        audit.record(
            con,
            audit.RELEASE_RECORDED,
            subject,
            f"{KINDS[release.kind]} {release.year}, {len(release.values)} tal varav "
            f"{release.n_hidden} dolda (utlämning {release_id})",
            actor=actor,
        )
    return release_id
