"""Data quality: which deliveries are in, what was read when, and every version of a figure.

- Completeness: for each month of a year and each förvaltning valid that month, whether hires
  were delivered. A delivered month is a stored slice (månad, förvaltning), also when all its
  rows say 0: a delivered zero is not a missing delivery. Försörjningsstöd: which months are in.
- "Due" deliveries: a month that ended more than the grace period ago (`config.grace_days`,
  default 10 days; the rule is `pipelines.domain.delivery`): the current month is not yet due,
  and the last month is expected (väntas) for its first days.
- Ingest history: every attempt, stored, already stored or rejected, with its messages.
- Revision history (`quality_revisions`): every delivered version of a slice, its figure, when
  and from which file it came and which ingest replaced it, so a correction is never silent.

The revision history is in `pipelines.queries.quality_revisions`, the checks across sources
(jumps, months without hires, amounts per household) in `pipelines.queries.quality_checks`, and
the Swedish display tables in `pipelines.present.quality_tables`.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from pipelines import config
from pipelines.domain.delivery import delivery_state
from pipelines.queries.base import query
from schemas import calendar
from schemas.findings import from_json
from schemas.vocabulary import EJ_AKTUELL, LEVERERAD, SAKNAS, VANTAS  # completeness states


def last_complete_month(today: date | None = None) -> date:
    """The first day of the last complete month before `today` (default `config.today()`): the
    month whose deliveries are due now."""
    return calendar.last_complete_month(today or config.today())


def _status(delivered: bool, valid: bool, month: date, last_complete: date) -> str:
    """The one rule (`pipelines.domain.delivery`, issue 24): due after the month's end and the
    grace period (`config.grace_days`), as of today; never due after `last_complete`."""
    if delivered:
        return LEVERERAD
    if not valid:
        return EJ_AKTUELL
    if month > last_complete:
        return VANTAS
    return str(delivery_state(month, False, config.today(), config.grace_days()))


def as_date(value) -> date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


@query
def available_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Years with any stored figure, and the year of the last complete month; newest first."""
    years = {
        int(r[0])
        for r in con.execute(
            "select distinct year(manad) from slice_version where manad is not null"
        ).fetchall()
    }
    years.add(last_complete_month().year)
    return sorted(years, reverse=True)


@query
def completeness(con: duckdb.DuckDBPyConnection, year: int, last_complete: date) -> pd.DataFrame:
    """Hires deliveries in `year`: one row per förvaltning (valid some month of the year, or
    with a delivery) and month. Columns: forvaltning, forvaltning_namn, manad (date), month
    (1–12), status (levererad | saknas | vantas | ej_aktuell), antal (hires of all forms in the
    delivery, NA when not delivered)."""
    ref = con.execute(
        "select kod, namn, giltig_fran, giltig_till from ref_forvaltning order by kod"
    ).fetchall()
    delivered = {
        (as_date(m), f): int(a)
        for m, f, a in con.execute(
            "select manad, forvaltning, sum(antal) from anstallningar_current "
            "where year(manad) = ? group by manad, forvaltning",
            [year],
        ).fetchall()
    }
    rows = []
    known = {kod for kod, *_ in ref}
    extra = sorted({f for _, f in delivered if f not in known})
    forvaltningar = [(kod, namn, fran, till) for kod, namn, fran, till in ref] + [
        (kod, kod, None, None) for kod in extra
    ]
    for kod, namn, fran, till in forvaltningar:
        valid = calendar.valid_month_flags(fran, till, year) if fran is not None else [False] * 12
        has_delivery = any((month, kod) in delivered for month in calendar.months_of_year(year))
        if not any(valid) and not has_delivery:
            continue
        for month, is_valid in zip(calendar.months_of_year(year), valid, strict=True):
            antal = delivered.get((month, kod))
            rows.append(
                {
                    "forvaltning": kod,
                    "forvaltning_namn": namn,
                    "manad": month,
                    "month": month.month,
                    "status": _status(antal is not None, is_valid, month, last_complete),
                    "antal": antal,
                }
            )
    frame = pd.DataFrame(
        rows, columns=["forvaltning", "forvaltning_namn", "manad", "month", "status", "antal"]
    )
    frame["antal"] = frame["antal"].astype("Int64")
    return frame


