"""The monthly report's words: title, summary paragraphs and notes on missing or preliminary
data, from the numbers of `pipelines.queries.report.MonthlyReport` (page, Excel and PDF alike)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import TYPE_CHECKING

import pandas as pd

from pipelines.domain.delivery import DeliveryState, MonthState
from pipelines.formatting import fmt_int, fmt_month
from pipelines.present.narrative import goal_summary_text
from pipelines.present.narrative_fs import fs_sentences, goal_sentence, savings_sentence
from schemas.vocabulary import SAKNAS

if TYPE_CHECKING:
    from pipelines.queries.forsorjningsstod import HiresAndEndings
    from pipelines.queries.report import MonthlyReport
    from pipelines.queries.report_goal import GoalStatus

log = logging.getLogger(__name__)


def title(report: MonthlyReport) -> str:
    return f"Nyckeltalsrapport {fmt_month(report.month)}"


def paragraphs(report: MonthlyReport) -> tuple[str, ...]:
    """The summary: the goal's paragraph, then försörjningsstöd's."""
    return (_goal_paragraph(report), " ".join(fs_sentences(report.month, report.fs_figures)))


#: The mark of a report file that is not (yet) the approved version.
DRAFT = "Utkast – inte fastställd"
#: The mark of the internal (exact) version on every page and sheet (issue 25).
INTERN_MARK = "Internt – innehåller små tal, lämnas inte ut"


def approval_stamp(approved_by: str, approved_at: datetime, version: int) -> str:
    """The line every page and sheet of an approved report carries."""
    return f"Fastställd {approved_at:%Y-%m-%d} av {approved_by}, version {version}"


def notes(report: MonthlyReport) -> tuple[str, ...]:
    """What is missing or preliminary, in Swedish: first whether the month is preliminary and
    which deliveries are not in (issue 24), then the notes on the month's figures."""
    state = month_state_note(report)
    rest = _notes(report.month, report.goal, report.forvaltningar, report.fs_status)
    if state and report.month_status is not None and report.month_status.deliveries:
        # the state note names the förvaltningar: drop the shorter list of the same
        rest = [
            n
            for n in rest
            if not n.startswith(f"Anställningar för {fmt_month(report.month)} saknas")
        ]
    return tuple(([state] if state else []) + rest)


def month_state_note(report: MonthlyReport) -> str | None:
    """ "Preliminär: …" for a month not complete (open, or a delivery not in), naming the
    förvaltningar whose delivery is missing or still expected; "ändrad efter fastställande"
    for an approved month corrected since; None for a complete or approved month."""
    status = report.month_status
    if status is None:
        return None
    name = fmt_month(report.month)
    if status.state is MonthState.ANDRAD:
        return (
            f"Siffrorna för {name} har ändrats efter att rapporten fastställdes "
            "(ändrad efter fastställande)."
        )
    if status.complete:
        return None
    names = report.names or {}
    missing = [names.get(d.kod, d.kod) for d in status.missing]
    expected = [
        names.get(d.kod, d.kod) for d in status.deliveries if d.state is DeliveryState.VANTAS
    ]
    if status.state is MonthState.OPPEN:
        text = f"Preliminär: {name} är inte slut, siffrorna kan ändras."
    else:
        text = f"Preliminär: alla förvaltningars leveranser för {name} är inte inne."
    if missing:
        text += f" Saknas: {', '.join(sorted(missing))}."
    if expected:
        text += f" Väntas: {', '.join(sorted(expected))}."
    return text


def _goal_paragraph(report: MonthlyReport) -> str:
    """The goal's summary: the month's hires, then the year's narrative (cut at the month); then
    hires from försörjningsstöd."""
    month, goal, savings = report.month, report.goal, report.savings
    text = None
    try:  # the narrative is a richer text; its failure must not stop the report
        forvaltningar = report.forvaltningar
        table = forvaltningar[forvaltningar["kod"] != ""].rename(columns={"hires_ytd": "hires"})
        text = goal_summary_text(report.overview, table)
        if goal.hires_month is not None:
            text = (
                f"I {fmt_month(month)} anställdes {fmt_int(goal.hires_month)} personer som står "
                f"långt från arbetsmarknaden. {text}"
            )
        else:
            text = f"Anställningar för {fmt_month(month)} är inte inrapporterade. {text}"
    except Exception:  # noqa: BLE001
        log.warning("the goal narrative failed; using the short sentence", exc_info=True)
        text = None
    if not text:
        text = goal_sentence(
            month,
            goal.hires_month,
            goal.hires_ytd,
            goal.target,
            goal.expected,
            goal.low,
            goal.high,
            goal.status,
        )
    return (
        text
        + " "
        + savings_sentence(
            month.year, savings.hires_fran_fs, savings.endings_to_work, savings.estimate_kr
        )
    )


def _notes(month: date, goal: GoalStatus, forvaltningar: pd.DataFrame, fs_status: str) -> list[str]:
    notes = []
    if goal.hires_month is None:
        if goal.last_month:
            through = fmt_month(date(month.year, goal.last_month, 1))
            notes.append(
                f"Anställningar för {fmt_month(month)} är inte inrapporterade: målets siffror "
                f"gäller till och med {through}."
            )
        else:
            notes.append(f"Inga anställningar är inrapporterade för {month.year} ännu.")
    else:
        missing = forvaltningar[(forvaltningar["kod"] != "") & forvaltningar["hires_month"].isna()]
        if len(missing):
            notes.append(
                f"Anställningar för {fmt_month(month)} saknas från: "
                + ", ".join(missing["namn"])
                + "."
            )
    if fs_status == SAKNAS:
        notes.append(f"Försörjningsstöd för {fmt_month(month)} är inte inrapporterat.")
    return notes


def savings_assumption(result: HiresAndEndings) -> str:
    """The estimate's assumption in words, for the page and the report."""
    return (
        "Uppskattningen räknar med att varje person som anställts från försörjningsstöd i år "
        "motsvarar ett biståndshushåll som annars hade fått genomsnittligt belopp per hushåll "
        f"och månad ({result.year} hittills) under årets återstående månader (efter den senast "
        "inrapporterade anställningsmånaden, minst en månad: när december är rapporterad räknas "
        "december själv, så att uppskattningen finns för varje månad). Den tar inte hänsyn till att en del hade lämnat "
        "biståndet ändå, att hushåll kan ha flera vuxna eller att anställningen kan vara kort. "
        "Bara anställningar som räknas mot målet och där det är angivet att personen hade "
        "försörjningsstöd räknas."
    )
