"""A write brings the schema and the reference tables up to date only when they changed
(`warehouse_state`): a changed reference file still reaches the ref_* tables at the next write,
a changed schema still runs, and a warehouse that lost its views gets them back."""

from __future__ import annotations

import shutil

import duckdb

from helpers import HIRES_HEADER, csv_bytes, query
from pipelines import warehouse
from pipelines.ingest.store import ingest_bytes


def _store(line: str, name: str) -> None:
    result = ingest_bytes(csv_bytes([HIRES_HEADER, line]), name, source="test")
    assert result.outcome == "lagrad", [f.format() for f in result.findings]


def test_a_changed_reference_file_reaches_the_next_write(
    empty_db, reference_dir, tmp_path, monkeypatch
):
    folder = tmp_path / "reference"
    shutil.copytree(reference_dir, folder)
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(folder))
    _store("2026-03;KK;lonestod;2;;;", "mars.csv")
    names = dict(query(empty_db, "select kod, namn from ref_forvaltning"))
    assert names["KK"] == "Kommunkontoret"
    state = dict(query(empty_db, "select name, value from warehouse_state"))
    assert set(state) == {"schema", "reference"}
    path = folder / "forvaltningar.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("KK;Kommunkontoret", "KK;Stadskontoret"),
        encoding="utf-8",
    )
    _store("2026-04;KK;lonestod;3;;;", "april.csv")
    assert dict(query(empty_db, "select kod, namn from ref_forvaltning"))["KK"] == "Stadskontoret"
    after = dict(query(empty_db, "select name, value from warehouse_state"))
    assert after["schema"] == state["schema"] and after["reference"] != state["reference"]


def test_a_changed_schema_runs_and_an_unchanged_one_does_not(empty_db, monkeypatch):
    _store("2026-03;KK;lonestod;2;;;", "mars.csv")
    ran: list[str] = []
    real = warehouse._schema_sql

    def with_probe():
        ran.append("schema")
        return [*real(), "CREATE OR REPLACE VIEW schema_probe AS SELECT 1 AS one"]

    monkeypatch.setattr(warehouse, "_schema_sql", with_probe)
    _store("2026-04;KK;lonestod;3;;;", "april.csv")
    assert query(empty_db, "select one from schema_probe") == [(1,)]
    # The same schema again: the probe view dropped by hand stays dropped (nothing re-ran) ...
    with duckdb.connect(str(empty_db)) as con:
        con.execute("DROP VIEW schema_probe")
    _store("2026-05;KK;lonestod;4;;;", "maj.csv")
    assert query(
        empty_db, "select count(*) from duckdb_views() where view_name = 'schema_probe'"
    ) == [(0,)]
    assert ran  # the statements were built, their fingerprint compared


def test_a_warehouse_that_lost_its_views_gets_them_back(empty_db, monkeypatch):
    _store("2026-03;KK;lonestod;2;;;", "mars.csv")
    with duckdb.connect(str(empty_db)) as con:
        con.execute("DROP VIEW hires_monthly")
    monkeypatch.setattr(warehouse, "_ensured", set())
    warehouse.ensure(empty_db)
    assert query(empty_db, "select count(*) from hires_monthly") == [(1,)]
