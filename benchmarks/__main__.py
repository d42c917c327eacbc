"""`python -m benchmarks` (what `make bench` runs): build the *today* and *large* warehouses
from generated files through the real pipeline, measure, and write `benchmarks/results.json`
and `benchmarks/results.md`.

Options: `--quick` (tiny sizes, one round: a smoke run, its figures mean nothing), `--only NAME`
(a measure's name or a prefix or glob, e.g. `ingest_rows_per_s`, `page_oversikt`, `page_*_cold*`;
repeatable; the results file is then updated, not replaced), `--skip NAME` (the opposite), `--out DIR` (where the results go),
`--work DIR` (generated files and warehouses, default `benchmarks/out/`, git-ignored), `--runs N`,
`--reuse` (keep warehouses an earlier run built from the same files), `--render` (write
results.md again from results.json).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one round (smoke run)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="only measures whose name matches (prefix or glob); repeatable",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="NAME",
        help="leave out measures whose name matches (prefix or glob); repeatable",
    )
    parser.add_argument("--out", type=Path, default=HERE, help="folder for results.json/.md")
    parser.add_argument(
        "--work", type=Path, default=HERE / "out", help="folder for generated files and warehouses"
    )
    parser.add_argument("--runs", type=int, help="rounds per page and month measure")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse warehouses built by an earlier run from the same files",
    )
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=date.today(),
        help="the date the data runs up to (default: today)",
    )
    parser.add_argument(
        "--render",
        action="store_true",
        help="only write results.md again from results.json in --out",
    )
    args = parser.parse_args(argv)
    if args.render:
        import json

        from benchmarks.report import markdown

        entries = json.loads((args.out / "results.json").read_text(encoding="utf-8"))
        (args.out / "results.md").write_text(markdown(entries), encoding="utf-8")
        return 0

    from benchmarks.common import QUICK, Options, Sizes
    from benchmarks.run import Bench

    sizes = dataclasses.replace(QUICK if args.quick else Sizes())
    if args.runs:
        sizes.runs = args.runs
    options = Options(
        out_dir=args.out,
        work_dir=args.work,
        sizes=sizes,
        only=args.only,
        skip=args.skip,
        today=args.today,
        reuse=args.reuse,
        quick=args.quick,
    )
    options.work_dir.mkdir(parents=True, exist_ok=True)
    results = Bench(options).run()
    missed = [r.name for r in results.values() if r.met is False]
    print(
        f"Wrote {options.out_dir / 'results.json'} and results.md: {len(results)} measures, "
        f"{len(missed)} targets missed{': ' + ', '.join(missed) if missed else ''}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
