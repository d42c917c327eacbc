"""The release ledger in Swedish for Datakvalitet: one row per public release (what, which year
and month, from which state of the data, when, by whom, how many figures and how many hidden).

Numbers come from `pipelines.queries.release`; words for the kinds from
`pipelines.domain.disclosure_history.KINDS`.
"""

from __future__ import annotations

import pandas as pd

from pipelines.domain.disclosure_history import KINDS
from pipelines.formatting import MONTHS, fmt_int

HEADERS = [
    "Nr",
    "Utlämning",
    "År",
    "Till och med",
    "Dataversion",
    "Tid",
    "Vem",
    "Fil",
    "Tal",
    "Dolda",
]


def _month(month) -> str:
    m = int(month)
    return MONTHS[m - 1] if 1 <= m <= 12 else "–"


def release_table(releases: pd.DataFrame, *, who: bool = True) -> pd.DataFrame:
    """The releases as the page shows them (texts only); `who` False leaves out who released."""
    headers = HEADERS if who else [h for h in HEADERS if h != "Vem"]
    if releases.empty:
        return pd.DataFrame(columns=headers)
    table = pd.DataFrame(
        {
            "Nr": [str(int(r)) for r in releases["release_id"]],
            "Utlämning": [KINDS.get(k, k) for k in releases["kind"]],
            "År": [str(int(y)) for y in releases["ar"]],
            "Till och med": [_month(m) for m in releases["manad"]],
            "Dataversion": releases["data_version"].astype(str),
            "Tid": [f"{t:%Y-%m-%d %H:%M}" for t in releases["released_at"]],
            "Vem": releases["actor"].astype(str),
            "Fil": releases["subject"].astype(str),
            "Tal": [fmt_int(n) for n in releases["n_quantities"]],
            "Dolda": [fmt_int(n) for n in releases["n_hidden"]],
        }
    )
    return table[headers]
