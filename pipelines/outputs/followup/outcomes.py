"""The follow-up package's section on what became of those hired (issue 27): the outcome
figures of the package year's cohorts at 6, 12 and 24 months, in total and per förvaltning (two
tables), a chart of the shares still employed and in work or studies, and a sentence for the
summary (the Word document's paragraph). Nothing when the warehouse holds no follow-up rows.

These are small counts, so they go through the package's one disclosure pass: `add_to_ledger`
records every count the section shows under a key of its own, with the relations between them
(each total over the förvaltningar; rapporterade = kvar i anställning + ej kvar, where *ej kvar*
is a count of people that the package never shows but must not let be worked out either; so
for each optional count, its base = the count + those not counted). Keys:
`("utfall", s, "anstallda")` and `("utfall", s, p, measure)` for s = "tot" or a förvaltning's
code, p = 6/12/24; the cohort equal to the goal's hires of a förvaltning (or of the year) is that
same quantity. Shares are computed from counts: a share is hidden when any count it is computed
from is hidden, and the share in work or studies also when it is computed over only a part of
the cohort (its denominator is then a count the package does not show).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from pipelines.domain import disclosure
from pipelines.domain.outcomes import DEFINITIONS, PointOutcome, YearOutcomes, share
from pipelines.present.charts import palette
from pipelines.present.export_tables import ExportChart, ExportTable
from pipelines.present.outcomes import POINT_COLUMNS, point_label, point_sentence
from pipelines.queries.outcomes import outcomes
from pipelines.queries.outcomes_latest import first_delivered_year

if TYPE_CHECKING:  # annotations only: goal_charts -> published -> this module
    from pipelines.outputs.followup.goal_charts import Builder

TOTAL = "tot"
#: The counted measures of a point: (key word, PointOutcome attribute, column).
MEASURES = [
    ("uppnadda", "uppnadda", "Uppnådda"),
    ("rapporterade", "rapporterade", "Rapporterade"),
    ("kvar", "kvar_i_anstallning", "Kvar i anställning"),
    ("arbete", "i_arbete_eller_studier", "I arbete eller studier"),
    ("fs_fore", "med_fs_fore", "Med försörjningsstöd före"),
    ("fs_vid", "med_fs_vid_uppfoljning", "Med försörjningsstöd vid uppföljning"),
]
COLUMNS = POINT_COLUMNS
KINDS = {c: "int" for c in COLUMNS[1:]} | {
    "Andel kvar": "pct",
    "Andel i arbete eller studier": "pct",
}
SOURCE = "Förvaltningarnas uppföljning av anställda (personalsystemet och verksamhetssystemet)"
TITLE = "Vad hände med dem som anställdes"


#: The optional counts and their columns in `uppfoljning_current`: each counted over the rows
#: that report it (its base), whose complement (base − count) is a count of people too.
OPTIONAL = {
    "arbete": "i_arbete_eller_studier",
    "fs_fore": "med_forsorjningsstod_fore",
    "fs_vid": "med_forsorjningsstod_vid_uppfoljning",
}


@dataclass(frozen=True)
class Section:
    """The year's outcome figures and, per (scope, point, optional measure), the cohorts of the
    rows that report the measure (its base)."""

    result: YearOutcomes
    bases: dict


def read(con, year: int) -> Section | None:
    """The outcome figures of `year`'s hires, or None when no follow-up is delivered at all or
    no point of the year is reached."""
    if first_delivered_year(con) is None:
        return None
    result = outcomes.direct(con, year)
    if not any(p.uppnadda for p in result.uppfoljningar):
        return None
    sums = ", ".join(
        f"sum(anstallda) filter (where {column} is not null)" for column in OPTIONAL.values()
    )
    rows = con.execute(
        f"select forvaltning, uppfoljning, {sums} from uppfoljning_current "
        "where year(anstallningsmanad) = ? group by all",
        [year],
    ).fetchall()
    bases: dict = {}
    for kod, point, *values in rows:
        for measure, value in zip(OPTIONAL, values, strict=True):
            for scope in (kod, TOTAL):
                key = (scope, int(point), measure)
                bases[key] = bases.get(key, 0) + int(value or 0)
    return Section(result, bases)


def names(data: dict) -> dict[str, str]:
    """The förvaltningar's names by code, from the package's table of förvaltningar."""
    table = data.get("forvaltningar")
    if table is None or not len(table):
        return {}
    return dict(zip(table["kod"], table["namn"], strict=True))


# --- the ledger --------------------------------------------------------------------------------


def cohort_key(ledger, scope: str, year: int, value: int) -> tuple:
    """The cohort of a scope: the goal's quantity when the goal's figure is the same number (one
    quantity, hidden or shown alike everywhere), else a key of its own."""
    goal = ("forv", scope) if scope != TOTAL else _goal_total(ledger, year)
    if goal is not None and ledger.values.get(goal) == float(value):
        return goal
    return ("utfall", scope, "anstallda")


def _goal_total(ledger, year: int) -> tuple | None:
    totals = [k for k in ledger.required if k[:3] == ("ar", year, "c")]
    return totals[0] if totals else None


def point_key(ledger, scope: str, year: int, point: PointOutcome, measure: str) -> tuple:
    if measure == "uppnadda" and point.uppnadda == point.anstallda:
        return cohort_key(ledger, scope, year, point.anstallda)  # every cohort reached
    return ("utfall", scope, point.manader, measure)


def _scopes(result: YearOutcomes) -> list[tuple[str, list[PointOutcome]]]:
    return [(TOTAL, result.uppfoljningar), *result.per_forvaltning.items()]


def base_key(ledger, scope: str, year: int, point: PointOutcome, measure: str, base: int):
    """The base of an optional count: the reported cohort when every row reports the measure
    (one quantity), else a quantity the package never shows."""
    if base == point.rapporterade:
        return point_key(ledger, scope, year, point, "rapporterade")
    return ("utfall", scope, point.manader, f"{measure}_bas")


def add_scope(
    ledger, scope: str, year: int, points: list[PointOutcome], who: str, bases: dict
) -> None:
    """One scope's outcome counts (the municipality, `TOTAL`, or a förvaltning) and the
    relations between them: the cohort, each reached point's counts, who is not still employed,
    and, where `bases` gives the cohorts behind an optional count, who is not counted in it.
    The package and the committee's report (`outputs/report/protected`) both record them so."""
    ledger.add(
        cohort_key(ledger, scope, year, points[0].anstallda),
        points[0].anstallda,
        label=f"Anställda {year}, {who}",
    )
    for p in points:
        if not p.uppnadda and not p.rapporterade:
            continue
        for measure, attribute, column in MEASURES:
            ledger.add(
                point_key(ledger, scope, year, p, measure),
                getattr(p, attribute),
                label=f"{column} efter {point_label(p.manader)}, {who} ({year})",
            )
        ledger.add(
            ("utfall", scope, p.manader, "ej_kvar"),
            p.rapporterade - p.kvar_i_anstallning,
            label=f"Ej kvar i anställning efter {point_label(p.manader)}, {who} ({year})",
        )
        ledger.total(
            point_key(ledger, scope, year, p, "rapporterade"),
            [
                point_key(ledger, scope, year, p, "kvar"),
                ("utfall", scope, p.manader, "ej_kvar"),
            ],
        )
        for measure, attribute, column in MEASURES:
            count = getattr(p, attribute)
            base = bases.get((scope, p.manader, measure))
            if measure not in OPTIONAL or count is None or base is None:
                continue
            whole = base_key(ledger, scope, year, p, measure, base)
            ledger.add(whole, base, label=f"Underlag för {column.lower()}, {who} ({year})")
            rest = ("utfall", scope, p.manader, f"ej_{measure}")
            ledger.add(rest, base - count, label=f"Inte {column.lower()}, {who} ({year})")
            ledger.total(whole, [point_key(ledger, scope, year, p, measure), rest])


