"""Demo data for the outcome follow-up (kind `uppfoljning`): what became of the demo's own hires
6, 12 and 24 months after the start, as the HR system and the social services' case system would
deliver it together (`uppfoljning.csv`), ingested after the hires.

The cohorts are the demo's hires of all forms per month and förvaltning, so the cohort check
finds them equal to the stored hires, except ONE deliberate mismatch: a cohort reported with one
person more than stored (a cohort warning at ingest). Each person of a cohort is drawn once
(seeded per cohort): whether they leave before 6, 12 or 24 months or stay (about 82 %, 70 % and
60 % still employed), whether those who left are in other work or studies, and whether they had
försörjningsstöd before (the hire's own "från försörjningsstöd") and at each follow-up; so the
points of one cohort agree with each other. A point is written only once its follow-up month has
ended. The demo shows every case: some cohorts deliberately not delivered (the 6-month point of
Utbildningsförvaltningen's cohorts started 9–11 months before the last complete month, the
12-month point of Kultur och fritid's started 14–16 months before it, and the 24-month point of
the first cohort), and Kommunkontoret delivering only the required columns.
All figures are counts per cohort: no person appears anywhere.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from pathlib import Path

from schemas.calendar import add_months, last_complete_month
from schemas.kinds import CONTRACTS
from schemas.uppfoljning import POINTS

FILE_NAME = "uppfoljning.csv"
#: Delivers only the required columns (no i arbete eller studier, no försörjningsstöd).
WITHOUT_OPTIONAL = "KK"
#: Late deliveries: (förvaltning, point, cohorts started this many months before the last month).
LATE = (("UBF", 6, (9, 10, 11)), ("KFF", 12, (14, 15, 16)))
#: Conditional chances of staying: through 6 months, then through 12, then through 24.
_STAY = (0.82, 0.86, 0.87)
#: Of those who left the municipality: in other work or studies at the follow-up.
_ELSEWHERE = 0.5
_HEADER = tuple(f.label for f in CONTRACTS["uppfoljning"].fields)


def generate_followup_file(
    out_dir: Path,
    cohorts: dict[tuple[date, str], list[str]],
    *,
    today: date,
    seed: int = 2021,
) -> list[Path]:
    """Write `uppfoljning.csv` into `out_dir` for the `cohorts` ((month, förvaltning) → each
    hire's "från försörjningsstöd", `pipelines.demo.demo_cohorts`) whose 6-month point has ended
    before `today`'s month; returns [path], or [] when no point has been reached yet. Same
    arguments, same bytes."""
    last = last_complete_month(today)
    current = add_months(last, 1)
    cohorts_sorted = [(m, k, fran) for (m, k), fran in sorted(cohorts.items())]
    reached = [c for c in cohorts_sorted if add_months(c[0], POINTS[0]) < current]
    if not reached:
        return []
    mismatch = _mismatch_cohort(reached, last)
    late = {(kod, point, add_months(last, -n)) for kod, point, ago in LATE for n in ago}
    skipped_24 = next(((m, k) for m, k, _ in reached if add_months(m, 24) < current), None)
    table = []
    for start, kod, fran in reached:
        rows = _cohort_rows(start, kod, fran, seed, current)
        for point, row in rows.items():
            if (kod, point, start) in late or (point == 24 and (start, kod) == skipped_24):
                continue
            if (start, kod) == mismatch:
                row[3] += 1  # HR counts one person more than the förvaltning reported as hired
            if kod == WITHOUT_OPTIONAL:
                row[5:] = ["", "", ""]
            table.append(row)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\n")
    writer.writerow(_HEADER)
    writer.writerows(table)
    path = out_dir / FILE_NAME
    path.write_bytes(text.getvalue().encode("utf-8"))
    return [path]


def _mismatch_cohort(
    reached: list[tuple[date, str, list[str]]], last: date
) -> tuple[date, str] | None:
    """The one cohort reported with a person too many: one 8 months before the last month (only
    its 6-month point is reached, so the warning is one row), Vård och omsorg if it hired then."""
    month = add_months(last, -8)
    candidates = sorted((k != "VOF", k) for m, k, _ in reached if m == month)
    return (month, candidates[0][1]) if candidates else None


def _cohort_rows(
    start: date, kod: str, fran: list[str], seed: int, current: date
) -> dict[int, list]:
    """The rows of one cohort for each point whose follow-up month has ended: anställningsmånad,
    förvaltning, uppföljning, anställda, kvar, i arbete eller studier, försörjningsstöd före and
    vid uppföljning."""
    rng = random.Random(f"{seed}:uppfoljning:{start:%Y-%m}:{kod}")
    people = []
    for had_fs in fran:
        stays = 0  # how many points the person is still employed at
        while stays < len(POINTS) and rng.random() < _STAY[stays]:
            stays += 1
        elsewhere = [rng.random() < _ELSEWHERE for _ in POINTS]
        fs_later = [rng.random() for _ in POINTS]
        people.append((had_fs == "ja", stays, elsewhere, fs_later))
    rows = {}
    for index, point in enumerate(POINTS):
        if add_months(start, point) >= current:
            break
        kvar = sum(1 for _, stays, _, _ in people if stays > index)
        working = sum(1 for _, stays, other, _ in people if stays > index or other[index])
        fore = sum(1 for had, *_ in people if had)
        # At the follow-up: hardly anyone in work has it; of the others, those who had it often do.
        vid = sum(
            1
            for had, stays, other, draw in people
            if draw[index] < (0.03 if stays > index or other[index] else 0.6 if had else 0.1)
        )
        rows[point] = [f"{start:%Y-%m}", kod, point, len(people), kvar, working, fore, vid]
    return rows
