"""Backups: a copy taken while files are stored holds one committed state; a restore brings back
exactly the state of the copy; a damaged or foreign file is refused and changes nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from conftest import FIXTURES, ROOT
from pipelines import warehouse
from pipelines.ingest.comments import save_comment
from pipelines.ingest.store import ingest_bytes, ingest_file
from pipelines.warehouse import backup as backups

WAREHOUSE_FILES = FIXTURES / "warehouse"
CORRECTION = (
    "Månad;Förvaltning;Anställningsform;Antal;Kön;Målgrupp;Från försörjningsstöd\n"
    "2026-01;KK;lonestod;9;kvinna;utrikesfodd_vuxen;ja\n"
).encode()


def state(db: Path) -> dict:
    """Everything the warehouse holds: every table's rows (sorted) and every sequence."""
    with warehouse.read(db) as con:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'main' "
                "order by table_name"
            ).fetchall()
        ]
        rows = {
            t: sorted(map(repr, con.execute(f'select * from "{t}"').fetchall())) for t in tables
        }
        rows["sekvenser"] = con.execute(
            "select sequence_name, last_value from duckdb_sequences() order by 1"
        ).fetchall()
    return rows


def store_first_state(db: Path) -> None:
    for name in ("anstallningar_2025.csv", "forsorjningsstod.csv"):
        assert ingest_file(WAREHOUSE_FILES / name, source="test").outcome == "lagrad"
    save_comment(date(2025, 6, 1), "Juni såg bra ut.", "Anna Analytiker")


def change_more(db: Path) -> None:
    for name in ("anstallningar_2026.csv", "mal_2026.csv"):
        assert ingest_file(WAREHOUSE_FILES / name, source="test").outcome == "lagrad"
    assert ingest_bytes(CORRECTION, "rattelse.csv", source="test").outcome == "lagrad"
    save_comment(date(2025, 6, 1), "Juni: rättat efter ny leverans.", "Anna Analytiker")


def test_restore_brings_back_exactly_the_state_of_the_backup(empty_db, tmp_path):
    store_first_state(empty_db)
    first = state(empty_db)

    made = backups.backup(tmp_path / "kopior")
    assert made.path.parent == tmp_path / "kopior"
    assert made.path.name.startswith("arbetsmal-") and made.path.suffix == ".duckdb"
    assert made.manifest_path.is_file()
    assert made.tables["ingest_log"] == 2
    assert made.tables["rapport_kommentar"] == 1

    change_more(empty_db)
    changed = state(empty_db)
    assert changed != first
    assert len(changed["ingest_log"]) == 5

    done = backups.restore(made.path)
    assert state(empty_db) == first
    # the replaced warehouse is kept, and is itself a checked backup of the changed state
    assert done.previous is not None and done.previous.parent.name == "sakerhetskopior"
    assert backups.check(done.previous).ok
    assert done.previous.name.startswith("fore-aterstallning-")
    # the restored warehouse takes new files as usual
    assert ingest_file(WAREHOUSE_FILES / "mal_2026.csv", source="test").outcome == "lagrad"


def test_a_backup_is_one_self_contained_file_that_checks(empty_db, tmp_path):
    store_first_state(empty_db)
    made = backups.backup(tmp_path)
    checked = backups.check(made.path)
    assert checked.ok, checked.problems
    assert checked.tables == made.tables
    assert checked.manifest["sha256"] and checked.manifest["databas"] == "warehouse.duckdb"
    assert not Path(str(made.path) + ".wal").exists()
    # two backups in the same second get different names
    again = backups.backup(tmp_path)
    assert again.path != made.path and backups.check(again.path).ok


def test_restore_into_a_missing_warehouse(empty_db, tmp_path):
    store_first_state(empty_db)
    first = state(empty_db)
    made = backups.backup(tmp_path / "kopior")
    empty_db.unlink()
    done = backups.restore(made.path)
    assert done.previous is None
    assert state(empty_db) == first


