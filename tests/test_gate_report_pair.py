"""Issue 26: the monthly report's Excel and PDF are written as a pair: temporary names first,
then both renamed, so a run that fails half-way leaves neither file and no temporary file."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.outputs.report import files


def test_a_failure_while_writing_the_second_file_leaves_neither(tmp_path, monkeypatch) -> None:
    old = tmp_path / "nyckeltalsrapport_2026-05.xlsx"
    old.write_bytes(b"forra")
    real_open = open
    opened = []

    def failing_open(path, mode="r", *args, **kwargs):
        opened.append(path)
        if len(opened) == 2:
            raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError):
        files.write_pair({old: b"ny excel", tmp_path / "nyckeltalsrapport_2026-05.pdf": b"pdf"})
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nyckeltalsrapport_2026-05.xlsx"]
    assert old.read_bytes() == b"forra"  # the earlier report stays whole


def test_the_report_files_are_written_and_no_temporary_file_stays(fixture_db, tmp_path) -> None:
    out = tmp_path / "rapporter"
    xlsx, pdf = files.write_report_files(date(2026, 5, 1), out)
    assert sorted(p.name for p in out.iterdir()) == [pdf.name, xlsx.name]
    assert xlsx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:4] == b"%PDF"
