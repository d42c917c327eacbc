"""Forecast of the year's hires, the probability of reaching the target, and the status.

The model, in words a committee member can follow:
1. *Seasonal pattern*: from the previous years (up to three), the share of a year's hires that
   usually start in each month (few in July, many in the spring and autumn). Without history,
   every month counts the same.
2. *Pace*: this year's hires so far, divided by the share of a normal year that has passed,
   gives the pace for the whole year. The remaining months get that pace times their seasonal
   share.
3. *Uncertainty*: hires come one by one, so the remaining count varies like a Poisson count, and
   the pace itself is uncertain when few months have passed (a gamma-distributed rate). Together
   that gives a negative-binomial distribution for the rest of the year, from which the
   interval (80 %) and the probability of reaching the target are read.

Status, defined once for the whole product, from that probability:
`i_fas` (I fas) ≥ 70 %, `risk` (Risk) 30–70 %, `efter` (Efter) < 30 %; a target already reached
is `natt` (Målet nått); no data and no history is `ingen_data`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from scipy.stats import nbinom

from pipelines.domain.targets import share_of_target

#: Probability thresholds of the status (see the module docstring).
STATUS_I_FAS = 0.70
STATUS_RISK = 0.30
#: The forecast interval's coverage.
INTERVAL = 0.80
#: How many previous years make the seasonal pattern.
HISTORY_YEARS = 3

STATUS_EXPLANATION = (
    "Status bygger på sannolikheten att nå årets mål enligt prognosen: "
    "**I fas** (✓) minst 70 %, **Risk** (!) 30–70 %, **Efter** (✗) under 30 %. "
    "Ett mål som redan är nått har status **Målet nått** (✓)."
)

FORECAST_EXPLANATION = (
    "Prognosen räknar med att resten av året följer samma säsongsmönster som de senaste åren "
    "(få börjar i juli) och samma takt som hittills i år. Intervallet visar var årets utfall "
    "hamnar i 8 fall av 10, med hänsyn till slumpen i enskilda anställningar och osäkerheten i "
    "takten när bara några månader har gått."
)


@dataclass(frozen=True)
class Forecast:
    """The year's state and outlook. Months are 1–12; `last_month` 0 means no month reported."""

    year: int
    target: int
    hires: int
    last_month: int
    expected: float | None  # forecast for the whole year (hires so far + expected rest)
    low: int | None  # 10th percentile of the whole year
    high: int | None  # 90th percentile
    probability: float | None  # P(whole year ≥ target)
    needed_per_month: float | None  # hires a month needed the rest of the year; 0 when reached
    pace_linear: float  # where the year should be by last_month on a straight line
    pace_seasonal: float  # … by last year's seasonal pattern
    status: str  # i_fas | risk | efter | natt | ingen_data
    seasonal_shares: tuple[float, ...]
    #: Every month of the year in and ended (`unfinished_months` empty): the outcome is final,
    #: so "inte nått" may be said (issue 24); until then the status comes from the forecast.
    complete: bool = False

    @property
    def reached(self) -> bool:
        return self.hires >= self.target

    @property
    def share_of_target(self) -> float | None:
        return share_of_target(self.hires, self.target)


def seasonal_shares(monthly_totals: Mapping[int, float]) -> list[float]:
    """Each month's share of a year's hires from history (month → summed hires over the years).

    Half a hire is added to every month so a month without history is unlikely, not impossible.
    Without any history every month gets 1/12.
    """
    if not monthly_totals or sum(monthly_totals.values()) <= 0:
        return [1 / 12] * 12
    smoothed = [float(monthly_totals.get(m, 0)) + 0.5 for m in range(1, 13)]
    total = sum(smoothed)
    return [v / total for v in smoothed]


def _negbin_cdf(k: int, r: float, p: float) -> float:
    """P(X ≤ k) for X ~ NegBin(r, p) with P(X = j) = Γ(j+r)/(j! Γ(r)) p^r (1-p)^j (SciPy's
    `nbinom`: r successes of probability p, X the failures before them; r need not be whole)."""
    return float(nbinom.cdf(k, r, p))


