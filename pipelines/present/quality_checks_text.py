"""The checks across sources in words: each check's Swedish name, its value and what it is
compared with as Swedish figures, and what is unusual and what to look at
(`pipelines.queries.quality_checks` gives the numbers, `pipelines.domain.checks` the limits)."""

from __future__ import annotations

import pandas as pd

from pipelines.domain.checks import (
    AMOUNT,
    AMOUNT_DEVIATION_SHARE,
    AMOUNT_MIN_HISTORY,
    HIRES_JUMP,
    HIRES_JUMP_LIMIT,
    HOUSEHOLDS_JUMP,
    HOUSEHOLDS_JUMP_SHARE,
    NO_HIRES,
)
from pipelines.formatting import fmt_int, fmt_kr, fmt_month, fmt_number, fmt_percent

CHECK_NAMES = {
    NO_HIRES: "Inga anställningar alls",
    HIRES_JUMP: "Stort hopp i anställningar",
    HOUSEHOLDS_JUMP: "Stort hopp i antal hushåll",
    AMOUNT: "Ovanligt belopp per hushåll",
}


def thresholds_text() -> str:
    """The limits of the checks, as one Swedish sentence for the page."""
    return (
        f"En varning ges när en förvaltnings anställningar ändras med mer än "
        f"{fmt_int(HIRES_JUMP_LIMIT)} från månaden före, när antalet hushåll med "
        f"försörjningsstöd ändras med mer än {fmt_percent(HOUSEHOLDS_JUMP_SHARE)} från månaden "
        f"före, när utbetalt belopp per hushåll ligger mer än "
        f"{fmt_percent(AMOUNT_DEVIATION_SHARE)} från medianen för de tolv månaderna före (när "
        f"minst {fmt_int(AMOUNT_MIN_HISTORY)} av dem finns), och när alla levererade rader för "
        "en månad har antal 0."
    )


def _amount(check: str, value) -> str:
    if value is None or pd.isna(value):
        return ""
    return fmt_kr(value) if check == AMOUNT else fmt_int(value)


def figure_text(row) -> str:
    return _amount(row.check, row.value)


def compared_text(row) -> str:
    return "" if row.check == NO_HIRES else _amount(row.check, row.compared_with)


def message(row) -> str:
    """What is unusual and what to look at, in Swedish."""
    month = fmt_month(row.manad)
    if row.check == NO_HIRES:
        return (
            f"Ingen anställning alls i {month}: alla {fmt_int(row.count)} förvaltningar som har "
            "levererat har antal 0. Stämmer det, eller saknas rader?"
        )
    if row.check == HIRES_JUMP:
        return (
            f"{row.forvaltning}: {fmt_int(row.value)} anställningar i {month} mot "
            f"{fmt_int(row.compared_with)} i {fmt_month(row.compared_month)} "
            f"(gränsen är {fmt_int(HIRES_JUMP_LIMIT)}). Kontrollera leveransen."
        )
    if row.check == HOUSEHOLDS_JUMP:
        return (
            f"{fmt_int(row.value)} hushåll i {month} mot {fmt_int(row.compared_with)} i "
            f"{fmt_month(row.compared_month)}: {fmt_percent(row.share, 1, signed=True)} "
            f"(gränsen är {fmt_percent(HOUSEHOLDS_JUMP_SHARE)}). Kontrollera leveransen."
        )
    return (
        f"{fmt_kr(row.value)} per hushåll i {month} mot medianen {fmt_kr(row.compared_with)} "
        f"för de {fmt_number(row.count)} månaderna före: "
        f"{fmt_percent(row.share, 1, signed=True)} (gränsen är "
        f"{fmt_percent(AMOUNT_DEVIATION_SHARE)}). Stämmer utbetalt belopp och antal hushåll?"
    )
