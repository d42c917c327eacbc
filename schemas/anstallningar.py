"""Contract for the kind `anstallningar`: hires of people far from the labour market.

One row per combination of month, förvaltning, employment form, gender, target group and
whether the person had försörjningsstöd; `antal` counts the hires that **started** that month.
A delivered file replaces everything stored for each (månad, förvaltning) it contains.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa

from schemas import values
from schemas.contract import Contract, Field, ParseContext, RowRule

UNKNOWN = "uppgift saknas"

#: The target-group column, optional: of the hires, and of the contracts (`schemas.avtal`).
MALGRUPP = Field(
    "malgrupp",
    "Målgrupp",
    False,
    values.malgrupp,
    "str",
    "Kod eller namn ur referenslistan över målgrupper; tomt = uppgift saknas.",
    default=UNKNOWN,
)


def _forvaltning_valid_in_month(ctx: ParseContext) -> tuple[RowRule, ...]:
    ref = ctx.reference

    def check(frame: pd.DataFrame) -> pd.Series:
        # Once per distinct (förvaltning, månad), by codes: iterating a million-row string
        # column element by element (zip) costs seconds, factorising it milliseconds.
        units, unit_values = pd.factorize(frame["forvaltning"], use_na_sentinel=False)
        months, month_values = pd.factorize(frame["manad"], use_na_sentinel=False)
        pairs, inverse = np.unique(units * len(month_values) + months, return_inverse=True)
        valid = np.array(
            [
                ref.forvaltning_valid(
                    unit_values[p // len(month_values)], month_values[p % len(month_values)]
                )
                for p in pairs
            ],
            dtype=bool,
        )
        return pd.Series(valid[inverse], index=frame.index, dtype=bool)

    return (
        RowRule(
            message="Förvaltningen fanns inte under den månaden (enligt referenslistans giltighetsdatum).",
            columns=("forvaltning", "manad"),
            check=check,
            hint="Kontrollera månaden, eller använd förvaltningens nya kod efter en omorganisation "
            "(t.ex. ASF i stället för SOF från mars 2023).",
        ),
    )


CONTRACT = Contract(
    kind="anstallningar",
    title="Anställningar",
    fields=(
        Field(
            "manad",
            "Månad",
            True,
            values.month,
            "object",
            "Månad, t.ex. 2025-03, 202503 eller mars 2025. Inte efter innevarande månad.",
        ),
        Field(
            "forvaltning",
            "Förvaltning",
            True,
            values.forvaltning,
            "str",
            "Kod eller namn ur referenslistan över förvaltningar, giltig den månaden.",
        ),
        Field(
            "anstallningsform",
            "Anställningsform",
            True,
            values.anstallningsform,
            "str",
            "Kod eller namn ur referenslistan över anställningsformer.",
        ),
        Field(
            "antal",
            "Antal",
            True,
            values.whole_number,
            "int64",
            "Antal anställningar som började under månaden: heltal, 0 eller mer.",
            checks=(pa.Check.ge(0, error="Antal får inte vara negativt."),),
        ),
        Field(
            "kon",
            "Kön",
            False,
            values.kon,
            "str",
            "kvinna eller man (även K/M); tomt = uppgift saknas.",
            default=UNKNOWN,
        ),
        MALGRUPP,
        Field(
            "fran_forsorjningsstod",
            "Från försörjningsstöd",
            False,
            values.ja_nej,
            "str",
            "ja eller nej: personen hade försörjningsstöd före anställningen; tomt = uppgift saknas.",
            default=UNKNOWN,
        ),
    ),
    unique_key=(
        "manad",
        "forvaltning",
        "anstallningsform",
        "kon",
        "malgrupp",
        "fran_forsorjningsstod",
    ),
    slice_key=("manad", "forvaltning"),
    total_label_column="forvaltning",
    reference_rules=_forvaltning_valid_in_month,
)
