"""Page timings with Streamlit's AppTest, and the running app's peak memory in a real browser.

- A *warm* run is a full `AppTest` run of the page file after a run that filled the caches (same
  process, same warehouse); a *cold* run follows `pipelines.app.cache.clear()` and
  `st.cache_data.clear()`. Both include AppTest's own cost (running the script, building the
  element tree), which a browser session also pays in some form.
- `app_rss_mb`: the app as a subprocess (`python -m pipelines.app.serve app.py`, as `make run`
  starts it), every page opened once in Debian's Chromium, then the server's peak resident memory (`VmHWM` in /proc/<pid>/status).
"""

from __future__ import annotations

import ast
import functools
import logging
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import launch
from benchmarks.launch import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
#: Sessions opened at once on the first page, to see how reruns share one server process.
USERS = (1, 5)


@dataclass(frozen=True)
class PageSpec:
    file: str  # in pages/
    title: str
    url_path: str

    @property
    def name(self) -> str:
        return Path(self.file).stem


def page_specs(app_file: Path = ROOT / "app.py") -> list[PageSpec]:
    """The pages app.py navigates to whose file exists, read from its `PAGE_SPECS` literal
    (without running the app script)."""
    tree = ast.parse(app_file.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        targets = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        if isinstance(node, ast.Assign) and "PAGE_SPECS" in targets:
            specs = ast.literal_eval(node.value)
            return [
                PageSpec(file, title, url)
                for file, title, _icon, url in specs
                if (app_file.parent / "pages" / file).exists()
            ]
    raise ValueError("app.py has no PAGE_SPECS")


def _clear_caches() -> None:
    import streamlit as st

    from pipelines.app import cache as queries

    queries.clear()
    st.cache_data.clear()
    st.cache_resource.clear()


def scan_components_once() -> None:
    """Make AppTest scan the installed packages for Streamlit components once per process.

    Every new `AppTest` scans the metadata of every installed distribution (300–800 ms here),
    which the real server does once at start-up: leaving it in would time the scan, not the page.
    """
    from streamlit.components.v2 import manifest_scanner

    if not hasattr(manifest_scanner.scan_component_manifests, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(
            manifest_scanner.scan_component_manifests
        )


def _run_page(path: Path) -> tuple[float, str | None]:
    """One full AppTest run in a new session: (milliseconds, the first exception's message)."""
    from streamlit.testing.v1 import AppTest

    scan_components_once()
    # A page's exception is collected from the run; Streamlit's own log of it is noise here.
    logging.getLogger("streamlit").setLevel(logging.CRITICAL)
    app = AppTest.from_file(str(path), default_timeout=300)
    started = time.perf_counter()
    app.run()
    elapsed = (time.perf_counter() - started) * 1000
    error = app.exception[0].message if app.exception else None
    return elapsed, error


def apptest_floor_ms(runs: int) -> float:
    """The median time of an AppTest run of a page with a title and one metric: what any page
    costs under AppTest before it does anything."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "floor.py"
        script.write_text('import streamlit as st\nst.title("Tom")\nst.metric("Antal", "1")\n')
        _run_page(script)
        return statistics.median(_run_page(script)[0] for _ in range(max(runs, 3)))


def time_page(spec: PageSpec, runs: int) -> dict:
    """Median warm and cold milliseconds of one page over `runs` rounds (cold, then warm)."""
    path = ROOT / "pages" / spec.file
    _run_page(path)  # imports the page's modules: a running server has them already
    cold, warm, errors = [], [], []
    for _ in range(runs):
        _clear_caches()
        ms, error = _run_page(path)
        cold.append(ms)
        ms_warm, error_warm = _run_page(path)
        warm.append(ms_warm)
        errors += [e for e in (error, error_warm) if e]
    return {
        "warm_ms": statistics.median(warm),
        "cold_ms": statistics.median(cold),
        "error": errors[0] if errors else None,
    }


# --- the running app --------------------------------------------------------------------------


def _wait_for_app(tab, timeout: float = 900_000) -> None:
    """Until the page's script has run to its end. Streamlit marks the app root with the
    script's state (`initial`, `running`, `notRunning`, …): waiting for the status widget to be
    absent alone can return before the script has even started."""
    tab.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )
    tab.wait_for_function(
        "() => document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0"
        " && document.querySelectorAll('.arbetsmal-waiting').length === 0",
        timeout=timeout,
    )


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def app_memory(env: dict[str, str], specs: list[PageSpec], log_file: Path) -> dict:
    """Start the app on the warehouse named in `env`, open every page once, and return the
    server's peak and current RSS in MB, the seconds each page took to settle, and errors."""
    from playwright.sync_api import sync_playwright

    log_file.parent.mkdir(parents=True, exist_ok=True)
    server = launch.Server(
        ROOT / "app.py", env, log_file, args=["--server.fileWatcherType", "none"], timeout_s=120
    )
    server.start()
    proc, url = server.proc, server.url
    try:
        settle, errors = {}, []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1400, "height": 2400}, locale="sv-SE")
            tab.set_default_timeout(600_000)
            for spec in specs:
                started = time.perf_counter()
                tab.goto(f"{url}/{spec.url_path}")
                _wait_for_app(tab)
                settle[spec.name] = time.perf_counter() - started
                error = tab.locator("[data-testid='stException']")
                if error.count():
                    errors.append(f"{spec.name}: {error.first.inner_text()[:200]}")
            peak_mb = _status_kb(proc.pid, "VmHWM") / 1024
            users = {
                count: _sessions_at_once(browser, f"{url}/{specs[0].url_path}", count)
                for count in USERS
            }
            browser.close()
        return {
            "peak_mb": peak_mb,
            "peak_after_users_mb": _status_kb(proc.pid, "VmHWM") / 1024,
            "settle_s": settle,
            "users_s": users,
            "errors": errors,
        }
    finally:
        server.stop()


def _sessions_at_once(browser, url: str, count: int) -> float:
    """Seconds until `count` new sessions opened at the same moment on `url` have all settled
    (a warm cache: the page was served before). Each tab is a session of its own."""
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="sv-SE")
    tabs = [context.new_page() for _ in range(count)]
    started = time.perf_counter()
    for tab in tabs:
        tab.goto(url, wait_until="commit")
    for tab in tabs:
        _wait_for_app(tab)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed
