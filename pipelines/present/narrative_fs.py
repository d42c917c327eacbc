"""Swedish sentences about a month of försörjningsstöd (and a one-line goal sentence), written
from the figures so the report's summary never has to be typed by hand.

Example: "I augusti 2026 fick 1 980 hushåll försörjningsstöd, 100 färre än i augusti 2025
(−4,8 %) och 10 fler än i juli 2026 (+0,5 %)."
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from pipelines.domain.targets import share_of_target
from pipelines.formatting import fmt_int, fmt_kr, fmt_mkr, fmt_month, fmt_percent
from pipelines.present.charts.palette import status_spec
from schemas.calendar import previous_month


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _comparison(change, change_pct, when: date, *, more: str, fewer: str, amount=fmt_int) -> str:
    """`100 färre än i augusti 2025 (−4,8 %)`, `lika många som i …`, or that it is missing."""
    if _missing(change):
        return f"jämförelse med {fmt_month(when)} saknas"
    if round(change, 6) == 0:
        return f"lika {'mycket' if more == 'mer' else 'många'} som i {fmt_month(when)}"
    word = more if change > 0 else fewer
    pct = "" if _missing(change_pct) else f" ({fmt_percent(change_pct, 1, signed=True)})"
    return f"{amount(abs(change))} {word} än i {fmt_month(when)}{pct}"


def fs_sentences(month: date, figures: pd.DataFrame) -> list[str]:
    """Sentences on the month's key figures (`figures`: the rows of `fs_month`, one per figure)."""
    by_id = figures.set_index("nyckeltal")
    status = str(by_id["status"].iloc[0]) if len(by_id) else "saknas"
    if status == "saknas":
        return [f"Försörjningsstöd för {fmt_month(month)} är inte inrapporterat."]
    year_ago = date(month.year - 1, month.month, 1)
    previous = previous_month(month)

    def row(figure_id: str) -> pd.Series:
        return by_id.loc[figure_id]

    hushall = row("hushall")
    sentences = [
        f"I {fmt_month(month)} fick {fmt_int(hushall['varde'])} hushåll försörjningsstöd, "
        + _comparison(
            hushall["forandring_ar"],
            hushall["forandring_ar_pct"],
            year_ago,
            more="fler",
            fewer="färre",
        )
        + " och "
        + _comparison(
            hushall["forandring_manad"],
            hushall["forandring_manad_pct"],
            previous,
            more="fler",
            fewer="färre",
        )
        + "."
    ]
    parts = []
    for count_id, share_id, what in (
        ("barnhushall", "andel_barnhushall", "barn"),
        ("langvarigt", "andel_langvarigt", "långvarigt bistånd"),
    ):
        value, share = row(count_id)["varde"], row(share_id)["varde"]
        if not _missing(value):
            parts.append(f"{fmt_int(value)} ({fmt_percent(share, 1)}) {what}")
    if parts:
        sentences.append("Av hushållen hade " + " och ".join(parts) + ".")

    utbetalt, per_hushall = row("utbetalt"), row("utbetalt_per_hushall")
    sentences.append(
        f"Utbetalt försörjningsstöd var {fmt_mkr(utbetalt['varde'])} "
        f"({fmt_kr(per_hushall['varde'])} per hushåll), "
        + _comparison(
            utbetalt["forandring_ar"],
            utbetalt["forandring_ar_pct"],
            year_ago,
            more="mer",
            fewer="mindre",
            amount=fmt_mkr,
        )
        + "."
    )

    ended, to_work, to_studies = (
        row("avslutade_hushall"),
        row("avslut_arbete"),
        row("avslut_studier"),
    )
    if not _missing(ended["varde"]):
        text = f"{fmt_int(ended['varde'])} hushåll avslutades"
        reasons = []
        if not _missing(to_work["varde"]):
            share = row("andel_avslut_arbete")["varde"]
            reasons.append(f"{fmt_int(to_work['varde'])} till arbete ({fmt_percent(share, 1)})")
        if not _missing(to_studies["varde"]):
            reasons.append(f"{fmt_int(to_studies['varde'])} till studier")
        if reasons:
            text += ", varav " + " och ".join(reasons)
        sentences.append(text + ".")
    if status == "preliminar":
        sentences.append(
            f"Siffrorna för {fmt_month(month)} är preliminära: avslutsorsaker kan rapporteras "
            "upp till fyra månader sent."
        )
    return sentences


def goal_sentence(
    month: date,
    hires_month: int | None,
    hires_ytd: int,
    target: int,
    expected: float | None,
    low: int | None,
    high: int | None,
    status: str,
) -> str:
    """One sentence on the goal: hires in the month, so far this year, forecast and status."""
    spec = status_spec(status)
    share = share_of_target(hires_ytd, target)
    in_month = (
        f"I {fmt_month(month)} anställdes {fmt_int(hires_month)} personer som står långt från "
        "arbetsmarknaden"
        if hires_month is not None
        else f"Anställningar för {fmt_month(month)} är inte inrapporterade"
    )
    text = (
        f"{in_month}; hittills i år är det {fmt_int(hires_ytd)} av årets mål "
        f"{fmt_int(target)} ({fmt_percent(share)})."
    )
    if expected is not None:
        text += (
            f" Prognosen för helåret är {fmt_int(expected)} anställningar "
            f"(troligt intervall {fmt_int(low)}–{fmt_int(high)}), status: "
            f"{spec['label']} {spec['symbol']}."
        )
    else:
        text += (
            f" Det finns inte underlag för en prognos, status: {spec['label']} {spec['symbol']}."
        )
    return text


def savings_sentence(
    year: int, hires_fran_fs: int, endings_to_work: float | None, estimate_kr: float | None
) -> str:
    """Hires from försörjningsstöd beside endings to work, and the estimate of what they save."""
    text = (
        f"Hittills under {year} har {fmt_int(hires_fran_fs)} personer anställts "
        "från försörjningsstöd"
    )
    if endings_to_work is not None:
        text += f"; under samma tid avslutades {fmt_int(endings_to_work)} hushåll till arbete"
    text += "."
    if estimate_kr is not None:
        text += (
            f" Uppskattat försörjningsstöd som inte längre behöver betalas ut resten av året: "
            f"{fmt_mkr(estimate_kr)}."
        )
    return text
