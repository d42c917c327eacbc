"""Contracts with employment requirements in Swedish: status words and symbols, tables, the
fulfilment chart and the sentences for Översikt, the follow-up package and the monthly report.

Numbers come from `pipelines.queries.sysselsattning.year_followup`; nothing here reads the
warehouse. The figures never enter the 200-goal: every text that sits near the goal says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from pipelines.domain.sysselsattningskrav import RULE_FIRST_EMPLOYMENT, RULE_FULFILMENT
from pipelines.formatting import fmt_int, fmt_month, fmt_number, fmt_percent, month_key
from pipelines.present.charts import palette
from pipelines.present.charts.base import apply_style
from schemas import vocabulary

if TYPE_CHECKING:  # the dataclasses the query returns: named for annotations only
    from pipelines.queries.sysselsattning import AvtalRad, SysselsattningAr

SOURCE = "Källa: leverantörernas månadsuppföljning av avtal med sysselsättningskrav (Arbetsmål)"
NOT_IN_GOAL = "Platser genom upphandling räknas inte mot kommunens mål om 200 anställningar."
RULES = {"forsta_anstallning": RULE_FIRST_EMPLOYMENT, "status": RULE_FULFILMENT}


#: Status colours (never alone: the word and symbol come from the vocabulary).
STATUS_COLOURS = {
    "uppfyllt": palette.GREEN,
    "uppfyllt_75": palette.GREEN,
    "pagar": palette.BLUE,
    "ej_uppfyllt": palette.VERMILLION,
    "ej_aktuellt": palette.GREY,
}


def status_text(kind: str, code: str) -> str:
    """`✓ I tid`: the symbol and the word of a status (`kind`: forsta_anstallning | status)."""
    return vocabulary.sysselsattning_status_text(kind, code)


def _hours(value: float | None) -> str:
    if value is None:
        return "–"
    return fmt_number(value, 0 if float(value).is_integer() else 1)


def _count(n: int, singular: str, plural: str) -> str:
    return f"{fmt_int(n)} {singular if n == 1 else plural}"


def _period(row: AvtalRad) -> str:
    return f"{month_key(row.startmanad)}–{month_key(row.slutmanad)}"


def contract_table(result: SysselsattningAr) -> pd.DataFrame:
    """One row per contract: what, who, term, requirement, fulfilment and both statuses."""
    rows = []
    for row in result.avtal:
        b = row.bedomning
        rows.append(
            {
                # The most important first (a phone shows these, the rest scrolls sideways;
                # the page puts Status first): who, how far, then what and when.
                "Avtal": row.avtal,
                "Leverantör": row.leverantor,
                "Andel av kravet": fmt_percent(b.andel) if b.andel is not None else "–",
                "Utfört (heltidsmånader)": _hours(b.utfort_heltidsmanader),
                "Krav (heltidsmånader)": _hours(row.krav_heltidsmanader),
                "Första anställning": status_text("forsta_anstallning", b.forsta_anstallning),
                "Benämning": row.benamning,
                "Förvaltning": row.forvaltning_namn,
                "Villkor": vocabulary.VILLKOR[row.villkor],
                "Avtalstid": _period(row),
                "Tidsgräns första anställning": (
                    month_key(b.tidsgrans) if row.villkor == "sysselsattningskrav" else "–"
                ),
                "Status": status_text("status", b.status),
            }
        )
    return pd.DataFrame(rows)


def _grouped(result: SysselsattningAr, key: str, label: str) -> pd.DataFrame:
    groups: dict[str, dict] = {}
    for row in result.avtal:
        name = getattr(row, key)
        g = groups.setdefault(
            name,
            {
                label: name,
                "Avtal": 0,
                "Krav (heltidsmånader)": 0,
                "Utfört (heltidsmånader)": 0.0,
                "Uppfyllda": 0,
                **{vocabulary.PLATSTYP_PLURAL[p]: 0 for p in vocabulary.PLATSTYP_PLURAL},
            },
        )
        g["Avtal"] += 1
        g["Krav (heltidsmånader)"] += row.krav_heltidsmanader or 0
        g["Utfört (heltidsmånader)"] += row.bedomning.utfort_heltidsmanader
        g["Uppfyllda"] += row.bedomning.status in ("uppfyllt", "uppfyllt_75")
        for platstyp, count in row.paborjade_ar.items():
            g[vocabulary.PLATSTYP_PLURAL[platstyp]] += count
    frame = pd.DataFrame(sorted(groups.values(), key=lambda g: g[label]))
    if not frame.empty:  # figures as Swedish text, right-aligned by ui.number_table
        frame["Utfört (heltidsmånader)"] = frame["Utfört (heltidsmånader)"].map(_hours)
        for column in frame.columns[1:]:
            if column != "Utfört (heltidsmånader)":
                frame[column] = frame[column].map(fmt_int)
    return frame


def by_forvaltning(result: SysselsattningAr) -> pd.DataFrame:
    """Per owning förvaltning: contracts, requirement, done, fulfilled, places started in the year."""
    return _grouped(result, "forvaltning_namn", "Förvaltning")


def by_leverantor(result: SysselsattningAr) -> pd.DataFrame:
    """The same per supplier."""
    return _grouped(result, "leverantor", "Leverantör")


def totals_table(result: SysselsattningAr) -> pd.DataFrame:
    """The year's places started through procurement, per kind of place."""
    return pd.DataFrame(
        [
            {"Platstyp": vocabulary.PLATSTYP_PLURAL[p], "Påbörjade under året": n}
            for p, n in result.totalt.items()
        ]
    )


