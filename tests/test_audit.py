"""The audit trail (audit_log): who stored, re-stored or rejected which file, who wrote or changed
which comment, who built which export, who backed up and restored, and when; written in the same
transaction as the change; the command line names the operating-system user; Datakvalitet shows
the trail to analytiker and administrator only."""

from __future__ import annotations

import argparse
from datetime import date, datetime

import pytest
from streamlit.testing.v1 import AppTest
from test_auth import ANALYST, READER, SECRETS

from conftest import FIXTURE_FILES, ROOT
from helpers import HIRES_HEADER, csv_bytes, query
from pipelines import cli
from pipelines.ingest import audit
from pipelines.ingest.comments import save_comment
from pipelines.ingest.store import ingest_bytes
from pipelines.present.audit_table import audit_table
from pipelines.queries.audit import audit_trail

ANNA = audit.Actor("anna@kommunen.se", "analytiker", "app")
GOOD = csv_bytes([HIRES_HEADER, "2026-08;KK;lonestod;12;kvinna;utrikesfodd_vuxen;ja"])
BAD = csv_bytes([HIRES_HEADER, "2026-08;KK;lonestod;-3;kvinna;utrikesfodd_vuxen;ja"])


def trail(db) -> list[tuple]:
    return query(
        db,
        "select actor, role, source, action, subject, detail from audit_log order by audit_id",
    )


def test_files_stored_again_and_rejected_name_who_and_which_file(empty_db):
    stored = ingest_bytes(GOOD, "kk_augusti.csv", source="app", actor=ANNA)
    with audit.acting_as(ANNA):
        again = ingest_bytes(GOOD, "kk_augusti_igen.csv", source="app")
    rejected = ingest_bytes(BAD, "fel_850101-1234.csv", source="app", actor=ANNA)
    assert (stored.outcome, again.outcome, rejected.outcome) == (
        "lagrad",
        "redan_lagrad",
        "avvisad",
    )
    assert trail(empty_db) == [
        (
            *ANNA.__dict__.values(),
            "fil_lagrad",
            "kk_augusti.csv",
            "1 rad; 1 nya och 0 ersatta delar",
        ),
        (
            *ANNA.__dict__.values(),
            "fil_redan_lagrad",
            "kk_augusti_igen.csv",
            f"samma innehåll som inläsning {stored.ingest_id}",
        ),
        # the personal identity number in the file name is never stored
        (*ANNA.__dict__.values(), "fil_avvisad", "fel_[personnummer borttaget].csv", "1 fel"),
    ]
    # each line points at its ingest-log line
    assert query(
        empty_db,
        "select a.ingest_id = i.ingest_id, i.outcome from audit_log a "
        "join ingest_log i using (ingest_id) order by a.audit_id",
    ) == [(True, "lagrad"), (True, "redan_lagrad"), (True, "avvisad")]


def test_the_line_and_the_change_are_one_transaction(empty_db, monkeypatch):
    ingest_bytes(GOOD, "forsta.csv", source="test")

    def broken(*args, **kwargs):
        raise RuntimeError("disken är full")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError, match="disken är full"):
        ingest_bytes(GOOD.replace(b";12;", b";13;"), "andra.csv", source="test")
    assert query(empty_db, "select file_name from ingest_log") == [("forsta.csv",)]
    assert [row[4] for row in trail(empty_db)] == ["forsta.csv"]


def test_comments_written_and_changed(empty_db):
    save_comment(date(2026, 8, 1), "Första tanken.", "Anna Analytiker", actor=ANNA)
    save_comment(date(2026, 8, 1), "Andra tanken, längre.", "Anna Analytiker", actor=ANNA)
    assert trail(empty_db) == [
        (*ANNA.__dict__.values(), "kommentar_skriven", "kommentar 2026-08", "version 1, 14 tecken"),
        (*ANNA.__dict__.values(), "kommentar_andrad", "kommentar 2026-08", "version 2, 21 tecken"),
    ]


