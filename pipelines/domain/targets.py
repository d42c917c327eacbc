"""The yearly hiring target, for the whole municipality and per förvaltning.

- The municipality's target for a year: a delivered `mal` row with an empty förvaltning, else the
  reference's standard target (`mal_standard.csv`: 200 a year from 2021), else the default.
- A förvaltning's target is *beslutat* (decided) when a `mal` file set it. Otherwise it is
  *beräknat* (derived): what is left of the municipality's target after the decided ones is shared
  by the other förvaltningar in proportion to their employees, weighted by the months of the year
  they existed (SOF and ASF split 2023), rounded by largest remainder so the parts add up exactly.
"""

from __future__ import annotations

import math

import pandas as pd

from schemas.vocabulary import BERAKNAT, BESLUTAT


def share_of_target(hires: float, target: float | None) -> float | None:
    """Hires as a share of the target (1.0 = reached); None when there is no target."""
    return hires / target if target else None


def largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Split a whole number in proportion to weights so the parts add up to it exactly."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * w / weight_sum for w in weights]
    parts = [math.floor(q) for q in quotas]
    left = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return parts


def split_targets(total: int, forvaltningar: pd.DataFrame, decided: dict[str, int]) -> pd.DataFrame:
    """The targets of the förvaltningar (kod, anstallda, months_valid) given the municipality's
    `total` and the decided ones: adds `target_kind` and `target` (see the module docstring)."""
    frame = forvaltningar.copy()
    frame["target_kind"] = [BESLUTAT if k in decided else BERAKNAT for k in frame["kod"]]
    remaining = max(total - sum(int(decided[k]) for k in frame["kod"] if k in decided), 0)
    derived_codes = [k for k in frame["kod"] if k not in decided]
    weights = {
        row.kod: row.anstallda * row.months_valid / 12
        for row in frame.itertuples()
        if row.kod not in decided
    }
    derived = dict(
        zip(
            derived_codes,
            largest_remainder(remaining, [weights[k] for k in derived_codes]),
            strict=False,
        )
    )
    frame["target"] = [int(decided[k]) if k in decided else derived[k] for k in frame["kod"]]
    return frame
