"""Counts of corrections (issue 28): "Rättade siffror" counts the slices whose content a later
delivery changed, not every slice it delivered again ("1 ändrad + 3 samma" is 1)."""

from __future__ import annotations

from helpers import HIRES_HEADER, csv_bytes
from pipelines.ingest.store import ingest_bytes
from pipelines.present.quality_tables import corrections_table
from pipelines.queries.quality_revisions import changed_count, corrections

MARCH = [
    HIRES_HEADER,
    "2026-03;KK;lonestod;2;;;",
    "2026-03;BSF;lonestod;3;;;",
    "2026-03;VOF;lonestod;5;;;",
    "2026-03;MF;lonestod;1;;;",
]


def test_one_changed_and_three_same_count_one(empty_db):
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    correction = [*MARCH[:3], "2026-03;VOF;lonestod;6;;;", MARCH[4]]
    result = ingest_bytes(csv_bytes(correction), "mars_rattad.csv")
    assert sorted(c.changed for c in result.changes) == [False, False, False, True]  # preview
    fixes = corrections(2026)
    assert len(fixes) == 4  # every replaced slice is listed …
    assert changed_count(fixes) == 1  # … but one was corrected
    table = corrections_table(fixes).set_index("Förvaltning")
    assert table.loc["VOF – Vård- och omsorgsförvaltningen", "Ändring"] == "+1"
    assert table.loc["KK – Kommunkontoret", "Ändring"] == "oförändrad"


def test_other_rows_with_the_same_total_are_a_correction(empty_db):
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    # KK: 2 lönestöd becomes 1 lönestöd and 1 OSA: the same total, other content.
    correction = [HIRES_HEADER, "2026-03;KK;lonestod;1;;;", "2026-03;KK;osa;1;;;"]
    ingest_bytes(csv_bytes(correction), "mars_kk.csv")
    fixes = corrections(2026)
    assert changed_count(fixes) == 1
    [row] = corrections_table(fixes)["Ändring"].tolist()
    assert row == "0 (andra rader)"


def test_no_corrections_count_zero(empty_db):
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    assert changed_count(corrections(2026)) == 0
