"""Contract for the kind `uppfoljning`: what became of those hired (outcome follow-up).

Aggregates that the HR system and the social services' case system produce together: the
matching of persons happens inside those systems, and no person ever reaches this product. One
row per (anställningsmånad, förvaltning, uppföljning): of the people a förvaltning hired in a
month (the cohort), how many were still employed by the municipality, in any work or studies,
and had försörjningsstöd, 6, 12 or 24 months after the start. A delivered file replaces the rows
for each (anställningsmånad, förvaltning, uppföljning) it contains.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from schemas import values
from schemas.anstallningar import forvaltning_valid_in_month
from schemas.calendar import add_months
from schemas.contract import Contract, Field, ParseContext, RowRule, StoredCheck
from schemas.fields import forvaltning_field, month_field
from schemas.findings import Problem
from schemas.numbers import fmt_int

#: The follow-up points: months after the start at which the state is measured.
POINTS = (6, 12, 24)


def follow_up_month(start: pd.Series, months: pd.Series) -> pd.Series:
    """The month a row's state is measured: the anställningsmånad plus its follow-up point."""
    return pd.Series(
        [
            add_months(s, int(m)) if s is not None and pd.notna(m) else None
            for s, m in zip(start, months, strict=True)
        ],
        index=start.index,
        dtype=object,
    )


def _at_most_cohort(column: str, label: str) -> RowRule:
    # Each rule its own message: the validator tells the rules apart by their messages.
    return RowRule(
        f"{label} får inte vara större än antalet anställda i kohorten.",
        (column,),
        lambda f: (f[column].isna() | f["anstallda"].isna() | (f[column] <= f["anstallda"])).astype(
            bool
        ),
        hint="Kontrollera att raden räknar samma personer som kolumnen Anställda.",
    )


def _work_or_studies_between(frame: pd.DataFrame) -> pd.Series:
    value = frame["i_arbete_eller_studier"]
    return (
        value.isna()
        | frame["kvar_i_anstallning"].isna()
        | frame["anstallda"].isna()
        | ((value >= frame["kvar_i_anstallning"]) & (value <= frame["anstallda"]))
    ).astype(bool)


def _point_reached(ctx: ParseContext) -> tuple[RowRule, ...]:
    """A row for a follow-up point whose month has not ended yet is an error."""

    def check(frame: pd.DataFrame) -> pd.Series:
        measured = follow_up_month(frame["anstallningsmanad"], frame["uppfoljning"])
        return pd.Series(
            [m is None or m < ctx.current_month for m in measured], index=frame.index, dtype=bool
        )

    return (
        *forvaltning_valid_in_month("anstallningsmanad")(ctx),
        RowRule(
            "Uppföljningsmånaden (anställningsmånad + uppföljning) har inte tagit slut än: "
            "läget kan inte vara mätt.",
            ("anstallningsmanad", "uppfoljning"),
            check,
            hint="Leverera raden först när uppföljningsmånaden är slut.",
        ),
    )


def _cohort_against_hires(rows: pd.DataFrame, hires: pd.DataFrame) -> list[Problem]:
    """The cohort (`anstallda`) should equal the hires stored in `anstallningar` for that month
    and förvaltning (all forms): a difference is a warning that names both figures."""
    stored = {
        (pd.Timestamp(m), k): int(h)
        for m, k, h in zip(hires["manad"], hires["forvaltning"], hires["hires_all"], strict=True)
        if pd.notna(h)
    }
    problems = []
    for row, month, kod, cohort in zip(
        rows.index, rows["anstallningsmanad"], rows["forvaltning"], rows["anstallda"], strict=True
    ):
        if month is None or kod is None or pd.isna(cohort):
            continue
        hired = stored.get((pd.Timestamp(month), kod), 0)
        if int(cohort) != hired:
            problems.append(
                Problem(
                    int(row),
                    "anstallda",
                    f"Kohorten {kod} {month:%Y-%m} har {fmt_int(cohort)} anställda i filen, men "
                    f"{fmt_int(hired)} anställningar är lagrade för samma månad och förvaltning.",
                    "Kontrollera att båda systemen räknar samma anställningar (alla "
                    "anställningsformer), eller rätta anställningarna.",
                    severity="varning",
                )
            )
    return problems


def _count(name: str, label: str, required: bool, rule: str, *checks: pa.Check) -> Field:
    not_negative = pa.Check.ge(0, error="Antal kan inte vara negativt.")
    return Field(
        name, label, required, values.whole_number, "int64" if required else "Int64", rule,
        checks=(not_negative, *checks),
    )  # fmt: skip


