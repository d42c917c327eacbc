"""What every figure rests on: the one rule for deliveries, month states and a final year.

Pure (no I/O): the query side (`pipelines.queries.delivery`) reads which slices are stored,
which reports are approved and when slices were replaced, and this module decides.

- **Delivery** of hires per (förvaltning, month), for the förvaltningar valid in that month
  (`schemas.calendar.valid_in_month`): *levererad* when the (month, förvaltning) slice is stored
  (rows with antal 0 are a delivery: "no hires" is a figure, "no rows" is not); *väntas* while
  the month has not ended or ended less than the grace period ago (`config.grace_days`, default
  10 days); *saknas* after that.
- **Month** for the municipality: *öppen* (not ended); *preliminär* (ended, some delivery not in);
  *komplett* (ended, every valid förvaltning delivered); *fastställd* (its report approved);
  *ändrad efter fastställande* (a slice of the month replaced after the latest approval). A
  month delivered before it ends stays open, and so preliminary, until it has ended. A month is
  *complete* (`MonthStatus.complete`) when it has ended and every delivery is in, approved or not.
- **Year** (or one förvaltning's year): *final* only when all its months are complete; until then
  figures are preliminary: "målet nått" may be said once hires reach the target (marked
  preliminary), "inte nått" only when final (`goal_wording`).

States are enums: an unknown state cannot arise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from schemas import vocabulary
from schemas.calendar import add_months, first_day, months_of_year, valid_in_month


class DeliveryState(StrEnum):
    """A delivery's state; the codes and words are the vocabulary's (Datakvalitet's matrix)."""

    LEVERERAD = vocabulary.LEVERERAD
    VANTAS = vocabulary.VANTAS
    SAKNAS = vocabulary.SAKNAS

    @property
    def label(self) -> str:
        return vocabulary.COMPLETENESS_LABELS[self.value][1].lower()


class MonthState(StrEnum):
    OPPEN = "oppen"
    PRELIMINAR = "preliminar"
    KOMPLETT = "komplett"
    FASTSTALLD = "faststalld"
    ANDRAD = "andrad_efter_faststallande"

    @property
    def label(self) -> str:
        return {
            "oppen": "öppen",
            "preliminar": "preliminär",
            "komplett": "komplett",
            "faststalld": "fastställd",
            "andrad_efter_faststallande": "ändrad efter fastställande",
        }[self.value]


#: The usual Swedish statistical mark for "uppgift saknas" (a missing delivery, never 0).
MISSING_MARK = ".."
MISSING_LEGEND = "`..` = uppgift saknas (förvaltningen har inte levererat månaden)."


def month_ended(month: date, today: date) -> bool:
    """Whether `month` has ended on `today` (the first day of the next month or later)."""
    return today >= add_months(first_day(month), 1)


def due_date(month: date, grace_days: int) -> date:
    """The first day a delivery of `month` counts as missing: the month's end + the grace."""
    return add_months(first_day(month), 1) + timedelta(days=grace_days)


def delivery_state(month: date, delivered: bool, today: date, grace_days: int) -> DeliveryState:
    """One förvaltning's delivery of one month (it must be valid in the month: the caller asks
    only for those)."""
    if delivered:
        return DeliveryState.LEVERERAD
    if today < due_date(month, grace_days):
        return DeliveryState.VANTAS
    return DeliveryState.SAKNAS


@dataclass(frozen=True)
class Delivery:
    """One expected delivery: förvaltning `kod`, `month` (first day), its state, and for a
    missing one the days since it was due (0 on the due day)."""

    kod: str
    month: date
    state: DeliveryState
    days_overdue: int | None = None


@dataclass(frozen=True)
class MonthStatus:
    """The municipality's month: its state, every expected delivery, and whether it is complete
    (ended and every valid förvaltning delivered)."""

    month: date
    state: MonthState
    deliveries: tuple[Delivery, ...]
    complete: bool

    @property
    def missing(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.state is DeliveryState.SAKNAS]

    @property
    def delivered_kods(self) -> set[str]:
        return {d.kod for d in self.deliveries if d.state is DeliveryState.LEVERERAD}


@dataclass(frozen=True)
class Completeness:
    """A year's completeness (the municipality's, or one förvaltning's): `final` when every
    month is complete; `complete_through` the last month up to which every month is (None: not
    even January); `missing` the due deliveries not in, by month then code; `delivered_months`
    the months with a delivery (for a förvaltning: its own; for the municipality: any)."""

    year: int
    final: bool
    complete_through: date | None
    missing: tuple[Delivery, ...]
    delivered_months: int

    @property
    def complete_months(self) -> int:
        return self.complete_through.month if self.complete_through else 0


@dataclass(frozen=True)
class Forvaltning:
    """A förvaltning's code and validity (from the reference)."""

    kod: str
    giltig_fran: date
    giltig_till: date | None


def month_status(
    month: date,
    forvaltningar: Iterable[Forvaltning],
    delivered: set[tuple[str, date]],
    today: date,
    grace_days: int,
    *,
    approved_at: datetime | None = None,
    last_replaced_at: datetime | None = None,
) -> MonthStatus:
    """The municipality's month from the förvaltningar valid in it and the delivered
    (kod, month) slices. `approved_at`: the latest approval of the month's report;
    `last_replaced_at`: when a stored slice of the month was last replaced by a correction."""
    month = first_day(month)
    deliveries = []
    for f in forvaltningar:
        if not valid_in_month(f.giltig_fran, f.giltig_till, month):
            continue  # not expected: a förvaltning that did not exist is never missing
        state = delivery_state(month, (f.kod, month) in delivered, today, grace_days)
        overdue = (
            (today - due_date(month, grace_days)).days if state is DeliveryState.SAKNAS else None
        )
        deliveries.append(Delivery(f.kod, month, state, overdue))
    deliveries.sort(key=lambda d: d.kod)
    ended = month_ended(month, today)
    all_in = all(d.state is DeliveryState.LEVERERAD for d in deliveries)
    if not ended:
        state = MonthState.OPPEN
    elif approved_at is not None:
        corrected = last_replaced_at is not None and last_replaced_at > approved_at
        state = MonthState.ANDRAD if corrected else MonthState.FASTSTALLD
    elif all_in:
        state = MonthState.KOMPLETT
    else:
        state = MonthState.PRELIMINAR
    return MonthStatus(month, state, tuple(deliveries), ended and all_in)


def year_months(
    year: int,
    forvaltningar: Sequence[Forvaltning],
    delivered: set[tuple[str, date]],
    today: date,
    grace_days: int,
    *,
    approved_at: Mapping[date, datetime] | None = None,
    last_replaced_at: Mapping[date, datetime] | None = None,
) -> list[MonthStatus]:
    """`month_status` for each month of `year`."""
    approved_at = approved_at or {}
    last_replaced_at = last_replaced_at or {}
    return [
        month_status(
            m,
            forvaltningar,
            delivered,
            today,
            grace_days,
            approved_at=approved_at.get(m),
            last_replaced_at=last_replaced_at.get(m),
        )
        for m in months_of_year(year)
    ]


def completeness(year: int, months: Sequence[MonthStatus], kod: str | None = None) -> Completeness:
    """The year's completeness from its twelve `MonthStatus` (the municipality's, or with `kod`
    one förvaltning's: its months are complete when ended and delivered by it, or when it was
    not valid then)."""

    def complete(m: MonthStatus) -> bool:
        if kod is None:
            return m.complete
        ended = m.state is not MonthState.OPPEN
        return ended and all(
            d.state is DeliveryState.LEVERERAD for d in m.deliveries if d.kod == kod
        )

    through = None
    for m in months:
        if not complete(m):
            break
        through = m.month
    missing = tuple(d for m in months for d in m.missing if kod is None or d.kod == kod)
    if kod is None:  # the municipality's month is delivered when every expected one is in
        delivered = sum(
            1
            for m in months
            if m.deliveries and all(d.state is DeliveryState.LEVERERAD for d in m.deliveries)
        )
    else:
        delivered = sum(1 for m in months if kod in m.delivered_kods)
    return Completeness(
        year=year,
        final=all(complete(m) for m in months),
        complete_through=through,
        missing=missing,
        delivered_months=delivered,
    )


def goal_wording(reached: bool, final: bool) -> str:
    """What may be said about the target: 'nått' (hires reached it; 'preliminärt nått' until
    the year is final), 'inte nått' only when final, else 'ej avgjort' (the status comes from
    the forecast)."""
    if reached:
        return "natt" if final else "preliminart_natt"
    return "inte_natt" if final else "ej_avgjort"
