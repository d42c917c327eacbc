"""Month arithmetic, in one place: the first day of a month, month keys, months between two
dates, and whether a förvaltning was valid in a month (`giltig_fran`/`giltig_till`, any day
counts)."""

from __future__ import annotations

from datetime import date


def valid_month_flags(giltig_fran: date, giltig_till: date | None, year: int) -> list[bool]:
    """For each month of `year`, whether the förvaltning existed in it (any day counts)."""
    flags = []
    for month in range(1, 13):
        first = date(year, month, 1)
        after = date(year + month // 12, month % 12 + 1, 1)  # first day of the next month
        flags.append(giltig_fran < after and (giltig_till is None or giltig_till >= first))
    return flags


def months_valid(giltig_fran: date, giltig_till: date | None, year: int) -> int:
    """How many months of `year` the förvaltning existed in (any day of the month counts)."""
    return sum(valid_month_flags(giltig_fran, giltig_till, year))
