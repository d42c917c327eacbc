"""The measurements of the benchmark (issue 7), each the median of several runs, written to
`results.json` (`{"name": {"value", "unit", "target", ...}}` plus one `_meta` entry describing
the run: sizes, machine, load average) and a readable `results.md`.

Targets (2-core machine, *large* warehouse): every page ≤ 300 ms warm and ≤ 1 500 ms cold;
ingest ≥ 200 000 rows/s; one month's ingest ≤ 2 s; app ≤ 400 MB; export package ≤ 30 s.
The same page targets are shown for *today* (Lund's size), where they are easier to meet.
Socialstyrelsen's full-size export (issue 15): each ingest ≤ 5 s and ≤ 300 MB, its comparison
and anomaly queries ≤ 300 ms (`benchmarks/measure_sos.py`).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import shutil
import statistics
import time
import traceback
from datetime import datetime
from pathlib import Path

from benchmarks import baseline, generate
from benchmarks.common import (
    Options,
    Result,
    environment,
    fingerprint,
    ingest_files,
    log,
    machine_info,
    remove_db,
    timed,
)
from benchmarks.measure_after_ingest import AfterIngestMeasures
from benchmarks.measure_browser import BrowserMeasures
from benchmarks.measure_gate import GateMeasures
from benchmarks.measure_other import IngestAndAppMeasures
from benchmarks.measure_outcomes import OutcomeMeasures
from benchmarks.measure_pages import (
    PageSpec,
    apptest_floor_ms,
    page_specs,
    time_page,
)
from benchmarks.measure_sos import SosMeasures
from benchmarks.report import write_results

PAGE_WARM_MS, PAGE_COLD_MS = 300, 1500


class Bench(
    IngestAndAppMeasures,
    BrowserMeasures,
    GateMeasures,
    SosMeasures,
    OutcomeMeasures,
    AfterIngestMeasures,
):
    """One benchmark run: builds what the chosen measurements need, measures, collects results."""

    def __init__(self, options: Options):
        self.o = options
        self.results: dict[str, Result] = {}
        self.meta: dict = {"notes": []}
        self.specs: list[PageSpec] = page_specs()
        self._deliveries: dict[str, generate.Deliveries] = {}

    # --- selection and bookkeeping ----------------------------------------------------------

    def wanted(self, *names: str) -> bool:
        def matches(name: str, patterns: list[str]) -> bool:
            return any(fnmatch.fnmatch(name, p) or name.startswith(p) for p in patterns)

        names = tuple(n for n in names if not matches(n, self.o.skip))
        return bool(names) and (not self.o.only or any(matches(n, self.o.only) for n in names))

    def add(self, result: Result) -> None:
        if self.wanted(result.name):
            self.results[result.name] = result
            shown = "–" if result.value is None else f"{result.value:,.1f}"
            log(
                f"{result.name} = {shown} {result.unit}{' (' + result.note + ')' if result.note else ''}"
            )

    def note(self, text: str) -> None:
        log("NOTE " + text)
        self.meta["notes"].append(text)

    # --- warehouses -------------------------------------------------------------------------

    def deliveries(self, scale: str) -> generate.Deliveries:
        if scale not in self._deliveries:
            folder = self.o.work_dir / scale
            s = self.o.sizes
            log(f"generating the {scale} files in {folder}")
            if scale == "today":
                first = self.o.today.year - 1 if self.o.quick else s.today_first_year
                d = generate.generate_today(folder, self.o.today, first_year=first)
            else:
                d = generate.generate_large(
                    folder,
                    self.o.today,
                    months=s.large_months,
                    units=s.large_units,
                    districts=s.districts,
                )
            self._deliveries[scale] = d
        return self._deliveries[scale]

    def db(self, scale: str, *, base: bool = False) -> Path:
        """The built warehouse of `scale` (`base`: *large* without its held-back month)."""
        d = self.deliveries(scale)
        full = self.o.work_dir / f"{scale}.duckdb"
        base_db = self.o.work_dir / f"{scale}_base.duckdb"
        stamp = self.o.work_dir / f"{scale}.stamp"
        built_from = fingerprint(d)
        fresh = full.exists() and stamp.exists() and stamp.read_text() == built_from
        if not (self.o.reuse and fresh) and scale not in self.meta.get("built", {}):
            for path in (full, base_db):
                remove_db(path)
            with environment(full, d.reference_dir, self.o.today):
                log(f"building the {scale} warehouse through the real pipeline")
                started = time.perf_counter()
                ingest_files(d.base, full)
                if d.month:
                    shutil.copy(full, base_db)
                    ingest_files(d.month, full)
                elapsed = time.perf_counter() - started
            stamp.write_text(built_from)
            self.meta.setdefault("built", {})[scale] = True
            self.add(
                Result(
                    f"build_{scale}_s",
                    elapsed,
                    "s",
                    note=f"{len(d.all_files)} files through validate and store",
                )
            )
        if scale not in self.meta.get("warehouses", {}):
            self._describe(scale, full)
        return base_db if base else full

    def _describe(self, scale: str, db: Path) -> None:
        from pipelines import warehouse

        with warehouse.read(db) as con:
            counts = {
                table: warehouse.one(con, f"select count(*) from {table}")[0]
                for table in ("anstallningar_version", "forsorjningsstod_version", "slice_version")
            }
            units = warehouse.one(con, "select count(distinct forvaltning) from hires_monthly")[0]
            first, last = warehouse.one(con, "select min(manad), max(manad) from hires_monthly")
        self.meta.setdefault("warehouses", {})[scale] = {
            **counts,
            "forvaltningar": units,
            "first_month": str(first)[:7],
            "last_month": str(last)[:7],
            "file_mb": round(db.stat().st_size / 2**20, 1),
        }

    # --- measurements -----------------------------------------------------------------------

    def pages(self, scale: str) -> None:
        suffix = "" if scale == "large" else f"_{scale}"
        specs = [
            s
            for s in self.specs
            if self.wanted(f"page_{s.name}{suffix}_ms", f"page_{s.name}{suffix}_cold_ms")
        ]
        if not specs:
            return
        d, db = self.deliveries(scale), self.db(scale)
        if "apptest_floor_ms" not in self.results and self.wanted("apptest_floor_ms"):
            self.add(
                Result(
                    "apptest_floor_ms",
                    apptest_floor_ms(self.o.sizes.runs),
                    "ms",
                    note="an AppTest run of a page with a title and one metric",
                )
            )
        with environment(db, d.reference_dir, self.o.today):
            for spec in specs:
                log(f"timing page {spec.file} on {scale}")
                timing = time_page(spec, self.o.sizes.runs)
                note = f"{scale} warehouse" + (
                    f"; FEL: {timing['error']}" if timing["error"] else ""
                )
                if timing["error"]:
                    self.note(f"page {spec.file} on {scale} raised: {timing['error']}")
                self.add(
                    Result(
                        f"page_{spec.name}{suffix}_ms",
                        timing["warm_ms"],
                        "ms",
                        PAGE_WARM_MS,
                        "lower",
                        note,
                    )
                )
                self.add(
                    Result(
                        f"page_{spec.name}{suffix}_cold_ms",
                        timing["cold_ms"],
                        "ms",
                        PAGE_COLD_MS,
                        "lower",
                        note,
                    )
                )

    def baseline(self, scale: str) -> None:
        suffix = "" if scale == "large" else f"_{scale}"
        names = [s.name for s in self.specs if s.name in baseline.PAGES]
        names = [n for n in names if self.wanted(f"baseline_page_{n}{suffix}_ms")]
        if not names:
            return
        d = self.deliveries(scale)
        year = self.o.today.year if self.o.today.month > 1 else self.o.today.year - 1
        self._check_baseline(scale, year)
        for name in names:
            times = [
                timed(lambda n=name: baseline.rerun(d, n, year)) * 1000
                for _ in range(self.o.sizes.runs)
            ]
            ms = statistics.median(times)
            self.add(
                Result(
                    f"baseline_page_{name}{suffix}_ms",
                    ms,
                    "ms",
                    note=f"{scale}: pandas reads all {len(d.all_files)} files per rerun",
                )
            )
            ours = self.results.get(f"page_{name}{suffix}_ms")
            if ours and ours.value:
                self.add(
                    Result(
                        f"gain_page_{name}{suffix}",
                        ms / ours.value,
                        "×",
                        note="naive rerun ÷ our warm page run",
                    )
                )

    def _check_baseline(self, scale: str, year: int) -> None:
        """The naive figures must equal the warehouse's, or the comparison means nothing."""
        from pipelines import warehouse

        naive = int(baseline.NaiveData(self.deliveries(scale)).counting_hires(year)["antal"].sum())
        with warehouse.read(self.db(scale)) as con:
            stored = warehouse.one(
                con,
                "select coalesce(sum(antal), 0) from hires_monthly "
                "where ar = ? and raknas_mot_malet",
                [year],
            )[0]
        self.meta.setdefault("baseline_check", {})[scale] = {
            "year": year,
            "naive_counting_hires": naive,
            "warehouse_counting_hires": int(stored),
            "equal": naive == int(stored),
        }
        if naive != int(stored):
            self.note(f"baseline differs from the warehouse on {scale}: {naive} != {stored}")

    def run(self) -> dict[str, Result]:
        self.meta.update(
            machine_info(),
            started=datetime.now().isoformat(timespec="seconds"),
            today=self.o.today.isoformat(),
            quick=self.o.quick,
            sizes=vars(self.o.sizes),
            pages=[s.file for s in self.specs],
            loadavg_start=[round(v, 2) for v in os.getloadavg()],
        )
        steps = [self.ingest_rows, self.ingest_month]
        for scale in ("today", "large"):
            steps += [functools.partial(self.pages, scale), functools.partial(self.baseline, scale)]
        steps += [self.page_after_ingest]  # the first view after an upload (issue 28)
        steps += [self.export_package, self.app_rss, self.browser_views, self.browser_capacity]
        steps += [self.gate]  # zip bombs and files at the size limit (issue 13)
        steps += [self.sos]  # Socialstyrelsen's full-size export and the comparison (issue 15)
        steps += [self.outcomes_measures]  # what became of those hired (issue 27)
        for step in steps:
            try:
                step()
            except Exception as exc:  # one failing measure must not lose the others
                traceback.print_exc()
                self.note(f"{getattr(step, '__name__', step)} failed: {exc!r}")
        self.meta.update(
            finished=datetime.now().isoformat(timespec="seconds"),
            loadavg_end=[round(v, 2) for v in os.getloadavg()],
        )
        write_results(
            self.results, self.meta, self.o.out_dir, merge=bool(self.o.only or self.o.skip)
        )
        return self.results
