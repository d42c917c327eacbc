"""The seasonal target line and the forecasts of the publication version reveal no hidden month
of an earlier year: computed from the months as published, they come out the same whatever the
hidden month's true value is, while the exact (internal) pattern moves with it."""

from __future__ import annotations

import pandas as pd

from pipelines import warehouse
from pipelines.domain.forecast import seasonal_shares
from pipelines.outputs.followup import public_forecast, published
from pipelines.outputs.followup.collect import _read


def _with_march_2025(data: dict, hires: int) -> dict:
    """The fixture's data with March 2025 set to `hires` (the running totals after it follow)."""
    years = data["years"].copy()
    row = (years["ar"] == 2025) & (years["month"] == 3)
    delta = hires - int(years.loc[row, "hires"].iloc[0])
    years.loc[row, "hires"] = hires
    later = (years["ar"] == 2025) & (years["month"] >= 3)
    years.loc[later, "cumulative"] = years.loc[later, "cumulative"] + delta
    return {**data, "years": years}


def _exact_shares(data: dict) -> list[float]:
    years = data["years"]
    history = years[years["ar"] == 2025]
    return seasonal_shares(dict(zip(history["month"], history["hires"], strict=True)))


def test_the_seasonal_line_and_forecasts_do_not_move_with_a_hidden_month(fixture_db):
    with warehouse.read(fixture_db) as con:
        base = _read(con, 2026, whole=False)
    two, four = _with_march_2025(base, 2), _with_march_2025(base, 4)
    _, protection = published.protect_package(two, 2026)
    assert protection.hidden(("ar", 2025, "m", 3))  # a count of 1–4: hidden
    # What the package shows of 2025 is the same in both worlds (the attacker cannot tell).
    keys = [("ar", 2025, "m", m) for m in range(1, 13)]
    assert [
        protection.show(k, two["years"].set_index(["ar", "month"]).loc[k[1], k[3]]["hires"])
        for k in keys
    ] == [
        protection.show(k, four["years"].set_index(["ar", "month"]).loc[k[1], k[3]]["hires"])
        for k in keys
    ]
    shown_two = public_forecast.apply(two, 2026, protection)
    shown_four = public_forecast.apply(four, 2026, protection)
    pd.testing.assert_frame_equal(shown_two["progress"], shown_four["progress"])
    assert shown_two["overview"].forecast == shown_four["overview"].forecast
    pd.testing.assert_frame_equal(shown_two["forvaltningar"], shown_four["forvaltningar"])
    # The exact pattern does move with the hidden month (so the test could fail).
    assert _exact_shares(two) != _exact_shares(four)
    # A hidden month's stand-in is the mean of the other years' same month shown (here none:
    # 2025 is the only complete earlier year), so 0 plus the half hire of smoothing; a shown
    # month is its 5 (July 0) plus the half.
    hidden = [m for m in range(1, 13) if protection.hidden(("ar", 2025, "m", m))]
    assert 3 in hidden and len(hidden) == 2  # March and the one more that keeps it open
    weights = [0.5 if m in hidden or m == 7 else 5.5 for m in range(1, 13)]
    shares = public_forecast.published_shares(two, 2026, protection)
    assert shares == [w / sum(weights) for w in weights]