def _negbin_quantile(q: float, r: float, p: float) -> int:
    """The least k with P(X ≤ k) ≥ q, for 0 < q < 1."""
    return int(nbinom.ppf(q, r, p))


def status_for(probability: float | None, reached: bool, target: int = 1) -> str:
    if target <= 0:
        return "ingen_data"  # no target, no status (a target of 0 is not 'reached')
    if reached:
        return "natt"
    if probability is None:
        return "ingen_data"
    if probability >= STATUS_I_FAS:
        return "i_fas"
    if probability >= STATUS_RISK:
        return "risk"
    return "efter"


def forecast(
    year: int,
    hires_by_month: Sequence[int],
    target: int,
    shares: Sequence[float],
    *,
    history_mean: float | None = None,
    valid_months: Sequence[bool] | None = None,
    unfinished_months: Collection[int] = (),
) -> Forecast:
    """The forecast from this year's monthly hires so far (index 0 = January; its length is the
    last reported month), the target, the seasonal shares and, for a year with no month yet, the
    mean of previous years' totals. `valid_months` (12 flags) limits the year to the months a
    förvaltning existed (SOF until February 2023): no hires are expected outside them.
    `unfinished_months` (1–12, up to the last reported month) are months whose deliveries are
    not all in or that have not ended (`pipelines.domain.delivery`): their hires count, but they
    are still to come in the forecast, so a year with a missing December is never complete
    (issue 24: no "0 %" and no "inte nått" before the year is final)."""
    last = len(hires_by_month)
    hires = int(sum(hires_by_month))
    if valid_months is not None:
        shares = [s if valid else 0.0 for s, valid in zip(shares, valid_months, strict=True)]
    open_months = sorted({m for m in unfinished_months if 1 <= m <= last})
    open_share = sum(shares[m - 1] for m in open_months)
    observed_share = sum(shares[:last]) - open_share
    remaining_share = sum(shares[last:]) + open_share
    complete = not open_months and (last >= 12 or (last > 0 and remaining_share <= 0))
    pace_linear = target * last / 12
    pace_seasonal = target * observed_share
    months_left = 12 - last + len(open_months)
    needed = None if complete else max(target - hires, 0) / max(months_left, 1)
    if complete:
        needed = 0.0 if hires >= target else None

    if complete or remaining_share <= 0:
        shape, rate_scale = None, None
    elif last > 0 and observed_share > 0:
        # Rate of a whole year ~ Gamma(hires + 0.5, observed_share): Jeffreys' prior.
        shape, rate_scale = hires + 0.5, observed_share
    elif history_mean is not None:
        shape, rate_scale = history_mean + 0.5, 1.0
    else:
        shape, rate_scale = None, None

    if complete:
        expected, low, high = float(hires), hires, hires
        probability = 1.0 if hires >= target else 0.0
    elif shape is None:
        expected = low = high = probability = None
    else:
        # Rest of year | rate ~ Poisson(rate * remaining_share); mixing over the gamma rate
        # gives NegBin(r = shape, p = rate_scale / (rate_scale + remaining_share)).
        p = rate_scale / (rate_scale + remaining_share)
        expected = hires + shape * remaining_share / rate_scale
        low = hires + _negbin_quantile((1 - INTERVAL) / 2, shape, p)
        high = hires + _negbin_quantile(1 - (1 - INTERVAL) / 2, shape, p)
        missing = target - hires
        probability = 1.0 if missing <= 0 else 1.0 - _negbin_cdf(missing - 1, shape, p)

    return Forecast(
        year=year,
        target=target,
        hires=hires,
        last_month=last,
        expected=expected,
        low=low,
        high=high,
        probability=probability,
        needed_per_month=needed,
        pace_linear=pace_linear,
        pace_seasonal=pace_seasonal,
        status=status_for(probability, hires >= target, target),
        seasonal_shares=tuple(shares),
        complete=complete,
    )
