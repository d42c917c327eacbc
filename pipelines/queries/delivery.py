"""Deliveries and month states from the warehouse: which (förvaltning, month) hires slices are
stored, which months' reports are approved and when slices were replaced; the rule itself is
`pipelines.domain.delivery`.

- `year_status(year)`: the year's twelve months, the municipality's completeness and each
  förvaltning's (cached like every query; today and the grace period are part of the key, so a
  new day gives fresh states);
- `missing_deliveries()`: every due delivery not in, oldest first (Datakvalitet, Översikt);
- `*_on(con, …)`: the same on a given connection (the report and the package read one snapshot).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from pipelines import config
from pipelines.domain.delivery import (
    Completeness,
    Delivery,
    Forvaltning,
    MonthState,
    MonthStatus,
    completeness,
    month_ended,
    year_months,
)
from pipelines.queries.base import per_connection, query
from schemas.calendar import first_day

#: The kinds whose correction changes an approved report's figures.
_REPORTED_KINDS = ("anstallningar", "forsorjningsstod")


@dataclass(frozen=True)
class YearStatus:
    """A year's months (`MonthStatus`, January first), its completeness for the municipality
    (`total`) and per förvaltning code (`by_forvaltning`, every förvaltning valid in the year)."""

    year: int
    months: tuple[MonthStatus, ...]
    total: Completeness
    by_forvaltning: dict[str, Completeness]

    def month(self, month: int) -> MonthStatus:
        return self.months[month - 1]

    @property
    def final(self) -> bool:
        return self.total.final

    def forvaltning(self, kod: str) -> Completeness | None:
        return self.by_forvaltning.get(kod)

    def month_complete(self, month: int, kod: str | None = None) -> bool:
        """Whether `month` (1–12) is complete for the municipality, or delivered by `kod`."""
        status = self.month(month)
        if kod is None:
            return status.complete
        expected = any(d.kod == kod for d in status.deliveries)
        delivered = kod in status.delivered_kods
        return status.state is not MonthState.OPPEN and (delivered or not expected)


@per_connection
def _forvaltningar(con: duckdb.DuckDBPyConnection) -> list[Forvaltning]:
    rows = con.execute(
        "select kod, giltig_fran, giltig_till from ref_forvaltning order by kod"
    ).fetchall()
    return [Forvaltning(k, f, t) for k, f, t in rows]


def delivered_slices(
    con: duckdb.DuckDBPyConnection, first: date, last: date
) -> set[tuple[str, date]]:
    """The (förvaltning, month) hires slices stored now, months `first` to `last`."""
    rows = con.execute(
        "select distinct forvaltning, manad from slice_version where kind = 'anstallningar' "
        "and replaced_by is null and manad between ? and ?",
        [first, last],
    ).fetchall()
    return {(k, first_day(m)) for k, m in rows}


def _approved_at(con: duckdb.DuckDBPyConnection, year: int) -> dict[date, datetime]:
    exists = con.execute(
        "select count(*) from duckdb_tables() where table_name = 'rapport_faststalld'"
    ).fetchone()[0]
    if not exists:
        return {}
    rows = con.execute(
        "select manad, max(approved_at) from rapport_faststalld where year(manad) = ? group by 1",
        [year],
    ).fetchall()
    return {first_day(m): t for m, t in rows}


def _last_replaced(con: duckdb.DuckDBPyConnection, year: int) -> dict[date, datetime]:
    rows = con.execute(
        "select manad, max(replaced_at) from slice_version where kind in ? "
        "and replaced_at is not null and year(manad) = ? group by 1",
        [list(_REPORTED_KINDS), year],
    ).fetchall()
    return {first_day(m): t for m, t in rows}


@per_connection
def year_status_on(
    con: duckdb.DuckDBPyConnection, year: int, today: date, grace_days: int
) -> YearStatus:
    """`year_status` on a given connection, as of `today` with `grace_days`."""
    forvaltningar = _forvaltningar(con)
    delivered = delivered_slices(con, date(year, 1, 1), date(year, 12, 1))
    months = year_months(
        year,
        forvaltningar,
        delivered,
        today,
        grace_days,
        approved_at=_approved_at(con, year),
        last_replaced_at=_last_replaced(con, year),
    )
    expected = sorted({d.kod for m in months for d in m.deliveries})
    return YearStatus(
        year=year,
        months=tuple(months),
        total=completeness(year, months),
        by_forvaltning={kod: completeness(year, months, kod) for kod in expected},
    )


@query
def _year_status(
    con: duckdb.DuckDBPyConnection, year: int, today: date, grace_days: int
) -> YearStatus:
    return year_status_on(con, year, today, grace_days)


def year_status(year: int) -> YearStatus:
    """The year's deliveries and month states as of today (`config.today`), cached."""
    return _year_status(int(year), config.today(), config.grace_days())


def missing_deliveries_on(
    con: duckdb.DuckDBPyConnection, today: date, grace_days: int
) -> list[Delivery]:
    """Every due hires delivery not in, from the first year with any hires delivered up to
    today's year, by month then code."""
    first = con.execute(
        "select min(year(manad)) from slice_version where kind = 'anstallningar'"
    ).fetchone()[0]
    missing: list[Delivery] = []
    for year in range(int(first or today.year), today.year + 1):
        missing += year_status_on(con, year, today, grace_days).total.missing
    return missing


@query
def _missing_deliveries(
    con: duckdb.DuckDBPyConnection, today: date, grace_days: int
) -> list[Delivery]:
    return missing_deliveries_on(con, today, grace_days)


def missing_deliveries() -> list[Delivery]:
    """`missing_deliveries_on` as of today, cached."""
    return _missing_deliveries(config.today(), config.grace_days())


def default_report_month(months: list[date]) -> date | None:
    """The month a report opens on: the newest that has ended (a month still running is
    preliminary by definition, issue 24), else the newest (`months` newest first)."""
    today = config.today()
    return next((m for m in months if month_ended(m, today)), months[0] if months else None)


def grace_days_in_force() -> int:
    """The grace period in days (`config.grace_days`), for the pages' explanations."""
    return config.grace_days()
