"""Kolada's key figures beside the own follow-up of those hired (issue 27): the pull asks for
those of U31462, N00919, N00988 and N02797 that Kolada's metadata lists (fixtures:
tests/fixtures/kolada/kpi_utfall.json without N00988, data_utfall.json), and the comparison
table shows them beside the own shares with their definitions and what they measure instead."""

from __future__ import annotations

from outcomes_data import lines

from conftest import FIXTURES
from helpers import csv_bytes, query
from pipelines.ingest import kolada
from pipelines.ingest.store import ingest_bytes
from pipelines.present.outcomes_comparison import NOTE, kolada_comparison_table
from schemas.kolada_outcomes import OUTCOME_KPIS

KOLADA = FIXTURES / "kolada"
WORDS = {kpi: m.word for kpi, m in OUTCOME_KPIS.items()}
ASKED = ["N31807", "N31816", "N40008", "U31462", "N00919", "N02797"]


def recorded(url: str) -> bytes:
    """The recorded response for each URL asked (anything else fails the test)."""
    further = [k for k in WORDS if k not in kolada.KPIS]
    if url == kolada.kpi_url([*kolada.KPIS, *further]):
        return (KOLADA / "kpi_utfall.json").read_bytes()
    if url == kolada.data_url(ASKED, ["1281", "0000"], [2024]):
        return (KOLADA / "data_utfall.json").read_bytes()
    raise AssertionError(f"unexpected request {url}")


def test_the_pull_adds_the_figures_kolada_lists(empty_db):
    result = kolada.pull(["1281", "0000"], [2024], fetch=recorded, optional=WORDS)
    # N00988 is not in the metadata: not asked for, and nothing fails.
    assert result.kpis == sorted(ASKED) and result.values == 11
    assert query(
        empty_db, "select varde from kolada_current where kpi = 'U31462' and kommun_id = '1281'"
    ) == [(78.5,)]


def test_a_further_figure_whose_title_changed_is_left_out():
    import json

    pages = [json.loads((KOLADA / "kpi_utfall.json").read_text(encoding="utf-8"))]
    for item in pages[0]["values"]:
        if item["id"] == "N02797":
            item["title"] = "Något helt annat"
    assert kolada.check_kpis(pages, optional=WORDS) == ASKED[:-1]


def test_the_comparison_table_beside_the_own_figures(fixture_db):
    from pipelines.queries.outcomes import outcomes
    from pipelines.queries.outcomes_comparison import kolada_outcome_figures

    assert ingest_bytes(csv_bytes(lines()), "uppfoljning_2025.csv", source="t").outcome == "lagrad"
    kolada.pull(["1281", "0000"], [2024], fetch=recorded, optional=WORDS)
    figures = kolada_outcome_figures()
    assert list(figures["kpi"]) == ["N31816", "U31462", "N00919", "N02797"]
    table = kolada_comparison_table(outcomes(2025), figures, "Lund")
    assert list(table.columns) == ["Mått", "Källa", "År", "Lund", "Riket", "Definition"]
    nbsp = "\u00a0"
    # The own shares at 12 months (tests/outcomes_data.py): 8 of 15, 13 of 13, 6 → 0.
    assert table.iloc[0].tolist()[:5] == [
        "Kvar i anställning efter 12 månader",
        "Egen uppföljning",
        "anställda 2025",
        f"53{nbsp}%",
        "–",
    ]
    assert table.iloc[1]["Lund"] == f"100{nbsp}%"
    assert table.iloc[2]["Lund"] == "6 → 0"
    kolada_rows = table.iloc[3:].set_index("Källa")
    assert kolada_rows.loc["Kolada (RKA), U31462", "Lund"] == f"78,5{nbsp}%"
    assert kolada_rows.loc["Kolada (RKA), U31462", "Riket"] == f"80,2{nbsp}%"
    assert kolada_rows.loc["Kolada (RKA), N02797", "Riket"] == "–"
    assert kolada_rows.loc["Kolada (RKA), N00919", "År"] == "2024"
    assert (
        "Mäter något annat: Hela befolkningens arbetslöshet"
        in (kolada_rows.loc["Kolada (RKA), N00919", "Definition"])
    )
    assert "mäter andra saker" in NOTE


def test_without_own_follow_up_only_kolada(empty_db):
    from pipelines.queries.outcomes_comparison import kolada_outcome_figures

    kolada.pull(["1281", "0000"], [2024], fetch=recorded, optional=WORDS)
    table = kolada_comparison_table(None, kolada_outcome_figures(), "Lund")
    assert list(table["Källa"]) == [f"Kolada (RKA), {k}" for k in ASKED[1:2] + ASKED[3:]]
    assert set(table["År"]) == {"2024"}
