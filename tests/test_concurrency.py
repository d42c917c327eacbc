"""The app and the command line at the same time: DuckDB lets one process write, so a second
writer or a reader waits for the first and then succeeds, with a clear message on the way."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading

import pytest

from conftest import ROOT
from helpers import HIRES_HEADER, csv_bytes, current_hires

pytestmark = pytest.mark.slow

# Holds the warehouse open for writing until it reads a line on stdin: no timing involved.
HOLD_WRITE = textwrap.dedent(
    """
    import sys
    from pipelines import warehouse
    with warehouse.write() as con:
        con.execute("select 1").fetchall()
        print("holding", flush=True)
        sys.stdin.readline()
    """
)


def _holder() -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "holding"
    return proc


def _release(holder: subprocess.Popen) -> None:
    holder.stdin.write("release\n")
    holder.stdin.flush()
    holder.wait(timeout=60)


def test_ingest_waits_for_another_writer_and_then_succeeds(fixture_db, tmp_path):
    file = tmp_path / "aug.csv"
    file.write_bytes(csv_bytes([HIRES_HEADER, "2026-08;MF;osa;2;;;"]))
    holder = _holder()
    ingest = subprocess.Popen(
        [sys.executable, "-m", "pipelines", "ingest", str(file)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # The ingest says it waits (on stderr) while the holder has the file; then we release it.
    assert "väntar" in ingest.stderr.readline(), "the first line on stderr is the wait notice"
    assert ingest.poll() is None
    _release(holder)
    stdout, _ = ingest.communicate(timeout=120)
    assert ingest.returncode == 0, stdout
    assert "lagrad som anställningar" in stdout
    assert (
        current_hires(fixture_db)[
            ("2026-08", "MF", "osa", "uppgift saknas", "uppgift saknas", "uppgift saknas")
        ]
        == 2
    )


def test_two_ingests_at_once_both_land(fixture_db, tmp_path):
    files = []
    for kod in ("KK", "MF"):
        path = tmp_path / f"{kod}.csv"
        path.write_bytes(csv_bytes([HIRES_HEADER, f"2026-08;{kod};osa;4;;;"]))
        files.append(path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "pipelines", "ingest", str(f)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    hires = current_hires(fixture_db)
    osa = {k[1]: v for k, v in hires.items() if k[0] == "2026-08" and k[2] == "osa"}
    assert (osa["KK"], osa["MF"]) == (4, 4)


def test_reader_waits_while_a_writer_holds_the_file(fixture_db):
    from pipelines.app import cache as queries
    from pipelines.queries.status import warehouse_state

    queries.clear()
    holder = _holder()
    result: dict = {}
    reader = threading.Thread(target=lambda: result.update(warehouse_state()))
    reader.start()
    reader.join(timeout=1.0)
    assert reader.is_alive()  # still waiting for the writer, not failed
    _release(holder)
    reader.join(timeout=60)
    assert result["files_stored"] == 4


def test_writer_gives_up_with_a_swedish_message_after_waiting(fixture_db):
    from pipelines import warehouse

    holder = _holder()
    try:
        with pytest.raises(warehouse.WarehouseBusy, match="används av en annan process"):
            with warehouse.write(wait=0.5):
                pass
    finally:
        _release(holder)
