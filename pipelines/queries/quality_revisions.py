"""The revision history: every delivered version of a figure, when and from which file it came,
and which delivery replaced it. A correction is never silent.

Slices (see `pipelines.ingest.store`): hires per (månad, förvaltning), försörjningsstöd per månad. The
figure of a version is the sum of its hires (all forms; those counting toward the goal too) or
its households (and the amount paid).
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from pipelines.queries.base import query
from pipelines.queries.quality import as_date

#: A version's content as a text: its number of rows and the sum of a hash of every row (its
#: columns besides the ingest id), so two deliveries of a slice with the same rows are equal
#: whatever their order (`pipelines.ingest.store.plan` tells changed slices the same way).
_CONTENT = "count(*)::VARCHAR || ':' || sum(hash(*COLUMNS(v.* EXCLUDE (ingest_id))))::VARCHAR"

#: Per kind: the figure of a version (SQL over its version table `v`) and the columns a slice
#: joins on. Hires: all forms (`figure`) and those counting toward the goal (`counting`).
_FIGURES = {
    "anstallningar": (
        "select v.ingest_id, v.manad, v.forvaltning, sum(v.antal)::BIGINT as figure, "
        "coalesce(sum(v.antal) filter (where af.raknas_mot_malet), 0)::BIGINT as counting, "
        f"null::DOUBLE as utbetalt, {_CONTENT} as content "
        "from anstallningar_version v "
        "left join ref_anstallningsform af on af.kod = v.anstallningsform "
        "group by v.ingest_id, v.manad, v.forvaltning",
        "f.ingest_id = s.ingest_id and f.manad = s.manad and f.forvaltning = s.forvaltning",
    ),
    "forsorjningsstod": (
        "select v.ingest_id, v.manad, null::VARCHAR as forvaltning, v.hushall::BIGINT as figure, "
        f"null::BIGINT as counting, v.utbetalt::DOUBLE as utbetalt, {_CONTENT} as content "
        "from forsorjningsstod_version v group by all",
        "f.ingest_id = s.ingest_id and f.manad = s.manad",
    ),
}
REVISION_KINDS = tuple(_FIGURES)


def _target_versions(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Every version of the targets of `year` (one slice per (år, förvaltning); '' is the whole
    municipality), with the same columns as `_versions` (manad None, `ar` added)."""
    return con.execute(
        """
        select
            null::DATE as manad, s.ar, s.forvaltning,
            coalesce(rf.namn, s.forvaltning, '') as forvaltning_namn,
            s.ingest_id, l.file_name, s.stored_at, m.mal::BIGINT as figure,
            m.mal::VARCHAR as content, s.replaced_by, r.file_name as replaced_by_file, s.replaced_at
        from slice_version s
        join ingest_log l on l.ingest_id = s.ingest_id
        left join ingest_log r on r.ingest_id = s.replaced_by
        left join mal_version m
            on m.ingest_id = s.ingest_id and m.ar = s.ar and m.forvaltning = s.forvaltning
        left join ref_forvaltning rf on rf.kod = s.forvaltning
        where s.kind = 'mal' and s.ar = ?
        order by s.forvaltning, s.ingest_id
        """,
        [year],
    ).df()


def _versions(con: duckdb.DuckDBPyConnection, kind: str, where: str, params: list) -> pd.DataFrame:
    """Every version of the slices of `kind` matching `where` (over slice_version `s`), with its
    figure, file, time, and the ingest (and file) that replaced it."""
    figures, join = _FIGURES[kind]
    frame = con.execute(
        f"""
        with figures as ({figures})
        select
            s.manad, s.forvaltning, coalesce(rf.namn, s.forvaltning, '') as forvaltning_namn,
            s.ingest_id, l.file_name, s.stored_at, f.figure, f.counting, f.utbetalt, f.content,
            s.replaced_by, r.file_name as replaced_by_file, s.replaced_at
        from slice_version s
        join ingest_log l on l.ingest_id = s.ingest_id
        left join ingest_log r on r.ingest_id = s.replaced_by
        left join figures f on {join}
        left join ref_forvaltning rf on rf.kod = s.forvaltning
        where s.kind = ? and ({where})
        order by s.manad, s.forvaltning, s.ingest_id
        """,
        [kind, *params],
    ).df()
    frame["manad"] = [as_date(v) for v in frame["manad"]]
    frame["forvaltning"] = frame["forvaltning"].fillna("")
    return frame


