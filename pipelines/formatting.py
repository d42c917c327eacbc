"""Swedish number, money, percent and month formats, defined once for every page and export.

Thousands are separated by a non-breaking space, decimals by a comma, and a non-breaking space
stands before `%` and `kr`: `12 345`, `2,4 %`, `10 512 kr`. Months: januari … december.
"""

from __future__ import annotations

from datetime import date

from schemas.numbers import (  # noqa: F401  (the core, re-exported)
    MINUS,
    MISSING,
    NBSP,
    fmt_int,
    fmt_number,
)
from schemas.numbers import is_missing as _is_missing
from schemas.vocabulary import MONTHS, MONTHS_SHORT  # noqa: F401  (re-exported)


def fmt_percent(share, decimals: int = 0, *, signed: bool = False) -> str:
    """A share (0.66) as `66 %`; with decimals=1, `65,5 %`."""
    if _is_missing(share):
        return MISSING
    return f"{fmt_number(float(share) * 100, decimals, signed=signed)}{NBSP}%"


def fmt_kr(value, decimals: int = 0) -> str:
    """An amount in kronor: `10 512 kr`."""
    if _is_missing(value):
        return MISSING
    return f"{fmt_number(value, decimals)}{NBSP}kr"


def fmt_mkr(value, decimals: int = 1) -> str:
    """An amount in millions of kronor: `24,3 mnkr`."""
    if _is_missing(value):
        return MISSING
    return f"{fmt_number(float(value) / 1e6, decimals)}{NBSP}mnkr"


def fmt_month(month: date, *, capital: bool = False) -> str:
    """`2025-03-01` → `mars 2025` (`Mars 2025` with capital=True)."""
    text = f"{MONTHS[month.month - 1]} {month.year}"
    return text[0].upper() + text[1:] if capital else text


def fmt_month_short(month: date) -> str:
    """`2025-03-01` → `mar 2025`."""
    return f"{MONTHS_SHORT[month.month - 1]} {month.year}"


def month_key(month: date) -> str:
    """`2025-03-01` → `2025-03` (for JSON, URLs and file names)."""
    return f"{month.year:04d}-{month.month:02d}"


def fmt_share_of_target(share, decimals: int = 0) -> str:
    """A share of a target, never rounded up to the whole target before it is reached: 199 of
    200 (0,995) is `99 %`, not `100 %`; 200 of 200 is `100 %`."""
    if _is_missing(share):
        return MISSING
    share = float(share)
    text = fmt_percent(share, decimals)
    if share < 1 and text == fmt_percent(1, decimals):
        step = 10**-decimals
        return fmt_percent((100 - step) / 100, decimals)
    return text


def fmt_probability(probability) -> str:
    """The probability of reaching a target: `27 %`, but `under 1 %` and `över 99 %` at the ends
    (never a certain 0 or 100 % unless it is certain). One rule for every page and report."""
    if _is_missing(probability):
        return MISSING
    probability = float(probability)
    if 0 < probability < 0.005:
        return f"under 1{NBSP}%"
    if 0.995 <= probability < 1:
        return f"över 99{NBSP}%"
    return fmt_percent(probability)


def fmt_count(count, singular: str, plural: str) -> str:
    """A count with its noun in the right number: `1 anställning`, `2 anställningar`,
    `0 anställningar`, `1,5 anställningar`; a whole number shows no decimals (`0`, not `0,0`)."""
    if _is_missing(count):
        return f"{MISSING} {plural}"
    value = float(count)
    whole = abs(value - round(value)) < 0.05
    text = fmt_number(value, 0 if whole else 1)
    return f"{text} {singular if whole and round(value) == 1 else plural}"


def fmt_per_month(value) -> str:
    """A count a month: `22` for a whole number (`0`, never `0,0`), else one decimal: `21,3`."""
    if _is_missing(value):
        return MISSING
    value = float(value)
    return fmt_number(value, 0 if abs(value - round(value)) < 0.05 else 1)
