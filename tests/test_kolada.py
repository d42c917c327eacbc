"""Kolada's key figures: pulled through the client against recorded responses (no test reaches
the internet), every pull kept as a snapshot, and a saved response imported without internet.
Fixtures and their figures: tests/fixtures/kolada/README.md."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from helpers import query
from pipelines.ingest import kolada
from schemas.findings import RejectedFile

KOLADA = FIXTURES / "kolada"


def recorded(url: str) -> bytes:
    """The recorded response for each URL the client asks (anything else fails the test)."""
    if url == kolada.kpi_url(list(kolada.KPIS)):
        return (KOLADA / "kpi.json").read_bytes()
    if url == kolada.data_url(list(kolada.KPIS), ["1281", "0000"], [2024]):
        return (KOLADA / "data_page1.json").read_bytes()
    if url.endswith("?page=2"):
        return (KOLADA / "data_page2.json").read_bytes()
    raise AssertionError(f"unexpected request {url}")


def test_urls_are_kolada_v3():
    assert kolada.data_url(["N31807"], ["1281", "0000"], [2023, 2024]) == (
        "https://api.kolada.se/v3/data/kpi/N31807/municipality/1281%2C0000/year/2023,2024"
    )
    assert kolada.kolada_id("1281", "kommun") == "1281"
    assert kolada.kolada_id("00", "riket") == "0000"
    assert kolada.kolada_id("12", "lan") == "0012"


def test_a_pull_follows_pages_and_is_kept_whole(empty_db):
    result = kolada.pull(["1281", "0000"], [2024], fetch=recorded)
    assert result.values == 7 and result.kpis == ["N31807", "N31816", "N40008"]
    assert result.years == [2024]
    assert query(empty_db, "select count(*) from kolada_hamtning") == [(1,)]
    raw = json.loads(query(empty_db, "select svar from kolada_hamtning")[0][0])
    assert len(raw) == 2 and raw[1]["next_page"] is None
    values = dict(
        query(
            empty_db,
            "select kpi || ':' || kommun_id, varde from kolada_current where kon = 'T'",
        )
    )
    assert values == {
        "N31807:1281": 2.1,
        "N31807:0000": 3.6,
        "N31816:1281": 0.9,
        "N31816:0000": 1.4,
        "N40008:1281": None,
    }


def test_every_pull_is_a_snapshot_and_the_latest_counts(empty_db, tmp_path):
    kolada.pull(["1281", "0000"], [2024], fetch=recorded)
    revised = json.loads((KOLADA / "data_page1.json").read_text(encoding="utf-8"))
    revised["values"][0]["values"][0]["value"] = 2.3  # Kolada revised Lund's N31807
    revised["next_page"] = None
    saved = tmp_path / "kolada_svar.json"
    saved.write_text(json.dumps(revised, ensure_ascii=False), encoding="utf-8")
    result = kolada.import_saved(saved)
    assert result.hamtning_id == 2 and result.source == "kolada_svar.json"
    assert query(
        empty_db,
        "select hamtning_id, varde from kolada_varde where kpi = 'N31807' "
        "and kommun_id = '1281' and kon = 'T' order by hamtning_id",
    ) == [(1, 2.1), (2, 2.3)]
    assert query(
        empty_db,
        "select varde from kolada_current where kpi = 'N31807' and kommun_id = '1281' "
        "and kon = 'T'",
    ) == [(2.3,)]


def test_a_renumbered_key_figure_is_refused_before_anything_is_stored(empty_db):
    metadata = json.loads((KOLADA / "kpi.json").read_text(encoding="utf-8"))
    metadata["values"][1]["title"] = "Något helt annat"

    def fetch(url: str) -> bytes:
        if "/kpi?" in url:
            return json.dumps(metadata).encode()
        return recorded(url)

    with pytest.raises(RejectedFile) as refused:
        kolada.pull(["1281"], [2024], fetch=fetch)
    assert "N31816 heter nu ”Något helt annat”" in refused.value.findings[0].message


def test_a_saved_file_that_is_not_a_kolada_response_is_refused(empty_db, tmp_path):
    bad = tmp_path / "fel.json"
    bad.write_text('{"values": [{"kpi": "N31807"}]}', encoding="utf-8")
    with pytest.raises(RejectedFile) as refused:
        kolada.import_saved(bad)
    assert "har inte Koladas form" in refused.value.findings[0].message
    not_json = tmp_path / "inte.json"
    not_json.write_text("<html>", encoding="utf-8")
    with pytest.raises(RejectedFile) as refused:
        kolada.import_saved(not_json)
    assert "kunde inte läsas som ett sparat svar från Kolada" in refused.value.findings[0].message


def test_the_comparison_shows_kolada_beside_the_group_and_riket(empty_db):
    from helpers import run_page
    from pipelines.queries.comparison import kolada_figures

    kolada.pull(["1281", "0000"], [2024], fetch=recorded)
    frame = kolada_figures()
    assert list(frame["kpi"]) == ["N31807", "N31816", "N40008"]
    n31807 = frame.iloc[0]
    # Lund is the only member of Större städer with a value in the recorded pull.
    assert (n31807["egen"], n31807["grupp_medel"], n31807["grupp_antal"], n31807["riket"]) == (
        2.1,
        2.1,
        1,
        3.6,
    )
    assert frame.iloc[2][["egen", "riket"]].isna().all()
    own = "Månad;Hushåll;Utbetalt\n2025-01;1020;100\n"
    from pipelines.ingest.store import ingest_bytes

    assert ingest_bytes(own.encode(), "fs.csv").outcome == "lagrad"
    at = run_page("forsorjningsstod.py")
    assert not at.exception, at.exception
    from html_tables import table_with

    table = table_with(at, "Jämförelsegruppen, medel")
    assert list(table["Riket"]) == ["3,6", "1,4", "–"]
    assert table["Jämförelsegruppen, medel"].iloc[0] == "2,1 (1 kommun)"


def test_the_command_imports_a_saved_response(empty_db, capsys):
    from pipelines.cli import main

    assert main(["kolada", "--fil", str(KOLADA / "data_page2.json")]) == 0
    assert capsys.readouterr().out == (
        "Kolada: hämtning 1 från data_page2.json: 2 värden, nyckeltal N31816, N40008, år 2024.\n"
    )
    assert main(["kolada", "--fil", str(KOLADA / "README.md")]) == 1
    assert "kunde inte läsas som ett sparat svar från Kolada" in capsys.readouterr().err
