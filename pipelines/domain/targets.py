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
from datetime import date

import duckdb
import pandas as pd

from pipelines import config
from pipelines.warehouse import one

BESLUTAT = "beslutat"
BERAKNAT = "beraknat"


def municipality_target(con: duckdb.DuckDBPyConnection, year: int) -> tuple[int, str]:
    """The whole municipality's target for `year` and its kind (beslutat or the standard)."""
    row = one(con, "select mal from mal_current where ar = ? and forvaltning = ''", [year])
    if row:
        return int(row[0]), BESLUTAT
    row = one(
        con,
        "select mal from ref_mal_standard where fran_ar <= ? and (till_ar is null or till_ar >= ?) "
        "order by fran_ar desc limit 1",
        [year, year],
    )
    if row:
        return int(row[0]), BESLUTAT
    return config.DEFAULT_YEARLY_TARGET, BERAKNAT


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


def forvaltningar_in_year(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Förvaltningar valid at some time in `year`: kod, namn, anstallda, months_valid."""
    ref = con.execute(
        "select kod, namn, anstallda, giltig_fran, giltig_till from ref_forvaltning order by kod"
    ).df()
    ref["giltig_till"] = ref["giltig_till"].astype(object).where(ref["giltig_till"].notna(), None)
    ref["months_valid"] = [
        months_valid(
            pd.Timestamp(f).date(), pd.Timestamp(t).date() if t is not None else None, year
        )
        for f, t in zip(ref["giltig_fran"], ref["giltig_till"], strict=False)
    ]
    return ref[ref["months_valid"] > 0][["kod", "namn", "anstallda", "months_valid"]].reset_index(
        drop=True
    )


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


def targets_for_year(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Per förvaltning valid in `year`: kod, namn, anstallda, months_valid, target, target_kind."""
    total, _ = municipality_target(con, year)
    frame = forvaltningar_in_year(con, year)
    decided = dict(
        con.execute(
            "select forvaltning, mal from mal_current where ar = ? and forvaltning <> ''", [year]
        ).fetchall()
    )
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
