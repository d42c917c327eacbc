"""The model term's rules for contracts with employment requirements (sysselsättningskrav).

Upphandlingsmyndighetens modellvillkor (krav-ID 11554), as a committee member would read them:

**Första anställningen.** Minst en anställning eller lärlingsanställning ska ha påbörjats inom
sex månader från avtalets start. Startmånaden räknas som den första månaden, så för ett avtal som
startar i januari är juni den sista månaden (tidsgränsen).
- *I tid*: den första anställningen påbörjades senast i den sjätte månaden.
- *Försenad*: den första anställningen påbörjades efter den sjätte månaden, eller uppföljningen
  har nått den sjätte månaden utan att någon anställning påbörjats.
- *Ej påbörjad*: ingen anställning ännu, men den sjätte månaden är inte uppföljd än; det finns
  fortfarande tid.
- *Ej aktuellt*: avtal med dialogkrav eller bonusvillkor har inget sådant krav.

**Uppfyllelse.** Heltidsmånaderna i anställningar och lärlingsanställningar (praktik räknas inte)
räknas ihop från avtalets start och jämförs med kravet i avtalet.
- *Uppfyllt*: kravet är nått.
- *Uppfyllt (75 %-regeln)*: minst 75 % av kravet är nått och en anställning som slutade i förtid
  hade fullgjort minst 75 % av sin avtalade tid; då räknas den som fullgjord.
- *Pågår*: avtalet löper fortfarande (uppföljningen har inte nått avtalets sista månad).
- *Ej uppfyllt*: avtalets sista månad är uppföljd och inget av ovanstående gäller.
- *Ej aktuellt*: avtalet anger inget krav på heltidsmånader (dialogkrav, bonus utan krav).

"Uppföljd" betyder: ingår i den uppföljning som bedömningen gäller (`per`, normalt årets senast
rapporterade månad). Reglerna är rena funktioner utan databas; anställningar via
sysselsättningskrav räknas aldrig mot kommunens mål om 200 anställningar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from schemas.calendar import add_months

#: Months from the start month to the deadline month: the start month is the first of six.
DEADLINE_MONTHS = 6
#: Share of the requirement that, with an early end after 75 % served, counts as fulfilled.
SHARE_75 = Decimal("0.75")
#: Kinds of place that are employments (praktik is not).
EMPLOYMENTS = ("anstallning", "larling")

FIRST_EMPLOYMENT = ("i_tid", "forsenad", "ej_paborjad", "ej_aktuellt")
FULFILMENT = ("uppfyllt", "uppfyllt_75", "pagar", "ej_uppfyllt", "ej_aktuellt")

RULE_FIRST_EMPLOYMENT = (
    "Minst en anställning eller lärlingsanställning ska ha påbörjats inom sex månader från "
    "avtalets start (startmånaden är den första av de sex). I tid: påbörjad senast den sjätte "
    "månaden. Försenad: påbörjad senare, eller den sjätte månaden är uppföljd utan någon. Ej "
    "påbörjad: ingen ännu, men det finns fortfarande tid. Gäller inte dialogkrav och bonus."
)
RULE_FULFILMENT = (
    "Heltidsmånaderna i anställningar och lärlingsanställningar (inte praktik) räknas ihop från "
    "avtalets start och jämförs med kravet. Uppfyllt: kravet är nått. Uppfyllt enligt "
    "75 %-regeln: minst 75 % är nått och en anställning som slutade i förtid hade fullgjort minst "
    "75 % av sin tid. Pågår: avtalet löper. Ej uppfyllt: avtalet har löpt ut utan att kravet "
    "nåtts."
)


@dataclass(frozen=True)
class Avtal:
    """One contract of the register (months as first days)."""

    avtal: str
    villkor: str  # dialog | sysselsattningskrav | bonus
    startmanad: date
    slutmanad: date
    krav_heltidsmanader: int | None


@dataclass(frozen=True)
class Uppfoljning:
    """One follow-up row: a month, a kind of place and the supplier's aggregates."""

    manad: date
    platstyp: str
    paborjade: int
    heltidsmanader: Decimal | float
    varav_minst_75: int = 0


@dataclass(frozen=True)
class Bedomning:
    """A contract's assessment as of the month `per`.

    `utfort_heltidsmanader` sums employments' full-time months from the start through `per`;
    `andel` is that share of the requirement (None without a requirement), rounded to four
    decimals; `tidsgrans` is the deadline month for the first employment (the sixth month);
    `forsta_manad` the month the first employment started (None: none reported)."""

    avtal: str
    per: date | None
    tidsgrans: date
    forsta_manad: date | None
    forsta_anstallning: str
    utfort_heltidsmanader: float
    andel: float | None
    status: str


def deadline(start: date) -> date:
    """The sixth month of a contract that starts in `start`: its last month for the first
    employment (start 2026-01 → 2026-06)."""
    return add_months(date(start.year, start.month, 1), DEADLINE_MONTHS - 1)


def first_employment(avtal: Avtal, first_start: date | None, per: date | None) -> str:
    """`i_tid`, `forsenad`, `ej_paborjad` or `ej_aktuellt` (see the module's words).

    `first_start` is the first month with a started `anstallning` or `larling`; `per` the last
    month the follow-up covers (None: nothing is followed up yet)."""
    if avtal.villkor != "sysselsattningskrav":
        return "ej_aktuellt"
    limit = deadline(avtal.startmanad)
    if first_start is not None:
        return "i_tid" if first_start <= limit else "forsenad"
    if per is not None and per >= limit:
        return "forsenad"
    return "ej_paborjad"


def fulfilment(avtal: Avtal, utfort: Decimal, early_75: int, per: date | None) -> str:
    """`uppfyllt`, `uppfyllt_75`, `pagar`, `ej_uppfyllt` or `ej_aktuellt`, in that order of
    precedence (see the module's words). `utfort`: the employments' full-time months so far;
    `early_75`: employments that ended early having served at least 75 % of their time."""
    krav = avtal.krav_heltidsmanader
    if not krav:
        return "ej_aktuellt"
    if utfort >= krav:
        return "uppfyllt"
    if utfort >= SHARE_75 * krav and early_75 > 0:
        return "uppfyllt_75"
    if per is None or per < avtal.slutmanad:
        return "pagar"
    return "ej_uppfyllt"


def assess(avtal: Avtal, rows: Iterable[Uppfoljning], per: date | None) -> Bedomning:
    """Assess one contract from its follow-up rows, counting only months up to `per`."""
    counted = [
        r
        for r in rows
        if r.platstyp in EMPLOYMENTS
        and (per is None or r.manad <= per)
        and avtal.startmanad <= r.manad <= avtal.slutmanad
    ]
    utfort = sum((Decimal(str(r.heltidsmanader)) for r in counted), Decimal(0))
    early_75 = sum(r.varav_minst_75 for r in counted)
    starts = [r.manad for r in counted if r.paborjade > 0]
    first_start = min(starts) if starts else None
    krav = avtal.krav_heltidsmanader
    andel = float(round(utfort / krav, 4)) if krav else None
    return Bedomning(
        avtal=avtal.avtal,
        per=per,
        tidsgrans=deadline(avtal.startmanad),
        forsta_manad=first_start,
        forsta_anstallning=first_employment(avtal, first_start, per),
        utfort_heltidsmanader=float(utfort),
        andel=andel,
        status=fulfilment(avtal, utfort, early_75, per),
    )
