"""The forecast model and the status (pipelines/forecast.py) on hand-computed cases.

The negative-binomial probabilities are checked against an independent brute-force sum of the
probability mass function, built by its recursion P(0) = p^r, P(j) = P(j-1)·(j-1+r)/j·(1-p).
"""

from __future__ import annotations

import math

import pytest

from pipelines import warehouse
from pipelines.domain.forecast import (
    _negbin_cdf,
    _negbin_quantile,
    forecast,
    seasonal_shares,
    status_for,
)
from pipelines.queries.forecast import goal_forecast

UNIFORM = [1 / 12] * 12


def brute_pmf(r: float, p: float, upto: int) -> list[float]:
    values = [p**r]
    for j in range(1, upto + 1):
        values.append(values[-1] * (j - 1 + r) / j * (1 - p))
    return values


def brute_tail(r: float, p: float, at_least: int) -> float:
    """P(X >= at_least) by summing the pmf below it."""
    if at_least <= 0:
        return 1.0
    return 1.0 - sum(brute_pmf(r, p, at_least - 1))


def brute_quantile(q: float, r: float, p: float) -> int:
    total = 0.0
    for k, value in enumerate(brute_pmf(r, p, 5000)):
        total += value
        if total >= q:
            return k
    raise AssertionError("quantile beyond 5000")


# --- seasonal shares --------------------------------------------------------------------------


def test_seasonal_shares_without_history_are_equal():
    assert seasonal_shares({}) == [1 / 12] * 12
    assert seasonal_shares({1: 0, 2: 0}) == [1 / 12] * 12


def test_seasonal_shares_with_history_add_half_a_hire_to_every_month():
    # 5 hires in every month but July: smoothed 5.5 and 0.5, total 11 * 5.5 + 0.5 = 61.
    shares = seasonal_shares({m: (0 if m == 7 else 5) for m in range(1, 13)})
    assert shares[0] == pytest.approx(5.5 / 61)
    assert shares[6] == pytest.approx(0.5 / 61)
    assert sum(shares) == pytest.approx(1.0)


def test_seasonal_shares_fill_months_missing_from_history():
    shares = seasonal_shares({3: 10})  # only March: 10 + 12 * 0.5 = 16 in all
    assert shares[2] == pytest.approx(10.5 / 16)
    assert shares[0] == pytest.approx(0.5 / 16)


# --- the negative binomial --------------------------------------------------------------------


def test_negbin_cdf_known_value_geometric():
    # r = 1 is the geometric distribution: P(X <= k) = 1 - (1 - p)^(k + 1).
    assert _negbin_cdf(2, 1.0, 0.5) == pytest.approx(0.875)
    assert _negbin_cdf(0, 1.0, 0.25) == pytest.approx(0.25)
    assert _negbin_cdf(-1, 1.0, 0.5) == 0.0


@pytest.mark.parametrize(
    ("k", "r", "p"), [(10, 0.5, 1 / 12), (87, 112.5, 39 / 61), (27, 42.5, 0.4)]
)
def test_negbin_cdf_matches_brute_force(k, r, p):
    assert _negbin_cdf(k, r, p) == pytest.approx(sum(brute_pmf(r, p, k)), rel=1e-9)


@pytest.mark.parametrize(
    ("q", "r", "p"), [(0.1, 112.5, 39 / 61), (0.9, 112.5, 39 / 61), (0.5, 0.5, 0.2)]
)
def test_negbin_quantile_matches_brute_force(q, r, p):
    assert _negbin_quantile(q, r, p) == brute_quantile(q, r, p)


# --- status -----------------------------------------------------------------------------------


def test_status_thresholds():
    assert status_for(0.70, False) == "i_fas"
    assert status_for(0.6999, False) == "risk"
    assert status_for(0.30, False) == "risk"
    assert status_for(0.2999, False) == "efter"
    assert status_for(None, False) == "ingen_data"
    assert status_for(0.0, True) == "natt"  # a reached target says so (Målet nått)
    assert status_for(None, True) == "natt"


