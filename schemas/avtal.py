"""Contract for the kind `avtal`: the register of contracts with employment requirements.

One row per contract that the municipality has procured with a social requirement
(sysselsättningskrav): its id, what is bought, the supplier (an organisation, never a person), the
förvaltning that owns it, the term (`dialog`, `sysselsattningskrav` = Upphandlingsmyndighetens
model term with required full-time months, `bonus`), its first and last month and, for the model
term, how many months of full-time work the employments together must reach.

A delivered file replaces the stored rows of the contracts it names, and nothing else; the earlier
version of each contract is kept. Contract months may lie in the future (a contract runs for
years); the follow-up (`schemas.sysselsattning`) may not.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pandera.pandas as pa

from schemas import guard, parsing
from schemas.anstallningar import MALGRUPP
from schemas.contract import Contract, Field, ParseContext, RowRule, StoredCheck
from schemas.fields import forvaltning_field
from schemas.findings import Problem

#: The terms a contract may carry (code → what it means, for guides and templates).
VILLKOR = ("dialog", "sysselsattningskrav", "bonus")
_VILLKOR_ALIASES = {
    "dialog": "dialog",
    "dialogkrav": "dialog",
    "sysselsattningskrav": "sysselsattningskrav",
    "modellvillkor": "sysselsattningskrav",
    "bonus": "bonus",
    "bonusvillkor": "bonus",
}

#: How far ahead a contract month may lie (a contract with options may run ten years or more).
YEARS_AHEAD = 15
#: The longest id, benämning or leverantör kept (an echoed value is cut at 60 characters anyway).
ID_MAX = 40
TEXT_MAX = 120

# An id as municipalities write them: `2026-017`, `KS 2026/0123`, `UH-2025-04`.
_ID = re.compile(r"[0-9A-Za-zÅÄÖåäöÉé][0-9A-Za-zÅÄÖåäöÉé\-/_. ]*")

# A supplier written as only a person's name: a common first name and one or two more
# capitalised words, without a company form or anything else that marks an organisation.
_FIRST_NAMES = frozenset(
    """
    anna eva maria karin sara kristina lena emma elin ida malin johanna sofia linda marie hanna
    annika helena susanne jenny carina camilla elisabeth ingrid birgitta monica ulrika lisa
    erik lars karl anders johan per nils jan mikael hans peter olof lennart gunnar sven fredrik
    daniel bengt bo alexander oskar mats magnus andreas stefan ulf thomas jonas martin leif
    mohammed mohamed ahmed ali fatima amina omar hassan
    """.split()
)
_ORGANISATION_WORDS = re.compile(
    r"\b(ab|hb|kb|ek|för|förening|ekonomisk|aktiebolag|handelsbolag|kommanditbolag|stiftelse|"
    r"kommun|region|firma|enskild|group|gruppen|bolag|i|och|&|service|tjänst\w*|städ\w*|bygg\w*|"
    r"omsorg|entreprenad\w*|transport\w*|restaurang\w*|kök|café|cafe|mat|trädgård\w*|måleri\w*|"
    r"el|vvs|it|consulting|konsult\w*|sverige|sweden|nordic|skåne|lund)\b",
    re.IGNORECASE,
)


def looks_like_person_name(text: str) -> bool:
    """True when `text` reads as a person's name only (`Anna Svensson`, `Per-Olof Ek`): two or
    three capitalised words, the first a common first name, no digits and no word that marks an
    organisation (`AB`, `Städ`, `Kommun`, …). A supplier is an organisation; a sole trader writes
    the firm's name (`Anna Svensson Städ`)."""
    words = text.split()
    if not 2 <= len(words) <= 3 or any(ch.isdigit() for ch in text):
        return False
    if _ORGANISATION_WORDS.search(text):
        return False
    if not all(re.fullmatch(r"[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖÉ][a-zåäöéü]+)?", w) for w in words):
        return False
    return words[0].split("-")[0].casefold() in _FIRST_NAMES


_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\W\d_]{2,}")


def _clean_text(text: str, max_len: int) -> str:
    """One line of text as stored, through the one gate (`schemas.guard`: personal identity
    numbers, control characters, length), spaces collapsed, and no e-mail address (a person's).
    Invisible characters are kept (a warning names them: `pipelines.ingest.free_text`), and an
    `@` that is no e-mail address (`@Lunds Städ`, formula-like) is accepted with a warning."""
    admitted = guard.admit(text, what="Värdet", max_length=max_len, keep_invisible=True)
    cleaned = " ".join(admitted.split())
    if _EMAIL.search(cleaned):
        raise ValueError("Ange inga e-postadresser: filen får inte innehålla personuppgifter.")
    return cleaned


