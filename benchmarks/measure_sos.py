"""Benchmark of Socialstyrelsen's full-size export (kind `sos_manad`, issue 15).

A generated export of 312 regions × 12 years (44 928 cells) in the real layout
(`benchmarks/generate_sos.py`) is read, validated and stored into an empty warehouse, then a
newer export goes over it (every cell compared, the cells it holds replaced, earlier versions
kept). Each ingest runs in a fresh Python process (`python -m benchmarks.measure_sos --child
FILE`), so its peak resident memory (the child's own `VmHWM`) is the ingest's own, counted as the
gate's measure counts it: imports included (about 146 MB), and DuckDB's connection and Pandera's
first validation (some 60 MB more before a cell is read). Then the comparison the
Försörjningsstöd page and `jamfor` ask for a year, and the anomalies Datakvalitet lists, are
timed on that warehouse.

Targets: an ingest ≤ 5 s and ≤ 300 MB peak (the gate's target for any file within the size
limit), for the first export and for the newer one over it; each query ≤ 300 ms (the page
target). The median of `runs` rounds, each on a new warehouse. `--quick` (the smoke run of
`make bench`): 2 years instead of 12 (7 488 cells), one round; its figures mean nothing.

    python -m benchmarks.measure_sos [--runs 3] [--quick]

Run standalone, it writes `benchmarks/results_sos.json` and `benchmarks/results_sos.md`;
`make bench` reports the same measures (`sos_*`) in `results.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.common import Result
from benchmarks.generate_sos import export_xlsx
from benchmarks.measure_gate import _peak_mb
from pipelines.config import DEFAULT_REFERENCE_DIR, pointing_at
from pipelines.formatting import fmt_int

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PEAK_MB, SECONDS, QUERY_MS = 300, 5.0, 300
#: The date the generated exports are read on (the newer one is published through 2025-09).
TODAY = "2025-11-15"
YEAR = 2025
NAMES = (
    "sos_full_ingest_s",
    "sos_full_peak_mb",
    "sos_newer_ingest_s",
    "sos_newer_peak_mb",
    "sos_comparison_ms",
    "sos_anomalies_ms",
)


def write_exports(folder: Path, *, quick: bool = False) -> tuple[Path, Path]:
    """The first export and a newer one (a month more published, other figures) as files."""
    size = {"first_year": 2024, "years": 2} if quick else {}
    first, newer = folder / "sos_full.xlsx", folder / "sos_newer.xlsx"
    first.write_bytes(export_xlsx(**size))
    newer.write_bytes(
        export_xlsx(
            published_through=date(2025, 9, 1), extracted=date(2025, 11, 5), seed=16, **size
        )
    )
    return first, newer


def child(path: Path) -> dict:
    """Ingest one file in this process (the warehouse and date come from the environment)."""
    from pipelines.ingest.store import ingest_bytes

    content = path.read_bytes()
    imports_mb = _peak_mb()
    started = time.perf_counter()
    result = ingest_bytes(content, path.name, source="benchmark")
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mb": _peak_mb(),
        "imports_mb": imports_mb,
        "outcome": result.outcome,
        "cells": result.rows,
        "changed": sum(1 for c in result.changes if c.changed),
        "first": result.findings[0].format()[:120] if result.findings else "",
    }


def _ingest_in_child(db: Path, path: Path) -> dict:
    env = {
        **os.environ,
        "ARBETSMAL_DB": str(db),
        "ARBETSMAL_REFERENCE": str(DEFAULT_REFERENCE_DIR),
        "ARBETSMAL_TODAY": TODAY,
    }
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure_sos", "--child", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    try:
        report = json.loads(run.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError) as exc:
        raise RuntimeError(f"{path.name}: {run.stderr.strip()[-300:]}") from exc
    if report["outcome"] != "lagrad":
        raise RuntimeError(f"{path.name} was not stored ({report['outcome']}): {report['first']}")
    return report


def _ms(func) -> float:
    started = time.perf_counter()
    func()
    return (time.perf_counter() - started) * 1000


def _warm_ms(func, calls: int = 5) -> float:
    """The median of `calls` calls after a first one (warm, as the page target counts: the
    first call of a process pays for lazy imports and the warehouse check)."""
    func()
    return statistics.median(_ms(func) for _ in range(calls))


def run_once(folder: Path, first: Path, newer: Path) -> dict[str, float]:
    """One round on a new warehouse in `folder`: both ingests, then the queries, warm (every
    call opens its own read connection, as a page does)."""
    from pipelines.queries.comparison import anomalies, comparison

    db = folder / "sos.duckdb"
    full = _ingest_in_child(db, first)
    later = _ingest_in_child(db, newer)
    with pointing_at(db, DEFAULT_REFERENCE_DIR, TODAY):
        comparison_ms = _warm_ms(lambda: comparison(YEAR))
        anomalies_ms = _warm_ms(anomalies)
    for path in (db, db.with_name(db.name + ".wal")):
        path.unlink(missing_ok=True)
    return {
        "sos_full_ingest_s": full["seconds"],
        "sos_full_peak_mb": full["peak_mb"],
        "sos_newer_ingest_s": later["seconds"],
        "sos_newer_peak_mb": later["peak_mb"],
        "sos_comparison_ms": comparison_ms,
        "sos_anomalies_ms": anomalies_ms,
        "imports_mb": full["imports_mb"],
        "cells": full["cells"],
        "changed": later["changed"],
    }


def measure(work_dir: Path | None = None, *, quick: bool = False, runs: int = 3) -> list[Result]:
    """The `sos_*` Results: the median of `runs` rounds."""
    with tempfile.TemporaryDirectory(dir=work_dir) as name:
        folder = Path(name)
        first, newer = write_exports(folder, quick=quick)
        rounds = [run_once(folder, first, newer) for _ in range(max(1, runs))]
    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    cells, changed = int(median["cells"]), int(median["changed"])
    counted = (
        f"the child's VmHWM; {fmt_int(median['imports_mb'])} MB of it imports, before the file "
        "(DuckDB's connection and Pandera's first validation come on top)"
    )
    size = f"{fmt_int(cells)} cells" + (" (quick: 2 years)" if quick else "")
    fresh = "a fresh process; read, validate, store"
    return [
        Result("sos_full_ingest_s", median["sos_full_ingest_s"], "s", SECONDS, "lower",
               f"{size} into an empty warehouse; {fresh}"),
        Result("sos_full_peak_mb", median["sos_full_peak_mb"], "MB", PEAK_MB, "lower",
               f"{size}; {counted}"),
        Result("sos_newer_ingest_s", median["sos_newer_ingest_s"], "s", SECONDS, "lower",
               f"a newer export over it ({fmt_int(changed)} cells changed); {fresh}"),
        Result("sos_newer_peak_mb", median["sos_newer_peak_mb"], "MB", PEAK_MB, "lower",
               f"the newer export; {counted}"),
        Result("sos_comparison_ms", median["sos_comparison_ms"], "ms", QUERY_MS, "lower",
               f"comparison({YEAR}), default regions, both exports stored; warm, median of 5"),
        Result("sos_anomalies_ms", median["sos_anomalies_ms"], "ms", QUERY_MS, "lower",
               "anomalies() over every stored region; warm, median of 5"),
    ]  # fmt: skip


class SosMeasures:
    """The benchmark's step (mixed into `benchmarks.run.Bench`)."""

    def sos(self) -> None:
        if not self.wanted(*NAMES):
            return
        for result in measure(self.o.work_dir, quick=self.o.quick, runs=self.o.sizes.runs):
            self.add(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="2 years, one round (smoke run)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child), ensure_ascii=False))
        return
    load_before = os.getloadavg()
    results = measure(quick=args.quick, runs=1 if args.quick else args.runs)
    load_after = os.getloadavg()
    entries = {r.name: r.as_json() for r in results}
    (HERE / "results_sos.json").write_text(
        json.dumps(
            {"runs": args.runs, "load_average": [load_before, load_after], **entries},
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    lines = [
        "# Socialstyrelsen's full-size export (issue 15)",
        "",
        f"Median of {1 if args.quick else args.runs} rounds, `python -m benchmarks.measure_sos"
        f"{' --quick' if args.quick else ''}`; load average (1, 5, 15 min) "
        f"{', '.join(f'{v:.1f}' for v in load_before)} before and "
        f"{', '.join(f'{v:.1f}' for v in load_after)} after, on {os.cpu_count()} CPUs "
        "(above the CPU count, other work shared them and the figures are pessimistic).",
        "",
        "| measure | value | target | met | note |",
        "|---|---:|---:|---|---|",
    ]
    for r in results:
        met = "ja" if r.met else "**nej**"
        lines.append(f"| `{r.name}` | {r.value:.2f} {r.unit} | ≤ {r.target:g} | {met} | {r.note} |")
    (HERE / "results_sos.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
