"""The year's state in one object: the `summary` command's JSON, and a readable Swedish table."""

from __future__ import annotations

from pathlib import Path

from pipelines import config, warehouse
from pipelines.domain.delivery import Completeness
from pipelines.formatting import month_key
from pipelines.queries.delivery import year_status_on
from pipelines.queries.targets import municipality_target, targets_for_year


def year_summary(year: int, db: Path | None = None) -> dict:
    """`{"year", "target", "hires", "last_month", "forvaltningar": [...], "forsorjningsstod": {...}}`.

    `hires` counts only employment forms that count toward the goal, up to the last reported month
    (the latest month of the year with any hires file delivered); every förvaltning valid in the
    year is listed, also those with no hires.
    """
    with warehouse.read(db) as con:
        target, _ = municipality_target(con, year)
        last = warehouse.one(
            con, "select max(manad) from anstallningar_current where year(manad) = ?", [year]
        )[0]
        hires_by_kod = dict(
            con.execute(
                "select forvaltning, sum(hires)::BIGINT from mart_hires_month_forvaltning "
                "where ar = ? group by forvaltning",
                [year],
            ).fetchall()
        )
        targets = targets_for_year(con, year)
        status = year_status_on(con, year, config.today(), config.grace_days())
        fs_last, hushall, utbetalt_ytd = warehouse.one(
            con,
            """
            with year_rows as (select * from forsorjningsstod_current where year(manad) = ?)
            select max(manad),
                   arg_max(hushall, manad),
                   sum(utbetalt)
            from year_rows
            """,
            [year],
        )
    forvaltningar = [
        {
            "kod": row.kod,
            "namn": row.namn,
            "hires": int(hires_by_kod.get(row.kod, 0) or 0),
            "target": int(row.target),
            "target_kind": row.target_kind,
            **completeness_keys(status.forvaltning(row.kod)),
        }
        for row in targets.itertuples()
    ]
    return {
        "year": year,
        "target": target,
        "hires": int(sum(int(v or 0) for v in hires_by_kod.values())),
        "last_month": month_key(last) if last else None,
        "forvaltningar": forvaltningar,
        "forsorjningsstod": {
            "last_month": month_key(fs_last) if fs_last else None,
            "hushall": int(hushall) if hushall is not None else None,
            "utbetalt_ytd": round(float(utbetalt_ytd), 2) if utbetalt_ytd is not None else None,
        },
        **completeness_keys(status.total),
    }


def completeness_keys(done: Completeness | None) -> dict:
    """`complete_through`, `final` and `missing` as the summary's JSON writes them (a
    förvaltning not valid in any month of the year: nothing is expected of it, so final)."""
    if done is None:
        return {"complete_through": None, "final": True, "missing": []}
    return {
        "complete_through": month_key(done.complete_through) if done.complete_through else None,
        "final": done.final,
        "missing": [{"kod": d.kod, "month": month_key(d.month)} for d in done.missing],
    }
