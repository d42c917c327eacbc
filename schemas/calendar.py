"""Month arithmetic, in one place (stdlib only): the first day of a month, months before and
after, the months of a period, the last complete month, and whether something valid from
`giltig_fran` to `giltig_till` existed in a month (any day of the month counts).

It lives in `schemas/` because the contract itself needs it (a förvaltning must be valid in a
row's month), and the contract imports nothing from `pipelines/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime


def first_day(value: date | datetime) -> date:
    """The first day of the month of `value` (a date, datetime or pandas Timestamp)."""
    return date(value.year, value.month, 1)


def add_months(month: date, count: int) -> date:
    """The first day of the month `count` months after `month` (before, when negative)."""
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def previous_month(month: date) -> date:
    return add_months(month, -1)


def month_index(month: date | datetime) -> int:
    """Months since year 0: consecutive months have consecutive indexes."""
    return month.year * 12 + month.month - 1


def months_between(first: date, last: date) -> Iterator[date]:
    """The first days of every month from `first`'s to `last`'s, both included."""
    month = first_day(first)
    while month <= last:
        yield month
        month = add_months(month, 1)


def months_of_year(year: int) -> list[date]:
    return [date(year, m, 1) for m in range(1, 13)]


def last_complete_month(today: date) -> date:
    """The first day of the month before `today`'s month: the month whose deliveries are due."""
    return previous_month(first_day(today))


def valid_in_month(giltig_fran: date, giltig_till: date | None, month: date) -> bool:
    """Whether something valid from `giltig_fran` to `giltig_till` (None: still valid) existed
    on some day of `month`."""
    first = first_day(month)
    return giltig_fran < add_months(first, 1) and (giltig_till is None or giltig_till >= first)


def valid_month_flags(giltig_fran: date, giltig_till: date | None, year: int) -> list[bool]:
    """For each month of `year`, whether it existed in it (`valid_in_month`)."""
    return [valid_in_month(giltig_fran, giltig_till, m) for m in months_of_year(year)]


def months_valid(giltig_fran: date, giltig_till: date | None, year: int) -> int:
    """How many months of `year` it existed in (any day of the month counts)."""
    return sum(valid_month_flags(giltig_fran, giltig_till, year))