# --- the forecast -----------------------------------------------------------------------------


def test_year_with_no_data_and_no_history():
    fc = forecast(2026, [], 200, UNIFORM)
    assert (fc.hires, fc.last_month) == (0, 0)
    assert fc.expected is None and fc.low is None and fc.high is None
    assert fc.probability is None
    assert fc.status == "ingen_data"
    assert fc.pace_linear == 0
    assert fc.needed_per_month == pytest.approx(200 / 12)


def test_year_with_no_data_uses_the_mean_of_earlier_years():
    # Rate ~ Gamma(55 + 0.5, 1): NegBin(55.5, p = 1 / (1 + 1) = 0.5) for the whole year.
    fc = forecast(2027, [], 200, UNIFORM, history_mean=55)
    assert fc.expected == pytest.approx(55.5)
    assert fc.probability == pytest.approx(brute_tail(55.5, 0.5, 200), abs=1e-12)
    assert fc.low == brute_quantile(0.1, 55.5, 0.5)
    assert fc.high == brute_quantile(0.9, 55.5, 0.5)
    assert fc.status == "efter"


def test_complete_year_is_its_outcome():
    months = [5] * 6 + [0] + [5] * 5  # 55
    fc = forecast(2025, months, 200, UNIFORM)
    assert (fc.hires, fc.expected, fc.low, fc.high) == (55, 55.0, 55, 55)
    assert fc.probability == 0.0
    assert fc.needed_per_month is None  # nothing can be done any more
    assert fc.status == "efter"
    assert fc.pace_linear == 200 and fc.pace_seasonal == pytest.approx(200)


def test_complete_year_reached():
    fc = forecast(2025, [20] * 12, 200, UNIFORM)
    assert fc.probability == 1.0 and fc.needed_per_month == 0.0 and fc.status == "natt"
    assert fc.share_of_target == pytest.approx(1.2)


def test_month_with_zero_hires():
    # January without hires: rate ~ Gamma(0.5, 1/12); the rest NegBin(0.5, p = (1/12) / 1).
    fc = forecast(2026, [0], 10, UNIFORM)
    assert fc.hires == 0 and fc.last_month == 1
    assert fc.expected == pytest.approx(0.5 * (11 / 12) / (1 / 12))  # 5.5
    assert fc.probability == pytest.approx(brute_tail(0.5, 1 / 12, 10), rel=1e-9)
    assert fc.needed_per_month == pytest.approx(10 / 11)
    assert fc.pace_linear == pytest.approx(10 / 12)


def test_target_already_reached_mid_year():
    fc = forecast(2026, [10, 10], 15, UNIFORM)
    assert fc.reached
    assert fc.probability == 1.0
    assert fc.needed_per_month == 0.0
    assert fc.status == "natt"
    assert fc.expected == pytest.approx(20 + 20.5 * (10 / 12) / (2 / 12))


def test_mid_year_by_hand():
    # The fixture's 2026: 16 a month but July, 112 by August; history 2025 gives shares
    # 5.5/61 (July 0.5/61). Seen share 39/61, rest 22/61; rate ~ Gamma(112.5, 39/61).
    shares = [0.5 / 61 if m == 7 else 5.5 / 61 for m in range(1, 13)]
    fc = forecast(2026, [16] * 6 + [0, 16], 200, shares)
    p = (39 / 61) / (39 / 61 + 22 / 61)
    assert fc.hires == 112
    assert fc.pace_linear == pytest.approx(200 * 8 / 12)
    assert fc.pace_seasonal == pytest.approx(200 * 39 / 61)
    assert fc.expected == pytest.approx(112 + 112.5 * 22 / 39)
    assert fc.needed_per_month == pytest.approx(88 / 4)
    assert fc.probability == pytest.approx(brute_tail(112.5, p, 88), rel=1e-6)
    assert fc.low == 112 + brute_quantile(0.1, 112.5, p)
    assert fc.high == 112 + brute_quantile(0.9, 112.5, p)
    assert fc.status == "efter"


