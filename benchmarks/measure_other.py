"""The measures of ingest, the export package and the running app, as a part of `Bench`
(`benchmarks/run.py`): they use its warehouses, options and result list."""

from __future__ import annotations

import shutil
import statistics
import time

from benchmarks import generate
from benchmarks.common import Result, environment, ingest_files, log, remove_db, timed
from benchmarks.measure_browser import QUICK_PAGES
from benchmarks.measure_pages import app_memory
from pipelines.formatting import fmt_number


class IngestAndAppMeasures:
    """`ingest_rows_per_s`, `ingest_month_s`, `export_package_s`, `app_rss_mb` and the sessions
    at once. Mixed into `Bench`, which provides `o`, `specs`, `wanted`, `add`, `note`,
    `deliveries` and `db`."""

    def ingest_month(self) -> None:
        if not self.wanted("ingest_month_s"):
            return
        d, base = self.deliveries("large"), self.db("large", base=True)
        times = []
        for _ in range(self.o.sizes.runs):
            target = self.o.work_dir / "tmp" / "month.duckdb"
            remove_db(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(base, target)
            with environment(target, d.reference_dir, self.o.today):
                times.append(timed(lambda t=target: ingest_files(d.month, t)))
        names = ", ".join(p.name for p in d.month)
        self.add(
            Result(
                "ingest_month_s",
                statistics.median(times),
                "s",
                2,
                "lower",
                f"large warehouse, {names}",
            )
        )

    def ingest_rows(self) -> None:
        names = ("ingest_rows_per_s", "ingest_validate_s", "ingest_store_s")
        if not self.wanted(*names):
            return
        from pipelines import warehouse
        from pipelines.ingest.store import store
        from pipelines.ingest.validate import validate_bytes

        rows = self.o.sizes.ingest_rows
        d = self.deliveries("large")
        path = generate.hires_file(
            self.o.work_dir / "ingest" / f"anstallningar_{rows}.csv",
            rows,
            self.o.today,
            units=self.o.sizes.large_units,
        )
        content = path.read_bytes()
        totals, validating, storing = [], [], []
        for _ in range(self.o.sizes.ingest_runs):
            db = self.o.work_dir / "tmp" / "ingest.duckdb"
            remove_db(db)
            with environment(db, d.reference_dir, self.o.today):
                warehouse.ensure(db)  # an empty warehouse, created before the clock starts
                started = time.perf_counter()
                validated = validate_bytes(content, path.name)
                checked = time.perf_counter()
                result = store(validated, source="benchmark", db=db)
                done = time.perf_counter()
            if result.outcome != "lagrad":
                raise RuntimeError(f"the {rows}-row file was not stored: {result.findings[:3]}")
            totals.append(done - started)
            validating.append(checked - started)
            storing.append(done - checked)
        note = f"{fmt_number(rows)} rows, {fmt_number(len(content) / 2**20, 1)} MB CSV"
        self.add(
            Result(
                "ingest_rows_per_s",
                rows / statistics.median(totals),
                "rows/s",
                200_000,
                "higher",
                note,
            )
        )
        self.add(Result("ingest_validate_s", statistics.median(validating), "s", note=note))
        self.add(Result("ingest_store_s", statistics.median(storing), "s", note=note))

    def app_rss(self) -> None:
        if not self.wanted("app_rss_mb"):
            return
        d, db = self.deliveries("large"), self.db("large")
        env = {
            "ARBETSMAL_DB": str(db),
            "ARBETSMAL_REFERENCE": str(d.reference_dir),
            "ARBETSMAL_TODAY": self.o.today.isoformat(),
        }
        # A smoke run (`--quick`) opens the browser measures' pages only: it proves the measure.
        specs = [s for s in self.specs if not self.o.quick or s.name in QUICK_PAGES]
        log(f"starting the app on the large warehouse and opening {len(specs)} pages in Chromium")
        memory = app_memory(env, specs, self.o.work_dir / "app.log")
        for error in memory["errors"]:
            self.note(f"app: {error}")
        settle = ", ".join(f"{k} {v:.1f} s" for k, v in memory["settle_s"].items())
        self.add(
            Result(
                "app_rss_mb",
                memory["peak_mb"],
                "MB",
                400,
                "lower",
                f"peak RSS (VmHWM) after {len(specs)} pages; settled in: {settle}",
            )
        )
        self.add(
            Result(
                "app_rss_after_users_mb",
                memory["peak_after_users_mb"],
                "MB",
                note="peak RSS after also serving the sessions below",
            )
        )
        first = self.specs[0].name
        for count, seconds in memory["users_s"].items():
            self.add(
                Result(
                    f"app_{count}_users_s",
                    seconds,
                    "s",
                    note=f"{count} new session{'s' if count > 1 else ''} on {first} at once until all settled",
                )
            )

    def export_package(self) -> None:
        if not self.wanted("export_package_s"):
            return
        from pipelines.outputs.followup.bundle import build_bundle

        def result(value: float | None, note: str) -> None:
            self.add(Result("export_package_s", value, "s", 30, "lower", note))

        d, db = self.deliveries("large"), self.db("large")
        year = self.o.today.year
        times = []
        with environment(db, d.reference_dir, self.o.today):
            for index in range(self.o.sizes.export_runs):
                out = self.o.work_dir / "export" / str(index)
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir(parents=True)
                try:
                    times.append(timed(lambda o=out: build_bundle(year, document=False).write(o)))
                except Exception as exc:  # another module's bug must not stop the benchmark
                    self.note(f"export package failed: {exc!r}")
                    result(None, f"not measured: the package failed ({exc!r})")
                    return
        result(statistics.median(times), f"large warehouse, year {year}, publication version")