CONTRACT = Contract(
    kind="uppfoljning",
    title="Uppföljning",
    fields=(
        month_field(
            "Månaden anställningarna började (kohorten), skriven som i anställningsfilen, t.ex. "
            "2025-03.",
            "anstallningsmanad",
            "Anställningsmånad",
        ),
        forvaltning_field(
            "Kod eller namn ur referenslistan över förvaltningar, giltig i anställningsmånaden.",
        ),
        Field(
            "uppfoljning",
            "Uppföljning",
            True,
            values.whole_number,
            "int64",
            "6, 12 eller 24: antal månader efter starten då läget mäts. Uppföljningsmånaden "
            "måste vara slut.",
            checks=(pa.Check.isin(list(POINTS), error="Uppföljning ska vara 6, 12 eller 24."),),
        ),
        _count(
            "anstallda",
            "Anställda",
            True,
            "Antal personer i kohorten: heltal större än 0. Ska vara lika med de lagrade "
            "anställningarna den månaden i förvaltningen.",
            pa.Check.gt(0, error="Anställda ska vara större än 0."),
        ),
        _count(
            "kvar_i_anstallning",
            "Kvar i anställning",
            True,
            "Av dem: anställda i kommunen uppföljningsmånaden. Högst lika många som anställda.",
        ),
        _count(
            "i_arbete_eller_studier",
            "I arbete eller studier",
            False,
            "Av dem: i arbete (även utanför kommunen) eller studier uppföljningsmånaden. Minst "
            "kvar i anställning, högst anställda.",
        ),
        _count(
            "med_forsorjningsstod_fore",
            "Med försörjningsstöd före",
            False,
            "Av dem: hade försörjningsstöd månaden före starten. Högst lika många som anställda.",
        ),
        _count(
            "med_forsorjningsstod_vid_uppfoljning",
            "Med försörjningsstöd vid uppföljning",
            False,
            "Av dem: hade försörjningsstöd uppföljningsmånaden. Högst lika många som anställda.",
        ),
    ),
    unique_key=("anstallningsmanad", "forvaltning", "uppfoljning"),
    slice_key=("anstallningsmanad", "forvaltning", "uppfoljning"),
    total_label_column="forvaltning",
    rules=(
        _at_most_cohort("kvar_i_anstallning", "Kvar i anställning"),
        _at_most_cohort("med_forsorjningsstod_fore", "Med försörjningsstöd före"),
        _at_most_cohort(
            "med_forsorjningsstod_vid_uppfoljning", "Med försörjningsstöd vid uppföljning"
        ),
        RowRule(
            "I arbete eller studier ska vara minst kvar i anställning och högst anställda.",
            ("i_arbete_eller_studier",),
            _work_or_studies_between,
            hint="De som är kvar i anställning är också i arbete.",
        ),
    ),
    reference_rules=_point_reached,
    layout_notes=(
        "Filen innehåller bara antal per kohort: matchningen av personer görs i "
        "personalsystemet och verksamhetssystemet, aldrig i Arbetsmål.",
        "En levererad fil ersätter raderna för varje (anställningsmånad, förvaltning, "
        "uppföljning) den innehåller.",
        "Så räknar analytikern (system, bytt förvaltning, avliden eller utflyttad, små "
        "kohorter): [uppfoljning.md](uppfoljning.md).",
    ),
    label="uppföljning av anställda",
    measure="kvar_i_anstallning",
    measure_explanation="Siffran är antalet som är kvar i anställning per anställningsmånad, "
    "förvaltning och uppföljning (6, 12 eller 24 månader). En levererad fil ersätter raderna för "
    "varje anställningsmånad, förvaltning och uppföljning den innehåller, och inget annat.",
    refuse_personal_columns=True,
    stored_checks=(
        StoredCheck(
            "mart_hires_month_forvaltning",
            ("manad", "forvaltning", "hires_all"),
            _cohort_against_hires,
        ),
    ),
    examples=(
        ("2025-01", "VOF", 6, 3, 2, 3, 1, 0),
        ("2025-01", "VOF", 12, 3, 2, 2, 1, 1),
        ("2025-01", "MF", 6, 1, 1, "", "", ""),
    ),
    mark_examples=True,
    dropdowns=(("Förvaltning", "Förvaltning"),),
    period_columns=("anstallningsmanad",),
)
