"""What changed, in Swedish: the differences between an approved (fastställd) report and the
figures now, and "since last month" – what changed since the last approved month, in a few lines
a committee member reads in a minute (Översikt and Månadsrapport).

Pure functions of `pipelines.queries.approval`'s figures (`report_figures`), differences and
corrections; no database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from pipelines.formatting import fmt_count, fmt_int, fmt_kr, fmt_month, fmt_number
from pipelines.present.quality_tables import period_text
from schemas.kinds import KIND_LABELS
from schemas.vocabulary import fs_status_label, status_text, status_word

if TYPE_CHECKING:
    from pipelines.queries.approval import Approval, Correction

#: Labels of the top-level figures (`report_figures`).
LABELS = {
    "anstallda_manad": "Anställda i månaden",
    "hittills": "Anställda hittills i år",
    "mal": "Årets mål",
    "prognos": "Prognos för helåret",
    "status": "Status",
    "fs_status": "Försörjningsstöd",
    "kommentar_version": "Kommentar",
}
FS_LABELS = {
    "hushall": "Biståndshushåll",
    "utbetalt": "Utbetalt ekonomiskt bistånd",
    "avslut_arbete": "Avslut till arbete",
}
FORVALTNING_LABELS = {"hittills": "anställda hittills i år", "mal": "måltal", "status": "status"}


def _month(text: str) -> date:
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def _value(key: str, value) -> str:
    last = key.rsplit(".", 1)[-1]
    if value is None:
        return "–"
    if last == "status":
        return status_text(value)
    if last == "fs_status":
        return fs_status_label(value)
    if last == "kommentar_version":
        return f"version {value}"
    if last == "utbetalt":
        return fmt_kr(value)
    return fmt_int(value)


def _label(key: str, figures: dict) -> str:
    parts = key.split(".")
    if parts[0] == "forvaltningar" and len(parts) == 3:
        namn = figures.get("forvaltningar", {}).get(parts[1], {}).get("namn", parts[1])
        return f"{namn}: {FORVALTNING_LABELS.get(parts[2], parts[2])}"
    if parts[0] == "fs" and len(parts) == 2:
        return FS_LABELS.get(parts[1], parts[1])
    return LABELS.get(key, key)


def _change(before, after, key: str) -> str:
    numeric = isinstance(before, int | float) and isinstance(after, int | float)
    if not numeric or key.endswith(("status", "kommentar_version")):
        return ""
    return f" ({fmt_number(after - before, signed=True)})"


def difference_lines(
    differences: list[tuple[str, object, object]], before: dict, after: dict
) -> list[str]:
    """`Anställda hittills i år: 112 → 115 (+3)` for each difference (`figure_differences`)."""
    lines = []
    for key, old, new in differences:
        if key == "manad":
            continue
        label = _label(key, after if new is not None else before)
        lines.append(f"{label}: {_value(key, old)} → {_value(key, new)}{_change(old, new, key)}")
    return lines


def approval_line(approval: Approval) -> str:
    """`Fastställd 2026-09-10 14:02 av Anna Analytiker (version 1).`"""
    return (
        f"Fastställd {approval.approved_at:%Y-%m-%d %H:%M} av {approval.approved_by} "
        f"(version {approval.version})."
    )


def _correction_text(corrections: list[Correction]) -> str:
    if not corrections:
        return "Inga rättelser har kommit in sedan dess."
    parts = []
    for c in corrections[:3]:
        months = period_text(c.first_month, c.last_month, c.kind)
        kind = KIND_LABELS.get(c.kind or "", c.kind or "fil")
        parts.append(f"{kind} {months}".strip() + f" ({c.file_name})")
    more = len(corrections) - 3
    tail = f" och {fmt_count(more, 'fil', 'filer')} till" if more > 0 else ""
    count = fmt_count(len(corrections), "fil", "filer")
    return (
        f"Rättelser: {count} har ersatt tidigare inlästa uppgifter: "
        + "; ".join(parts)
        + tail
        + "."
    )


def _since_heading(baseline: Approval, then: date, now: date) -> str:
    return (
        f"Sedan rapporten för {fmt_month(then)} fastställdes "
        f"({baseline.approved_at:%Y-%m-%d}, {baseline.approved_by}), till och med "
        f"{fmt_month(now)}:"
    )


def _hires_line(then: date, now: date, hires_then, hires_now, current: dict, target: str) -> str:
    """`Anställningar: 3 nya (112 → 115 hittills i år av målet 200).` ('' without figures)."""
    if hires_now is None:
        return ""
    if then.year == now.year and hires_then is not None:
        return (
            f"Anställningar: {fmt_count(hires_now - hires_then, 'ny', 'nya')} "
            f"({fmt_int(hires_then)} → {fmt_int(hires_now)} hittills i år av {target} "
            f"{fmt_int(current.get('mal'))})."
        )
    return (
        f"Anställningar: {fmt_int(hires_now)} hittills i {now.year} av {target} "
        f"{fmt_int(current.get('mal'))}."
    )


def since_last_approved_forvaltning(
    baseline: Approval, current: dict, kod: str, corrections: list[Correction]
) -> list[str]:
    """`since_last_approved` for one förvaltning's page: its hires against its target, its
    status, and the corrections that arrived (of any förvaltning: a file may hold several).
    Empty when the month shown now has no figures of `kod`."""
    row = current.get("forvaltningar", {}).get(kod)
    if row is None:
        return []
    old = baseline.figures.get("forvaltningar", {}).get(kod) or {}
    then, now = _month(baseline.figures["manad"]), _month(current["manad"])
    lines = [_since_heading(baseline, then, now)]
    hires = _hires_line(then, now, old.get("hittills"), row.get("hittills"), row, "måltalet")
    if hires:
        lines.append(hires)
    if not old.get("status"):
        lines.append(f"Status: {status_word(row.get('status'))}.")
    elif old.get("status") != row.get("status"):
        lines.append(
            f"Status: {status_word(old.get('status'))} → {status_word(row.get('status'))}."
        )
    else:
        lines.append(f"Status är oförändrad: {status_word(row.get('status'))}.")
    lines.append(_correction_text(corrections))
    return lines


def since_last_approved(
    baseline: Approval, current: dict, corrections: list[Correction]
) -> list[str]:
    """What changed since the last approved month, in a few lines: hires, the status (of the
    municipality and per förvaltning), corrections that arrived, and households with
    försörjningsstöd. `current` is `report_figures` of the month shown now."""
    before = baseline.figures
    then, now = _month(before["manad"]), _month(current["manad"])
    lines = [_since_heading(baseline, then, now)]
    hires = _hires_line(
        then, now, before.get("hittills"), current.get("hittills"), current, "målet"
    )
    if hires:
        lines.append(hires)
    status_then, status_now = before.get("status"), current.get("status")
    if status_then != status_now:
        lines.append(f"Kommunens status: {status_word(status_then)} → {status_word(status_now)}.")
    else:
        lines.append(f"Kommunens status är oförändrad: {status_word(status_now)}.")
    changed = []
    old_rows = before.get("forvaltningar", {})
    for kod, row in current.get("forvaltningar", {}).items():
        old = old_rows.get(kod)
        if old and old.get("status") != row.get("status"):
            changed.append(
                f"{row.get('namn', kod)} {status_word(old.get('status'))} → "
                f"{status_word(row.get('status'))}"
            )
    lines.append(
        ("Förvaltningar som bytt status: " + "; ".join(changed) + ".")
        if changed
        else "Ingen förvaltning har bytt status."
    )
    lines.append(_correction_text(corrections))
    hushall_then = before.get("fs", {}).get("hushall")
    hushall_now = current.get("fs", {}).get("hushall")
    if hushall_now is not None and hushall_then is not None:
        lines.append(
            f"Biståndshushåll: {fmt_int(hushall_then)} i {fmt_month(then)} → "
            f"{fmt_int(hushall_now)} i {fmt_month(now)}"
            f" ({fmt_number(hushall_now - hushall_then, signed=True)})."
        )
    return lines


def approved_list_label(approval: Approval) -> str:
    """`Augusti 2026, version 2 – fastställd 2026-09-10 av Anna Analytiker`."""
    return (
        f"{fmt_month(approval.month, capital=True)}, version {approval.version} – fastställd "
        f"{approval.approved_at:%Y-%m-%d} av {approval.approved_by}"
    )


def stamp(when: datetime) -> str:
    return f"{when:%Y-%m-%d %H:%M}"


def since_lines_for(report) -> list[str]:
    """`since_last_approved` for a `MonthlyReport` (empty when no earlier month is approved):
    the lines the report's PDF and Excel file carry."""
    if report.since_baseline is None or report.since_figures is None:
        return []
    return since_last_approved(
        report.since_baseline, report.since_figures, list(report.since_corrections)
    )