@query
def revision_history(
    con: duckdb.DuckDBPyConnection, kind: str, month: date, forvaltning: str | None = None
) -> pd.DataFrame:
    """Every delivered version of the figures of `month` (hires: of one förvaltning, or of every
    förvaltning when None), oldest first per slice. Columns: manad, forvaltning,
    forvaltning_namn, version (1, 2, … per slice), ingest_id, file_name, stored_at, figure
    (hires of all forms | households), counting (hires toward the goal), utbetalt (kronor),
    change (figure minus the previous version's; NA for the first), current (bool),
    replaced_by, replaced_by_file, replaced_at."""
    where, params = "s.manad = ?", [month]
    if forvaltning is not None and kind == "anstallningar":
        where, params = "s.manad = ? and s.forvaltning = ?", [month, forvaltning]
    frame = _versions(con, kind, where, params)
    group = frame.groupby(["manad", "forvaltning"], sort=False)
    frame.insert(3, "version", group.cumcount() + 1)
    frame["change"] = (frame["figure"] - group["figure"].shift(1)).astype("Int64")
    frame["current"] = frame["replaced_by"].isna()
    return frame


@query
def corrections(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Every replaced figure of `year` (hires, försörjningsstöd and targets), newest first:
    kind, manad (None for a target), ar, forvaltning, forvaltning_namn, old_figure, new_figure,
    change, old_file, new_file, replaced_at, changed (False when the new delivery had the same
    rows: its content, not only its total; `changed_count` counts the true ones). A corrected
    target is a correction like any other (issue 13)."""
    parts = []
    for kind in (*REVISION_KINDS, "mal"):
        if kind == "mal":
            versions = _target_versions(con, year)
            versions["forvaltning"] = versions["forvaltning"].fillna("")
        else:
            versions = _versions(con, kind, "year(s.manad) = ?", [year])
        if versions.empty:
            continue
        indexed = versions.set_index(["manad", "forvaltning", "ingest_id"])
        by_id, content_by_id = indexed["figure"], indexed["content"]
        replaced = versions[versions["replaced_by"].notna()]
        for r in replaced.itertuples():
            key = (r.manad, r.forvaltning, int(r.replaced_by))
            new = by_id.get(key)
            parts.append(
                {
                    "kind": kind,
                    "manad": None if kind == "mal" else r.manad,
                    "ar": year,
                    "forvaltning": r.forvaltning,
                    "forvaltning_namn": r.forvaltning_namn,
                    "old_figure": int(r.figure),
                    "new_figure": None if new is None else int(new),
                    "change": None if new is None else int(new) - int(r.figure),
                    "old_file": r.file_name,
                    "new_file": r.replaced_by_file,
                    "replaced_at": r.replaced_at,
                    "changed": content_by_id.get(key) != r.content,
                }
            )
    columns = [
        "kind", "manad", "ar", "forvaltning", "forvaltning_namn", "old_figure", "new_figure", "change",
        "old_file", "new_file", "replaced_at", "changed",
    ]  # fmt: skip
    frame = pd.DataFrame(parts, columns=columns)
    for column in ("old_figure", "new_figure", "change"):
        frame[column] = frame[column].astype("Int64")
    frame["changed"] = frame["changed"].astype(bool)
    return frame.sort_values(
        ["replaced_at", "manad"], ascending=[False, True], na_position="first"
    ).reset_index(drop=True)


def changed_count(corrections_frame: pd.DataFrame) -> int:
    """How many of `corrections`' replaced slices got other content (not a delivery of the same
    rows again): the number "Rättade siffror" shows."""
    return int(corrections_frame["changed"].sum()) if len(corrections_frame) else 0


@query
def revision_months(con: duckdb.DuckDBPyConnection, kind: str, year: int) -> list[date]:
    """The months of `year` with any stored version of `kind` (for choosing a month)."""
    rows = con.execute(
        "select distinct manad from slice_version where kind = ? and year(manad) = ? "
        "order by manad",
        [kind, year],
    ).fetchall()
    return [as_date(r[0]) for r in rows]