def add_to_ledger(ledger, section: Section | None, names: dict[str, str]) -> None:
    """Record the section's counts and their relations in the package's ledger."""
    if section is None:
        return
    result = section.result
    year = result.ar
    for scope, points in _scopes(result):
        who = "alla förvaltningar" if scope == TOTAL else names.get(scope, scope)
        add_scope(ledger, scope, year, points, who, section.bases)
    kods = list(result.per_forvaltning)
    total_cohort = cohort_key(ledger, TOTAL, year, result.uppfoljningar[0].anstallda)
    _total_if_it_holds(
        ledger,
        total_cohort,
        [cohort_key(ledger, k, year, result.per_forvaltning[k][0].anstallda) for k in kods],
    )
    for index, p in enumerate(result.uppfoljningar):
        if not p.uppnadda and not p.rapporterade:
            continue
        unshown = ["ej_kvar", *(f"ej_{m}" for m in OPTIONAL), *(f"{m}_bas" for m in OPTIONAL)]
        for measure in [m for m, _, _ in MEASURES] + unshown:
            parts = [
                _any_key(ledger, section, k, year, result.per_forvaltning[k][index], measure)
                for k in kods
            ]
            _total_if_it_holds(ledger, _any_key(ledger, section, TOTAL, year, p, measure), parts)