def contract_id(text: str, ctx: ParseContext | None = None) -> str:
    """The contract's id as written (`2026-017`), trimmed and with single spaces."""
    cleaned = _clean_text(text, ID_MAX)
    if not _ID.fullmatch(cleaned):
        raise ValueError(
            "Avtalets id får bara innehålla bokstäver, siffror, mellanslag och - / _ . "
            "(t.ex. 2026-017)."
        )
    return cleaned


_NAME_IN_TEXT = re.compile(
    # A lookahead, so that every capitalised word is tried as a first name (overlapping).
    r"\b([A-ZÅÄÖÉ][a-zåäöéü]+)(?=\s+([A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖÉ][a-zåäöéü]+)?))"
)


def names_a_person(text: str) -> bool:
    """True when `text` holds a common first name followed by a capitalised word that does not
    mark an organisation (`kontakt Anna Svensson`): a description names no person."""
    for m in _NAME_IN_TEXT.finditer(text):
        if m[1].casefold() in _FIRST_NAMES and not _ORGANISATION_WORDS.search(m[2]):
            return True
    return False


def benamning(text: str, ctx: ParseContext) -> str:
    cleaned = _clean_text(text, TEXT_MAX)
    if names_a_person(cleaned):
        raise ValueError(
            "Benämningen ser ut att innehålla en persons namn. Beskriv vad som köps, utan namn: "
            "filen får inte innehålla personuppgifter."
        )
    return cleaned


def leverantor(text: str, ctx: ParseContext) -> str:
    cleaned = _clean_text(text, TEXT_MAX)
    if looks_like_person_name(cleaned):
        raise ValueError(
            "Leverantören ser ut som en persons namn. Ange organisationens namn (t.ex. "
            "”Anna Svensson Städ AB”): filen får inte innehålla personuppgifter."
        )
    return cleaned


def villkor(text: str, ctx: ParseContext) -> str:
    code = _VILLKOR_ALIASES.get(parsing.normalize_name(text))
    if code is None:
        raise ValueError("Villkoret måste vara dialog, sysselsattningskrav eller bonus.")
    return code


def required_months(text: str, ctx: ParseContext) -> int:
    value = parsing.parse_whole_number(text)
    if value <= 0:
        raise ValueError("Kravet måste vara ett heltal större än 0.")
    return value


def contract_month(text: str, ctx: ParseContext) -> date:
    """A month of the contract's term: like `values.month`, but it may lie ahead (up to
    `YEARS_AHEAD` years after the current month)."""
    latest = date(ctx.current_month.year + YEARS_AHEAD, 12, 1)
    try:
        return parsing.parse_month(text, latest)
    except ValueError as exc:
        if "efter innevarande" in str(exc):
            raise ValueError(
                f"Månaden ligger för långt fram: senast december {latest.year}."
            ) from None
        raise


def _end_not_before_start(frame: pd.DataFrame) -> pd.Series:
    start, end = frame["startmanad"], frame["slutmanad"]
    return pd.Series(
        [s is None or e is None or e >= s for s, e in zip(start, end, strict=True)],
        index=frame.index,
        dtype=bool,
    )


def _requirement_given(frame: pd.DataFrame) -> pd.Series:
    return (
        (frame["villkor"] != "sysselsattningskrav") | (frame["krav_heltidsmanader"] > 0)
    ).astype(bool)


def _forvaltning_during_term(ctx: ParseContext) -> tuple[RowRule, ...]:
    ref = ctx.reference

    def check(frame: pd.DataFrame) -> pd.Series:
        ok = []
        for kod, start, end in zip(
            frame["forvaltning"], frame["startmanad"], frame["slutmanad"], strict=True
        ):
            last = min(end, ctx.current_month) if end >= start else start
            ok.append(ref.forvaltning_valid(kod, start) or ref.forvaltning_valid(kod, last))
        return pd.Series(ok, index=frame.index, dtype=bool)

    return (
        RowRule(
            message="Förvaltningen fanns inte under avtalstiden (enligt referenslistans "
            "giltighetsdatum).",
            columns=("forvaltning",),
            check=check,
            hint="Använd förvaltningens kod under avtalstiden (t.ex. ASF i stället för SOF från "
            "mars 2023).",
        ),
    )


