"""The year's summary (`python -m pipelines summary`) as a readable Swedish table."""

from __future__ import annotations

from datetime import date

from pipelines.formatting import fmt_int, fmt_kr, fmt_month
from schemas.vocabulary import target_kind_label


def format_summary(summary: dict) -> str:
    """The summary as a readable Swedish table for the terminal."""
    lines = []
    last = summary["last_month"]
    until = f" till och med {fmt_month(date.fromisoformat(last + '-01'))}" if last else ""
    lines.append(
        f"År {summary['year']}: {fmt_int(summary['hires'])} anställningar{until}, "
        f"mål {fmt_int(summary['target'])}."
    )
    if not summary.get("final", True):
        lines.append(completeness_line(summary))
    lines.append("")
    width = max([len(f["namn"]) for f in summary["forvaltningar"]] + [12])
    lines.append(f"{'Kod':<5} {'Förvaltning':<{width}} {'Anställningar':>13} {'Mål':>5}  Måltyp")
    for f in summary["forvaltningar"]:
        kind = target_kind_label(f["target_kind"])
        lines.append(
            f"{f['kod']:<5} {f['namn']:<{width}} {fmt_int(f['hires']):>13} "
            f"{fmt_int(f['target']):>5}  {kind}"
        )
    fs = summary["forsorjningsstod"]
    lines.append("")
    if fs["last_month"]:
        month = fmt_month(date.fromisoformat(fs["last_month"] + "-01"))
        lines.append(
            f"Försörjningsstöd {month}: {fmt_int(fs['hushall'])} hushåll; "
            f"utbetalt hittills i år {fmt_kr(fs['utbetalt_ytd'])}."
        )
    else:
        lines.append("Försörjningsstöd: inga månader inlästa för året.")
    return "\n".join(lines)


def completeness_line(summary: dict) -> str:
    """What the year's figures rest on, in one Swedish sentence: preliminary until every month
    is complete, how far they are, and how many deliveries are missing (never read as 0)."""
    through = summary.get("complete_through")
    done = (
        f"alla förvaltningar har levererat till och med "
        f"{fmt_month(date.fromisoformat(through + '-01'))}"
        if through
        else "ingen månad är komplett än"
    )
    missing = summary.get("missing") or []
    note = ""
    if missing:
        word = "leverans saknas" if len(missing) == 1 else "leveranser saknas"
        listed = ", ".join(
            f"{m['kod']} {fmt_month(date.fromisoformat(m['month'] + '-01'))}" for m in missing
        )
        note = f" {fmt_int(len(missing))} {word}: {listed}."
    return f"Preliminärt: {done}.{note}"
