"""Contract for the kind `mal`: yearly targets (måltal) for hires.

An empty förvaltning (or `Hela kommunen`) is the whole municipality's target. Targets set here
are *beslutat* (decided); where a förvaltning has none, the product derives one from its share
of employees and shows it as *beräknat*. A delivered file replaces each (år, förvaltning) it holds.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from schemas import values
from schemas.contract import Contract, Field, ParseContext, RowRule


def _forvaltning_valid_in_year(ctx: ParseContext) -> tuple[RowRule, ...]:
    ref = ctx.reference

    def check(frame: pd.DataFrame) -> pd.Series:
        valid = []
        for kod, ar in zip(frame["forvaltning"], frame["ar"], strict=False):
            valid.append(kod == "" or kod in set(ref.forvaltningar_valid_in_year(int(ar))["kod"]))
        return pd.Series(valid, index=frame.index, dtype=bool)

    return (
        RowRule(
            message="Förvaltningen fanns inte under det året (enligt referenslistans giltighetsdatum).",
            columns=("forvaltning", "ar"),
            check=check,
        ),
    )


CONTRACT = Contract(
    kind="mal",
    title="Mål",
    fields=(
        Field("ar", "År", True, values.year, "int64", "År, t.ex. 2026 (högst nästa år)."),
        Field(
            "forvaltning",
            "Förvaltning",
            False,
            values.forvaltning_or_whole,
            "str",
            "Kod eller namn ur referenslistan; tomt = hela kommunen.",
            default="",
        ),
        Field(
            "mal",
            "Mål",
            True,
            values.positive_whole_number,
            "int64",
            "Antal anställningar under året: heltal större än 0.",
            checks=(pa.Check.gt(0, error="Målet måste vara större än 0."),),
        ),
    ),
    unique_key=("ar", "forvaltning"),
    slice_key=("ar", "forvaltning"),
    total_label_column=None,
    reference_rules=_forvaltning_valid_in_year,
)
