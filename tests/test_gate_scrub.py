"""Issue 26: the migration that scrubs personal numbers from `ingest_log` and `audit_log`
rows stored before the guard knew `_`, `.` and `/` as separators, once, and recorded."""

from __future__ import annotations

import duckdb

from pipelines import warehouse
from pipelines.warehouse import scrub
from schemas import guard

NAME = "anstallningar_491203_4521.csv"
MESSAGES = '[{"message": "Rad 3: 491203.4521", "file": "anstallningar_491203_4521.csv"}]'


def _old_warehouse(db) -> None:
    """A warehouse as an earlier version left it: a personal number in both logs, and no
    record of the migration."""
    with warehouse.write(db) as con:
        con.execute(
            "insert into ingest_log (ingest_id, file_name, content_hash, outcome, started_at, "
            "finished_at, source, messages) values (1, ?, 'h', 'lagrad', now(), now(), 'cli', ?)",
            [NAME, MESSAGES],
        )
        con.execute(
            "insert into audit_log (happened_at, actor, role, source, action, subject, detail, "
            "ingest_id) values (now(), 'anna', '', 'cli', 'fil_lagrad', ?, 'lagrad', 1), "
            "(now(), 'anna', '', 'cli', 'fil_lagrad', 'mal_2026.csv', 'lagrad', 2)",
            [NAME],
        )
        con.execute("delete from migration_log")


def _rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_migration_scrubs_both_logs_once_and_records_it(tmp_path) -> None:
    db = tmp_path / "gammal.duckdb"
    _old_warehouse(db)
    with warehouse.write(db):  # the next write runs it
        pass
    [(file_name, messages)] = _rows(db, "select file_name, messages from ingest_log")
    assert file_name == "anstallningar_[personnummer borttaget].csv"
    assert "[personnummer borttaget]" in messages and "4521" not in messages
    import json

    assert json.loads(messages)[0]["message"] == "Rad 3: [personnummer borttaget]"
    subjects = _rows(db, "select subject from audit_log where action = 'fil_lagrad' order by 1")
    assert subjects == [("anstallningar_[personnummer borttaget].csv",), ("mal_2026.csv",)]
    [(detail,)] = _rows(
        db, "select detail from migration_log where name = 'personnummer_rensat_2026_12'"
    )
    assert detail == "3 värden i ingest_log och audit_log rensade från personnummer"
    [(action, subject, logged)] = _rows(
        db, "select action, subject, detail from audit_log where action = 'personnummer_rensat'"
    )
    assert (subject, logged) == ("ingest_log och audit_log", detail)
    for table in ("ingest_log", "audit_log", "migration_log"):
        for row in _rows(db, f"select * from {table}"):
            assert not guard.looks_like_personnummer(str(row))
    # It ran once: a later write changes nothing and records nothing more.
    with warehouse.write(db) as con:
        assert scrub.scrub_personal_numbers(con) is None
    assert len(_rows(db, "select * from audit_log")) == 3


def test_a_clean_warehouse_records_the_migration_without_a_trail_line(tmp_path) -> None:
    db = tmp_path / "ny.duckdb"
    with warehouse.write(db):
        pass
    assert _rows(db, "select name from migration_log") == [("personnummer_rensat_2026_12",)]
    assert _rows(db, "select count(*) from audit_log") == [(0,)]