def _total_if_it_holds(ledger, whole, parts) -> None:
    """`whole = Σ parts` over the parts recorded, added only when the figures say so (a row of
    a förvaltning without hires is in the total but in no part: no such relation then)."""
    present = [k for k in dict.fromkeys(parts) if k in ledger.values]
    if whole in present or whole not in ledger.values:
        return
    if sum(ledger.values[k] for k in present) == ledger.values[whole]:
        ledger.total(whole, present)


def _any_key(ledger, section, scope: str, year: int, point: PointOutcome, measure: str):
    """The key of a shown count, or of a count never shown (`ej_…`, `…_bas`)."""
    if measure in {m for m, _, _ in MEASURES}:
        return point_key(ledger, scope, year, point, measure)
    if measure.endswith("_bas"):
        name = measure.removesuffix("_bas")
        base = section.bases.get((scope, point.manader, name))
        return base_key(ledger, scope, year, point, name, base)
    return ("utfall", scope, point.manader, measure)


# --- the tables, chart and sentence ---------------------------------------------------------------


class _Shown:
    """What the package shows of one scope's points (exact, or as the disclosure pass decided)."""

    def __init__(self, b: Builder, ledger, year: int, scope: str):
        self.b, self.ledger, self.year, self.scope = b, ledger, year, scope

    def key(self, p: PointOutcome, measure: str):
        if self.ledger is None:
            return None
        if measure == "anstallda":
            return cohort_key(self.ledger, self.scope, self.year, p.anstallda)
        if not p.uppnadda and not p.rapporterade:
            return None
        return point_key(self.ledger, self.scope, self.year, p, measure)

    def count(self, p: PointOutcome, measure: str, value):
        key = self.key(p, measure)
        return value if key is None else self.b.show(key, value)

    def hidden(self, p: PointOutcome, *measures: str) -> bool:
        return any(self.b.hidden(self.key(p, m)) for m in measures if self.key(p, m))

    def row(self, p: PointOutcome) -> tuple[dict, dict]:
        mark = disclosure.MASK
        reported = p.rapporterade > 0
        work_partial = share(p.i_arbete_eller_studier, p.rapporterade) != (
            p.andel_i_arbete_eller_studier
        )
        published = self.b.publication
        values = {
            "Uppföljning": point_label(p.manader),
            "Anställda": self.count(p, "anstallda", p.anstallda),
            "Uppnådda": self.count(p, "uppnadda", p.uppnadda),
            "Rapporterade": self.count(p, "rapporterade", p.rapporterade),
            "Kvar i anställning": self.count(p, "kvar", p.kvar_i_anstallning) if reported else None,
            "Andel kvar": mark
            if published and self.hidden(p, "kvar", "rapporterade")
            else p.andel_kvar,
            "I arbete eller studier": self.count(p, "arbete", p.i_arbete_eller_studier),
            "Andel i arbete eller studier": mark
            if published
            and p.andel_i_arbete_eller_studier is not None
            and (self.hidden(p, "arbete", "rapporterade") or work_partial)
            else p.andel_i_arbete_eller_studier,
            "Med försörjningsstöd före": self.count(p, "fs_fore", p.med_fs_fore),
            "Med försörjningsstöd vid uppföljning": self.count(
                p, "fs_vid", p.med_fs_vid_uppfoljning
            ),
        }
        keys = {
            "Anställda": self.key(p, "anstallda"),
            "Uppnådda": self.key(p, "uppnadda"),
            "Rapporterade": self.key(p, "rapporterade"),
            "Kvar i anställning": self.key(p, "kvar") if reported else None,
            "I arbete eller studier": self.key(p, "arbete"),
            "Med försörjningsstöd före": self.key(p, "fs_fore"),
            "Med försörjningsstöd vid uppföljning": self.key(p, "fs_vid"),
        }
        return values, keys


