"""Marts of the goal per förvaltning: the table of all förvaltningar of a year, the heatmap
förvaltning × month, the mix of one förvaltning's hires, and the choices of the filters.

A förvaltning belongs to a year when it was valid at some time in it (the reference's validity
dates) or has hires in it, so a reorganised förvaltning (SOF → ASF in March 2023) keeps its
history: SOF in 2021–2023, ASF from 2023, both in 2023. Hires count toward the goal only.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from pipelines.domain.targets import share_of_target
from pipelines.queries.base import per_connection, query
from pipelines.queries.delivery import delivered_slices
from pipelines.queries.forecast import goal_forecasts
from pipelines.queries.goal_base import hire_source, hires_filter, last_reported_month
from pipelines.queries.targets import forvaltningar_in_year, targets_for_year
from schemas.calendar import valid_in_month
from schemas.vocabulary import BERAKNAT

#: The breakdowns of one förvaltning's hires: dimension → Swedish heading.
MIX_DIMENSIONS = {
    "anstallningsform": "Anställningsform",
    "malgrupp": "Målgrupp",
    "kon": "Kön",
    "fran_forsorjningsstod": "Från försörjningsstöd",
}
_FIXED_LABELS = {
    "kvinna": "Kvinna",
    "man": "Man",
    "ja": "Ja",
    "nej": "Nej",
    "uppgift saknas": "Uppgift saknas",
}


@per_connection
def _year_forvaltningar(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """kod, namn, anstallda, target, target_kind, giltig_fran, giltig_till of the year's
    förvaltningar."""
    frame = targets_for_year(con, year)
    with_hires = [
        r[0]
        for r in con.execute(
            "select distinct forvaltning from mart_hires_month_forvaltning where ar = ?", [year]
        ).fetchall()
    ]
    extra = [k for k in with_hires if k not in set(frame["kod"])]
    if extra:
        rows = con.execute(
            "select kod, namn, anstallda from ref_forvaltning where kod in "
            f"({', '.join('?' * len(extra))})",
            extra,
        ).df()
        names = dict(zip(rows["kod"], rows["namn"], strict=True))
        staff = dict(zip(rows["kod"], rows["anstallda"], strict=True))
        frame = pd.concat(
            [
                frame,
                pd.DataFrame(
                    {
                        "kod": extra,
                        "namn": [names.get(k, k) for k in extra],
                        "anstallda": [staff.get(k) for k in extra],
                        "months_valid": 0,
                        "target": 0,
                        "target_kind": BERAKNAT,
                    }
                ),
            ],
            ignore_index=True,
        )
    validity = con.execute("select kod, giltig_fran, giltig_till from ref_forvaltning").fetchall()
    valid = {kod: (fran, till) for kod, fran, till in validity}
    frame["giltig_fran"] = [valid.get(k, (None, None))[0] for k in frame["kod"]]
    frame["giltig_till"] = [valid.get(k, (None, None))[1] for k in frame["kod"]]
    return frame


def _within(day, year: int) -> date | None:
    """`day` (a start or an end of validity) when it falls within `year`, else None."""
    if day is None or pd.Timestamp(day).year != year:
        return None
    return pd.Timestamp(day).date()


def _hires_per_forvaltning(
    con: duckdb.DuckDBPyConnection, year: int, months: int, anstallningsform, malgrupp
) -> dict[str, int]:
    source = hire_source(None, anstallningsform, malgrupp)
    return {
        kod: int(total or 0)
        for kod, total in con.execute(
            f"select forvaltning, {source.count} from {source.table} "
            f"where ar = ? and month(manad) <= ? and {source.where} group by 1",
            [year, months, *source.params],
        ).fetchall()
    }


@query
def forvaltning_options(con: duckdb.DuckDBPyConnection, year: int) -> list[tuple[str, str]]:
    """(kod, namn) of the förvaltningar of `year`, by name."""
    frame = _year_forvaltningar(con, year).sort_values("namn")
    return list(zip(frame["kod"], frame["namn"], strict=True))


@query
def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """The choices of the filters: `anstallningsform` (forms that count toward the goal) and
    `malgrupp` (target groups, and `uppgift saknas`), as (kod, namn)."""
    forms = con.execute(
        "select kod, namn from ref_anstallningsform where raknas_mot_malet order by namn"
    ).fetchall()
    groups = con.execute("select kod, namn from ref_malgrupp order by namn").fetchall()
    return {
        "anstallningsform": [(k, n) for k, n in forms],
        "malgrupp": [(k, n) for k, n in groups] + [("uppgift saknas", "Uppgift saknas")],
    }


@query
def forvaltning_table(
    con: duckdb.DuckDBPyConnection,
    year: int,
    anstallningsform: str | None = None,
    malgrupp: str | None = None,
) -> pd.DataFrame:
    """One row per förvaltning of `year`, by name: `kod`, `namn`, `anstallda`, `hires` (up to the
    last reported month, filtered), `target`, `target_kind` (beslutat/beraknat), `share` (hires /
    target), `per_1000` (hires per 1 000 employees), `hires_last_year` (the same months a year
    earlier; None when the förvaltning did not exist or the months are not reported), `change`,
    `status`, `probability`, `expected`, `low`, `high` (the forecast of all its hires), `note`
    (validity changes within the year)."""
    frame = _year_forvaltningar(con, year)
    last = last_reported_month(con, year)
    hires = _hires_per_forvaltning(con, year, last, anstallningsform, malgrupp)
    previous_valid = set(forvaltningar_in_year(con, year - 1)["kod"])
    previous_complete = last and last_reported_month(con, year - 1) >= last
    before = _hires_per_forvaltning(con, year - 1, last, anstallningsform, malgrupp)
    forecasts = goal_forecasts(con, year, list(frame["kod"]))  # all at once: far fewer queries
    rows = []
    for row in frame.itertuples():
        fc = forecasts[row.kod]
        count = hires.get(row.kod, 0)
        has_before = previous_complete and (row.kod in previous_valid or row.kod in before)
        last_year = before.get(row.kod, 0) if has_before else None
        rows.append(
            {
                "kod": row.kod,
                "namn": row.namn,
                "anstallda": row.anstallda,
                "hires": count,
                "target": int(row.target),
                "target_kind": row.target_kind,
                "share": share_of_target(count, row.target),
                "per_1000": count / row.anstallda * 1000 if row.anstallda else None,
                "hires_last_year": last_year,
                "change": count - last_year if last_year is not None else None,
                "status": fc.status if row.target else "ingen_data",
                "probability": fc.probability if row.target else None,
                "expected": fc.expected,
                "low": fc.low,
                "high": fc.high,
                "starts_in_year": _within(row.giltig_fran, year),
                "ends_in_year": _within(row.giltig_till, year),
            }
        )
    columns = [
        "kod",
        "namn",
        "anstallda",
        "hires",
        "target",
        "target_kind",
        "share",
        "per_1000",
        "hires_last_year",
        "change",
        "status",
        "probability",
        "expected",
        "low",
        "high",
        "starts_in_year",
        "ends_in_year",
    ]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("namn", kind="stable").reset_index(drop=True)


@query
def forvaltning_heatmap(
    con: duckdb.DuckDBPyConnection,
    year: int,
    anstallningsform: str | None = None,
    malgrupp: str | None = None,
) -> pd.DataFrame:
    """Wide: `kod`, `namn`, one column per reported month (1 … last) with the hires, `total`.

    A month the förvaltning existed in but has not delivered is missing (`pd.NA`), never 0
    (issue 24): a delivery of zeros is 0, no delivery is `..` on the page and in the package.
    `total` sums the delivered months; `attrs["missing"]` counts the missing cells."""
    frame = _year_forvaltningar(con, year).sort_values("namn")
    last = last_reported_month(con, year)
    source = hire_source(None, anstallningsform, malgrupp)
    counts = {
        (kod, int(m)): int(total or 0)
        for kod, m, total in con.execute(
            f"select forvaltning, month(manad), {source.count} from {source.table} "
            f"where ar = ? and {source.where} group by 1, 2",
            [year, *source.params],
        ).fetchall()
    }
    delivered = delivered_slices(con, date(year, 1, 1), date(year, 12, 1))
    validity = {
        kod: (fran, till)
        for kod, fran, till in con.execute(
            "select kod, giltig_fran, giltig_till from ref_forvaltning"
        ).fetchall()
    }

    def expected_missing(kod: str, m: int) -> bool:
        month = date(year, m, 1)
        valid = kod in validity and valid_in_month(*validity[kod], month)
        return valid and (kod, month) not in delivered

    wide = pd.DataFrame({"kod": frame["kod"].tolist(), "namn": frame["namn"].tolist()})
    missing = 0
    for m in range(1, last + 1):
        cells = [
            pd.NA if expected_missing(kod, m) else counts.get((kod, m), 0) for kod in wide["kod"]
        ]
        missing += sum(1 for v in cells if v is pd.NA)
        wide[m] = pd.array(cells, dtype="Int64")
    wide["total"] = (
        wide[list(range(1, last + 1))].sum(axis=1, skipna=True).astype(int) if last else 0
    )
    wide.attrs["missing"] = missing
    return wide


@query
def forvaltning_mix(
    con: duckdb.DuckDBPyConnection,
    year: int,
    dimension: str,
    forvaltning: str | None = None,
    anstallningsform: str | None = None,
    malgrupp: str | None = None,
) -> pd.DataFrame:
    """The year's counting hires by `dimension` (a key of MIX_DIMENSIONS): `kod`, `label`,
    `hires`, `share` (of the hires shown), largest first; categories without hires left out."""
    if dimension not in MIX_DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    if anstallningsform or malgrupp:  # a filter on the hire rows' own columns
        where, params = hires_filter(forvaltning, anstallningsform, malgrupp)
        sql = (
            f"select {dimension}, sum(antal) from hires_monthly where ar = ? and {where} "
            f"group by 1 having sum(antal) > 0 order by 2 desc, 1"
        )
    else:  # the mart of the breakdowns (the same sums, far fewer rows)
        where, params = "dimension = ?", [dimension]
        if forvaltning:
            where, params = where + " and forvaltning = ?", [*params, forvaltning]
        sql = (
            f"select kod, sum(hires) from mart_hires_mix where ar = ? and {where} "
            f"group by 1 having sum(hires) > 0 order by 2 desc, 1"
        )
    rows = con.execute(sql, [year, *params]).fetchall()
    names = {}
    if dimension == "anstallningsform":
        names = dict(con.execute("select kod, namn from ref_anstallningsform").fetchall())
    elif dimension == "malgrupp":
        names = dict(con.execute("select kod, namn from ref_malgrupp").fetchall())
    total = sum(int(n) for _, n in rows)
    return pd.DataFrame(
        [
            (kod, names.get(kod) or _FIXED_LABELS.get(kod, kod), int(n), int(n) / total)
            for kod, n in rows
        ],
        columns=["kod", "label", "hires", "share"],
    ).astype({"hires": "int64", "share": "float64"})


@query
def forvaltning_validity(
    con: duckdb.DuckDBPyConnection, kod: str
) -> tuple[date, date | None] | None:
    """A förvaltning's validity (first day, last day or None while it lasts), or None when it is
    unknown."""
    row = con.execute(
        "select giltig_fran, giltig_till from ref_forvaltning where kod = ?", [kod]
    ).fetchall()
    if not row:
        return None
    fran, till = row[0]
    return pd.Timestamp(fran).date(), None if till is None else pd.Timestamp(till).date()
