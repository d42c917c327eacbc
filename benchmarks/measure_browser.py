"""The browser measures (issue 19) as a part of `Bench` (`benchmarks/run.py`): every page's new
session and in-session navigation beside the floor's, and the capacity of one pinned core.
`benchmarks/browser.py` does the measuring; here the figures become results with targets.

Targets (large warehouse): a new session's server CPU ≤ `NEW_CPU_RATIO` × its *same-content
floor's* on every page (issue 28: `benchmarks/same_content.py` replays exactly what the page
drew with plain `st.*` calls, so the ratio is the app's own cost over Streamlit's for that
content); the wall time to the first number on a phone (CPU throttled 4×) ≤ `PHONE_FIRST_MS`;
an in-session navigation ≤ `NAV_CPU_MS` of server CPU; the capacity ≥ `CAPACITY_RATIO` × the
floor's. The minimal floor (`browser.FLOOR_APP`, a title and a metric) stays as a figure beside
each page (`browser_<page>_new_cpu_ratio`, no target: the same-content floor supersedes it as
the target's measure) and as the floor of the capacity.
"""

from __future__ import annotations

import os

from benchmarks import browser, launch, same_content
from benchmarks.common import Result, log

NEW_CPU_RATIO = 1.3
PHONE_FIRST_MS = 3000
NAV_CPU_MS = 150
CAPACITY_RATIO = 0.8
#: The pages a smoke run (`--quick`) opens in the browser: the start page and the one with the
#: fewest queries. Every page is opened in the browser tests; here the smoke run only proves the
#: measures work, and each page costs it several browser starts.
QUICK_PAGES = ("oversikt", "importera")
#: The measures of issue 28 (`browser_<page>_<measure>`).
SAME_CONTENT_MEASURES = ("same_content_ratio", "throttled_wall_ms")


