"""Tables that lose least (issue 25): a förvaltning × month table of a public package that would be
mostly X is published as förvaltning × quarter, protected and audited like the rest, and says
so in its note and in the README's notes.

Fixture 2026 (tests/fixtures/README.md): KK and ASF hire 2 a month, BSF and VOF 6, MF 0, none in
July, through August. By month 14 of the 40 cells are hidden (KK's and ASF's months but July's
0): under the limit of half, so the fixture keeps its months; with the limit lowered the
quarters are 6, 6 and 2 (July 0 + August 2) for KK and ASF, and 4 of 15 cells are hidden.
"""

from __future__ import annotations

import pandas as pd

from pipelines import warehouse
from pipelines.outputs.followup import coarse, published
from pipelines.outputs.followup.collect import _read, collect_followup


def test_quarters_sum_the_delivered_months():
    heat = pd.DataFrame(
        {"kod": ["A", "B"], "namn": ["Aa", "Bb"], 1: [1, 5], 2: [2, pd.NA], 4: [3, pd.NA]}
    )
    heat["total"] = [6, 5]
    heat.attrs["missing"] = 2
    q = coarse.quarters(heat)
    assert [c for c in q.columns if isinstance(c, int)] == [1, 2]
    assert q[1].tolist() == [3, 5]
    assert q[2].tolist()[0] == 3 and pd.isna(q[2].tolist()[1])  # nothing delivered: not 0
    assert q.attrs == {"missing": 2, "quarters": True}
    ledger = published.Ledger()
    coarse.add_to_ledger(ledger, q, 2026)
    assert ledger.values[(coarse.QUARTER_TOTAL, 2026, 1)] == 8
    assert ledger.values[("forv", "A")] == 6


def test_the_fixture_keeps_its_months(fixture_db):
    with warehouse.read() as con:
        data = _read(con, 2026)
    _, protection = published.protect_package(data, 2026)
    assert coarse.hidden_share(data["heatmap"], 2026, protection) == (14, 40)
    assert not coarse.mostly_hidden(data["heatmap"], 2026, protection)
    public = collect_followup(2026, publication=True)
    assert public.chart("04_forvaltning_och_manad").table.name == "Förvaltning och månad"
    assert coarse.NOTE not in public.missing


def test_a_mostly_hidden_month_table_is_published_by_quarter(fixture_db, monkeypatch):
    monkeypatch.setattr(coarse, "SHARE_LIMIT", 0.3)  # 14 of 40 is then "mostly"
    public = collect_followup(2026, publication=True)  # audited inside: raises on any leak
    table = public.chart("04_forvaltning_och_manad").table
    assert table.name == "Förvaltning och kvartal"
    frame = table.frame.set_index("Förvaltning")
    assert list(frame.columns) == ["Kv 1", "Kv 2", "Kv 3", "Totalt"]
    # Q3's 2 hidden, and Q1 with it (the row's total 14 would give it back)
    assert frame.loc["Kommunkontoret"].tolist() == ["X", 6, "X", 14]
    assert frame.loc["Totalt"].tolist() == [48, 48, 16, 112]
    assert coarse.NOTE in table.note and coarse.NOTE in public.missing
    with warehouse.read() as con:
        data = _read(con, 2026)
    quarters = {**data, "heatmap": coarse.quarters(data["heatmap"])}
    _, protection = published.protect_package(quarters, 2026)
    assert coarse.hidden_share(quarters["heatmap"], 2026, protection) == (4, 15)
