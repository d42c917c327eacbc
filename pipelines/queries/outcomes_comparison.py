"""Kolada's key figures nearest to what became of those hired (issue 27;
`schemas.kolada_outcomes`): for each one stored, its latest year with the own municipality's
value, beside Riket and the comparison group's mean (`comparison.kolada_figures`)."""

from __future__ import annotations

import duckdb
import pandas as pd

from pipelines.queries.base import query
from pipelines.queries.comparison import kolada_figures
from schemas.kolada_outcomes import OUTCOME_KPIS

COLUMNS = ["kpi", "ar", "egen", "grupp_medel", "grupp_antal", "riket"]


@query
def kolada_outcome_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per outcome-comparison figure stored, in `OUTCOME_KPIS`' order: its latest year
    with an own value (else its latest year); empty when none is stored."""
    frame = kolada_figures.direct(con)
    frame = frame[frame["kpi"].isin(list(OUTCOME_KPIS))]
    rows = []
    for kpi in OUTCOME_KPIS:
        years = frame[frame["kpi"] == kpi].sort_values("ar", ascending=False)
        if years.empty:
            continue
        with_own = years[years["egen"].notna()]
        rows.append((with_own if len(with_own) else years).iloc[0])
    return pd.DataFrame(rows, columns=COLUMNS).reset_index(drop=True)
