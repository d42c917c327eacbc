"""What became of those hired: the outcome figures of a year's hires at 6, 12 and 24 months
(kind `uppfoljning`, `../shared/DATA-CONTRACT.md`), defined once, pure.

For the hires of a year, per follow-up point, in total and per förvaltning:
- *anställda*: the year's hires in `anstallningar` (all forms);
- *uppnådda*: of those, the hires whose follow-up month (anställningsmånad + point) has ended;
- *rapporterade*: the sum of `anställda` over the delivered rows of reached points;
- *kvar i anställning*, *i arbete eller studier*, *med försörjningsstöd före* and *vid
  uppföljning*: the sums of the delivered counts (an optional count is None where no delivered
  row reports it);
- *andel kvar* = kvar i anställning / rapporterade; *andel i arbete eller studier* = i arbete
  eller studier / the cohorts of the rows that have that column; None where the denominator is
  0; rounded to three decimals with Python's `round`;
- *saknas*: cohorts (month, förvaltning with hires) whose point has been due for longer than the
  grace period and that have no delivered row (a delivery still expected is not listed).
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from datetime import date

import pandas as pd

from pipelines.domain.delivery import due_date, month_ended
from schemas import uppfoljning
from schemas.calendar import add_months
from schemas.uppfoljning import POINTS

#: Plain-Swedish definitions, shown where the figures are.
DEFINITIONS = {
    "anstallda": "Årets anställningar (alla anställningsformer) enligt förvaltningarnas "
    "månadsrapportering.",
    "uppnadda": "Anställda vars uppföljningsmånad (anställningsmånaden plus 6, 12 eller 24 "
    "månader) har tagit slut.",
    "rapporterade": "Anställda i de kohorter som förvaltningarna har rapporterat uppföljning för.",
    "andel_kvar": "Kvar i anställning i kommunen, som andel av de rapporterade.",
    "andel_i_arbete_eller_studier": "I arbete (även utanför kommunen) eller studier, som andel "
    "av de rapporterade kohorter som har uppgiften.",
    "med_fs": "Hade försörjningsstöd månaden före starten och uppföljningsmånaden.",
}


@dataclass(frozen=True)
class PointOutcome:
    """The figures of one follow-up point (see the module docstring)."""

    manader: int
    anstallda: int
    uppnadda: int
    rapporterade: int
    kvar_i_anstallning: int
    andel_kvar: float | None
    i_arbete_eller_studier: int | None
    andel_i_arbete_eller_studier: float | None
    med_fs_fore: int | None
    med_fs_vid_uppfoljning: int | None
    #: The cohorts behind `andel_i_arbete_eller_studier` (rows that have the column): shown
    #: beside the share on the page, left out of the JSON.
    rapporterade_med_arbete: int = field(default=0, compare=False)

    def as_dict(self) -> dict:
        figures = asdict(self)
        del figures["rapporterade_med_arbete"]
        return figures


@dataclass(frozen=True)
class MissingFollowUp:
    """A cohort whose follow-up is due and not delivered."""

    kod: str
    anstallningsmanad: date
    manader: int


@dataclass(frozen=True)
class YearOutcomes:
    """The outcome figures of the hires of `ar`."""

    ar: int
    uppfoljningar: list[PointOutcome]
    per_forvaltning: dict[str, list[PointOutcome]]
    saknas: list[MissingFollowUp]

    def as_json(self) -> dict:
        """The shape of `python -m pipelines utfall --json`."""
        return {
            "ar": self.ar,
            "uppfoljningar": [p.as_dict() for p in self.uppfoljningar],
            "per_forvaltning": {
                kod: [p.as_dict() for p in points] for kod, points in self.per_forvaltning.items()
            },
            "saknas": [
                {
                    "kod": m.kod,
                    "anstallningsmanad": f"{m.anstallningsmanad:%Y-%m}",
                    "manader": m.manader,
                }
                for m in self.saknas
            ],
        }


def follow_up_ended(start: date, months: int, today: date) -> bool:
    """Whether the follow-up month (`months` after `start`) has ended on `today`."""
    return month_ended(add_months(start, months), today)


def follow_up_due(start: date, months: int, today: date, grace_days: int) -> bool:
    """Whether a cohort's follow-up is due: its month ended and the grace period passed (the
    product's one delivery rule, `pipelines.domain.delivery`)."""
    return today >= due_date(add_months(start, months), grace_days)


