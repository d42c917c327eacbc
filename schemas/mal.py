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
from schemas.findings import Problem
from schemas.numbers import fmt_int


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


def _target_within_employees(frame: pd.DataFrame, ctx: ParseContext) -> list[Problem]:
    """A target above the förvaltning's (or the municipality's) employees: an error per row."""
    from schemas.anstallningar import EMPLOYEES_HINT

    if frame.empty or not {"ar", "forvaltning", "mal"} <= set(frame):
        return []
    employees = ctx.reference.employees()
    problems = []
    for excel_row, row in frame[["ar", "forvaltning", "mal"]].dropna().iterrows():
        kod, year = row["forvaltning"], int(row["ar"])
        if kod:
            staff, whose = employees.get(kod), f"förvaltningen {kod}"
        else:
            valid = ctx.reference.forvaltningar_valid_in_year(year)
            staff = int(valid.loc[valid["months_valid"] > 0, "anstallda"].sum())
            whose = "kommunen"
        if staff is not None and int(row["mal"]) > staff:
            problems.append(
                Problem(
                    int(excel_row),
                    "mal",
                    f"Målet ({fmt_int(row['mal'])}) är större än antalet anställda "
                    f"i {whose} ({fmt_int(staff)}).",
                    EMPLOYEES_HINT,
                )
            )
    return problems


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
    label="mål",
    measure="mal",
    measure_explanation="Siffran är målet (antal anställningar) per år och förvaltning. En "
    "levererad fil ersätter målen för de år och förvaltningar den innehåller.",
    checks=(_target_within_employees,),
    examples=((2025, "", 200), (2025, "VOF", 60)),
    mark_examples=True,
    dropdowns=(("Förvaltning", "Förvaltning"),),
    period_columns=("ar",),
)
