"""The app and the command line at the same time: DuckDB lets one process write, so a second
writer or a reader waits for the first and then succeeds, with a clear message on the way."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest
from helpers import HIRES_HEADER, csv_bytes, current_hires

from conftest import ROOT

pytestmark = pytest.mark.slow

HOLD_WRITE = textwrap.dedent(
    """
    import sys, time
    from pipelines import warehouse
    with warehouse.write() as con:
        con.execute("select 1").fetchall()
        print("holding", flush=True)
        time.sleep(float(sys.argv[1]))
    """
)


def _holder(seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD_WRITE, str(seconds)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_ingest_waits_for_another_writer_and_then_succeeds(fixture_db, tmp_path):
    file = tmp_path / "aug.csv"
    file.write_bytes(csv_bytes([HIRES_HEADER, "2026-08;MF;osa;2;;;"]))
    holder = _holder(2.5)
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(file)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    holder.wait(timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "väntar" in result.stderr
    assert time.monotonic() - started >= 1.0  # it really waited for the holder
    assert current_hires(fixture_db)[("2026-08", "MF", "osa", "uppgift saknas", "uppgift saknas",
                                      "uppgift saknas")] == 2


def test_two_ingests_at_once_both_land(fixture_db, tmp_path):
    files = []
    for kod in ("KK", "MF"):
        path = tmp_path / f"{kod}.csv"
        path.write_bytes(csv_bytes([HIRES_HEADER, f"2026-08;{kod};osa;4;;;"]))
        files.append(path)
    procs = [subprocess.Popen([sys.executable, "-m", "pipelines", "ingest", str(f)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in files]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    hires = current_hires(fixture_db)
    osa = {k[1]: v for k, v in hires.items() if k[0] == "2026-08" and k[2] == "osa"}
    assert (osa["KK"], osa["MF"]) == (4, 4)


def test_reader_waits_while_a_writer_holds_the_file(fixture_db):
    from pipelines import queries
    from pipelines.marts.status import warehouse_state

    queries.clear()
    holder = _holder(1.5)
    state = warehouse_state()  # must not raise: it waits for the writer
    holder.wait(timeout=30)
    assert state["files_stored"] == 4


def test_writer_gives_up_with_a_swedish_message_after_waiting(fixture_db):
    from pipelines import warehouse

    holder = _holder(3)
    with pytest.raises(warehouse.WarehouseBusy, match="används av en annan process"):
        with warehouse.write(wait=0.5):
            pass
    holder.wait(timeout=30)