def test_the_command_line_names_the_operating_system_user(empty_db, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "driftkonto")
    file = tmp_path / "kk_augusti.csv"
    file.write_bytes(GOOD)
    assert cli.main(["ingest", str(file)]) == 0
    assert cli.main(["backup", "--out", str(tmp_path / "kopior")]) == 0
    copy = next((tmp_path / "kopior").glob("arbetsmal-*.duckdb"))
    assert f"Säkerhetskopia sparad: {copy}" in capsys.readouterr().out
    assert cli.main(["restore", str(copy)]) == 0
    assert "är återställd från" in capsys.readouterr().out
    lines = trail(empty_db)
    assert [line[:4] for line in lines] == [
        ("driftkonto", "", "cli", "fil_lagrad"),
        # the backup's own line was written after the copy: the restored trail lacks it
        ("driftkonto", "", "cli", "aterstallning"),
    ]
    assert lines[1][4] == copy.name
    assert "den tidigare databasen finns kvar som" in lines[1][5]
    assert "sakerhetskopior/fore-aterstallning-" in lines[1][5]


def test_a_refused_restore_writes_nothing_and_says_why(empty_db, tmp_path, capsys):
    ingest_bytes(GOOD, "kk_augusti.csv", source="test")
    before = trail(empty_db)
    assert cli.main(["restore", str(tmp_path / "saknas.duckdb")]) == 1
    assert "Återställningen avbröts: Filen" in capsys.readouterr().err
    assert trail(empty_db) == before


def test_exports_from_the_command_line_are_recorded(empty_db, monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "driftkonto")
    ingest_bytes(GOOD, "kk_augusti.csv", source="test")
    cli._record_export(argparse.Namespace(command="export", year=2026, intern=True))
    cli._record_export(argparse.Namespace(command="report", month=date(2026, 8, 1), intern=False))
    assert trail(empty_db)[-2:] == [
        (
            "driftkonto",
            "",
            "cli",
            "export_byggd",
            "uppföljningspaket 2026",
            "internt (exakta tal), kommandoraden",
        ),
        (
            "driftkonto",
            "",
            "cli",
            "export_byggd",
            "månadsrapport 2026-08",
            "nämndens version, Excel och PDF",
        ),
    ]


def test_the_trail_in_swedish(empty_db):
    ingest_bytes(GOOD, "kk_augusti.csv", source="app", actor=ANNA)
    audit.record_now(audit.BACKUP, "arbetsmal-20260915-020000.duckdb", actor=audit.cli_actor())
    table = audit_table(audit_trail())
    assert list(table.columns) == ["Tid", "Vem", "Roll", "Var", "Händelse", "Vad", "Detaljer"]
    assert table.drop(columns="Tid").values.tolist() == [
        [
            audit.os_user(),
            "",
            "kommandoraden",
            "Säkerhetskopia tagen",
            "arbetsmal-20260915-020000.duckdb",
            "",
        ],
        [
            "anna@kommunen.se",
            "analytiker",
            "appen",
            "Fil lagrad",
            "kk_augusti.csv",
            "1 rad; 1 nya och 0 ersatta delar",
        ],
    ]
    datetime.strptime(table["Tid"][0], "%Y-%m-%d %H:%M:%S")


def test_datakvalitet_shows_the_trail_to_analysts_only(fixture_db):
    ingest_bytes(GOOD, "kk_augusti.csv", source="app", actor=ANNA)
    for user, shown in ((ANALYST, True), (READER, False)):
        at = AppTest.from_file(str(ROOT / "pages" / "datakvalitet.py"), default_timeout=60)
        at.secrets, at.user = SECRETS, user
        at.run()
        assert not at.exception
        headers = [h.value for h in at.header]
        assert ("Logg: vem gjorde vad" in headers) == shown
        frames = [d.value for d in at.dataframe if "Händelse" in d.value.columns]
        if shown:
            assert frames[0].iloc[0][["Vem", "Händelse", "Vad"]].tolist() == [
                "anna@kommunen.se",
                "Fil lagrad",
                "kk_augusti.csv",
            ]
        else:
            assert not frames


def test_fixture_files_are_recorded_as_the_test_source(fixture_db):
    """The fixture warehouse was built through the real pipeline: one line per file."""
    lines = query(fixture_db, "select source, action, subject from audit_log order by audit_id")
    assert lines == [("test", "fil_lagrad", f.name) for f in FIXTURE_FILES]
