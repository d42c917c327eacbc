"""Peak memory and time of the gate on the zip-bomb cases and on files at the size limit (issue 13).

Each file is validated in a fresh Python process (`python -m benchmarks.measure_gate FILE`), so
its peak resident memory (the child's own `VmHWM`, imports included: about 150 MB of it is
Python, pandas, pyarrow and openpyxl) is the file's own and not the benchmark's.
Targets (contract v2): ≤ 300 MB peak and ≤ 5 s for any file within the size limit.

The files: every `bomb_*` file of tests/fixtures/make_bad_files.py, and four written here at
the 20 MB limit (a CSV of one repeated valid row, one of a repeated bad row, a CSV whose lines
are all delimiters, and one of 200 columns: some 10 million cells).
"""

from __future__ import annotations

import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Result, environment

ROOT = Path(__file__).resolve().parent.parent
PEAK_MB, SECONDS = 300, 5.0
_LIMIT = 20 * 1024 * 1024


def _bad_files() -> dict[str, bytes]:
    path = ROOT / "tests" / "fixtures" / "make_bad_files.py"
    spec = importlib.util.spec_from_file_location("make_bad_files", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: data for name, data in module.files().items() if name.startswith("bomb_")}


def _at_the_limit(size: int = _LIMIT) -> dict[str, bytes]:
    """Files of `size` bytes (the 20 MB limit; the smoke run takes 1 MB: its figures mean
    nothing, it only shows that the measure runs)."""
    header = "Månad;Förvaltning;Anställningsform;Antal\n".encode()

    def fill(row: bytes) -> bytes:
        return header + row * ((size - len(header)) // len(row))

    # The widest file the limits allow: 200 columns (196 unknown ones), some 10 million cells.
    extra = 196
    wide_header = header.rstrip(b"\n") + b";" + b";".join(b"x%d" % i for i in range(extra))
    wide_row = b"2026-03;KK;lonestod;1;" + b";".join([b"1"] * extra) + b"\n"
    wide = wide_header + b"\n" + wide_row * ((size - len(wide_header) - 1) // len(wide_row))
    return {
        "limit_csv_repeated_row.csv": fill(b"2026-03;Kommunkontoret;lonestod;1\n"),
        "limit_csv_bad_rows.csv": fill("2026-03;Okänd förvaltning;okänd;-1\n".encode()),
        "limit_csv_delimiters.csv": fill(b";" * 199 + b"\n"),
        "limit_csv_wide.csv": wide,
    }


def measure_one(path: Path) -> dict:
    """Validate one file in this process; the parent reads the peak memory of the child."""
    from pipelines.ingest.validate import validate_bytes

    started = time.perf_counter()
    validated = validate_bytes(path.read_bytes(), path.name)
    return {
        "seconds": time.perf_counter() - started,
        "errors": len(validated.errors),
        "first": validated.findings[0].message[:80] if validated.findings else "",
    }


def measure(work_dir: Path | None = None, *, quick: bool = False) -> list[Result]:
    """One Result pair (peak MB, seconds) per file."""
    results: list[Result] = []
    limit_files = _at_the_limit(1_000_000 if quick else _LIMIT)
    with tempfile.TemporaryDirectory(dir=work_dir) as folder:
        for name, data in {**_bad_files(), **limit_files}.items():
            path = Path(folder) / name
            path.write_bytes(data)
            started = time.perf_counter()
            try:
                child = subprocess.run(
                    [sys.executable, "-m", "benchmarks.measure_gate", str(path)],
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                    timeout=120,
                )
            except subprocess.TimeoutExpired:
                child = subprocess.CompletedProcess([], 1, "", "över 120 s: avbruten")
            elapsed = time.perf_counter() - started
            usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the largest child so far
            stem = Path(name).stem
            try:
                report = json.loads(child.stdout.strip().splitlines()[-1])
                peak = report["peak_mb"]
                note = f"{len(data) / 1024:,.0f} kB; {report['first']}"
                seconds = report["seconds"]
            except (IndexError, ValueError, KeyError):
                peak, seconds = usage.ru_maxrss / 1024, elapsed
                note = f"FEL: {child.stderr.strip()[-200:]}"
            results.append(Result(f"gate_{stem}_peak_mb", peak, "MB", PEAK_MB, "lower", note))
            results.append(Result(f"gate_{stem}_s", seconds, "s", SECONDS, "lower", note))
    return results


class GateMeasures:
    """The benchmark's step (mixed into `benchmarks.run.Bench`): every file's peak and time."""

    def gate(self) -> None:
        if not self.wanted("gate_bomb_xfd_peak_mb", "gate_limit_csv_bad_rows_s"):
            return
        d = self.deliveries("today")
        with environment(self.o.work_dir / "gate.duckdb", d.reference_dir, self.o.today):
            for result in measure(self.o.work_dir, quick=self.o.quick):
                self.add(result)


def _peak_mb() -> float:
    """This process's peak resident memory. `VmHWM` belongs to the process's own memory map
    (`ru_maxrss` would carry the parent's peak over a fork and exec on Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    report = measure_one(Path(argv[0]))
    report["peak_mb"] = _peak_mb()
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1:
        raise SystemExit(main(sys.argv[1:]))
    for result in measure():
        print(result.name, round(result.value or 0, 2), result.unit, result.met, result.note)
