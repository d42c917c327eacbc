"""The automatic Swedish summary of the goal's state: sentences built by rules from the marts'
figures, never written by hand, to paste into a report.

`goal_summary_text(overview, forvaltningar, forsorjningsstod)` is a pure function of
`marts.goal.year_overview`, optionally `marts.goal_forvaltning.forvaltning_table` (unfiltered)
and `marts.goal.forsorjningsstod_headline`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from pipelines.formatting import (
    MONTHS,
    fmt_count,
    fmt_int,
    fmt_percent,
    fmt_probability,
    fmt_share_of_target,
)
from pipelines.present.charts.palette import status_spec
from pipelines.present.goal_tables import compared_period

if TYPE_CHECKING:  # the numbers it words (a query's result)
    from pipelines.queries.goal import YearOverview

#: Probability of reaching the target → words (the first threshold it reaches).
PROBABILITY_WORDS = [
    (0.90, "mycket troligt"),
    (0.70, "troligt"),
    (0.30, "osäkert om"),
    (0.10, "inte troligt"),
    (0.0, "mycket osannolikt"),
]


def probability_words(probability: float) -> str:
    """`mycket troligt` … `mycket osannolikt` (the status thresholds 70 % and 30 % included)."""
    for threshold, words in PROBABILITY_WORDS:
        if probability >= threshold:
            return words
    return PROBABILITY_WORDS[-1][1]


def persons(count: int) -> str:
    """`1 person`, `112 personer`."""
    return f"{fmt_int(count)} {'person' if count == 1 else 'personer'}"


def join_names(names: list[str]) -> str:
    """`A`, `A och B`, `A, B och C`."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]


def _comparison(overview: YearOverview) -> str | None:
    before = overview.hires_same_period_last_year
    if before is None:
        return None
    now, period = compared_period(overview)
    diff = now - before
    if diff == 0:
        return f"Det är lika många som under {period}."
    more = "fler" if diff > 0 else "färre"
    return f"Det är {fmt_int(abs(diff))} {more} än under {period} ({fmt_int(before)})."


def preliminary_sentence(overview: YearOverview) -> str | None:
    """What a year's figures rest on before it is final, when the reported months are not all
    complete or a delivery is missing: preliminary, complete through which month, and how many
    deliveries are missing (issue 24; the rule is `pipelines.domain.delivery`). None when every
    reported month is complete (the text already says "till och med <month>")."""
    done = overview.completeness
    if done is None:
        return None
    if not done.missing and done.complete_months >= overview.forecast.last_month:
        return None
    if done.complete_through is None:
        text = "Siffrorna är preliminära: ingen månad är komplett ännu."
    else:
        month = MONTHS[done.complete_through.month - 1]
        text = (
            f"Siffrorna är preliminära: alla leveranser är inne till och med {month} "
            f"{done.complete_through.year}."
        )
    if done is not None and done.missing:
        count = len(done.missing)
        text += f" {fmt_int(count)} {'leverans saknas' if count == 1 else 'leveranser saknas'}."
    return text


def _year_sentences(overview: YearOverview) -> list[str]:
    fc = overview.forecast
    target = f"årets mål på {fmt_int(fc.target)}"
    if fc.last_month == 0:
        text = [
            f"För {fc.year} finns inga anställningar inlästa ännu. Årets mål är "
            f"{fmt_int(fc.target)} anställningar."
        ]
        if fc.expected is not None:
            text.append(
                f"Med samma nivå som tidigare år väntas omkring {fmt_int(fc.expected)} "
                f"anställningar (80\u00a0% intervall {fmt_int(fc.low)}–{fmt_int(fc.high)})."
            )
        return text
    share = fmt_share_of_target(fc.share_of_target) if fc.target else "–"
    if fc.complete:
        text = [f"Under {fc.year} anställdes {persons(fc.hires)}, {share} av {target}."]
    else:
        month = MONTHS[fc.last_month - 1]
        text = [
            f"Till och med {month} {fc.year} har {persons(fc.hires)} anställts, "
            f"{share} av {target}."
        ]
    if not fc.complete and (note := preliminary_sentence(overview)):
        text.append(note)
    comparison = _comparison(overview)
    if comparison:
        text.append(comparison)
    if fc.complete:
        if fc.reached:
            text.append("Målet nåddes.")
        else:
            text.append(
                "Målet nåddes inte; det saknades "
                f"{fmt_count(fc.target - fc.hires, 'anställning', 'anställningar')}."
            )
        return text
    text.append(
        f"Med en jämn takt över året skulle {fmt_int(fc.pace_linear)} ha anställts vid den här "
        f"tiden, med tidigare års säsongsmönster {fmt_int(fc.pace_seasonal)}."
    )
    if fc.reached:
        text.append("Målet är redan nått (preliminärt).")
        if fc.expected is not None:
            text.append(f"Prognosen för helåret är {fmt_int(fc.expected)} anställningar.")
        return text
    if fc.expected is not None and fc.probability is not None:
        text.append(
            f"Prognosen för helåret är {fmt_int(fc.expected)} anställningar (80\u00a0% intervall "
            f"{fmt_int(fc.low)}–{fmt_int(fc.high)}), och det är "
            f"{probability_words(fc.probability)} att målet nås (sannolikhet "
            f"{fmt_probability(fc.probability)})."
        )
    if fc.needed_per_month is not None:
        text.append(
            "För att nå målet behövs "
            f"{fmt_count(fc.needed_per_month, 'anställning', 'anställningar')} i månaden under "
            "resten av året."
        )
    spec = status_spec(fc.status)
    text.append(f"Status: {spec['label']} ({spec['symbol']}).")
    return text


