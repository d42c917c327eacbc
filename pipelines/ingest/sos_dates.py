"""Socialstyrelsen's values dated after the export's own extraction date (issue 26).

An export ends with the row `Socialstyrelsens statistikdatabas ÅÅÅÅ-MM-DD`, the day it was taken
out. A value for a month that begins after that day cannot come from Socialstyrelsen: the file
has been edited since (or the months shifted). Each such cell is an error (the first
`MAX_CELLS`, then one that counts the rest), so the file is refused and nothing is stored.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipelines.formatting import fmt_int
from schemas import sos_manad as sos
from schemas.findings import Finding, error

MAX_CELLS = 10


def after_extraction(frame: pd.DataFrame, extraction: date | None, file_name: str) -> list[Finding]:
    """An error for every value of a month that begins after `extraction` (None: no check)."""
    if extraction is None or frame.empty:
        return []
    late = frame[
        (frame["status"] == sos.STATUS_VALUE)
        & frame["manad"].map(lambda m: isinstance(m, date) and m > extraction)
    ]
    findings = [
        error(
            f"Månaden {row.manad:%Y-%m} har ett värde, men exporten togs ut "
            f"{extraction:%Y-%m-%d}: ett värde för en senare månad kan inte komma från "
            "Socialstyrelsen.",
            file=file_name,
            row=int(row.rad),
            column=str(row.kolumn),
            hint="Ta ut tabellen på nytt ur statistikdatabasen och läs in den utan att ändra i den.",
        )
        for row in late.head(MAX_CELLS).itertuples()
    ]
    if len(late) > MAX_CELLS:
        findings.append(
            error(
                f"Ytterligare {fmt_int(len(late) - MAX_CELLS)} värden gäller månader efter "
                "uttagsdatumet.",
                file=file_name,
            )
        )
    return findings
