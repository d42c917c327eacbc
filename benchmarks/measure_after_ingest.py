"""`page_after_ingest_ms` (issue 28): the first view of Översikt, Förvaltningar and Månadsrapport
right after an ingest into the *large* warehouse, once the app's cache has been warmed in the
background (`pipelines.app.cache`: a watcher notices the new version and recomputes the calls the
pages made before), and how long that warm-up took (`cache_warm_after_ingest_s`). The same view
with an empty cache is `page_*_cold_ms`.

AppTest in this process, as the page measures; the ingest is the held-back month (a new month, as
every month brings). Mixed into `Bench`, which provides `o`, `wanted`, `add`, `note`,
`deliveries` and `db`.
"""

from __future__ import annotations

import shutil
import time

from benchmarks.common import Result, environment, ingest_files, log, remove_db
from benchmarks.measure_pages import ROOT, _clear_caches, _run_page, scan_components_once

#: The pages a committee member opens first after the monthly upload.
AFTER_INGEST_PAGES = ("oversikt.py", "forvaltningar.py", "manadsrapport.py")
AFTER_INGEST_MS = 1500
#: Longest wait (s) for the background warm-up before the measure gives up on it.
WARM_TIMEOUT_S = 600


class AfterIngestMeasures:
    def page_after_ingest(self) -> None:
        names = ("page_after_ingest_ms", "cache_warm_after_ingest_s")
        if not self.wanted(*names):
            return
        from pipelines import warehouse
        from pipelines.app import cache

        d, base = self.deliveries("large"), self.db("large", base=True)
        if not d.month:
            self.note("page_after_ingest: the large warehouse has no held-back month")
            return
        scan_components_once()
        target = self.o.work_dir / "tmp" / "after_ingest.duckdb"
        remove_db(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(base, target)
        with environment(target, d.reference_dir, self.o.today):
            _clear_caches()
            for page in AFTER_INGEST_PAGES:  # the views seen before the upload
                _run_page(ROOT / "pages" / page)
            ingest_files(d.month, target)
            started = time.perf_counter()
            while cache.warmed_version(target) != warehouse.version(target):
                if time.perf_counter() - started > WARM_TIMEOUT_S:
                    self.note("page_after_ingest: the warm-up did not finish")
                    break
                time.sleep(0.1)
            warm_s = time.perf_counter() - started
            times = []
            for page in AFTER_INGEST_PAGES:
                ms, error = _run_page(ROOT / "pages" / page)
                log(f"first view after the ingest, {page}: {ms:.0f} ms")
                if error:
                    self.note(f"page {page} after ingest raised: {error}")
                times.append(ms)
        self.meta["after_ingest"] = {
            p: round(t) for p, t in zip(AFTER_INGEST_PAGES, times, strict=True)
        }
        pages = ", ".join(p.removesuffix(".py") for p in AFTER_INGEST_PAGES)
        self.add(
            Result(
                "page_after_ingest_ms",
                max(times),
                "ms",
                AFTER_INGEST_MS,
                "lower",
                f"slowest first view of {pages} after the month's ingest, cache warmed",
            )
        )
        self.add(
            Result(
                "cache_warm_after_ingest_s",
                warm_s,
                "s",
                note="background warm-up of the remembered calls after the ingest",
            )
        )