def _forvaltning_sentences(table: pd.DataFrame, year_complete: bool) -> list[str]:
    rows = table[table["target"] > 0]
    if not len(rows):
        return []
    if year_complete:
        reached = rows["hires"] >= rows["target"]
        groups = [
            (rows.loc[reached, "namn"].tolist(), "nådde sitt måltal", "nådde sina måltal"),
            (
                rows.loc[~reached, "namn"].tolist(),
                "nådde inte sitt måltal",
                "nådde inte sina måltal",
            ),
        ]
    else:
        groups = [
            (
                rows.loc[rows["status"] == "natt", "namn"].tolist(),
                "har redan nått sitt måltal",
                "har redan nått sina måltal",
            ),
            (rows.loc[rows["status"] == "i_fas", "namn"].tolist(), "är i fas", "är i fas"),
            (
                rows.loc[rows["status"] == "risk", "namn"].tolist(),
                "riskerar att inte nå sitt måltal",
                "riskerar att inte nå sina måltal",
            ),
            (rows.loc[rows["status"] == "efter", "namn"].tolist(), "ligger efter", "ligger efter"),
        ]
    parts = [
        f"{join_names(names)} {one if len(names) == 1 else many}"
        for names, one, many in groups
        if names
    ]
    text = ["Per förvaltning: " + "; ".join(parts) + "."] if parts else []
    best = rows.sort_values(["share", "namn"], ascending=[False, True]).iloc[0]
    have = "hade" if year_complete else "har"
    text.append(
        f"Störst andel av sitt mål {have} {best['namn']} med {fmt_int(best['hires'])} av "
        f"{fmt_int(best['target'])} ({fmt_share_of_target(best['share'])})."
    )
    return text


def _forsorjningsstod_sentence(headline: dict) -> str:
    month = headline["month"]
    name = f"{MONTHS[month.month - 1]} {month.year}"
    text = f"I {name} fick {fmt_int(headline['hushall'])} hushåll försörjningsstöd"
    change = headline.get("hushall_change")
    if change is None:
        return text + "."
    before = f"{MONTHS[month.month - 1]} {month.year - 1}"
    if change == 0:
        return text + f", lika många som i {before}."
    more = "fler" if change > 0 else "färre"
    share = headline.get("hushall_change_share")
    extra = f", {fmt_percent(share, 1, signed=True)}" if share is not None else ""
    last_year = fmt_int(headline["hushall_last_year"])
    return text + f", {fmt_int(abs(change))} {more} än i {before} ({last_year}{extra})."


def goal_summary_text(
    overview: YearOverview,
    forvaltningar: pd.DataFrame | None = None,
    forsorjningsstod: dict | None = None,
) -> str:
    """One paragraph in Swedish on the year's goal state (and, when given, the förvaltningar and
    the last month of försörjningsstöd), built only from the figures passed in."""
    sentences = _year_sentences(overview)
    if forvaltningar is not None and overview.forecast.last_month:
        sentences += _forvaltning_sentences(forvaltningar, overview.forecast.complete)
    if forsorjningsstod:
        sentences.append(_forsorjningsstod_sentence(forsorjningsstod))
    return " ".join(sentences)
