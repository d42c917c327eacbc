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


def share_of_target_shown(share, decimals: int = 0) -> float | None:
    """The share of a target as it is shown (as a share: `0.99` for 99 %), never rounded up to
    the whole target before it is reached: 199 of 200 (0,995) is 0,99, not 1; 200 of 200 is 1.
    None when missing. Excel writes this number, so its cell and the page agree."""
    if _is_missing(share):
        return None
    share = float(share)
    percent = round(share * 100, decimals)
    if share < 1 and percent >= 100:
        percent = 100 - 10**-decimals
    return round(percent, decimals) / 100


def fmt_share_of_target(share, decimals: int = 0) -> str:
    """A share of a target as text (`share_of_target_shown`): 199 of 200 is `99 %`, not
    `100 %`; 200 of 200 is `100 %`."""
    return fmt_percent(share_of_target_shown(share, decimals), decimals)


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


def per_month_shown(value) -> float | int | None:
    """A count a month as it is shown: rounded to one decimal, a whole number as an int (so
    `1,0` is never shown for a count: it is `1`). None when missing."""
    if _is_missing(value):
        return None
    number = round(float(value), 1)
    return int(number) if number.is_integer() else number


def fmt_per_month(value) -> str:
    """A count a month: `22` for a whole number (`0`, never `0,0`; `0,97` is `1`, not `1,0`),
    else one decimal: `21,3`."""
    shown_value = per_month_shown(value)
    if shown_value is None:
        return MISSING
    return fmt_number(shown_value, 0 if isinstance(shown_value, int) else 1)


# --- figures shown side by side ------------------------------------------------------------------
# When two values are shown beside their difference (`39,8 % → 40,0 %`, `+0,2 %-enheter`), the
# difference is that of the shown values, so a reader who checks it finds it adds up; the exact
# difference (+0,14, shown as +0,1) would not.


def shown(value, decimals: int = 0, *, scale: float = 1) -> float | None:
    """The number a reader sees when `value` is shown with `decimals` decimals in units of
    `scale` (100 for a share shown in percent): `shown(0.3984, 1, scale=100)` → `39.8`."""
    if _is_missing(value):
        return None
    return round(float(value) * scale, decimals)


def shown_difference(after, before, decimals: int = 0, *, scale: float = 1) -> float | None:
    """`after − before` as computed from the two shown values (`shown`), in the same units:
    39,8 % → 40,0 % is `0.2` (procentenheter), although the exact difference is 0,14. None when
    either is missing."""
    a, b = shown(after, decimals, scale=scale), shown(before, decimals, scale=scale)
    if a is None or b is None:
        return None
    return round(a - b, decimals)