def _followup_outside_new_terms(rows: pd.DataFrame, followup: pd.DataFrame) -> list[Problem]:
    """A register that shortens a contract's term so that stored follow-up (`followup`: avtal,
    manad) falls outside it: a warning per contract (the follow-up stays stored)."""
    if followup.empty:
        return []
    months = pd.to_datetime(followup["manad"])
    spans = {
        avtal: (group.min().date(), group.max().date())
        for avtal, group in months.groupby(followup["avtal"].astype(str))
    }
    problems = []
    for row, avtal, start, end in zip(
        rows.index, rows["avtal"], rows["startmanad"], rows["slutmanad"], strict=True
    ):
        if avtal not in spans or start is None or end is None:
            continue
        first, last = spans[avtal]
        if first < start or last > end:
            problems.append(
                Problem(
                    int(row),
                    "startmanad",
                    f"Det finns lagrad uppföljning av avtalet utanför den nya avtalstiden "
                    f"({first:%Y-%m}–{last:%Y-%m} är uppföljt).",
                    "Uppföljningen ligger kvar; rätta den med en ny leverans om den är fel.",
                    severity="varning",
                )
            )
    return problems


CONTRACT = Contract(
    kind="avtal",
    title="Avtal",
    fields=(
        Field(
            "avtal",
            "Avtal",
            True,
            contract_id,
            "str",
            "Avtalets id som kommunen skriver det, t.ex. 2026-017. En rad per avtal.",
        ),
        Field(
            "benamning",
            "Benämning",
            True,
            benamning,
            "str",
            "Vad som köps, t.ex. Städtjänster, skolor.",
        ),
        Field(
            "leverantor",
            "Leverantör",
            True,
            leverantor,
            "str",
            "Leverantörens namn: en organisation, aldrig en person.",
        ),
        forvaltning_field(
            "Förvaltningen som äger avtalet: kod eller namn ur referenslistan.",
        ),
        Field(
            "villkor",
            "Villkor",
            True,
            villkor,
            "str",
            "dialog (dialogkrav), sysselsattningskrav (modellvillkoret: anställningstid) eller "
            "bonus.",
        ),
        Field(
            "startmanad",
            "Startmånad",
            True,
            contract_month,
            "object",
            "Avtalets första månad, t.ex. 2026-01.",
        ),
        Field(
            "slutmanad",
            "Slutmånad",
            True,
            contract_month,
            "object",
            "Avtalets sista månad, samma som eller efter startmånaden.",
        ),
        Field(
            "krav_heltidsmanader",
            "Krav heltidsmånader",
            False,
            required_months,
            "int64",
            "För sysselsattningskrav: heltal större än 0. Anställningarna ska tillsammans motsvara "
            "minst så många månader heltidsarbete. Tomt = inget krav (lagras som 0).",
            # 0 rather than missing: Pandera leaves rows with a missing value out of the row
            # rules, so a missing requirement could not be caught by `_requirement_given`.
            default=0,
            checks=(pa.Check.ge(0, error="Kravet får inte vara negativt."),),
        ),
        MALGRUPP,
    ),
    unique_key=("avtal",),
    slice_key=("avtal",),
    total_label_column="avtal",
    rules=(
        RowRule(
            "Slutmånaden får inte ligga före startmånaden.",
            ("slutmanad",),
            _end_not_before_start,
        ),
        RowRule(
            "Ett avtal med sysselsattningskrav måste ange krav heltidsmånader.",
            ("krav_heltidsmanader",),
            _requirement_given,
            hint="Ange hur många månader heltidsarbete anställningarna ska motsvara, t.ex. 24.",
        ),
    ),
    reference_rules=_forvaltning_during_term,
    label="avtal",
    measure="coalesce(krav_heltidsmanader, 0)",
    measure_explanation="Siffran är avtalets krav i heltidsmånader (0 för dialogkrav och bonus "
    "utan krav). En levererad fil ersätter de avtal den namnger, och inget annat; den tidigare "
    "versionen sparas.",
    refuse_personal_columns=True,
    stored_checks=(
        StoredCheck("sysselsattning_current", ("avtal", "manad"), _followup_outside_new_terms),
    ),
    # A model term with 24 months and a dialogue term without.
    examples=(
        (
            "2026-017",
            "Städtjänster, skolor",
            "Lunds Städservice AB",
            "SF",
            "sysselsattningskrav",
            "2026-01",
            "2027-12",
            24,
            "uvas",
        ),
        (
            "2026-003",
            "Parkskötsel",
            "Gröna Parker AB",
            "TF",
            "dialog",
            "2026-02",
            "2028-01",
            "",
            "",
        ),
    ),  # fmt: skip
    period_columns=("startmanad", "slutmanad"),
)