def _table(name: str, b: Builder, ledger, result: YearOutcomes, scopes, names) -> ExportTable:
    rows, key_rows = [], []
    for scope, points in scopes:
        shown = _Shown(b, ledger, result.ar, scope)
        for p in points:
            values, keys = shown.row(p)
            if scope != TOTAL:
                values = {"Förvaltning": names.get(scope, scope), **values}
            rows.append(values)
            key_rows.append(keys)
    frame = pd.DataFrame(rows)
    counted = [c for c in COLUMNS if c in KINDS and not c.startswith("Andel")]
    keyed = b.keyed(frame, {c: [k.get(c) for k in key_rows] for c in counted})
    masked = bool(frame.map(disclosure.is_mark).to_numpy().any())
    table = ExportTable(name, frame, KINDS, masked, keyed)
    table.note = " ".join(DEFINITIONS.values())
    return table


def _chart_figure(table: ExportTable) -> go.Figure:
    frame = table.frame
    fig = go.Figure()
    for column, count, colour in (
        ("Andel kvar", "Kvar i anställning", palette.BLUE),
        ("Andel i arbete eller studier", "I arbete eller studier", palette.ORANGE),
    ):
        heights, texts = [], []
        for value, number, reported in zip(
            frame[column], frame[count], frame["Rapporterade"], strict=True
        ):
            if disclosure.is_mark(value):
                heights.append(0)
                texts.append(disclosure.MASK)
            elif value is None or pd.isna(value):
                heights.append(0)
                texts.append("ej uppnådd" if not reported else "–")
            else:
                heights.append(float(value) * 100)
                of = (
                    ""
                    if disclosure.is_mark(number) or disclosure.is_mark(reported)
                    else (f" ({int(number)} av {int(reported)})" if column == "Andel kvar" else "")
                )
                texts.append(f"{round(float(value) * 100)} %{of}")
        fig.add_bar(
            name=column.replace("Andel ", "").capitalize(),
            x=list(frame["Uppföljning"]),
            y=heights,
            text=texts,
            textposition="outside",
            marker_color=colour,
        )
    fig.update_layout(barmode="group", yaxis={"range": [0, 115], "ticksuffix": " %"})
    return fig


def section(
    b: Builder, data: Section | None, ledger, names: dict[str, str]
) -> tuple[ExportChart | None, list[ExportTable]]:
    """The chart (with the total table behind it) and the per-förvaltning table; nothing
    without follow-up. `ledger`: the package's ledger (None for the internal version)."""
    if data is None:
        return None, []
    result = data.result
    total = _table(f"Uppföljning {result.ar}", b, ledger, result, _scopes(result)[:1], names)
    per = _table(
        f"Uppföljning per förvaltning {result.ar}", b, ledger, result, _scopes(result)[1:], names
    )
    chart = b.chart(
        "uppfoljning",
        _chart_figure(total),
        title=f"{TITLE} {result.ar}",
        subtitle="Andel kvar i anställning och i arbete eller studier efter 6, 12 och 24 "
        "månader, av de rapporterade",
        source=SOURCE,
        table=total,
    )
    return chart, [per]


def sentence(b: Builder, data: Section | None, ledger) -> str | None:
    """The section's paragraph for the summary (and the Word document): a sentence per point,
    each without what the disclosure pass hides."""
    if data is None:
        return None
    result = data.result
    shown = _Shown(b, ledger, result.ar, TOTAL)
    parts = []
    for p in result.uppfoljningar:
        if b.publication and shown.hidden(p, "kvar", "rapporterade", "uppnadda"):
            parts.append(f"Efter {point_label(p.manader)}: redovisas inte (röjandekontroll).")
            continue
        values, _ = shown.row(p)
        visible = replace(
            p,
            andel_i_arbete_eller_studier=None
            if disclosure.is_mark(values["Andel i arbete eller studier"])
            else p.andel_i_arbete_eller_studier,
            med_fs_fore=None if shown.hidden(p, "fs_fore", "fs_vid") else p.med_fs_fore,
            med_fs_vid_uppfoljning=None
            if shown.hidden(p, "fs_fore", "fs_vid")
            else p.med_fs_vid_uppfoljning,
        )
        parts.append(point_sentence(visible))
    return f"{TITLE} {result.ar}? " + " ".join(parts)


def readme_lines(result: YearOutcomes | None) -> list[str]:
    """The README's lines on the section: what the figures are."""
    if result is None:
        return []
    return [
        "",
        "Uppföljning av anställda",
        "------------------------",
        f"Vad hände med dem som anställdes {result.ar}, efter 6, 12 och 24 månader: "
        "förvaltningarnas uppföljning (antal per kohort; inga personer). "
        + " ".join(DEFINITIONS.values()),
    ]
