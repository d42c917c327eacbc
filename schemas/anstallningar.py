"""Contract for the kind `anstallningar`: hires of people far from the labour market.

One row per combination of month, förvaltning, employment form, gender, target group and
whether the person had försörjningsstöd; `antal` counts the hires that **started** that month.
A delivered file replaces everything stored for each (månad, förvaltning) it contains.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from schemas import values
from schemas.contract import Contract, Field, ParseContext, RowRule, StoredCheck
from schemas.fields import forvaltning_field, month_field
from schemas.findings import Problem
from schemas.numbers import fmt_int

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


def forvaltning_valid_in_month(
    month_column: str = "manad",
) -> Callable[[ParseContext], tuple[RowRule, ...]]:
    """The rule that a row's förvaltning existed in its month (`month_column`), by the
    reference list's validity dates: a kind's `reference_rules`."""

    def rules(ctx: ParseContext) -> tuple[RowRule, ...]:
        return _forvaltning_valid(ctx, month_column)

    return rules


def _forvaltning_valid(ctx: ParseContext, month_column: str) -> tuple[RowRule, ...]:
    ref = ctx.reference

    def check(frame: pd.DataFrame) -> pd.Series:
        # Once per distinct (förvaltning, månad), by codes: iterating a million-row string
        # column element by element (zip) costs seconds, factorising it milliseconds.
        units, unit_values = pd.factorize(frame["forvaltning"], use_na_sentinel=False)
        months, month_values = pd.factorize(frame[month_column], use_na_sentinel=False)
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
            columns=("forvaltning", month_column),
            check=check,
            hint="Kontrollera månaden, eller använd förvaltningens nya kod efter en omorganisation "
            "(t.ex. ASF i stället för SOF från mars 2023).",
        ),
    )


#: Why a count beyond the reference data is refused, and what to do.
EMPLOYEES_HINT = (
    "Kontrollera talet. Stämmer det, uppdatera antalet anställda i referensdata "
    "(data/reference/forvaltningar.csv)."
)


def _hires_within_employees(frame: pd.DataFrame, ctx: ParseContext) -> list[Problem]:
    """More hires in a month than the förvaltning has employees: an error per (månad,
    förvaltning), on the slice's first row."""
    if frame.empty or not {"manad", "forvaltning", "antal"} <= set(frame):
        return []
    employees = ctx.reference.employees()
    rows = frame[["manad", "forvaltning", "antal"]].dropna()
    rows = rows.assign(rad=rows.index)
    sums = rows.groupby(["manad", "forvaltning"], sort=True).agg(
        antal=("antal", "sum"), rad=("rad", "min")
    )
    problems = []
    for (month, kod), row in sums.iterrows():
        staff = employees.get(kod)
        if staff is not None and int(row["antal"]) > staff:
            problems.append(
                Problem(
                    int(row["rad"]),
                    "antal",
                    f"Fler anställningar under {month:%Y-%m} ({fmt_int(row['antal'])}) "
                    f"än förvaltningen {kod} har anställda ({fmt_int(staff)}).",
                    EMPLOYEES_HINT,
                )
            )
    return problems


#: A month far outside a förvaltning's history: more than `HISTORY_FACTOR` times the most it
#: has had in a month, and at least `HISTORY_MIN_GAP` more, once `HISTORY_MIN_MONTHS` are stored.
HISTORY_FACTOR = 5
HISTORY_MIN_GAP = 25
HISTORY_MIN_MONTHS = 6
#: How every warning that needs the user's confirmation before storing ends.
CONFIRM_NOTE = "Stämmer siffran, bekräfta att filen ska lagras."


def _hires_against_history(rows: pd.DataFrame, stored: pd.DataFrame) -> list[Problem]:
    """A warning, that needs confirmation, for a förvaltning's month far outside the months
    already stored for it (`stored`: manad, forvaltning, hires_all), naming the history (median
    and most). The months the file replaces are left out of the history (issue 26)."""
    if rows.empty or not {"manad", "forvaltning", "antal"} <= set(rows):
        return []
    delivered = {pd.Timestamp(m) for m in rows["manad"].dropna()}
    history: dict[str, list[int]] = {}
    for month, kod, total in zip(
        stored["manad"], stored["forvaltning"], stored["hires_all"], strict=True
    ):
        if pd.Timestamp(month) not in delivered and pd.notna(total):
            history.setdefault(kod, []).append(int(total))
    sums = rows.groupby(["forvaltning", "manad"], sort=True)["antal"].sum()
    problems = []
    for (kod, month), total in sums.items():
        past = history.get(kod, [])
        if len(past) < HISTORY_MIN_MONTHS:
            continue
        most, median = max(past), float(np.median(past))
        if total > HISTORY_FACTOR * most and total >= most + HISTORY_MIN_GAP:
            problems.append(
                Problem(
                    None,
                    None,
                    f"Anställningar för {kod} {month:%Y-%m} ({fmt_int(int(total))}) ligger "
                    f"långt utanför förvaltningens historik: median {fmt_int(round(median))}, "
                    f"högst {fmt_int(most)} per månad under {len(past)} lagrade månader. "
                    + CONFIRM_NOTE,
                    "Kontrollera att antalet är rätt och inte t.ex. ett löpnummer eller en "
                    "summa för flera månader.",
                    severity="varning",
                )
            )
    return problems


CONTRACT = Contract(
    kind="anstallningar",
    title="Anställningar",
    fields=(
        month_field(
            "Månad, t.ex. 2025-03, 202503 eller mars 2025. Inte efter innevarande månad.",
        ),
        forvaltning_field(
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
    reference_rules=forvaltning_valid_in_month(),
    label="anställningar",
    measure="antal",
    measure_explanation="Siffran är antalet anställningar (alla anställningsformer) per månad och "
    "förvaltning. En levererad fil ersätter allt som finns lagrat för varje månad och "
    "förvaltning som den innehåller, och inget annat.",
    checks=(_hires_within_employees,),
    stored_checks=(
        StoredCheck(
            "mart_hires_month_forvaltning",
            ("manad", "forvaltning", "hires_all"),
            _hires_against_history,
        ),
    ),
    # The MF row shows that a month without hires is a row with 0.
    examples=(
        ("2025-01", "VOF", "lonestod", 2, "kvinna", "funktionsnedsattning", "nej"),
        ("2025-01", "VOF", "arbetsmarknadsanstallning", 1, "man", "utrikesfodd_vuxen", "ja"),
        ("2025-01", "MF", "lonestod", 0, "", "", ""),
    ),
    mark_examples=True,
    dropdowns=(
        ("Förvaltning", "Förvaltning"),
        ("Anställningsform", "Anställningsform"),
        ("Kön", "Kön"),
        ("Målgrupp", "Målgrupp"),
        ("Från försörjningsstöd", "Från försörjningsstöd"),
    ),
)
