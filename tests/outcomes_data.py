"""A follow-up file (kind `uppfoljning`) for the 2025 cohorts of the fixture warehouse, with its
figures derived by hand (today 2026-09-15: a point is reached when anställningsmånad + point is
before september 2026; the fixture's hires, all forms, per month not July: KK 1, BSF 1, VOF 2
(March 5: 3 sysselsättningskrav more), ASF 1, MF 0; 58 in the year).

6 months (every 2025 month reached: uppnådda 58), delivered for KK and VOF, every month:
- KK, cohort 1 a month (11): kvar 1 except january 0 → 10; i arbete 1 except january → 10;
  före 1 january–june → 6; vid 0.
- VOF, cohort 2 a month, march 5 (25): kvar 1 a month, march 3 → 13; i arbete = cohort → 25;
  före 1 a month → 11; vid 1 in january, february, march → 3.
- Total: rapporterade 36, kvar 23 (andel 23/36 = 0,639), i arbete 35 (35/36 = 0,972), före 17,
  vid 3. Not kvar: KK 1, VOF 12.
12 months (reached january–august 2025 but july: 7 × 5 + 3 = 38), delivered for VOF
january–june (2+2+5+2+2+2 = 15): kvar 1 a month, march 3 → 8 (0,533); i arbete = cohort except
june without the column → 13 over 13 (1,0); före 1 a month → 6; vid 0.
24 months: nothing reached (uppnådda 0).
"""

from __future__ import annotations

HEADER = (
    "Anställningsmånad;Förvaltning;Uppföljning;Anställda;Kvar i anställning;"
    "I arbete eller studier;Med försörjningsstöd före;Med försörjningsstöd vid uppföljning"
)
MONTHS = [m for m in range(1, 13) if m != 7]


def _vof_cohort(m: int) -> int:
    return 5 if m == 3 else 2


def rows() -> list[str]:
    lines = []
    for m in MONTHS:
        month = f"2025-{m:02d}"
        kk_kvar = 0 if m == 1 else 1
        lines.append(f"{month};KK;6;1;{kk_kvar};{kk_kvar};{1 if m <= 6 else 0};0")
        cohort = _vof_cohort(m)
        kvar = 3 if m == 3 else 1
        lines.append(f"{month};VOF;6;{cohort};{kvar};{cohort};1;{1 if m <= 3 else 0}")
    for m in range(1, 7):
        cohort = _vof_cohort(m)
        kvar = 3 if m == 3 else 1
        work = "" if m == 6 else str(cohort)
        lines.append(f"2025-{m:02d};VOF;12;{cohort};{kvar};{work};1;0")
    return lines


def lines() -> list[str]:
    return [HEADER, *rows()]
