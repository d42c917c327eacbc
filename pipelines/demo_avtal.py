"""Demo data for procurement with sysselsättningskrav: a register of eight plausible contracts
(`avtal.csv`) and the suppliers' monthly follow-up (`sysselsattning.csv`) up to the last complete
month, ingested after the other demo files (the register first).

Each contract has a fixed plan of places (kind, months after the start, length, share of full
time, whether it ended early and had then served at least 75 %), so a month's figures never change
when `today` moves on. The plans give the demo every status (judged in September 2026): a first
employment in time, one late and one not yet due; a requirement met, one met by the 75 % rule,
one not met when the contract ended (2025), contracts running; a dialogue and a bonus term. All
figures are aggregates per contract and month: no person appears anywhere.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from schemas.calendar import add_months, last_complete_month
from schemas.kinds import CONTRACTS


@dataclass(frozen=True)
class Plats:
    """One place: kind, first month as months after the contract's start, months served, share
    of full time, and `early`: None (ran its agreed time), `75` (ended early after at least 75 %
    of it) or `under` (ended early before that)."""

    platstyp: str
    offset: int
    months: int
    share: float
    early: str | None = None


#: (avtal, benämning, leverantör, förvaltning, villkor, start, slut, krav, målgrupp, plan)
CONTRACTS_PLANNED = [
    (
        "2024-031", "Städtjänster, skolor och förskolor", "Lunds Städservice AB", "SF",
        "sysselsattningskrav", date(2024, 3, 1), date(2027, 2, 1), 36, "uvas",
        [
            Plats("praktik", 1, 3, 0.5), Plats("anstallning", 2, 12, 1.0),
            Plats("anstallning", 4, 10, 0.75), Plats("larling", 6, 18, 0.5),
            Plats("praktik", 9, 2, 1.0), Plats("anstallning", 14, 9, 1.0, "75"),
            Plats("praktik", 25, 3, 0.5),
        ],
    ),
    (
        "2024-012", "Snöröjning och halkbekämpning", "Vinterdrift i Lund AB", "TF",
        "sysselsattningskrav", date(2024, 1, 1), date(2025, 12, 1), 12, "",
        [Plats("anstallning", 3, 7, 1.0), Plats("praktik", 10, 2, 1.0)],
    ),
    (
        "2024-058", "Drift och skötsel av grönytor", "Gröna Parker Skåne AB", "TF",
        "sysselsattningskrav", date(2024, 9, 1), date(2026, 8, 1), 18, "utrikesfodd_vuxen",
        [
            Plats("praktik", 2, 2, 1.0), Plats("anstallning", 3, 12, 0.75),
            Plats("anstallning", 8, 6, 1.0, "75"), Plats("anstallning", 16, 3, 0.5, "under"),
        ],
    ),
    (
        "2025-012", "Måltidstransporter", "Skånska Transport AB", "SF",
        "sysselsattningskrav", date(2025, 4, 1), date(2027, 3, 1), 12, "",
        [Plats("praktik", 1, 3, 1.0), Plats("anstallning", 7, 12, 1.0)],
    ),
    (
        "2025-040", "Insamling av grovavfall", "Återvinning Syd AB", "LRV",
        "dialog", date(2025, 6, 1), date(2028, 5, 1), None, "",
        [Plats("praktik", 2, 2, 1.0), Plats("anstallning", 4, 12, 1.0)],
    ),
    (
        "2026-017", "Fastighetsservice och vaktmästeri", "Fastighetsservice Syd AB", "SBK",
        "sysselsattningskrav", date(2026, 1, 1), date(2027, 12, 1), 24, "uvas",
        [
            Plats("anstallning", 2, 18, 1.0), Plats("praktik", 3, 2, 0.5),
            Plats("larling", 4, 24, 0.8),
        ],
    ),
    (
        "2026-041", "Kontorsstädning, stadshuset", "Rena Kontor Lund AB", "KK",
        "sysselsattningskrav", date(2026, 6, 1), date(2028, 5, 1), 12, "",
        [Plats("praktik", 1, 2, 1.0), Plats("anstallning", 8, 12, 1.0)],
    ),
    (
        "2026-022", "Tvätteritjänster", "Tvätt & Textil i Lund AB", "SF",
        "bonus", date(2026, 2, 1), date(2027, 1, 1), None, "",
        [Plats("anstallning", 5, 8, 1.0)],
    ),
]  # fmt: skip


def generate_procurement_files(out_dir: Path, *, today: date) -> list[Path]:
    """Write `avtal.csv` (contracts started by the last complete month) and
    `sysselsattning.csv` (their months up to it) into `out_dir`; returns the paths in ingest
    order, or [] when no contract has started yet."""
    last = last_complete_month(today)
    started = [c for c in CONTRACTS_PLANNED if c[5] <= last]
    if not started:
        return []
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    register = [
        [avtal, what, who, unit, term, f"{start:%Y-%m}", f"{end:%Y-%m}", krav or "", group]
        for avtal, what, who, unit, term, start, end, krav, group, _ in started
    ]
    followup = []
    for avtal, *_, start, end, _krav, _group, plan in started:
        followup += _followup_rows(avtal, start, min(end, last), plan)
    return [
        _write("avtal.csv", out_dir, CONTRACTS["avtal"], register),
        _write("sysselsattning.csv", out_dir, CONTRACTS["sysselsattning"], followup),
    ]


def _followup_rows(avtal: str, start: date, last: date, plan: list[Plats]) -> list[list]:
    """Per month and kind of place: started, running, full-time months, ended early (of which
    after at least 75 %); a kind is written from its first place on, with 0 in empty months."""
    rows = []
    month, index = start, 0
    while month <= last:
        for platstyp in ("anstallning", "larling", "praktik"):
            places = [p for p in plan if p.platstyp == platstyp]
            if not places or index < min(p.offset for p in places):
                continue
            running = [p for p in places if p.offset <= index < p.offset + p.months]
            ended = [p for p in running if p.early and index == p.offset + p.months - 1]
            heltid = sum(p.share for p in running)
            rows.append(
                [
                    f"{month:%Y-%m}",
                    avtal,
                    platstyp,
                    sum(1 for p in running if p.offset == index),
                    len(running),
                    f"{heltid:.2f}".replace(".", ","),
                    len(ended),
                    sum(1 for p in ended if p.early == "75"),
                ]
            )
        month, index = add_months(month, 1), index + 1
    return rows


def _write(name: str, out_dir: Path, contract, rows: list[list]) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow([f.label for f in contract.fields])
    writer.writerows(rows)
    path = out_dir / name
    path.write_bytes(text.getvalue().encode("utf-8-sig"))
    return path