def test_goal_forecast_from_the_fixture_warehouse(fixture_db):
    with warehouse.read() as con:
        fc = goal_forecast(con, 2026)
        vof = goal_forecast(con, 2026, "VOF")
    assert (fc.hires, fc.target, fc.last_month) == (112, 200, 8)
    assert fc.seasonal_shares[6] == pytest.approx(0.5 / 61)
    assert fc.expected == pytest.approx(112 + 112.5 * 22 / 39)
    # VOF: 42 of its decided 70; rate ~ Gamma(42.5, 39/61), 28 more needed.
    assert (vof.hires, vof.target) == (42, 70)
    assert vof.probability == pytest.approx(brute_tail(42.5, 39 / 61, 28), rel=1e-6)
    assert math.isclose(vof.needed_per_month, 7.0)


def test_a_forvaltning_that_ended_early_in_the_year_expects_nothing_after_it_ended():
    # Valid January–February only (SOF in 2023); months reported through August.
    valid = [True, True] + [False] * 10
    result = forecast(2023, [2, 3, 0, 0, 0, 0, 0, 0], 4, [1 / 12] * 12, valid_months=valid)
    assert (result.expected, result.low, result.high) == (5.0, 5, 5)
    assert (result.probability, result.status, result.needed_per_month) == (1.0, "natt", 0.0)


def test_a_forvaltning_that_starts_later_in_the_year_gets_only_its_months():
    # Valid from March (ASF in 2023); January–February reported as nothing, rate from March.
    valid = [False, False] + [True] * 10
    result = forecast(2023, [0, 0, 6], 40, [1 / 12] * 12, valid_months=valid)
    # Observed share 1/12 (March only), remaining 9/12: expected 6 + 6.5 * 9 = 64.5.
    assert result.expected == pytest.approx(6 + 6.5 * 9)


def test_a_target_of_zero_has_no_status():
    result = forecast(2026, [0, 1], 0, [1 / 12] * 12)
    assert result.status == "ingen_data"


# --- the figures of the hand-written distribution SciPy's nbinom replaced -----------------------

SEASON = {1: 5, 2: 6, 3: 8, 4: 7, 5: 6, 6: 4, 7: 0, 8: 3, 9: 8, 10: 7, 11: 5, 12: 2}


@pytest.mark.parametrize(
    ("seasonal", "months", "per_month", "target", "history", "expected"),
    [
        (False, 0, 0, 200, 55.5, (56.0, 43, 70, 0.0, "efter")),
        (False, 6, 40, 1000, None, (480.5, 453, 509, 0.0, "efter")),
        (True, 1, 0, 5, None, (5.590909090909092, 0, 16, 0.3666017288931359, "risk")),
        (True, 3, 17, 200, None, (167.8170731707317, 143, 193, 0.05959497050794149, "efter")),
        (True, 5, 1, 30, None, (10.181159420289855, 7, 14, 4.959789199432407e-05, "efter")),
        (True, 8, 17, 200, None, (212.18604651162792, 198, 226, 0.8807561308797254, "i_fas")),
        (True, 11, 3, 30, None, (34.298449612403104, 33, 36, 1.0, "natt")),
    ],
)
def test_the_figures_are_those_of_the_hand_written_distribution(
    seasonal, months, per_month, target, history, expected
):
    """Recorded from the summed probability mass function the forecast used before
    `scipy.stats.nbinom` (1 872 cases compared: the same interval and status everywhere, the
    probability within 3·10⁻¹³)."""
    shares = seasonal_shares(SEASON) if seasonal else UNIFORM
    fc = forecast(2026, [per_month] * months, target, shares, history_mean=history)
    mean, low, high, probability, status = expected
    assert (fc.low, fc.high, fc.status) == (low, high, status)
    assert fc.expected == pytest.approx(mean, rel=1e-12)
    assert fc.probability == pytest.approx(probability, rel=1e-9, abs=1e-12)
