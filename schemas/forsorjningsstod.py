"""Contract for the kind `forsorjningsstod`: monthly key figures of economic assistance.

One row per month for the whole municipality. A delivered file replaces the months it contains.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pandera.pandas as pa

from schemas import values
from schemas.contract import Contract, Field, RowRule, StoredCheck
from schemas.fields import month_field
from schemas.findings import Problem
from schemas.numbers import fmt_int

_NOT_NEGATIVE = pa.Check.ge(0, error="Värdet får inte vara negativt.")


def _count(name: str, label: str, rule: str, required: bool = False) -> Field:
    return Field(name, label, required, values.whole_number, "Int64", rule, checks=(_NOT_NEGATIVE,))


def _at_most(part: str, whole: str) -> Callable[[pd.DataFrame], pd.Series]:
    def check(frame: pd.DataFrame) -> pd.Series:
        return (frame[part].isna() | frame[whole].isna() | (frame[part] <= frame[whole])).astype(
            bool
        )

    return check


def _endings_within_ended(frame: pd.DataFrame) -> pd.Series:
    endings = frame["avslut_arbete"].fillna(0) + frame["avslut_studier"].fillna(0)
    either = frame["avslut_arbete"].notna() | frame["avslut_studier"].notna()
    return (
        ~either | frame["avslutade_hushall"].isna() | (endings <= frame["avslutade_hushall"])
    ).astype(bool)


#: An amount more than this many times the stored months' median (or less than its inverse)
#: is far outside the history: a warning, it may still be right.
HISTORY_FACTOR = 10
HISTORY_MONTHS = 3  # stored months needed before amounts are compared with them


def _utbetalt_against_history(rows: pd.DataFrame, stored: pd.DataFrame) -> list[Problem]:
    """Warnings for amounts far outside the history: utbetalt more than `HISTORY_FACTOR` times
    the median of the stored months (`stored`: manad, utbetalt), or less than a tenth of it
    (`25.000` read as 25 kr where 25 000 kr was meant). The months the file replaces are left
    out of the median."""
    if "utbetalt" not in rows or stored.empty:
        return []
    delivered = {pd.Timestamp(m) for m in rows["manad"].dropna()}
    amounts = [
        float(v)
        for m, v in zip(stored["manad"], stored["utbetalt"], strict=True)
        if v is not None and float(v) > 0 and pd.Timestamp(m) not in delivered
    ]
    if len(amounts) < HISTORY_MONTHS:
        return []
    median = float(np.median(amounts))
    problems = []
    for excel_row, row in rows[["manad", "utbetalt"]].dropna().iterrows():
        value = float(row["utbetalt"])
        if median > 0 and not median / HISTORY_FACTOR <= value <= median * HISTORY_FACTOR:
            problems.append(
                Problem(
                    int(excel_row),
                    "utbetalt",
                    f"Utbetalt för {row['manad']:%Y-%m} ({fmt_int(value)} kr) ligger "
                    f"långt från de lagrade månadernas median ({fmt_int(median)} kr).",
                    "Kontrollera att beloppet är i kronor och att tusentalen är rätt skrivna.",
                    severity="varning",
                )
            )
    return problems


CONTRACT = Contract(
    kind="forsorjningsstod",
    title="Försörjningsstöd",
    fields=(
        month_field(
            "Månad, t.ex. 2025-03 eller mars 2025. En rad per månad.",
        ),
        _count(
            "hushall", "Hushåll", "Hushåll som fått utbetalt försörjningsstöd under månaden.", True
        ),
        _count("barnhushall", "Barnhushåll", "Hushåll med barn; högst lika många som hushåll."),
        _count("vuxna", "Vuxna", "Vuxna personer i hushållen."),
        _count("barn", "Barn", "Barn i hushållen."),
        _count("unga_vuxna", "Unga vuxna", "Biståndsmottagare 18–24 år."),
        _count(
            "langvarigt",
            "Långvarigt",
            "Hushåll med bistånd minst 10 av de senaste 12 månaderna; högst lika många som hushåll.",
        ),
        Field(
            "utbetalt",
            "Utbetalt",
            True,
            values.amount,
            "float64",
            "Utbetalt belopp i kronor, 0 eller mer (decimaler tillåtna).",
            checks=(_NOT_NEGATIVE,),
        ),
        _count(
            "nya_hushall",
            "Nya hushåll",
            "Hushåll som fick bistånd för första gången på minst en tid.",
        ),
        _count("avslutade_hushall", "Avslutade hushåll", "Hushåll vars bistånd avslutades."),
        _count("avslut_arbete", "Avslut arbete", "Avslutade till arbete."),
        _count(
            "avslut_studier",
            "Avslut studier",
            "Avslutade till studier; arbete + studier högst lika många som avslutade hushåll.",
        ),
        _count(
            "i_arbetsmarknadsinsats",
            "I arbetsmarknadsinsats",
            "Personer i en kommunal arbetsmarknadsinsats.",
        ),
    ),
    unique_key=("manad",),
    slice_key=("manad",),
    total_label_column="manad",
    rules=(
        RowRule(
            "Barnhushåll får inte vara fler än hushåll.",
            ("barnhushall",),
            _at_most("barnhushall", "hushall"),
        ),
        RowRule(
            "Långvarigt får inte vara fler än hushåll.",
            ("langvarigt",),
            _at_most("langvarigt", "hushall"),
        ),
        RowRule(
            "Avslut till arbete och studier får tillsammans inte vara fler än avslutade hushåll.",
            ("avslut_arbete", "avslut_studier"),
            _endings_within_ended,
        ),
    ),
    label="försörjningsstöd",
    measure="hushall",
    measure_explanation="Siffran är antalet hushåll med försörjningsstöd. En levererad fil "
    "ersätter alla nyckeltal för de månader den innehåller.",
    stored_checks=(
        StoredCheck("forsorjningsstod_current", ("manad", "utbetalt"), _utbetalt_against_history),
    ),
    examples=(
        ("2025-01", 2412, 968, 3256, 2405, 391, 1090, 26734512.50, 184, 191, 57, 15, 352),
        ("2025-02", 2398, 961, 3237, 2391, 388, 1084, 26012870.00, 171, 185, 55, 14, 348),
    ),
    mark_examples=True,
    thousands_in_template=True,
)
