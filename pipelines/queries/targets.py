"""The yearly hiring target from the warehouse: the municipality's and every förvaltning's.

The rule that splits the municipality's target over the förvaltningar is
`pipelines.domain.targets`; this module reads its inputs (`mal` files, the standard target, the
förvaltningar valid in the year).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines import config
from pipelines.domain.targets import split_targets
from pipelines.queries.base import per_connection
from pipelines.warehouse import one
from schemas.calendar import months_valid
from schemas.vocabulary import BERAKNAT, BESLUTAT


@per_connection
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


@per_connection
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


@per_connection
def targets_for_year(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """Per förvaltning valid in `year`: kod, namn, anstallda, months_valid, target, target_kind."""
    total, _ = municipality_target(con, year)
    decided = dict(
        con.execute(
            "select forvaltning, mal from mal_current where ar = ? and forvaltning <> ''", [year]
        ).fetchall()
    )
    return split_targets(total, forvaltningar_in_year(con, year), decided)
