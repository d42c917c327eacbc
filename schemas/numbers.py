"""Swedish numbers as text, the core that the contract's messages and every page share:
thousands separated by a non-breaking space, decimals by a comma, a real minus sign
(`12 345`, `−3`, `2,5`). `pipelines.formatting` builds every other format on these.
"""

from __future__ import annotations

import pandas as pd

NBSP = "\u00a0"
MINUS = "\u2212"  # a real minus sign reads better than a hyphen in tables and charts

MISSING = "–"


def is_missing(value) -> bool:
    """None, NaN, pandas' NA and NaT are all 'no value' (shown as `–`)."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # array-likes: not a scalar missing value
        return False


def fmt_number(value, decimals: int = 0, *, signed: bool = False) -> str:
    """`12345.6` → `12 346` (decimals=0) or `12 345,6` (decimals=1); missing → `–`."""
    if is_missing(value):
        return MISSING
    number = float(value)
    if decimals == 0:
        number = round(number)  # round half to even is what Python does; fine for display
    text = f"{abs(number):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    if number < 0 and text.strip("0,\u00a0") != "":
        return MINUS + text
    if signed and number > 0:
        return "+" + text
    return text


def fmt_int(value) -> str:
    return fmt_number(value, 0)