def totals_sentence(result: SysselsattningAr) -> str:
    """`Under 2026 har upphandlingar med sysselsättningskrav gett 3 anställningar, …`."""
    t = result.totalt
    parts = [
        _count(t["anstallning"], "anställning", "anställningar"),
        _count(t["larling"], "lärlingsanställning", "lärlingsanställningar"),
        _count(t["praktik"], "praktikplats", "praktikplatser"),
    ]
    period = f" (till och med {fmt_month(result.per)})" if result.per else ""
    return (
        f"Under {result.year}{period} har upphandlingar med sysselsättningskrav gett "
        f"{parts[0]}, {parts[1]} och {parts[2]} som påbörjats."
    )


def overview_line(result: SysselsattningAr) -> str | None:
    """The one line beside the goal on Översikt; None when no contract touches the year."""
    if not result.has_contracts:
        return None
    krav = [r for r in result.avtal if r.krav_heltidsmanader]
    done = sum(r.bedomning.status in ("uppfyllt", "uppfyllt_75") for r in krav)
    late = sum(r.bedomning.forsta_anstallning == "forsenad" for r in result.avtal)
    t = result.totalt
    text = (
        f"**Sysselsättningskrav i upphandling:** {_count(len(result.avtal), 'avtal', 'avtal')}, "
        f"{_count(t['anstallning'], 'anställning', 'anställningar')}, "
        f"{_count(t['larling'], 'lärling', 'lärlingar')} och "
        f"{_count(t['praktik'], 'praktikplats', 'praktikplatser')} påbörjade {result.year}; "
        f"{fmt_int(done)} av {_count(len(krav), 'krav', 'krav')} uppfyllda"
    )
    if late:
        text += f", {fmt_int(late)} med försenad första anställning"
    return text + f". {NOT_IN_GOAL}"


def fulfilment_chart(result: SysselsattningAr) -> go.Figure:
    """Each contract with a requirement as a horizontal bar: the share done, against 100 % (the
    requirement) and 75 %. The contract's name, its figures, the status word and its symbol
    stand on two lines above its bar, from the left edge: beside or after a bar, a phone has
    no room for them."""
    rows = [r for r in result.avtal if r.krav_heltidsmanader]
    fig = go.Figure()
    shares, colors, labels = [], [], []
    for row in reversed(rows):  # the first contract on top
        b = row.bedomning
        shares.append(round((b.andel or 0.0) * 100, 1))
        colors.append(STATUS_COLOURS.get(b.status, palette.GREY))
        labels.append(
            f"{row.avtal} {row.leverantor}<br>{_hours(b.utfort_heltidsmanader)} av "
            f"{_hours(row.krav_heltidsmanader)} ({fmt_percent(b.andel)}) "
            f"{status_text('status', b.status)}"
        )
    positions = list(range(len(rows)))
    fig.add_trace(
        go.Bar(
            x=shares,
            y=positions,
            width=0.4,
            orientation="h",
            marker={"color": colors, "line": {"color": palette.BLACK, "width": 0.5}},
            customdata=[label.replace("<br>", ": ") for label in labels],
            hovertemplate="%{customdata}<extra></extra>",
            name="Utfört",
            showlegend=False,
        )
    )
    for position, label in zip(positions, labels, strict=True):
        fig.add_annotation(
            x=0, xref="paper", xanchor="left", y=position + 0.22, yanchor="bottom",
            text=label, align="left", showarrow=False,
        )  # fmt: skip
    # The lines are named by the x axis's ticks and the caption under the chart: words above
    # the plot would be cut where the page writes the title as text.
    for x, dash in ((100, "solid"), (75, "dash")):
        fig.add_vline(x=x, line={"color": palette.MAL, "dash": dash, "width": 1.5}, layer="below")
    top = max([125.0, *[s + 5 for s in shares]])
    ticks = list(range(0, int(top) + 1, 25))
    fig.update_layout(
        xaxis={
            "range": [0, top],
            "tickvals": ticks,
            "ticktext": [f"{t}\u00a0%" for t in ticks],
        },
        yaxis={"range": [-0.4, len(rows) - 0.1], "visible": False},
        height=max(260, 110 + 80 * len(rows)),
    )
    per = f", till och med {fmt_month(result.per)}" if result.per else ""
    return apply_style(
        fig,
        title=f"Uppfyllelse av sysselsättningskrav {result.year}",
        subtitle=f"Utförda heltidsmånader i anställningar och lärlingar, i procent av avtalets "
        f"krav{per}",
        source=SOURCE,
    )


def cli_lines(result: SysselsattningAr) -> list[str]:
    """The `sysselsattning` command's readable output: one line per contract, then the totals."""
    per = f", uppföljt till och med {fmt_month(result.per)}" if result.per else ""
    lines = [f"Sysselsättningskrav {result.year}{per}"]
    if not result.avtal:
        lines.append(f"Inget avtal med sysselsättningskrav löper under {result.year}.")
    for row in result.avtal:
        b = row.bedomning
        krav = (
            f"{_hours(b.utfort_heltidsmanader)} av {_hours(row.krav_heltidsmanader)} "
            f"heltidsmånader ({fmt_percent(b.andel)})"
            if row.krav_heltidsmanader
            else f"{_hours(b.utfort_heltidsmanader)} heltidsmånader, inget krav"
        )
        lines.append(
            f"  {row.avtal} {row.leverantor} ({row.forvaltning}, "
            f"{vocabulary.VILLKOR[row.villkor].lower()}): {krav}; första anställning: "
            f"{status_text('forsta_anstallning', b.forsta_anstallning)}; "
            f"status: {status_text('status', b.status)}"
        )
    lines.append(totals_sentence(result))
    lines.append(NOT_IN_GOAL)
    return lines