@query
def forsorjningsstod_months(
    con: duckdb.DuckDBPyConnection, year: int, last_complete: date
) -> pd.DataFrame:
    """Försörjningsstöd in `year`, one row per month: manad, month, status (levererad | saknas
    | vantas), hushall and utbetalt (kronor) where delivered."""
    stored = {
        as_date(m): (int(h), float(u))
        for m, h, u in con.execute(
            "select manad, hushall, utbetalt from forsorjningsstod_current where year(manad) = ?",
            [year],
        ).fetchall()
    }
    rows = []
    for month in calendar.months_of_year(year):
        figures = stored.get(month)
        rows.append(
            {
                "manad": month,
                "month": month.month,
                "status": _status(figures is not None, True, month, last_complete),
                "hushall": figures[0] if figures else None,
                "utbetalt": figures[1] if figures else None,
            }
        )
    frame = pd.DataFrame(rows)
    frame["hushall"] = frame["hushall"].astype("Int64")
    frame["utbetalt"] = frame["utbetalt"].astype("Float64")
    return frame


@query
def missing_deliveries(con: duckdb.DuckDBPyConnection, month: date) -> pd.DataFrame:
    """What is missing for `month` (normally the last complete month): one row per missing
    delivery, columns kind (anstallningar | forsorjningsstod), forvaltning, forvaltning_namn
    (empty for försörjningsstöd, which is delivered for the whole municipality)."""
    hires = completeness.direct(con, month.year, month)
    hires = hires[(hires["manad"] == month) & (hires["status"] == SAKNAS)]
    rows = [
        {"kind": "anstallningar", "forvaltning": kod, "forvaltning_namn": namn}
        for kod, namn in zip(hires["forvaltning"], hires["forvaltning_namn"], strict=True)
    ]
    fs = forsorjningsstod_months.direct(con, month.year, month)
    if (fs[fs["manad"] == month]["status"] == SAKNAS).any():
        rows.append({"kind": "forsorjningsstod", "forvaltning": "", "forvaltning_namn": ""})
    return pd.DataFrame(rows, columns=["kind", "forvaltning", "forvaltning_namn"], dtype="str")


@query
def ingest_history(con: duckdb.DuckDBPyConnection, limit: int = 500) -> pd.DataFrame:
    """The ingest log, newest first: ingest_id, file_name, kind, outcome, rows_stored,
    first_month, last_month, slices_new, slices_replaced, started_at, finished_at, source,
    encoding, delimiter, errors and warnings (counts from the messages)."""
    frame = con.execute(
        "select ingest_id, file_name, kind, outcome, rows_stored, first_month, last_month, "
        "slices_new, slices_replaced, started_at, finished_at, source, encoding, delimiter, "
        "messages from ingest_log order by ingest_id desc limit ?",
        [limit],
    ).df()
    findings = [from_json(text) for text in frame["messages"]]
    frame["errors"] = pd.array([sum(f.is_error for f in fs) for fs in findings], dtype="Int64")
    frame["warnings"] = pd.array(
        [sum(not f.is_error for f in fs) for fs in findings], dtype="Int64"
    )
    for column in ("first_month", "last_month"):
        frame[column] = [as_date(v) for v in frame[column]]
    return frame.drop(columns=["messages"])


@query
def ingest_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many ingests ended in each outcome: lagrad, redan_lagrad, avvisad (0 when none).
    A file with errors counts once however often it was checked (the app logs the check of an
    upload, the command line a failed ingest; the same bytes again are the same file)."""
    counts = dict(
        con.execute(
            "select outcome, count(distinct case when outcome = 'avvisad' then content_hash "
            "else cast(ingest_id as varchar) end) from ingest_log group by outcome"
        ).fetchall()
    )
    return {o: int(counts.get(o, 0)) for o in ("lagrad", "redan_lagrad", "avvisad")}


@query
def ingest_messages(con: duckdb.DuckDBPyConnection, ingest_id: int) -> pd.DataFrame:
    """The findings of one ingest: severity (fel | varning), row, column, value, message, hint."""
    row = con.execute("select messages from ingest_log where ingest_id = ?", [ingest_id]).fetchall()
    findings = from_json(row[0][0]) if row else []
    return pd.DataFrame(
        [
            {
                "severity": f.severity,
                "row": f.row,
                "column": f.column,
                "value": f.value,
                "message": f.message,
                "hint": f.hint,
            }
            for f in findings
        ],
        columns=["severity", "row", "column", "value", "message", "hint"],
    )
