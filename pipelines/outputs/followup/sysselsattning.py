"""The follow-up package's section on procurement with employment requirements: the fulfilment
chart with the table of contracts behind it, and the year's places started through procurement.

The same `SysselsattningAr` the page shows (`pipelines.queries.sysselsattning`). The section sits
beside the goal's charts and never enters the goal's figures. In the publication version the
places are counts of people: a count of 1–4 is shown as the disclosure mark, and no total is
shown that would let it be recomputed; the contract table holds no counts of people (full-time
months, shares and statuses only).
"""

from __future__ import annotations

import pandas as pd

from pipelines.domain import disclosure
from pipelines.outputs.followup.goal_charts import Builder
from pipelines.present import sysselsattning as words
from pipelines.present.export_tables import ExportChart, ExportTable
from pipelines.queries.sysselsattning import SysselsattningAr
from schemas import vocabulary


def contracts_table(result: SysselsattningAr) -> ExportTable:
    """Every contract of the year: requirement, done, share and both statuses (numbers kept)."""
    frame = pd.DataFrame(
        {
            "Avtal": [r.avtal for r in result.avtal],
            "Leverantör": [r.leverantor for r in result.avtal],
            "Förvaltning": [r.forvaltning_namn for r in result.avtal],
            "Villkor": [vocabulary.VILLKOR[r.villkor] for r in result.avtal],
            "Krav (heltidsmånader)": [r.krav_heltidsmanader for r in result.avtal],
            "Utfört (heltidsmånader)": [r.bedomning.utfort_heltidsmanader for r in result.avtal],
            "Andel av kravet": [r.bedomning.andel for r in result.avtal],
            "Första anställning": [
                words.status_text("forsta_anstallning", r.bedomning.forsta_anstallning)
                for r in result.avtal
            ],
            "Status": [words.status_text("status", r.bedomning.status) for r in result.avtal],
        }
    )
    kinds = {
        "Krav (heltidsmånader)": "int",
        "Utfört (heltidsmånader)": "dec1",
        "Andel av kravet": "pct",
    }
    return ExportTable("Sysselsättningskrav", frame, kinds)


def totals_table(result: SysselsattningAr, *, publication: bool) -> ExportTable:
    """The year's places started through procurement per kind of place (small counts hidden
    in the publication version)."""
    counts: list = list(result.totalt.values())
    masked = False
    if publication:
        shown = []
        for count in counts:
            if disclosure.is_small(count):
                shown.append(disclosure.MASK)
                masked = True
            else:
                shown.append(count)
        counts = shown
    frame = pd.DataFrame(
        {
            "Platstyp": [vocabulary.PLATSTYP_PLURAL[p] for p in result.totalt],
            "Påbörjade under året": counts,
        }
    )
    table = ExportTable("Platser genom upphandling", frame, {"Påbörjade under året": "int"}, masked)
    table.note = words.NOT_IN_GOAL
    return table


def section(b: Builder, result: SysselsattningAr) -> tuple[ExportChart | None, list[ExportTable]]:
    """The chart (when some contract has a requirement) and the tables of the section; nothing
    when no contract runs in the year."""
    if not result.has_contracts:
        return None, []
    contracts = contracts_table(result)
    totals = totals_table(result, publication=b.publication)
    if not any(r.krav_heltidsmanader for r in result.avtal):
        return None, [contracts, totals]
    fig = words.fulfilment_chart(result)
    per = f", till och med {result.per:%Y-%m}" if result.per else ""
    chart = b.chart(
        "sysselsattningskrav",
        fig,
        title=f"Uppfyllelse av sysselsättningskrav {result.year}",
        subtitle=f"Utförda heltidsmånader mot avtalens krav{per}",
        source=words.SOURCE,
        table=contracts,
    )
    return chart, [totals]


def sentence(result: SysselsattningAr, *, publication: bool) -> str | None:
    """The section's sentence for the summary text; None without contracts, or in the
    publication version when a count in it is 1–4."""
    if not result.has_contracts:
        return None
    if publication and any(disclosure.is_small(n) for n in result.totalt.values()):
        return None
    return f"{words.totals_sentence(result)} {words.NOT_IN_GOAL}"