def _flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def test_damaged_and_foreign_files_are_refused_and_change_nothing(empty_db, tmp_path):
    store_first_state(empty_db)
    made = backups.backup(tmp_path / "kopior")
    change_more(empty_db)
    before = state(empty_db)
    stamp = empty_db.stat().st_mtime_ns

    text = tmp_path / "anteckningar.duckdb"
    text.write_text("inte en databas\n" * 10, encoding="utf-8")
    foreign = tmp_path / "annan.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("create table kunder (id int)")
    con.close()
    damaged = tmp_path / "skadad.duckdb"
    damaged.write_bytes(made.path.read_bytes())
    damaged.with_suffix(".json").write_text(
        made.manifest_path.read_text(encoding="utf-8"), encoding="utf-8"
    )
    _flip_byte(damaged, len(damaged.read_bytes()) // 2)

    expected = {
        tmp_path / "saknas.duckdb": "finns inte",
        text: "är ingen DuckDB-databas",
        foreign: "Manifestet annan.json saknas bredvid annan.duckdb",
        damaged: "har ändrats eller skadats sedan säkerhetskopian togs",
    }
    for file, words in expected.items():
        checked = backups.check(file)
        assert not checked.ok and words in checked.problems[0], (file, checked.problems)
        with pytest.raises(backups.BackupError, match=re.escape(words)):
            backups.restore(file)
        assert state(empty_db) == before
        assert empty_db.stat().st_mtime_ns == stamp
    assert not (empty_db.parent / "sakerhetskopior").exists()


def test_manifest_that_disagrees_with_the_contents_is_refused(empty_db, tmp_path):
    store_first_state(empty_db)
    made = backups.backup(tmp_path)
    other = backups.backup(tmp_path / "annan")
    change_more(empty_db)
    newer = backups.backup(tmp_path / "nyare")
    # the newer copy under the older copy's manifest: the checksum tells them apart
    made.path.write_bytes(newer.path.read_bytes())
    assert "kontrollsumman stämmer inte" in backups.check(made.path).problems[0]
    assert backups.check(other.path).ok


def test_backup_of_a_missing_warehouse_says_so(empty_db, tmp_path):
    with pytest.raises(backups.BackupError, match="finns inte: det finns inget att"):
        backups.backup(tmp_path / "kopior")


WRITER = """
import sys
from datetime import date
from pipelines.ingest.comments import save_comment
for n in range(int(sys.argv[1])):
    save_comment(date(2026, 1, 1), f"Version {n + 1}", "Skrivare")
print("klar")
"""


@pytest.mark.slow
def test_backups_taken_while_another_process_writes_hold_whole_transactions(empty_db, tmp_path):
    """A writer in another process saves comment versions (each version and its audit line in
    one transaction) while backups are taken: every copy holds versions 1..n with no gap, each
    with its audit line."""
    store_first_state(empty_db)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, "20"],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    copies = []
    while writer.poll() is None and len(copies) < 4:
        copies.append(backups.backup(tmp_path / "kopior").path)
    output, _ = writer.communicate(timeout=120)
    assert writer.returncode == 0, output
    copies.append(backups.backup(tmp_path / "kopior").path)
    counts = []
    for copy in copies:
        assert backups.check(copy).ok
        con = duckdb.connect(str(copy), read_only=True)
        try:
            versions = [
                v
                for (v,) in con.execute(
                    "select version from rapport_kommentar where manad = '2026-01-01' "
                    "order by version"
                ).fetchall()
            ]
            audited = con.execute(
                "select count(*) from audit_log where action like 'kommentar_%' "
                "and subject like '%2026%'"
            ).fetchone()[0]
        finally:
            con.close()
        assert versions == list(range(1, len(versions) + 1))
        assert audited == len(versions)
        counts.append(len(versions))
    assert counts == sorted(counts) and counts[-1] == 20
