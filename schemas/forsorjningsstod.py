"""Contract for the kind `forsorjningsstod`: monthly key figures of economic assistance.

One row per month for the whole municipality. A delivered file replaces the months it contains.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pandera.pandas as pa

from schemas import values
from schemas.contract import Contract, Field, RowRule

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


CONTRACT = Contract(
    kind="forsorjningsstod",
    title="Försörjningsstöd",
    fields=(
        Field(
            "manad",
            "Månad",
            True,
            values.month,
            "object",
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
)
