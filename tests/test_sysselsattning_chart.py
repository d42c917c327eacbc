"""The fulfilment chart of contracts with employment requirements reads on a phone: each bar's
name, figures and status stand on two lines above it from the left edge (nothing beside or at the
bar's end to be cut off at 390 px), and the 75 % and requirement lines are named by the axis."""

from __future__ import annotations

from datetime import date

from pipelines.domain.sysselsattningskrav import Bedomning
from pipelines.present.sysselsattning import fulfilment_chart
from pipelines.queries.sysselsattning import AvtalRad, SysselsattningAr

NB = "\u00a0"


def _row(avtal: str, leverantor: str, krav: int | None, done: float, status: str) -> AvtalRad:
    andel = round(done / krav, 4) if krav else None
    assessment = Bedomning(
        avtal, date(2026, 11, 1), date(2024, 6, 1), date(2024, 2, 1), "i_tid", done, andel, status
    )
    return AvtalRad(
        avtal, "Städtjänster", leverantor, "SF", "Serviceförvaltningen", "sysselsattningskrav",
        date(2024, 1, 1), date(2027, 12, 1), krav, "Långt från arbetsmarknaden", assessment,
        date(2026, 11, 1),
    )  # fmt: skip


def test_figures_stand_above_each_bar_and_the_axis_names_the_lines():
    result = SysselsattningAr(
        2026,
        date(2026, 11, 1),
        [
            _row("2024-031", "Lunds Städservice AB", 36, 37.5, "uppfyllt"),
            _row("2026-017", "Fastighetsservice Syd AB", 24, 14.6, "pagar"),
            _row("2025-040", "Utan krav AB", None, 0.0, "ej_aktuellt"),
        ],
        {},
    )
    fig = fulfilment_chart(result)
    (bar,) = fig.data
    # Bottom to top (the first contract on top); the contract without a requirement has none.
    assert list(bar.x) == [60.8, 104.2] and list(bar.y) == [0, 1]
    assert bar.text is None
    labels = {
        (a.y, a.x, a.xref, a.xanchor): a.text for a in fig.layout.annotations if a.yref is None
    }
    assert labels == {
        (
            0.22,
            0,
            "paper",
            "left",
        ): f"2026-017 Fastighetsservice Syd AB<br>14,6 av 24 (61{NB}%) → Pågår",
        (
            1.22,
            0,
            "paper",
            "left",
        ): f"2024-031 Lunds Städservice AB<br>37,5 av 36 (104{NB}%) ✓ Uppfyllt",
    }
    assert fig.layout.xaxis.range == (0, 125.0)
    assert [(line.x0, line.line.dash) for line in fig.layout.shapes] == [
        (100, "solid"),
        (75, "dash"),
    ]
    assert list(fig.layout.xaxis.ticktext) == [f"{t}{NB}%" for t in (0, 25, 50, 75, 100, 125)]
