"""Rules for comparing monthly series (Socialstyrelsen's statistics): pure, no I/O.

A series is a frame with one row per month (`manad`, first day), a value `varde` and a `status`:
`varde` (a number), `sekretess` (masked: `X`) or `saknas` (not reported: `--`, or not in any
export). Masked is never zero and never missing; a derived figure carries the status of what it
lacks:

- `combine`: a total over parts (categories, a comparison group's municipalities) is a number only
  where every part is; otherwise `sekretess` if a part is masked, else `saknas`;
- `anomalies`: a month is `avvikelse` when both neighbours have values and its value differs from
  their mean by more than 15 % (e.g. a January that looks like a reporting gap);
- `change_vs_last_year`: the change against the same month last year, as a share;
- `index`: the value against a chosen base month (= 100).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from schemas.sos_manad import (
    ANOMALY_THRESHOLD,
    STATUS_MASKED,
    STATUS_MISSING,
    STATUS_VALUE,
)


def month_range(first: date, last: date) -> list[date]:
    """Every month from `first` to `last`, both included."""
    months, current = [], date(first.year, first.month, 1)
    while current <= last:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def complete(series: pd.DataFrame, months: list[date]) -> pd.DataFrame:
    """The series on exactly `months`: a month no export holds is `saknas`, never a gap."""
    frame = series.set_index("manad")[["varde", "status"]] if len(series) else None
    rows = []
    for month in months:
        if frame is not None and month in frame.index:
            value, status = frame.loc[month, "varde"], frame.loc[month, "status"]
            rows.append((month, None if pd.isna(value) else float(value), status))
        else:
            rows.append((month, None, STATUS_MISSING))
    return pd.DataFrame(rows, columns=["manad", "varde", "status"])


def combine(statuses: list[str], values: list[float | None]) -> tuple[float | None, str]:
    """(value, status) of a total over parts: a number only where no part is masked or missing."""
    if not statuses:
        return None, STATUS_MISSING
    if all(s == STATUS_VALUE for s in statuses):
        return float(sum(v for v in values if v is not None)), STATUS_VALUE
    if any(s == STATUS_MASKED for s in statuses):
        return None, STATUS_MASKED
    return None, STATUS_MISSING


def anomalies(series: pd.DataFrame, threshold: float = ANOMALY_THRESHOLD) -> pd.Series:
    """True for each month (a row of a complete, month-ordered series) whose value differs from
    the mean of the previous and the next month by more than `threshold`, all three having
    values. The first and last months have only one neighbour and are never flagged."""
    value = series["varde"].astype("float64").where(series["status"] == STATUS_VALUE)
    before, after = value.shift(1), value.shift(-1)
    mean = (before + after) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        deviation = (value - mean).abs() / mean
    flagged = value.notna() & before.notna() & after.notna() & (mean > 0)
    return (flagged & (deviation > threshold)).astype(bool)


def change_vs_last_year(series: pd.DataFrame) -> pd.DataFrame:
    """Per month: the same month last year (`varde_fg_ar`, `status_fg_ar`), the change as a
    share (`forandring`) and its status: `varde` where both months have values, otherwise the
    status of the month that lacks one (this year's first)."""
    by_month = {m: (v, s) for m, v, s in series[["manad", "varde", "status"]].itertuples(False)}
    rows = []
    for month, value, status in series[["manad", "varde", "status"]].itertuples(index=False):
        earlier = date(month.year - 1, month.month, 1)
        old_value, old_status = by_month.get(earlier, (None, STATUS_MISSING))
        if status == STATUS_VALUE and old_status == STATUS_VALUE and old_value:
            change, change_status = (value - old_value) / old_value, STATUS_VALUE
        else:
            change = None
            change_status = status if status != STATUS_VALUE else old_status
            if change_status == STATUS_VALUE:  # last year's value was 0: no share
                change_status = STATUS_MISSING
        rows.append((month, old_value, old_status, change, change_status))
    return pd.DataFrame(
        rows, columns=["manad", "varde_fg_ar", "status_fg_ar", "forandring", "forandring_status"]
    )


def index(series: pd.DataFrame, base_month: date) -> pd.DataFrame:
    """Per month: the value as an index with `base_month` = 100 (`index`) and its status. When
    the base month has no value, every month's index has the base month's status."""
    base = series[series["manad"] == base_month]
    if base.empty:
        base_value, base_status = None, STATUS_MISSING
    else:
        base_value, base_status = base.iloc[0]["varde"], base.iloc[0]["status"]
    rows = []
    for month, value, status in series[["manad", "varde", "status"]].itertuples(index=False):
        if base_status != STATUS_VALUE or not base_value:
            rows.append((month, None, base_status if base_status != STATUS_VALUE else "saknas"))
        elif status != STATUS_VALUE:
            rows.append((month, None, status))
        else:
            rows.append((month, 100.0 * value / base_value, STATUS_VALUE))
    return pd.DataFrame(rows, columns=["manad", "index", "index_status"])
