"""The valid values of a delivered file, with their Swedish names: förvaltningar (those valid
now), anställningsformer (and whether they count toward the goal) and målgrupper, from the
reference in force. The import page lists them; the Excel templates offer them as drop-down
lists (`pipelines.outputs.templates`)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipelines import config
from schemas.calendar import valid_in_month
from schemas.reference_lists import Reference


def _valid_now(reference: Reference, today: date) -> pd.DataFrame:
    rows = reference.forvaltningar
    month = date(today.year, today.month, 1)
    keep = [
        valid_in_month(None if pd.isna(start) else start, None if pd.isna(end) else end, month)
        for start, end in zip(rows["giltig_fran"], rows["giltig_till"], strict=True)
    ]
    return rows[keep]


def valid_values(reference: Reference | None = None, today: date | None = None) -> dict:
    """`{title: table}` with the columns Kod and Namn (and Räknas mot målet for the
    anställningsformer), in the reference's order, for the import page."""
    reference = reference or config.reference()
    today = today or config.today()
    forvaltningar = _valid_now(reference, today)
    forms = reference.anstallningsformer
    return {
        "Förvaltningar": pd.DataFrame(
            {"Kod": forvaltningar["kod"].tolist(), "Namn": forvaltningar["namn"].tolist()}
        ),
        "Anställningsformer": pd.DataFrame(
            {
                "Kod": forms["kod"].tolist(),
                "Namn": forms["namn"].tolist(),
                "Räknas mot målet": forms["raknas_mot_malet"].map(
                    lambda v: "ja" if v in (True, "ja") else "nej"
                ),
            }
        ),
        "Målgrupper": pd.DataFrame(
            {
                "Kod": reference.malgrupper["kod"].tolist(),
                "Namn": reference.malgrupper["namn"].tolist(),
            }
        ),
    }
