"""Benchmark of Socialstyrelsen's full-size export (kind `sos_manad`, issue 15): a generated
export of 312 regions × 12 years in the real layout (`benchmarks/generate_sos.py`) read,
validated and stored in an empty warehouse, then a newer export over it (every cell compared,
the changed ones replaced, earlier versions kept), and the comparison the page and `jamfor` ask.
Each figure is the median of `--runs` runs; results go to `benchmarks/results_sos.json` and
`benchmarks/results_sos.md`.

    python -m benchmarks.measure_sos [--runs 3]

Target (the benchmark's, for one month's ingest): a whole export ≤ 2 s on this 2-core machine is
not required (it is 45 000 cells, a year's statistics for the whole country); we record it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.generate_sos import export_xlsx
from pipelines.config import DEFAULT_REFERENCE_DIR, pointing_at

HERE = Path(__file__).resolve().parent


def _timed(func) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def run_once() -> dict[str, float]:
    from pipelines.ingest.sos import validate_sos
    from pipelines.ingest.store import ingest_bytes
    from pipelines.queries.comparison import anomalies, comparison

    first = export_xlsx()
    newer = export_xlsx(published_through=date(2025, 9, 1), extracted=date(2025, 11, 5), seed=16)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        with pointing_at(Path(folder) / "warehouse.duckdb", DEFAULT_REFERENCE_DIR, "2025-11-15"):
            seconds, validated = _timed(lambda: validate_sos(first, "sos_full.xlsx"))
            assert validated.ok, validated.findings[:3]
            figures["validate_s"] = seconds
            seconds, result = _timed(lambda: ingest_bytes(first, "sos_full.xlsx", source="test"))
            assert result.outcome == "lagrad"
            figures["ingest_s"] = seconds
            figures["cells"] = result.rows
            seconds, result = _timed(lambda: ingest_bytes(newer, "sos_nov.xlsx", source="test"))
            assert result.outcome == "lagrad"
            figures["ingest_newer_s"] = seconds
            figures["cells_changed"] = sum(1 for c in result.changes if c.changed)
            figures["comparison_s"], _ = _timed(lambda: comparison(2025))
            figures["anomalies_s"], _ = _timed(anomalies)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    runs = [run_once() for _ in range(args.runs)]
    load_after = os.getloadavg()[0]
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    medians["cells_per_s"] = medians["cells"] / medians["ingest_s"]
    (HERE / "results_sos.json").write_text(
        json.dumps(
            {"runs": args.runs, "load_average": [load_before, load_after], "median": medians},
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    lines = [
        "# Socialstyrelsen's full-size export (issue 15)",
        "",
        f"Median of {args.runs} runs, `python -m benchmarks.measure_sos`; load average "
        f"{load_before:.1f} before and {load_after:.1f} after on 2 cores (other work running: "
        "the figures are slower than on an idle machine).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| cells in the export (312 regions × 12 years × 12 months) | {medians['cells']:.0f} |",
        f"| read and validate (xlsx → long, Pandera) | {medians['validate_s']:.2f} s |",
        f"| ingest into an empty warehouse (all cells new) | {medians['ingest_s']:.2f} s |",
        f"| cells per second, first ingest | {medians['cells_per_s']:.0f} |",
        f"| ingest a newer export over it ({medians['cells_changed']:.0f} cells changed) | "
        f"{medians['ingest_newer_s']:.2f} s |",
        f"| comparison for a year (default regions) | {medians['comparison_s'] * 1000:.0f} ms |",
        f"| anomalies over every stored region | {medians['anomalies_s'] * 1000:.0f} ms |",
    ]
    (HERE / "results_sos.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
