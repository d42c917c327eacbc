"""What became of those hired, for the page *Uppföljning* and the line on Översikt: the cohort
chart's numbers as a table (share with the count behind it), försörjningsstöd before and at the
follow-up, and the one sentence beside the 200. Swedish text only; the figures come from
`pipelines.domain.outcomes`, the chart from `pipelines.present.charts.outcomes`."""

from __future__ import annotations

import pandas as pd

from pipelines.domain.outcomes import PointOutcome, YearOutcomes
from pipelines.formatting import MISSING, fmt_int, fmt_percent
from pipelines.present.charts.outcomes import not_shown, point_label, share_with_count

#: The point the line on Översikt speaks of.
OVERVIEW_POINT = 12


def _share_cell(point: PointOutcome, share: float | None, part: int | None, whole: int) -> str:
    if word := not_shown(point):
        return word
    return share_with_count(share, part, whole) if share is not None else "uppgift saknas"


def chart_table(points: list[PointOutcome]) -> pd.DataFrame:
    """The cohort chart's numbers: per point, the share still employed and the share in work or
    studies with the counts behind them, and how many hires reached and were reported."""
    rows = [
        {
            "Uppföljning": point_label(p.manader),
            "Uppnådda": fmt_int(p.uppnadda) if p.uppnadda else "ej uppnådd",
            "Rapporterade": fmt_int(p.rapporterade),
            "Kvar i anställning": _share_cell(
                p, p.andel_kvar, p.kvar_i_anstallning, p.rapporterade
            ),
            "I arbete eller studier": _share_cell(
                p,
                p.andel_i_arbete_eller_studier,
                p.i_arbete_eller_studier,
                p.rapporterade_med_arbete,
            ),
        }
        for p in points
    ]
    return pd.DataFrame(rows, dtype="str")


def forvaltning_summary(result: YearOutcomes, names: dict[str, str]) -> pd.DataFrame:
    """One row per förvaltning with hires that year: its hires, and at each point the share
    still employed and the share in work or studies with the counts behind them."""
    rows = []
    for kod, points in result.per_forvaltning.items():
        row = {"Förvaltning": names.get(kod, kod), "Anställda": fmt_int(points[0].anstallda)}
        for p in points:
            row[f"Kvar efter {point_label(p.manader)}"] = _share_cell(
                p, p.andel_kvar, p.kvar_i_anstallning, p.rapporterade
            )
        for p in points:
            row[f"I arbete eller studier efter {point_label(p.manader)}"] = _share_cell(
                p, p.andel_i_arbete_eller_studier, p.i_arbete_eller_studier,
                p.rapporterade_med_arbete,
            )  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows, dtype="str")


def fs_table(points: list[PointOutcome]) -> pd.DataFrame:
    """Försörjningsstöd before the start → at the follow-up, per point (counts)."""
    rows = []
    for p in points:
        word = not_shown(p)
        before, after = p.med_fs_fore, p.med_fs_vid_uppfoljning
        change = (
            f"{fmt_int(before)} → {fmt_int(after)}"
            if before is not None and after is not None
            else (word or "uppgift saknas")
        )
        rows.append(
            {
                "Uppföljning": point_label(p.manader),
                "Med försörjningsstöd före": word or fmt_int(before),
                "Med försörjningsstöd vid uppföljning": word or fmt_int(after),
                "Före → vid uppföljning": change,
            }
        )
    return pd.DataFrame(rows, dtype="str").replace({"": MISSING})


def overview_line(result: YearOutcomes) -> str | None:
    """`Av dem som anställdes 2025 var 82 % kvar i anställning efter 12 månader (90 av 110
    rapporterade).`; None when the 12-month point has nothing reported."""
    point = next((p for p in result.uppfoljningar if p.manader == OVERVIEW_POINT), None)
    if point is None or not point.rapporterade or point.andel_kvar is None:
        return None
    return (
        f"Av dem som anställdes {result.ar} var {fmt_percent(point.andel_kvar)} kvar i "
        f"anställning efter {point_label(OVERVIEW_POINT)} ({fmt_int(point.kvar_i_anstallning)} "
        f"av {fmt_int(point.rapporterade)} rapporterade)."
    )