def share(part: int | None, whole: int) -> float | None:
    """`part / whole` rounded to three decimals; None when there is no whole (or no part)."""
    if part is None or not whole:
        return None
    return round(part / whole, 3)


#: The columns of a delivered row after its month, in the order `_row_records` takes them.
_ROW = uppfoljning.CONTRACT.names[1:]


def _count(value) -> int | None:
    """A delivered count as int; None where the row does not report it."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return int(value)


def _row_records(rows: pd.DataFrame) -> list[tuple]:
    """The rows as plain tuples (forvaltning, uppfoljning, then the five counts or None): the
    figures are sums over a few hundred rows, quicker in Python than frame by frame."""
    columns = [rows[c].tolist() for c in _ROW]
    return [
        (kod, _count(point), *(_count(v) for v in counts))
        for kod, point, *counts in zip(*columns, strict=True)
    ]


def _sum_optional(values: list[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


@functools.lru_cache(maxsize=4096)
def _ended(start: date, months: int, current: date) -> bool:
    return follow_up_ended(start, months, current)


@functools.lru_cache(maxsize=4096)
def _due(start: date, months: int, today: date, grace_days: int) -> bool:
    return follow_up_due(start, months, today, grace_days)


def _point(hires: list[tuple], rows: list[tuple], months: int, current: date) -> PointOutcome:
    """One point's figures from the hires (manad, forvaltning, hires) and the delivered rows
    (`_row_records`) of one scope."""
    delivered = [r for r in rows if r[1] == months]
    rapporterade = sum(r[2] or 0 for r in delivered)
    kvar = sum(r[3] or 0 for r in delivered)
    work = _sum_optional([r[4] for r in delivered])
    with_work = sum(r[2] or 0 for r in delivered if r[4] is not None)
    return PointOutcome(
        manader=months,
        anstallda=sum(n for _, _, n in hires),
        uppnadda=sum(n for m, _, n in hires if _ended(m, months, current)),
        rapporterade=rapporterade,
        kvar_i_anstallning=kvar,
        andel_kvar=share(kvar, rapporterade),
        i_arbete_eller_studier=work,
        andel_i_arbete_eller_studier=share(work, with_work),
        med_fs_fore=_sum_optional([r[5] for r in delivered]),
        med_fs_vid_uppfoljning=_sum_optional([r[6] for r in delivered]),
        rapporterade_med_arbete=with_work,
    )


def year_outcomes(
    year: int, hires: pd.DataFrame, rows: pd.DataFrame, today: date, grace_days: int
) -> YearOutcomes:
    """The outcome figures of the hires of `year`.

    `hires`: manad (date), forvaltning, hires (all forms) of the year's months; `rows`: the
    current delivered follow-up rows of the year's cohorts (columns of `uppfoljning_current`,
    anstallningsmanad as dates)."""
    current = date(today.year, today.month, 1)
    hires = hires[hires["hires"] > 0]
    hire_records = [
        (m, k, int(n))
        for m, k, n in zip(hires["manad"], hires["forvaltning"], hires["hires"], strict=True)
    ]
    row_records = _row_records(rows)
    totals = [_point(hire_records, row_records, p, current) for p in POINTS]
    hires_of: dict[str, list[tuple]] = {}
    for record in hire_records:
        hires_of.setdefault(record[1], []).append(record)
    rows_of: dict[str, list[tuple]] = {}
    for record in row_records:
        rows_of.setdefault(record[0], []).append(record)
    per = {
        kod: [_point(hires_of[kod], rows_of.get(kod, []), p, current) for p in POINTS]
        for kod in sorted(hires_of)
    }
    delivered = {
        (m, k, int(p))
        for m, k, p in zip(
            rows["anstallningsmanad"], rows["forvaltning"], rows["uppfoljning"], strict=True
        )
    }
    missing = [
        MissingFollowUp(kod, month, p)
        for month, kod in zip(hires["manad"], hires["forvaltning"], strict=True)
        for p in POINTS
        if _due(month, p, today, grace_days) and (month, kod, p) not in delivered
    ]
    missing.sort(key=lambda m: (m.anstallningsmanad, m.manader, m.kod))
    return YearOutcomes(year, totals, per, missing)
