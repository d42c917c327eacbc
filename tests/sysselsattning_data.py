"""The contracts and follow-up the sysselsättningskrav tests read, with every figure derived.

Today is 2026-09-15 (conftest), so the follow-up runs through August 2026 (`per`).

| avtal | villkor | start–slut | krav | employments' full-time months | first start | status |
|---|---|---|---|---|---|---|
| 2025-044 | sysselsattningskrav | 2025-10–2026-06 | 6 | 1+1+1+0,5+1+1 = 5,5 (0,9167) | 2025-12 ≤ 2026-03 → i_tid | ≥ 75 % and one early end after ≥ 75 %, → uppfyllt_75 |
| 2026-003 | dialog | 2026-02–2028-01 | – | 0,5 | – → ej_aktuellt | ej_aktuellt |
| 2026-009 | sysselsattningskrav | 2026-01–2026-12 | 10 | 0 (praktik only) | none, June followed up → forsenad | pagar |
| 2026-017 | sysselsattningskrav | 2026-01–2027-12 | 24 | 1,5+2+0,5+2+2+1+2+1+1,5 = 13,5 (0,5625) | 2026-03 → i_tid | pagar |
| 2026-021 | sysselsattningskrav | 2026-05–2027-04 | 12 | 0 | none, deadline 2026-10 > 2026-08 → ej_paborjad | pagar |
| 2026-030 | bonus | 2026-03–2026-12 | – | 0 | ej_aktuellt | ej_aktuellt |

Places started in 2026: anställningar 2 (017, mars) + 1 (044, april) + 1 (003, april) = 4;
lärlingar 1 (017, maj); praktik 3 (017, juli) + 2 (009, februari) + 1 (021, juni) = 6.
(044's start in December 2025 is not a 2026 start.)
"""

from __future__ import annotations

AVTAL_HEADER = (
    "Avtal;Benämning;Leverantör;Förvaltning;Villkor;Startmånad;Slutmånad;Krav heltidsmånader;"
    "Målgrupp"
)
AVTAL_ROWS = [
    "2025-044;Måltidstransporter;Skånska Transport AB;VOF;sysselsattningskrav;2025-10;2026-06;6;",
    "2026-003;Parkskötsel;Gröna Parker AB;BSF;dialog;2026-02;2028-01;;",
    "2026-009;Tvätteritjänster;Tvätt & Textil i Lund AB;KK;sysselsattningskrav;2026-01;2026-12;10;",
    "2026-017;Städtjänster, skolor;Lunds Städservice AB;KK;sysselsattningskrav;2026-01;2027-12;24;uvas",
    "2026-021;Fastighetsservice;Fastighetsservice Syd AB;VOF;sysselsattningskrav;2026-05;2027-04;12;",
    "2026-030;Vaktmästeri;Bonusbolaget AB;MF;bonus;2026-03;2026-12;;",
]

FOLLOWUP_HEADER = (
    "Månad;Avtal;Platstyp;Påbörjade;Pågående;Heltidsmånader;Avslutade i förtid;Varav minst 75 %"
)
FOLLOWUP_ROWS = [
    # 2025-044
    "2025-12;2025-044;anstallning;1;1;1,0;;",
    "2026-01;2025-044;anstallning;0;1;1,0;;",
    "2026-02;2025-044;anstallning;0;1;1,0;;",
    "2026-03;2025-044;anstallning;0;1;0,5;1;1",
    "2026-04;2025-044;anstallning;1;1;1,0;;",
    "2026-05;2025-044;anstallning;0;1;1,0;;",
    # 2026-003 (dialog)
    "2026-04;2026-003;anstallning;1;1;0,5;;",
    # 2026-009: internships only
    "2026-02;2026-009;praktik;2;2;1,5;;",
    "2026-06;2026-009;anstallning;0;0;0;;",
    # 2026-017
    "2026-03;2026-017;anstallning;2;2;1,5;;",
    "2026-04;2026-017;anstallning;0;2;2,0;;",
    "2026-05;2026-017;anstallning;0;2;2,0;;",
    "2026-05;2026-017;larling;1;1;0,5;;",
    "2026-06;2026-017;anstallning;0;2;2,0;;",
    "2026-06;2026-017;larling;0;1;1,0;;",
    "2026-07;2026-017;anstallning;0;2;2,0;;",
    "2026-07;2026-017;larling;0;1;1,0;;",
    "2026-07;2026-017;praktik;3;3;2,5;;",
    "2026-08;2026-017;anstallning;0;2;1,5;;",
    # 2026-021
    "2026-06;2026-021;praktik;1;1;0,8;;",
]

EXPECTED_JSON = {
    "year": 2026,
    "avtal": [
        {
            "avtal": "2025-044",
            "leverantor": "Skånska Transport AB",
            "forvaltning": "VOF",
            "villkor": "sysselsattningskrav",
            "krav_heltidsmanader": 6,
            "utfort_heltidsmanader": 5.5,
            "andel": 0.9167,
            "forsta_anstallning": "i_tid",
            "status": "uppfyllt_75",
        },
        {
            "avtal": "2026-003",
            "leverantor": "Gröna Parker AB",
            "forvaltning": "BSF",
            "villkor": "dialog",
            "krav_heltidsmanader": None,
            "utfort_heltidsmanader": 0.5,
            "andel": None,
            "forsta_anstallning": "ej_aktuellt",
            "status": "ej_aktuellt",
        },
        {
            "avtal": "2026-009",
            "leverantor": "Tvätt & Textil i Lund AB",
            "forvaltning": "KK",
            "villkor": "sysselsattningskrav",
            "krav_heltidsmanader": 10,
            "utfort_heltidsmanader": 0.0,
            "andel": 0.0,
            "forsta_anstallning": "forsenad",
            "status": "pagar",
        },
        {
            "avtal": "2026-017",
            "leverantor": "Lunds Städservice AB",
            "forvaltning": "KK",
            "villkor": "sysselsattningskrav",
            "krav_heltidsmanader": 24,
            "utfort_heltidsmanader": 13.5,
            "andel": 0.5625,
            "forsta_anstallning": "i_tid",
            "status": "pagar",
        },
        {
            "avtal": "2026-021",
            "leverantor": "Fastighetsservice Syd AB",
            "forvaltning": "VOF",
            "villkor": "sysselsattningskrav",
            "krav_heltidsmanader": 12,
            "utfort_heltidsmanader": 0.0,
            "andel": 0.0,
            "forsta_anstallning": "ej_paborjad",
            "status": "pagar",
        },
        {
            "avtal": "2026-030",
            "leverantor": "Bonusbolaget AB",
            "forvaltning": "MF",
            "villkor": "bonus",
            "krav_heltidsmanader": None,
            "utfort_heltidsmanader": 0.0,
            "andel": None,
            "forsta_anstallning": "ej_aktuellt",
            "status": "ej_aktuellt",
        },
    ],
    "totalt": {"paborjade_anstallning": 4, "paborjade_larling": 1, "paborjade_praktik": 6},
}
