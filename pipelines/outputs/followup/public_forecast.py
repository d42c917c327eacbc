"""The seasonal pattern and the forecasts of the publication version, computed only from what
the package publishes.

The seasonal shares (`domain.forecast.seasonal_shares`) come from each month's hires of the
previous complete years. Computed from the exact months, the column "Mål, säsongsmönster" (shown
to one decimal; one hire moves it by about 0,3) gives back the monthly sums, and with the months
the package shows, a hidden month of an earlier year. So in the publication version every
figure built on the shares (the seasonal target line, the forecast path, the year's forecast,
its interval and probability, and each förvaltning's forecast) is computed from the months of
the previous years *as published*: a hidden month counts as the mean of the same month in the
other years where it is shown (0 when none is). The result is a function of published numbers
only, so it reveals nothing they do not.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from pipelines.domain import disclosure
from pipelines.domain.disclosure import Protection
from pipelines.domain.forecast import HISTORY_YEARS, forecast, seasonal_shares


def published_shares(data: dict, year: int, protection: Protection) -> list[float]:
    """The seasonal shares from the previous complete years' months as the package shows them."""
    years = data["years"]
    history = [
        y
        for y in sorted(set(years["ar"]))
        if len(years)
        if year - HISTORY_YEARS <= y < year and (years["ar"] == y).sum() == 12
    ]
    shown: dict[int, dict[int, float | None]] = {}
    for y in history:
        rows = years[years["ar"] == y]
        shown[y] = {}
        for row in rows.itertuples():
            value = protection.show(("ar", int(y), "m", int(row.month)), row.hires)
            shown[y][int(row.month)] = None if disclosure.is_mark(value) else float(value)
    totals: dict[int, float] = {}
    for m in range(1, 13):
        known = [shown[y][m] for y in history if shown[y].get(m) is not None]
        stand_in = sum(known) / len(known) if known else 0.0
        totals[m] = sum(shown[y][m] if shown[y].get(m) is not None else stand_in for y in history)
    return seasonal_shares(totals if history else {})


def _path(fc, shares: list[float]) -> tuple[list[float], list[float | None]]:
    """The seasonal target line and the forecast path (as `queries.goal.monthly_progress`)."""
    total = sum(shares) or 1.0
    seasonal = [fc.target * sum(shares[: m + 1]) / total for m in range(12)]
    path: list[float | None] = [None] * 12
    last, remaining = fc.last_month, sum(shares[fc.last_month :])
    if fc.expected is not None and last < 12 and remaining > 0:
        rest, start = fc.expected - fc.hires, float(fc.hires)
        if last:
            path[last - 1] = start
        for m in range(last, 12):
            path[m] = start + rest * sum(shares[last : m + 1]) / remaining
    return seasonal, path


def _again(fc, hires: int, target: int, shares: list[float], history_mean=None):
    months = [hires] + [0] * (fc.last_month - 1) if fc.last_month else []
    return forecast(fc.year, months, target, shares, history_mean=history_mean)


def apply(data: dict, year: int, protection: Protection) -> dict:
    """`data` (the marts `collect._read` returns) with the year's forecast, the seasonal line,
    the forecast path and the förvaltningar's forecasts computed from the published shares."""
    shares = published_shares(data, year, protection)
    overview = data["overview"]
    fc = overview.forecast
    mean = _history_mean(data, year, protection)
    public = _again(fc, fc.hires, fc.target, shares, mean)
    out = dict(data)
    out["overview"] = replace(overview, forecast=public)
    progress = data["progress"].copy()
    seasonal, path = _path(public, shares)
    if len(progress) == 12:
        progress["target_seasonal"] = pd.array(seasonal, dtype="Float64")
        progress["forecast"] = pd.array(path, dtype="Float64")
    out["progress"] = progress
    table = data["forvaltningar"].copy()
    if len(table):
        own = [
            _again(public, int(row.hires), int(row.target), shares) for row in table.itertuples()
        ]
        table["expected"] = [f.expected for f in own]
        table["low"] = [f.low for f in own]
        table["high"] = [f.high for f in own]
        table["probability"] = [
            f.probability if t else None for f, t in zip(own, table["target"], strict=True)
        ]
        table["status"] = [
            f.status if t else "ingen_data" for f, t in zip(own, table["target"], strict=True)
        ]
    out["forvaltningar"] = table
    return out


def _history_mean(data: dict, year: int, protection: Protection) -> float | None:
    """The mean of the previous complete years' totals as the package shows them (used only for
    a year with no month yet)."""
    years = data["years"]
    totals = []
    for y in sorted(set(years["ar"])) if len(years) else []:
        rows = years[years["ar"] == y]
        if year - HISTORY_YEARS <= y < year and len(rows) == 12:
            shown = protection.show(("ar", int(y), "c", 12), rows["cumulative"].max())
            if not disclosure.is_mark(shown):
                totals.append(float(shown))
    return sum(totals) / len(totals) if totals else None
