"""Issue 26: `restore` requires the manifest (`--utan-manifest` is an explicit choice that
warns), and DuckDB's and the OS's English never reaches the user (`schemas.boundary`)."""

from __future__ import annotations

import errno

import duckdb

from helpers import query
from pipelines import cli
from pipelines.ingest.comments import save_comment
from pipelines.warehouse import backup as backups
from schemas.boundary import swedish


def _state(db):
    return query(db, "select count(*) from rapport_kommentar")


def test_a_backup_without_its_manifest_is_not_restored_unless_chosen(empty_db, tmp_path, capsys):
    from datetime import date

    save_comment(date(2026, 1, 1), "Första", "Anna")
    made = backups.backup(tmp_path / "kopior")
    made.manifest_path.unlink()
    save_comment(date(2026, 1, 1), "Andra", "Anna")
    before = _state(empty_db)

    assert cli.main(["restore", str(made.path)]) == 1
    err = capsys.readouterr().err
    assert f"Manifestet {made.manifest_path.name} saknas" in err
    assert "--utan-manifest" in err
    assert _state(empty_db) == before

    assert cli.main(["restore", "--utan-manifest", str(made.path)]) == 0
    captured = capsys.readouterr()
    assert "Varning: återställer utan manifest." in captured.err
    assert "är återställd från" in captured.out
    assert query(empty_db, "select text from rapport_kommentar") == [("Första",)]


def test_a_damaged_database_is_refused_in_swedish(empty_db, tmp_path, capsys) -> None:
    from datetime import date

    save_comment(date(2026, 1, 1), "Första", "Anna")
    made = backups.backup(tmp_path / "kopior")
    made.manifest_path.unlink()
    data = bytearray(made.path.read_bytes())
    for offset in range(12_288, len(data), 4096):  # every block after the headers
        data[offset + 100] ^= 0xFF
    made.path.write_bytes(bytes(data))
    before = _state(empty_db)
    status = cli.main(["restore", "--utan-manifest", str(made.path)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert status == 1
    assert "Återställningen avbröts" in out
    for english in ("Corrupt", "checksum", "Error", "IO ", "database file"):
        assert english not in out, out
    assert _state(empty_db) == before


def test_library_and_os_messages_are_swedish() -> None:
    assert swedish(OSError(errno.ENOSPC, "No space left on device")) == "disken är full"
    assert swedish(PermissionError(errno.EACCES, "Permission denied")) == "behörighet saknas"
    corrupt = duckdb.IOException("Corrupt database file: computed checksum 123 (expected 456)")
    assert swedish(corrupt) == "filen är skadad (kontrollsumman stämmer inte)"
    assert swedish(ValueError("something else")) == (
        "ett oväntat fel uppstod (detaljerna finns i loggen)"
    )
