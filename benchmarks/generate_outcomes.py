"""Follow-up files (kind `uppfoljning`, issue 27) for the *large* benchmark warehouse: for every
cohort of its hires (month × unit with hires, all forms) and every follow-up point already
reached (6, 12, 24 months), one row, drawn from a seeded generator of its own (the other files'
bytes do not change). About 2 % of the rows are left out, as deliveries not yet made. One file
per cohort year, ingested after the hires (its cohorts are checked against them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from schemas.kinds import CONTRACTS
from schemas.uppfoljning import POINTS

HEADER = [f.label for f in CONTRACTS["uppfoljning"].fields]
HIRES_HEADER = [f.label for f in CONTRACTS["anstallningar"].fields]
SEED = 27


def _month_index(text: pd.Series) -> np.ndarray:
    return text.str[:4].astype(int).to_numpy() * 12 + text.str[5:7].astype(int).to_numpy() - 1


def outcome_rows(hires: pd.DataFrame, today: date, seed: int = SEED) -> pd.DataFrame:
    """The follow-up rows of the hires grid `hires` (the contract's hires headers)."""
    month, unit, count = HIRES_HEADER[0], HIRES_HEADER[1], HIRES_HEADER[3]
    cohorts = hires.groupby([month, unit], sort=True)[count].sum().reset_index()
    cohorts = cohorts[cohorts[count] > 0]
    current = today.year * 12 + today.month - 1
    start = _month_index(cohorts[month])
    parts = []
    for point in POINTS:
        reached = cohorts[start + point < current]
        parts.append(reached.assign(uppfoljning=point))
    rows = pd.concat(parts, ignore_index=True)
    rng = np.random.default_rng(seed)
    rows = rows[rng.random(len(rows)) > 0.02].reset_index(drop=True)
    cohort = rows[count].to_numpy()
    stay = np.where(rows["uppfoljning"] == 6, 0.8, np.where(rows["uppfoljning"] == 12, 0.7, 0.6))
    kvar = rng.binomial(cohort, stay)
    work = kvar + rng.binomial(cohort - kvar, 0.5)
    before = rng.binomial(cohort, 0.35)
    after = rng.binomial(before, 0.3)
    return pd.DataFrame(
        {
            HEADER[0]: rows[month],
            HEADER[1]: rows[unit],
            HEADER[2]: rows["uppfoljning"],
            HEADER[3]: cohort,
            HEADER[4]: kvar,
            HEADER[5]: work,
            HEADER[6]: before,
            HEADER[7]: after,
        }
    )


def write_outcome_files(hires: pd.DataFrame, folder: Path, today: date) -> list[Path]:
    """`uppfoljning_<year>.csv` per cohort year under `folder`."""
    rows = outcome_rows(hires, today)
    paths = []
    for year, frame in rows.groupby(rows[HEADER[0]].str[:4], sort=True):
        path = Path(folder) / f"uppfoljning_{year}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_csv(path, sep=";", index=False, encoding="utf-8")
        paths.append(path)
    return paths
