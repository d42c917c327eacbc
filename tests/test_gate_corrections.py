"""What a correction removes, and a copy that differs only in bytes (issue 13), through the
command line as a user runs it, with the files of tests/fixtures/gate/:

- `rattelse_vof_mars.csv`: one row for (2026-03, VOF), where the fixture warehouse holds three;
  the preview and the command line say that storing it removes the three and adds the one;
- `anstallningar_2026_crlf.csv`, `anstallningar_2026_cp1252.csv`: the stored
  `warehouse/anstallningar_2026.csv` saved with CR LF line endings and in Windows-1252: the same
  content, recognised as already stored, nothing changed (not a list of "corrected" figures).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from helpers import query, snapshot
from pipelines import cli

GATE = Path(__file__).resolve().parent / "fixtures" / "gate"


def run_cli(capsys, *args: str) -> tuple[int, str]:
    status = cli.main(list(args))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def _hires(db: Path, where: str) -> list[tuple]:
    return query(
        db,
        "select manad, forvaltning, anstallningsform, antal from anstallningar_current "
        f"where {where} order by all",
    )


def test_a_one_row_correction_says_what_it_removes(fixture_db, capsys) -> None:
    from pipelines.ingest.preview import preview_upload

    path = GATE / "rattelse_vof_mars.csv"
    before = snapshot(fixture_db)
    others = _hires(fixture_db, "not (manad = '2026-03-01' and forvaltning = 'VOF')")
    assert len(_hires(fixture_db, "manad = '2026-03-01' and forvaltning = 'VOF'")) == 3

    preview = preview_upload(path.read_bytes(), path.name)
    assert (
        "En ändrad del byts ut helt: lagringen tar bort 3 lagrade rader och lägger in 1 ny rad "
        "i deras ställe."
    ) in preview.summary
    status, out = run_cli(capsys, "check", str(path))
    assert status == 0 and "rattelse_vof_mars.csv: godkänd som anställningar" in out
    assert snapshot(fixture_db) == before  # checking stores nothing

    status, out = run_cli(capsys, "ingest", str(path))
    assert status == 0, out
    assert "rattelse_vof_mars.csv: lagrad som anställningar" in out
    assert "9 → 5 (tar bort 3 rader, lägger till 1 rad)" in out
    assert _hires(fixture_db, "manad = '2026-03-01' and forvaltning = 'VOF'") == [
        (date(2026, 3, 1), "VOF", "lonestod", 5)
    ]
    assert _hires(fixture_db, "not (manad = '2026-03-01' and forvaltning = 'VOF')") == others


@pytest.mark.parametrize("name", ["anstallningar_2026_crlf.csv", "anstallningar_2026_cp1252.csv"])
def test_a_copy_in_other_bytes_is_already_stored_and_changes_nothing(
    name, fixture_db, capsys
) -> None:
    before = snapshot(fixture_db)
    status, out = run_cli(capsys, "ingest", str(GATE / name))
    assert status == 0, out
    assert f"{name}: redan inläst (inläsning" in out and "Ingenting ändrades." in out
    assert "ersatt" not in out and "rättade" not in out
    assert snapshot(fixture_db) == before
