"""The municipality's own follow-up of those hired beside Kolada's nearest key figures (issue
27), with each figure's definition and a sentence that they measure other things: the own
figures follow the people the municipality hired; Kolada's cover all residents, a year at a
time. The page places the table (`kolada_comparison_table`) and the note under it."""

from __future__ import annotations

import pandas as pd

from pipelines.domain.outcomes import DEFINITIONS, PointOutcome, YearOutcomes
from pipelines.formatting import MISSING, fmt_int, fmt_percent
from schemas.kolada_outcomes import OUTCOME_KPIS

COLUMNS = ["Mått", "Källa", "År", "Egen kommun", "Riket", "Definition"]
NOTE = (
    "Koladas nyckeltal mäter andra saker än kommunens egen uppföljning: de gäller alla invånare "
    "(eller alla som lämnat försörjningsstödet), ett år i taget, medan den egna uppföljningen "
    "gäller just de personer som kommunen anställt. Siffrorna kan inte jämföras rakt av; de "
    "visar läget runt omkring."
)
SOURCE_OWN = "Egen uppföljning"
SOURCE_KOLADA = "Kolada (RKA)"


def comparison_point(result: YearOutcomes) -> PointOutcome | None:
    """The own point shown: 12 months (nearest Kolada's yearly figures) when reported, else the
    latest reported point; None when nothing is reported."""
    reported = [p for p in result.uppfoljningar if p.rapporterade > 0]
    if not reported:
        return None
    twelve = [p for p in reported if p.manader == 12]
    return twelve[0] if twelve else reported[-1]


def _own_rows(result: YearOutcomes | None, own: str) -> list[dict]:
    point = comparison_point(result) if result is not None else None
    if point is None:
        return []
    after = f"efter {point.manader} månader"
    cohort = f"anställda {result.ar}"
    rows = [
        (f"Kvar i anställning {after}", fmt_percent(point.andel_kvar), DEFINITIONS["andel_kvar"]),
        (
            f"I arbete eller studier {after}",
            fmt_percent(point.andel_i_arbete_eller_studier),
            DEFINITIONS["andel_i_arbete_eller_studier"],
        ),
    ]
    if point.med_fs_fore is not None and point.med_fs_vid_uppfoljning is not None:
        rows.append(
            (
                f"Med försörjningsstöd före → {after}",
                f"{fmt_int(point.med_fs_fore)} → {fmt_int(point.med_fs_vid_uppfoljning)}",
                DEFINITIONS["med_fs"],
            )
        )
    return [
        {
            "Mått": name,
            "Källa": SOURCE_OWN,
            "År": cohort,
            own: value,
            "Riket": MISSING,
            "Definition": definition,
        }
        for name, value, definition in rows
    ]


def _kolada_percent(value) -> str:
    """Kolada's percentages (4.1 = 4,1 %) with one decimal."""
    return MISSING if pd.isna(value) else fmt_percent(float(value) / 100, 1)


def kolada_comparison_table(
    result: YearOutcomes | None, kolada: pd.DataFrame, own: str = "Egen kommun"
) -> pd.DataFrame:
    """The own follow-up's shares (the point of `comparison_point`) and then each of Kolada's
    outcome figures stored (`queries.outcomes_comparison.kolada_outcome_figures`), as Swedish
    text: Mått, Källa, År, `own` (the municipality's name), Riket, Definition. Kolada's figures
    are percentages with one decimal; a missing value is `–`."""
    rows = _own_rows(result, own)
    for r in kolada.itertuples(index=False):
        measure = OUTCOME_KPIS[r.kpi]
        rows.append(
            {
                "Mått": measure.title,
                "Källa": f"{SOURCE_KOLADA}, {r.kpi}",
                "År": str(int(r.ar)),
                own: _kolada_percent(r.egen),
                "Riket": _kolada_percent(r.riket),
                "Definition": f"{measure.definition} Mäter något annat: {measure.differs}",
            }
        )
    columns = [own if c == "Egen kommun" else c for c in COLUMNS]
    return pd.DataFrame(rows, columns=columns, dtype="str")
