"""Contracts with employment requirements, as numbers: the register, the follow-up, and each
contract's assessment under the model term (rules in `pipelines.domain.sysselsattningskrav`).

`year_followup(con, year)` is the one query the page, the CLI, Översikt, the follow-up package
and the monthly report read. None of it touches the 200-goal: places through procurement are
counted here and only here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from pipelines.domain.sysselsattningskrav import Avtal, Bedomning, Uppfoljning, assess
from pipelines.queries.base import query

PLATSTYPER = ("anstallning", "larling", "praktik")


@dataclass(frozen=True)
class AvtalRad:
    """One contract of the register with its assessment and the places started in the year."""

    avtal: str
    benamning: str
    leverantor: str
    forvaltning: str
    forvaltning_namn: str
    villkor: str
    startmanad: date
    slutmanad: date
    krav_heltidsmanader: int | None
    malgrupp_namn: str
    bedomning: Bedomning
    senast_rapporterad: date | None
    paborjade_ar: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SysselsattningAr:
    """The year's follow-up: `per` is the year's last reported month (None: nothing reported
    in or before the year), `avtal` every contract whose term touches the year, sorted by id,
    `totalt` the places started in the year per kind of place (every contract)."""

    year: int
    per: date | None
    avtal: list[AvtalRad]
    totalt: dict[str, int]

    @property
    def has_contracts(self) -> bool:
        return bool(self.avtal)


def _has_register(con: duckdb.DuckDBPyConnection) -> bool:
    """False for a warehouse from before these kinds (its next write creates their tables)."""
    row = con.execute(
        "select count(*) from duckdb_views() where view_name = 'avtal_register'"
    ).fetchone()
    return bool(row and row[0])


@query
def contract_years(con: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[int]:
    """The years some stored contract runs in, oldest first, up to `up_to` (default: the
    latest year with follow-up or a contract start, so a ten-year contract does not list the
    future)."""
    if not _has_register(con):
        return []
    row = con.execute(
        """
        select min(year(startmanad)), max(year(slutmanad)),
               greatest(max(year(startmanad)),
                        (select max(year(manad)) from sysselsattning_current))
        from avtal_current
        """
    ).fetchone()
    first, last, latest = row if row else (None, None, None)
    if first is None:
        return []
    end = min(last, up_to if up_to is not None else latest)
    return list(range(first, end + 1))


def _last_reported_month(con: duckdb.DuckDBPyConnection, last: date) -> date | None:
    """The last month reported up to `last`; for a year without follow-up, the last month
    reported before it (so that earlier months still count as followed up)."""
    row = con.execute(
        "select max(manad) from sysselsattning_current where manad <= ?", [last]
    ).fetchone()
    return row[0] if row else None


@query
def year_followup(
    con: duckdb.DuckDBPyConnection, year: int, through: date | None = None
) -> SysselsattningAr:
    """Every contract active in `year` with its assessment as of the year's last reported month,
    and the year's places started through procurement. `through` (a month of `year`, for the
    monthly report) leaves out the follow-up of later months."""
    if not _has_register(con):
        return SysselsattningAr(year=year, per=None, avtal=[], totalt={p: 0 for p in PLATSTYPER})
    last = date(year, 12, 1) if through is None else min(date(year, 12, 1), through)
    per = _last_reported_month(con, last)
    contracts = con.execute(
        """
        select avtal, benamning, leverantor, forvaltning, forvaltning_namn, villkor,
               startmanad, slutmanad, krav_heltidsmanader, malgrupp_namn
        from avtal_register
        where year(startmanad) <= ? and year(slutmanad) >= ?
        order by avtal
        """,
        [year, year],
    ).fetchall()
    rows = con.execute(
        """
        select s.avtal, s.manad, s.platstyp, s.paborjade, s.heltidsmanader, s.varav_minst_75_procent
        from sysselsattning_current s
        where s.manad <= ?
        order by s.avtal, s.manad, s.platstyp
        """,
        [last],
    ).fetchall()
    by_contract: dict[str, list[Uppfoljning]] = {}
    for avtal, manad, platstyp, paborjade, heltid, varav in rows:
        by_contract.setdefault(avtal, []).append(
            Uppfoljning(manad, platstyp, int(paborjade), heltid, int(varav))
        )
    started = con.execute(
        """
        select avtal, platstyp, sum(paborjade)::BIGINT
        from sysselsattning_current
        where year(manad) = ? and manad <= ?
        group by all
        """,
        [year, last],
    ).fetchall()
    started_by: dict[str, dict[str, int]] = {}
    totalt = {p: 0 for p in PLATSTYPER}
    for avtal, platstyp, count in started:
        started_by.setdefault(avtal, {p: 0 for p in PLATSTYPER})[platstyp] = int(count)
        totalt[platstyp] += int(count)

    result = []
    for (
        avtal,
        benamning,
        leverantor,
        forvaltning,
        forvaltning_namn,
        villkor,
        start,
        slut,
        krav,
        malgrupp_namn,
    ) in contracts:
        own = by_contract.get(avtal, [])
        contract = Avtal(avtal, villkor, start, slut, int(krav) if krav is not None else None)
        result.append(
            AvtalRad(
                avtal=avtal,
                benamning=benamning,
                leverantor=leverantor,
                forvaltning=forvaltning,
                forvaltning_namn=forvaltning_namn,
                villkor=villkor,
                startmanad=start,
                slutmanad=slut,
                krav_heltidsmanader=contract.krav_heltidsmanader,
                malgrupp_namn=malgrupp_namn,
                bedomning=assess(contract, own, per),
                senast_rapporterad=max((r.manad for r in own), default=None),
                paborjade_ar=started_by.get(avtal, {p: 0 for p in PLATSTYPER}),
            )
        )
    return SysselsattningAr(year=year, per=per, avtal=result, totalt=totalt)


def as_json(result: SysselsattningAr) -> dict:
    """The `sysselsattning --json` document: the format issue 16 fixes, key order included."""
    return {
        "year": result.year,
        "avtal": [
            {
                "avtal": row.avtal,
                "leverantor": row.leverantor,
                "forvaltning": row.forvaltning,
                "villkor": row.villkor,
                "krav_heltidsmanader": row.krav_heltidsmanader,
                "utfort_heltidsmanader": row.bedomning.utfort_heltidsmanader,
                "andel": row.bedomning.andel,
                "forsta_anstallning": row.bedomning.forsta_anstallning,
                "status": row.bedomning.status,
            }
            for row in result.avtal
        ],
        "totalt": {f"paborjade_{p}": result.totalt[p] for p in PLATSTYPER},
    }
