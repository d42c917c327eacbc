"""Contract for the kind `sysselsattning`: the monthly follow-up of contracts with requirements.

One row per (månad, avtal, platstyp), reported by the supplier as aggregates, never persons:
places that started in the month, places running in the month, the full-time months worked (two
people at 50 % for a whole month = 1,0), employments that ended before the agreed time and, of
those, how many had served at least 75 % of it. `platstyp` is `anstallning` (employment under LAS),
`larling` (apprenticeship) or `praktik` (internship: not an employment).

A delivered file replaces what is stored for each (månad, avtal) it contains. The rows must also
fit the register of contracts (kind `avtal`): `register_problems` says which do not, so that a
follow-up of an unknown contract, or of a month outside the contract's term, changes nothing.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pandera.pandas as pa

from schemas import parsing, values
from schemas.avtal import contract_id
from schemas.contract import Contract, Field, ParseContext, RowRule, StoredCheck
from schemas.fields import month_field
from schemas.findings import Problem

#: Kinds of place; only the first two are employments that count towards the requirement.
PLATSTYPER = ("anstallning", "larling", "praktik")
EMPLOYMENTS = ("anstallning", "larling")
_PLATSTYP_ALIASES = {
    "anstallning": "anstallning",
    "anstallningar": "anstallning",
    "las_anstallning": "anstallning",
    "larling": "larling",
    "larlingar": "larling",
    "larlingsanstallning": "larling",
    "praktik": "praktik",
    "praktikplats": "praktik",
    "praktikant": "praktik",
}

_NOT_NEGATIVE = pa.Check.ge(0, error="Värdet får inte vara negativt.")
#: The most full-time months one row may hold (a month of 1 000 000 places is not plausible).
MAX_FULL_TIME_MONTHS = 1_000_000


def platstyp(text: str, ctx: ParseContext) -> str:
    code = _PLATSTYP_ALIASES.get(parsing.normalize_name(text))
    if code is None:
        raise ValueError("Platstypen måste vara anstallning, larling eller praktik.")
    return code


def full_time_months(text: str, ctx: ParseContext) -> float:
    """Full-time months worked: ≥ 0 with at most two decimals (`1,5`, `0,25`)."""
    value = parsing.parse_amount(text)
    if value > MAX_FULL_TIME_MONTHS:  # what the warehouse's DECIMAL(9, 2) holds, with margin
        raise ValueError(
            f"Talet är för stort: högst {MAX_FULL_TIME_MONTHS:,} heltidsmånader på en rad.".replace(
                ",", "\u00a0"
            )
        )
    if round(value, 2) != value:
        raise ValueError("Heltidsmånader anges med högst två decimaler, t.ex. 1,25.")
    return value


def _at_most(part: str, whole: str):
    def check(frame: pd.DataFrame) -> pd.Series:
        return (frame[part] <= frame[whole]).astype(bool)

    return check


def _count(name: str, label: str, rule: str, required: bool) -> Field:
    return Field(
        name,
        label,
        required,
        values.whole_number,
        "int64",
        rule,
        default=None if required else 0,
        checks=(_NOT_NEGATIVE,),
    )


CONTRACT = Contract(
    kind="sysselsattning",
    title="Sysselsättning",
    fields=(
        month_field(
            "Månad, t.ex. 2026-03, inom avtalets start- och slutmånad. Inte efter innevarande "
            "månad.",
        ),
        Field(
            "avtal",
            "Avtal",
            True,
            contract_id,
            "str",
            "Avtalets id, som i avtalsregistret (t.ex. 2026-017).",
        ),
        Field(
            "platstyp",
            "Platstyp",
            True,
            platstyp,
            "str",
            "anstallning (anställning enligt LAS), larling (lärlingsanställning) eller praktik "
            "(praktikplats, inte en anställning).",
        ),
        _count(
            "paborjade",
            "Påbörjade",
            "Platser som började under månaden: heltal, 0 eller mer.",
            True,
        ),
        _count(
            "pagaende",
            "Pågående",
            "Platser som pågick under månaden (de påbörjade inräknade): heltal, minst påbörjade.",
            True,
        ),
        Field(
            "heltidsmanader",
            "Heltidsmånader",
            True,
            full_time_months,
            "float64",
            "Arbetade heltidsmånader under månaden (två personer på 50 % = 1,0): 0 eller mer, "
            "högst två decimaler, högst lika många som pågående.",
            checks=(_NOT_NEGATIVE,),
        ),
        _count(
            "avslutade_i_fortid",
            "Avslutade i förtid",
            "Anställningar som slutade före avtalad tid under månaden; tomt = 0.",
            False,
        ),
        _count(
            "varav_minst_75_procent",
            "Varav minst 75 %",
            "Av de avslutade i förtid: hur många som hade fullgjort minst 75 % av avtalad tid; "
            "tomt = 0.",
            False,
        ),
    ),
    unique_key=("manad", "avtal", "platstyp"),
    slice_key=("manad", "avtal"),
    total_label_column="avtal",
    rules=(
        RowRule(
            "Pågående får inte vara färre än påbörjade: en plats som började under månaden pågick "
            "också.",
            ("pagaende",),
            _at_most("paborjade", "pagaende"),
        ),
        RowRule(
            "Heltidsmånader får inte vara fler än pågående platser: en plats ger högst en "
            "heltidsmånad per månad.",
            ("heltidsmanader",),
            _at_most("heltidsmanader", "pagaende"),
            hint="Två personer på halvtid en hel månad ger 1,0 heltidsmånad.",
        ),
        RowRule(
            "Avslutade i förtid får inte vara fler än pågående.",
            ("avslutade_i_fortid",),
            _at_most("avslutade_i_fortid", "pagaende"),
        ),
        RowRule(
            "Varav minst 75 % får inte vara fler än avslutade i förtid.",
            ("varav_minst_75_procent",),
            _at_most("varav_minst_75_procent", "avslutade_i_fortid"),
        ),
    ),
    label="sysselsättning",
    measure="heltidsmanader",
    measure_explanation="Siffran är utförda heltidsmånader (alla platstyper) per månad och "
    "avtal. En levererad fil ersätter uppföljningen för varje månad och avtal den innehåller.",
    refuse_personal_columns=True,
    # Every row must name a contract of the stored register, in a month of its term.
    stored_checks=(
        StoredCheck(
            "avtal_current",
            ("avtal", "startmanad", "slutmanad"),
            lambda rows, register: register_problems(rows, register),
        ),
    ),
    examples=(
        ("2026-03", "2026-017", "anstallning", 2, 2, 1.5, "", ""),
        ("2026-03", "2026-017", "larling", 1, 1, 0.5, "", ""),
        ("2026-03", "2026-017", "praktik", 1, 1, 0.75, 1, 0),
    ),
)


# --- the rows against the register of contracts --------------------------------------------------


def register_problems(frame: pd.DataFrame, register: pd.DataFrame) -> list[Problem]:
    """The follow-up rows (`frame`, index = Excel row) that name a contract missing from the
    `register` (columns avtal, startmanad, slutmanad as first days of months), or a month outside
    that contract's term. An empty list: every row fits."""
    terms = {
        str(row.avtal): (_first_day(row.startmanad), _first_day(row.slutmanad))
        for row in register.itertuples()
    }
    by_folded = {parsing.normalize_name(k): k for k in terms}
    problems: list[Problem] = []
    for row, avtal, manad in zip(frame.index, frame["avtal"], frame["manad"], strict=True):
        if avtal is None or manad is None or (isinstance(avtal, float) and pd.isna(avtal)):
            continue  # reported by its own parse error
        if avtal not in terms:
            similar = by_folded.get(parsing.normalize_name(avtal))
            hint = (
                f"Menar du {similar}? Skriv id:t exakt som i avtalsregistret."
                if similar
                else "Lämna först in avtalet i avtalsregistret (filtypen avtal), eller rätta id:t."
            )
            problems.append(
                Problem(
                    int(row),
                    "avtal",
                    "Avtalet finns inte i avtalsregistret.",
                    hint,
                    show_value=True,
                )
            )
            continue
        start, end = terms[avtal]
        month = _first_day(manad)
        if not start <= month <= end:
            problems.append(
                Problem(
                    int(row),
                    "manad",
                    f"Månaden ligger utanför avtalets tid ({start:%Y-%m}–{end:%Y-%m}).",
                    "Rätta månaden, eller rätta avtalets start- och slutmånad i avtalsregistret.",
                    show_value=True,
                )
            )
    return problems


def _first_day(value) -> date:
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return date(value.year, value.month, 1)
