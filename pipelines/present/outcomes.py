"""What became of those hired, in Swedish: the outcome figures of a year's hires at 6, 12 and
24 months as text lines (the command line) and tables (the page and the exports)."""

from __future__ import annotations

import pandas as pd

from pipelines.domain.outcomes import DEFINITIONS, MissingFollowUp, PointOutcome, YearOutcomes
from pipelines.formatting import MISSING, fmt_int, fmt_month, fmt_percent

#: The table's columns, in reading order.
POINT_COLUMNS = [
    "Uppföljning",
    "Anställda",
    "Uppnådda",
    "Rapporterade",
    "Kvar i anställning",
    "Andel kvar",
    "I arbete eller studier",
    "Andel i arbete eller studier",
    "Med försörjningsstöd före",
    "Med försörjningsstöd vid uppföljning",
]


def point_label(months: int) -> str:
    return f"{months} månader"


def point_row(point: PointOutcome) -> dict[str, str]:
    """One follow-up point as Swedish text; a point with nothing reached or reported says so."""
    reported = point.rapporterade > 0
    return {
        "Uppföljning": point_label(point.manader),
        "Anställda": fmt_int(point.anstallda),
        "Uppnådda": fmt_int(point.uppnadda) if point.uppnadda else "ej uppnådd",
        "Rapporterade": fmt_int(point.rapporterade),
        "Kvar i anställning": fmt_int(point.kvar_i_anstallning) if reported else MISSING,
        "Andel kvar": fmt_percent(point.andel_kvar),
        "I arbete eller studier": fmt_int(point.i_arbete_eller_studier),
        "Andel i arbete eller studier": fmt_percent(point.andel_i_arbete_eller_studier),
        "Med försörjningsstöd före": fmt_int(point.med_fs_fore),
        "Med försörjningsstöd vid uppföljning": fmt_int(point.med_fs_vid_uppfoljning),
    }


def points_table(points: list[PointOutcome]) -> pd.DataFrame:
    """The points 6, 12 and 24 as a table of text (`POINT_COLUMNS`)."""
    return pd.DataFrame([point_row(p) for p in points], columns=POINT_COLUMNS, dtype="str")


def forvaltning_table(result: YearOutcomes, names: dict[str, str]) -> pd.DataFrame:
    """Every förvaltning with hires that year, one row per follow-up point."""
    rows = []
    for kod, points in result.per_forvaltning.items():
        for point in points:
            rows.append({"Förvaltning": names.get(kod, kod), **point_row(point)})
    return pd.DataFrame(rows, columns=["Förvaltning", *POINT_COLUMNS], dtype="str")


def missing_table(missing: list[MissingFollowUp], names: dict[str, str]) -> pd.DataFrame:
    """The cohorts whose follow-up is due and not delivered."""
    return pd.DataFrame(
        [
            {
                "Förvaltning": names.get(m.kod, m.kod),
                "Anställningsmånad": fmt_month(m.anstallningsmanad),
                "Uppföljning": point_label(m.manader),
            }
            for m in missing
        ],
        columns=["Förvaltning", "Anställningsmånad", "Uppföljning"],
        dtype="str",
    )


def point_sentence(point: PointOutcome) -> str:
    """`Efter 12 månader: 90 av 110 rapporterade (82 %) kvar i anställning; …`."""
    if point.uppnadda == 0:
        return f"Efter {point_label(point.manader)}: ingen anställning har nått uppföljningen än."
    if point.rapporterade == 0:
        return (
            f"Efter {point_label(point.manader)}: {fmt_int(point.uppnadda)} anställda har nått "
            "uppföljningen, men ingen uppföljning är rapporterad."
        )
    text = (
        f"Efter {point_label(point.manader)}: {fmt_int(point.kvar_i_anstallning)} av "
        f"{fmt_int(point.rapporterade)} rapporterade ({fmt_percent(point.andel_kvar)}) kvar i "
        "anställning"
    )
    if point.andel_i_arbete_eller_studier is not None:
        text += f", {fmt_percent(point.andel_i_arbete_eller_studier)} i arbete eller studier"
    if point.med_fs_fore is not None and point.med_fs_vid_uppfoljning is not None:
        text += (
            f"; med försörjningsstöd {fmt_int(point.med_fs_fore)} före och "
            f"{fmt_int(point.med_fs_vid_uppfoljning)} vid uppföljningen"
        )
    return text + "."


def cli_lines(result: YearOutcomes) -> list[str]:
    """`python -m pipelines utfall` without `--json`."""
    lines = [f"Vad hände med dem som anställdes {result.ar}?"]
    lines += [f"  {point_sentence(p)}" for p in result.uppfoljningar]
    if result.saknas:
        lines.append(f"Saknade leveranser av uppföljning ({fmt_int(len(result.saknas))}):")
        lines += [
            f"  {m.kod} {m.anstallningsmanad:%Y-%m}, {point_label(m.manader)}"
            for m in result.saknas
        ]
    lines.append("Definitioner:")
    lines += [f"  {text}" for text in DEFINITIONS.values()]
    return lines