class BrowserMeasures:
    """`browser_*` and `capacity_*`. Mixed into `Bench`, which provides `o`, `specs`, `wanted`,
    `add`, `note`, `deliveries` and `db`."""

    def _app_env(self) -> dict[str, str]:
        d, db = self.deliveries("large"), self.db("large")
        return {
            "ARBETSMAL_DB": str(db),
            "ARBETSMAL_REFERENCE": str(d.reference_dir),
            "ARBETSMAL_TODAY": self.o.today.isoformat(),
        }

    def _servers(self, cpus: set[int] | None = None) -> tuple[browser.Server, browser.Server]:
        work = self.o.work_dir / "browser"
        app = launch.Server(
            browser.ROOT / "app.py",
            self._app_env(),
            work / "app.log",
            cpus=cpus,
            ports=browser.PORTS,
        )
        floor = launch.Server(
            browser.write_floor_app(work), {}, work / "floor.log", cpus=cpus, ports=browser.PORTS
        )
        return app, floor

    def _targets(self, *measures: str) -> tuple[list[browser.PageTarget], tuple]:
        """The pages to open (those of which one of `measures` is wanted, all without) and the
        minimal floor's two pages."""
        pages = [
            browser.PageTarget(spec.name, spec.title, spec.url_path if index else "")
            for index, spec in enumerate(self.specs)
        ]
        if self.o.quick:
            pages = [page for page in pages if page.name in QUICK_PAGES]
        # `--only browser_importera` and the like: only the pages asked for (and the floor).
        measures = measures or ("new_cpu_ratio",)
        pages = [p for p in pages if self.wanted(*(f"browser_{p.name}_{m}" for m in measures))]
        floor = (
            browser.PageTarget("floor", "Första", ""),
            browser.PageTarget("", "Andra", "andra"),
        )
        return pages, floor

    def browser_views(self) -> None:
        names = [f"browser_{s.name}_new_cpu_ratio" for s in self.specs] + [
            "browser_floor_new_cpu_s"
        ]
        pages, floor_pages = self._targets()
        same_pages = self._targets(*SAME_CONTENT_MEASURES)[0]
        if not self.wanted(*names):
            pages = []
        if not (pages or same_pages):
            return
        app, floor = self._servers()
        log(
            f"browser: {len(pages)} pages and the floor, {len(same_pages)} beside their "
            f"same-content floors, {self.o.sizes.runs} rounds"
        )
        with launch.running(app, *([floor] if pages else [])):
            if pages:
                figures = browser.views(app, floor, pages, floor_pages, self.o.sizes.runs)
            if same_pages:
                self._same_content(app, same_pages, warm_app=bool(pages))
            rss = app.rss_mb()
        if pages:
            base = figures.pop("floor")
            self._add_view("floor", base, None)
            for name, view in figures.items():
                self._add_view(name, view, base)
        self.add(
            Result(
                "browser_app_rss_mb",
                rss,
                "MB",
                note="peak RSS of the app after the browser measures",
            )
        )

    def _same_content(self, app: launch.Server, pages: list, *, warm_app: bool) -> None:
        """Issue 28: capture what each page draws, replay it in the same-content floor, and
        measure both side by side and on a throttled phone."""
        from playwright.sync_api import sync_playwright

        folder = self.o.work_dir / "browser" / "same_content"
        contents = {}
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=launch.CHROMIUM, args=launch.CHROMIUM_ARGS)
            try:
                for page in pages:
                    if not warm_app:  # the cold run fills the caches; its content is not kept
                        browser.new_session(
                            chromium, app, page.url_path, timeout_s=browser.WARM_UP_S
                        )
                    content, skipped = same_content.capture(chromium, app, page.url_path)
                    contents[page.name] = content
                    drawn = same_content.count(content["main"]) + same_content.count(
                        content["sidebar"]
                    )
                    log(f"same content: {page.name}, {drawn} elements")
                    if skipped:
                        self.note(f"same content, {page.name}: left out {', '.join(skipped)}")
            finally:
                chromium.close()
        script = same_content.write_floor_app(
            folder, [(page.name, page.title, page.url_path) for page in pages], contents
        )
        floor = launch.Server(
            script, {}, folder / "floor.log", ports=browser.PORTS, cwd=browser.ROOT
        )
        with launch.running(floor):
            figures = browser.same_content(app, floor, pages, self.o.sizes.runs, warm_app=True)
        for name, found in figures.items():
            self._add_same_content(name, found)

    def _add_same_content(self, name: str, found: dict) -> None:
        for error in found["errors"][:3]:
            self.note(f"browser same content, {name}: {error}")
        prefix, rounds = f"browser_{name}", f"median of {found['runs']}"
        what = "a returning visitor's new session"
        sessions = f"mean of {found['cpu_sessions']} sessions"
        for label, where in (("app", "the app"), ("floor", "its same-content floor")):
            self.add(
                Result(
                    f"{prefix}_same_content_{label}_cpu_s",
                    found[f"{label}_cpu_s"],
                    "s",
                    note=f"{where}: {what}, server CPU, {sessions}, the two one after the other",
                )
            )
        ratio = None
        if found["floor_cpu_s"] and found["app_cpu_s"] is not None:
            ratio = found["app_cpu_s"] / found["floor_cpu_s"]
        self.add(
            Result(
                f"{prefix}_same_content_ratio",
                ratio,
                "×",
                NEW_CPU_RATIO,
                "lower",
                f"{what}: server CPU ({sessions}) ÷ that of a floor app drawing the same "
                "content from a saved copy (no queries, no app code), same run",
            )
        )
        phone = (
            f"CPU throttled {browser.THROTTLE_RATE}×, {browser.PHONE}'s screen, static files "
            f"cached, {rounds}"
        )
        self.add(
            Result(
                f"{prefix}_throttled_wall_ms",
                found["app_phone_ms"],
                "ms",
                PHONE_FIRST_MS,
                "lower",
                f"from the navigation to the first number ({', '.join(found['app_phone_what'])}); "
                + phone,
            )
        )
        self.add(
            Result(
                f"{prefix}_throttled_floor_wall_ms",
                found["floor_phone_ms"],
                "ms",
                note=f"the same-content floor: to the first number; {phone}",
            )
        )

    def _add_view(self, name: str, view: dict, floor: dict | None) -> None:
        for error in view["errors"][:3]:
            self.note(f"browser, {name}: {error}")
        where = "the floor app" if floor is None else "large warehouse"
        prefix, rounds = f"browser_{name}", f"median of {view['runs']}"
        kinds = {
            "first": "a first visit (empty browser cache)",
            "new": "a returning visitor's new session (Streamlit's static files cached)",
        }
        for kind, what in kinds.items():
            self.add(
                Result(
                    f"{prefix}_{kind}_cpu_s",
                    view[f"{kind}_cpu_s"],
                    "s",
                    note=f"{where}: {what}, server CPU (user + system), {rounds}",
                )
            )
            self.add(
                Result(
                    f"{prefix}_{kind}_wall_s",
                    view[f"{kind}_wall_s"],
                    "s",
                    note=f"{where}: {what}, until Streamlit finished, {rounds}",
                )
            )
            http, ws = view[f"{kind}_http_kb"], view[f"{kind}_ws_kb"]
            self.add(
                Result(
                    f"{prefix}_{kind}_kb",
                    None if http is None else http + ws,
                    "kB",
                    note=f"{where}: {what}, received: HTTP {_kb(http)} kB, WebSocket {_kb(ws)} kB",
                )
            )
            if floor is not None and floor[f"{kind}_cpu_s"] and view[f"{kind}_cpu_s"] is not None:
                self.add(
                    Result(
                        f"{prefix}_{kind}_cpu_ratio",
                        view[f"{kind}_cpu_s"] / floor[f"{kind}_cpu_s"],
                        "×",
                        note=f"{what}: server CPU ÷ the minimal floor's in the same run (the "
                        "target is against the same-content floor: `_same_content_ratio`)",
                    )
                )
        nav_ms = None if view["nav_cpu_s"] is None else view["nav_cpu_s"] * 1000
        self.add(
            Result(
                f"{prefix}_nav_cpu_ms",
                nav_ms,
                "ms",
                None if floor is None else NAV_CPU_MS,
                None if floor is None else "lower",
                f"{where}: the server CPU of a click on the page's link in an open session",
            )
        )
        self.add(
            Result(
                f"{prefix}_nav_wall_s",
                view["nav_wall_s"],
                "s",
                note=f"{where}: an in-session navigation until Streamlit finished",
            )
        )
        self.add(
            Result(
                f"{prefix}_nav_kb",
                view["nav_ws_kb"],
                "kB",
                note=f"{where}: WebSocket bytes of an in-session navigation",
            )
        )

    def browser_capacity(self) -> None:
        if not self.wanted("capacity_ratio", "capacity_app_per_min", "capacity_floor_per_min"):
            return
        cpus = sorted(os.sched_getaffinity(0))
        server_cpus, browser_cpu = ({cpus[0]}, cpus[1]) if len(cpus) > 1 else (None, cpus[0])
        if server_cpus is None:
            self.note("capacity: one CPU only, server and browsers share it")
        quick = self.o.quick
        options = (
            {"start_rate": 20, "max_rate": 20, "seconds": 6, "min_count": 2}
            if quick
            else {"start_rate": 15, "max_rate": 480, "seconds": 30, "min_count": 8}
        )
        pages, floor_pages = self._targets()
        app, floor = self._servers(server_cpus)
        found = {}
        for label, server, page in (("floor", floor, floor_pages[0]), ("app", app, pages[0])):
            with launch.running(server):
                browser.warm(server, page.url_path)
                found[label] = browser.capacity_pinned(
                    server, page.url_path, browser_cpu, log=log, **options
                )
        pinned = "server pinned to one core, browsers on the other" if server_cpus else "one CPU"
        for label, result in found.items():
            steps = ", ".join(
                f"{rate}/min: p95 {p95:.1f} s" for rate, p95 in result["steps"].items()
            )
            self.add(
                Result(
                    f"capacity_{label}_per_min",
                    result["sessions_per_min"],
                    "/min",
                    note=f"{'the floor app' if label == 'floor' else pages[0].name}: new sessions a "
                    f"minute with p95 of first views ≤ {browser.P95_LIMIT_S:g} s ({pinned}; {steps})",
                )
            )
        ratio = None
        if found["floor"]["sessions_per_min"]:
            ratio = found["app"]["sessions_per_min"] / found["floor"]["sessions_per_min"]
        self.add(
            Result(
                "capacity_ratio",
                ratio,
                "×",
                CAPACITY_RATIO,
                "higher",
                "the app's capacity ÷ the floor's (new sessions a minute, same machine, same run)",
            )
        )


def _kb(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}".replace(",", " ")
