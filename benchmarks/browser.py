"""Speed as a browser sees it (issue 19): the running app served to Debian's Chromium, each
figure beside the same measure of a minimal Streamlit app in the same run (the *floor*: two
pages with a title and one metric each, behind `st.navigation`), so that the ratios hold on a
noisy machine.

- **A new session's first view** of every page, twice: as a *first visit* (a fresh browser
  context, nothing cached: the server also sends Streamlit's static files, several MB,
  uncompressed) and as a *returning visitor* (a new tab in a profile that has them cached, as
  browsers keep them: they are immutable; the new session is all the server does). *Wall* is
  the time from the navigation's start until Streamlit has finished the run (the app root's
  script state `notRunning` after a run, no skeleton left), *CPU* the server process's user +
  system seconds from `/proc/<pid>/stat` over the view, read once the server is quiet again
  (its work after the run counts too).
- **An in-session navigation**: in an open session, a click on the page's link in the
  navigation; the same wall and CPU.
- **Bytes sent**: what the browser received for the new session (HTTP, as encoded on the wire,
  and the WebSocket's message payloads) and for the navigation (WebSocket).
- **Capacity**: the server pinned to one core (`taskset`), the browsers to the other; new
  sessions arrive at a steady rate, each a returning visitor's new tab (a first visit's
  megabytes of JavaScript would load the browsers' core, not the server), and the capacity is
  the highest rate (new sessions a minute) at which the 95th percentile of their first views
  stays ≤ `P95_LIMIT_S`.

Both servers run from the project folder with the same settings (`.streamlit/config.toml`) and
the same launcher as production (`python -m pipelines.app.serve`).
Every page is opened once before measuring: the figures are a new visitor's cost once the
process's caches are warm (the cold cost is `page_*_cold_ms`).
"""

from __future__ import annotations

import asyncio
import math
import os
import statistics
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.launch import CHROMIUM, CHROMIUM_ARGS, Server

ROOT = Path(__file__).resolve().parent.parent
#: Ports for the servers started here (`launch.Server(..., ports=PORTS)`; an environment
#: variable may move the range).
PORTS = range(
    int(os.environ.get("ARBETSMAL_BENCH_PORT", "8680")),
    int(os.environ.get("ARBETSMAL_BENCH_PORT", "8680")) + 10,
)
P95_LIMIT_S = 3.0
#: How long the first (cold) view of a page may take: it fills the process's caches.
WARM_UP_S = 900
VIEWPORT = {"width": 1400, "height": 1600}
_TICK = os.sysconf("SC_CLK_TCK")

#: The floor: the least a Streamlit app with a navigation costs per view.
FLOOR_APP = textwrap.dedent(
    '''
    """The floor of the browser benchmark: two pages with a title and one metric each."""
    import streamlit as st


    def first():
        st.title("Tom")
        st.metric("Antal", "1")


    def second():
        st.title("Andra")
        st.metric("Antal", "2")


    st.set_page_config(page_title="Golv", layout="wide", initial_sidebar_state="expanded")
    st.navigation(
        [
            st.Page(first, title="Första", url_path="forsta", default=True),
            st.Page(second, title="Andra", url_path="andra"),
        ]
    ).run()
    '''
)

#: Installed in every page before its own scripts: notes when Streamlit has finished a run
#: (`window.__stSettled`, ms since the navigation started) and can be re-armed for the next.
SETTLE_SCRIPT = """
(() => {
  // Settled: the app root's script state is `notRunning`, no skeleton is left, a run was seen
  // (or, for a fast run whose `running` state React never drew, the main block changed after
  // arming and has content), and nothing changed for QUIET ms. The time: the last change.
  const QUIET = 300;
  let lastChange = performance.now();
  window.__stArm = () => {
    window.__stRan = false; window.__stSettled = undefined; window.__stArmedAt = performance.now();
  };
  window.__stArm();
  window.__stArmedAt = -1;
  let lastMainChange = -1;  // a change inside the page's main block (not the navigation)
  new MutationObserver((records) => {
    lastChange = performance.now();
    for (const r of records) {
      if (r.type === 'attributes' && r.oldValue === 'running') window.__stRan = true;
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (node && node.closest("[data-testid='stMain']")) lastMainChange = lastChange;
    }
    const app = document.querySelector("[data-testid='stApp']");
    if (app && app.getAttribute('data-test-script-state') === 'running') window.__stRan = true;
  }).observe(document, {
    subtree: true, childList: true, characterData: true, attributes: true,
    attributeOldValue: true,
  });
  setInterval(() => {
    if (window.__stSettled !== undefined) return;
    const app = document.querySelector("[data-testid='stApp']");
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return;
    if (document.querySelector("[data-testid='stSkeleton']")) return;
    if (document.querySelector(".arbetsmal-waiting")) return;  // charts or parts still to come
    const content = document.querySelector("[data-testid='stMain'] [data-testid='stElementContainer']");
    const changed = lastMainChange > window.__stArmedAt;
    if (!(window.__stRan || (content && changed))) return;
    if (performance.now() - lastChange >= QUIET) window.__stSettled = lastChange;
  }, 50);
})();
"""


#: Installed beside `SETTLE_SCRIPT`: notes when the page first shows a number (issue 28), ms since
#: the navigation started: a metric's value, a table cell with a digit, a Plotly chart's drawing
#: or a data frame's canvas in the page's main block, not hidden (a closed expander, an unchosen
#: tab). `__stFirstNumber`: the first one on screen (its top above the viewport's bottom);
#: `__stFirstAnyNumber`: the first one anywhere on the page; `__stFirstNumberWhat`: which kind.
FIRST_NUMBER_SCRIPT = """
(() => {
  const KINDS = [
    ["metric", "[data-testid='stMain'] [data-testid='stMetricValue']"],
    ["table", "[data-testid='stMain'] td"],
    ["chart", "[data-testid='stMain'] .js-plotly-plot .main-svg"],
    ["dataframe", "[data-testid='stMain'] [data-testid='stDataFrame'] canvas"],
  ];
  const look = () => {
    for (const [kind, selector] of KINDS) {
      for (const el of document.querySelectorAll(selector)) {
        const rect = el.getBoundingClientRect();
        if (!rect.width || !rect.height) continue;
        if (kind !== "chart" && kind !== "dataframe" && !/\\d/.test(el.textContent)) continue;
        const now = performance.now();
        if (window.__stFirstAnyNumber === undefined) window.__stFirstAnyNumber = now;
        if (rect.top < window.innerHeight) {
          window.__stFirstNumber = now; window.__stFirstNumberWhat = kind;
          observer.disconnect();
          return;
        }
      }
    }
  };
  const observer = new MutationObserver(look);
  observer.observe(document, {subtree: true, childList: true, characterData: true});
})();
"""
#: Chromium's CPU slowed this many times (the DevTools protocol's
#: `Emulation.setCPUThrottlingRate`), in a phone's viewport: a mid-range phone (issue 28).
THROTTLE_RATE = 4
#: New sessions of the app and of its same-content floor per round, for the server CPU (its
#: mean): a session costs a few ticks of 10 ms, so one a round says little.
CPU_SESSIONS_PER_ROUND = 3
PHONE = "Pixel 7"


def write_floor_app(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "floor_app.py"
    script.write_text(FLOOR_APP, encoding="utf-8")
    return script


# --- one view ---------------------------------------------------------------------------------


class Traffic:
    """Bytes a tab received: HTTP bodies and headers as encoded on the wire, and WebSocket
    message payloads (binary frames arrive base64-encoded from the DevTools protocol)."""

    def __init__(self) -> None:
        self.http = 0
        self.ws = 0

    def on_loading_finished(self, event: dict) -> None:
        self.http += int(event.get("encodedDataLength", 0))

    def on_frame(self, event: dict) -> None:
        response = event.get("response", {})
        payload = response.get("payloadData", "")
        self.ws += len(payload) * 3 // 4 if response.get("opcode") == 2 else len(payload)


def new_context(browser, **options):
    """A browser profile of its own (its own HTTP cache) that notes when Streamlit settles and
    when the first number appears; `options` (a phone's) replace the desktop viewport."""
    context = browser.new_context(**(options or {"viewport": VIEWPORT}), locale="sv-SE")
    context.add_init_script(SETTLE_SCRIPT)
    context.add_init_script(FIRST_NUMBER_SCRIPT)
    return context


def _new_tab(browser, context=None, timeout_s: float = 120):
    context = context or new_context(browser)
    tab = context.new_page()
    tab.set_default_timeout(timeout_s * 1000)
    traffic = Traffic()
    cdp = context.new_cdp_session(tab)
    cdp.send("Network.enable")
    cdp.on("Network.loadingFinished", traffic.on_loading_finished)
    cdp.on("Network.webSocketFrameReceived", traffic.on_frame)
    return context, tab, traffic


def _settled_ms(tab) -> float:
    tab.wait_for_function("() => window.__stSettled !== undefined", polling=50)
    return float(tab.evaluate("() => window.__stSettled"))


@dataclass
class View:
    wall_s: float
    cpu_s: float
    http_bytes: int = 0
    ws_bytes: int = 0
    error: str | None = None
    tab: object = None  # the open tab (closed by the caller)
    context: object = None


def new_session(
    browser,
    server: Server,
    url_path: str,
    *,
    keep: bool = False,
    context=None,
    timeout_s: float = 120,
) -> View:
    """A new session opens `url_path` until Streamlit has finished: a first visit (a fresh
    context, nothing cached) or, with `context`, a returning visitor (a new tab in a profile that
    has Streamlit's static files cached, as a browser keeps them: they are immutable). Wall time
    from the navigation's start; the server's CPU until it is quiet again."""
    shared = context is not None
    context, tab, traffic = _new_tab(browser, context, timeout_s)
    before = server.quiet_cpu_s()
    tab.goto(f"{server.url}/{url_path}", wait_until="commit")
    wall = _settled_ms(tab) / 1000
    cpu = server.quiet_cpu_s() - before
    error = tab.locator("[data-testid='stException']")
    message = error.first.inner_text()[:200] if error.count() else None
    view = View(wall, cpu, traffic.http, traffic.ws, message)
    if keep:
        view.tab, view.traffic = tab, traffic
        view.context = tab if shared else context  # what the caller closes
    else:
        (tab if shared else context).close()
    return view


def navigate(view: View, server: Server, title: str) -> View:
    """In the open session of `view`, click the navigation's link titled `title`."""
    tab = view.tab
    link = tab.locator("[data-testid='stSidebarNav'] a").filter(
        has=tab.get_by_text(title, exact=True)
    )
    ws_before = view.traffic.ws
    before = server.quiet_cpu_s()
    started = tab.evaluate("() => { window.__stArm(); return performance.now(); }")
    link.click()
    wall = (_settled_ms(tab) - started) / 1000
    cpu = server.quiet_cpu_s() - before
    error = tab.locator("[data-testid='stException']")
    message = error.first.inner_text()[:200] if error.count() else None
    return View(wall, cpu, 0, view.traffic.ws - ws_before, message)


@dataclass
class PageTarget:
    name: str  # measure name part
    title: str  # the navigation's link text
    url_path: str


def views(
    app: Server,
    floor: Server,
    pages: list[PageTarget],
    floor_pages: tuple[PageTarget, PageTarget],
    runs: int,
) -> dict:
    """Per page (and for the floor): the medians of `runs` rounds. A round opens every page as
    a first visit (nothing cached) and as a returning visitor's new session, and from the
    latter clicks the next page's link (the floor: its first page, then its second). The
    floor's round comes first, so both see the same machine."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    raw: dict[str, dict[str, list]] = {
        p.name: {"first": [], "new": [], "nav": [], "failed": []} for p in [*pages, floor_pages[0]]
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            returning = {app: new_context(browser), floor: new_context(browser)}
            for server, targets in ((app, pages), (floor, floor_pages[:1])):
                for page in targets:  # the process's caches warm, the browser's cache filled
                    try:
                        new_session(
                            browser, server, page.url_path, context=returning[server],
                            timeout_s=WARM_UP_S,
                        )  # fmt: skip
                    except PlaywrightError as exc:
                        raw[page.name]["failed"].append(f"warm-up: {str(exc).splitlines()[0]}")
            for _ in range(runs):
                cases = [(floor, floor_pages[0], floor_pages[1], floor_pages[0].name)]
                cases += [
                    (app, page, pages[(i + 1) % len(pages)], pages[(i + 1) % len(pages)].name)
                    for i, page in enumerate(pages)
                ]
                for server, page, following, following_name in cases:
                    measures = raw[page.name]
                    try:
                        measures["first"].append(new_session(browser, server, page.url_path))
                        session = new_session(
                            browser, server, page.url_path, keep=True, context=returning[server]
                        )
                        measures["new"].append(session)
                        try:
                            raw[following_name]["nav"].append(
                                navigate(session, server, following.title)
                            )
                        finally:
                            session.context.close()
                    except PlaywrightError as exc:  # one stuck view must not lose the others
                        measures["failed"].append(str(exc).splitlines()[0])
        finally:
            browser.close()
    return {name: summarise(measures) for name, measures in raw.items()}


def summarise(measures: dict[str, list]) -> dict:
    """Medians (None where every attempt failed) and the errors seen."""
    first, new, nav = measures["first"], measures["new"], measures["nav"]

    def median(views: list[View], attribute: str, scale: float = 1) -> float | None:
        return statistics.median(getattr(v, attribute) for v in views) / scale if views else None

    return {
        "first_wall_s": median(first, "wall_s"),
        "first_cpu_s": median(first, "cpu_s"),
        "first_http_kb": median(first, "http_bytes", 1024),
        "first_ws_kb": median(first, "ws_bytes", 1024),
        "new_wall_s": median(new, "wall_s"),
        "new_cpu_s": median(new, "cpu_s"),
        "new_http_kb": median(new, "http_bytes", 1024),
        "new_ws_kb": median(new, "ws_bytes", 1024),
        "nav_wall_s": median(nav, "wall_s"),
        "nav_cpu_s": median(nav, "cpu_s"),
        "nav_ws_kb": median(nav, "ws_bytes", 1024),
        "runs": len(new),
        "errors": [v.error for v in first + new + nav if v.error] + measures["failed"],
    }


# --- the same content, and a phone (issue 28) -------------------------------------------------


def throttled_view(context, server: Server, url_path: str, timeout_s: float = 120) -> dict:
    """A new tab of `context` opens `url_path` with the CPU slowed `THROTTLE_RATE` times: the ms
    from the navigation's start to the first number on screen (else the first anywhere on the
    page, else until Streamlit finished), and which it was."""
    tab = context.new_page()
    tab.set_default_timeout(timeout_s * 1000)
    try:
        cdp = context.new_cdp_session(tab)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE_RATE})
        tab.goto(f"{server.url}/{url_path}", wait_until="commit")
        settled = _settled_ms(tab)
        first, anywhere, what = tab.evaluate(
            "() => [window.__stFirstNumber ?? null, window.__stFirstAnyNumber ?? null,"
            " window.__stFirstNumberWhat ?? null]"
        )
    finally:
        tab.close()
    if first is not None:
        return {"ms": first, "what": f"{what} on screen"}
    if anywhere is not None:
        return {"ms": anywhere, "what": "below the fold"}
    return {"ms": settled, "what": "no number: until Streamlit finished"}


def same_content(
    app: Server, floor: Server, pages: list[PageTarget], runs: int, *, warm_app: bool
) -> dict:
    """Per page, medians of `runs` rounds: a returning visitor's new session of the app's page
    and of the same-content floor's (server CPU, wall), one after the other; then each opened
    in a phone's profile with the CPU throttled (`throttled_view`). Every page of both servers
    is opened once first (the app's only if not `warm_app`), which also fills the profiles'
    caches."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    raw = {
        p.name: {"app": [], "floor": [], "app_phone": [], "floor_phone": [], "failed": []}
        for p in pages
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        phone = {k: v for k, v in p.devices[PHONE].items() if k != "default_browser_type"}
        try:
            returning = {app: new_context(browser), floor: new_context(browser)}
            phones = {app: new_context(browser, **phone), floor: new_context(browser, **phone)}
            for server in (app, floor):
                for page in pages:
                    try:
                        if server is floor or not warm_app:
                            new_session(browser, server, page.url_path, context=returning[server],
                                        timeout_s=WARM_UP_S)  # fmt: skip
                        else:
                            new_session(browser, server, page.url_path, context=returning[server])
                        new_session(browser, server, page.url_path, context=phones[server])
                    except PlaywrightError as exc:
                        raw[page.name]["failed"].append(f"warm-up: {str(exc).splitlines()[0]}")
            for _ in range(runs):
                for page in pages:
                    measures = raw[page.name]
                    try:
                        for _ in range(CPU_SESSIONS_PER_ROUND):
                            for label, server in (("app", app), ("floor", floor)):
                                measures[label].append(
                                    new_session(
                                        browser, server, page.url_path, context=returning[server]
                                    )
                                )
                        for label, server in (("app_phone", app), ("floor_phone", floor)):
                            measures[label].append(
                                throttled_view(phones[server], server, page.url_path)
                            )
                    except PlaywrightError as exc:
                        measures["failed"].append(str(exc).splitlines()[0])
        finally:
            browser.close()

    def median(values: list) -> float | None:
        return statistics.median(values) if values else None

    def mean(values: list) -> float | None:
        return statistics.fmean(values) if values else None

    found = {}
    for name, measures in raw.items():
        phone_app = measures["app_phone"]
        found[name] = {
            # The mean, not the median: /proc counts CPU in ticks of 10 ms, a session takes a
            # few, and a median of ticks moved a ratio by 0,2–0,5 from one run to the next.
            "app_cpu_s": mean([v.cpu_s for v in measures["app"]]),
            "floor_cpu_s": mean([v.cpu_s for v in measures["floor"]]),
            "app_wall_s": median([v.wall_s for v in measures["app"]]),
            "floor_wall_s": median([v.wall_s for v in measures["floor"]]),
            "app_phone_ms": median([v["ms"] for v in phone_app]),
            "floor_phone_ms": median([v["ms"] for v in measures["floor_phone"]]),
            "app_phone_what": sorted({v["what"] for v in phone_app}),
            "runs": len(measures["floor_phone"]),
            "cpu_sessions": len(measures["floor"]),
            "errors": [v.error for v in measures["app"] + measures["floor"] if v.error]
            + measures["failed"],
        }
    return found


# --- capacity ---------------------------------------------------------------------------------


async def _arrivals(url: str, rate_per_min: float, count: int) -> list[float]:
    """`count` new sessions arriving every 60/rate seconds, each a returning visitor's new tab
    (one browser profile that has Streamlit's static files cached, so the browsers' one core
    runs the pages, not the download and parsing of megabytes of JavaScript): the wall seconds of
    each first view (inf for one that did not finish in time)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport=VIEWPORT, locale="sv-SE")
        await context.add_init_script(SETTLE_SCRIPT)
        warm = await context.new_page()  # fills the profile's cache
        await warm.goto(url, wait_until="commit", timeout=WARM_UP_S * 1000)
        await warm.wait_for_function(
            "() => window.__stSettled !== undefined", polling=100, timeout=WARM_UP_S * 1000
        )
        await warm.close()

        async def one(delay: float) -> float:
            await asyncio.sleep(delay)
            tab = await context.new_page()
            started = time.perf_counter()
            try:
                await tab.goto(url, wait_until="commit", timeout=60_000)
                await tab.wait_for_function(
                    "() => window.__stSettled !== undefined", polling=50, timeout=60_000
                )
                return time.perf_counter() - started
            except Exception:  # a view that never finished counts as too slow
                return math.inf
            finally:
                await tab.close()

        try:
            interval = 60 / rate_per_min
            return list(await asyncio.gather(*(one(i * interval) for i in range(count))))
        finally:
            await browser.close()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def capacity(
    url: str,
    *,
    start_rate: float = 15,
    max_rate: float = 480,
    seconds: float = 30,
    min_count: int = 8,
    log=print,
) -> dict:
    """The highest steady rate of new sessions a minute whose first views' p95 ≤ 3 s: the rate
    doubles until a step fails, then one step halves the gap. Run in a process pinned to the
    browsers' core."""
    tried: dict[float, float] = {}

    def attempt(rate: float) -> bool:
        count = max(min_count, round(rate * seconds / 60))
        walls = asyncio.run(_arrivals(url, rate, count))
        tried[rate] = p95(walls)
        log(f"capacity {url}: {rate:.0f}/min, {count} sessions, p95 {tried[rate]:.2f} s")
        return tried[rate] <= P95_LIMIT_S

    good, rate = 0.0, start_rate
    while rate <= max_rate and attempt(rate):
        good, rate = rate, rate * 2
    if good and rate <= max_rate:
        middle = (good + rate) / 2
        if attempt(middle):
            good = middle
    return {"sessions_per_min": good, "steps": {f"{k:g}": v for k, v in tried.items()}}


def warm(server: Server, url_path: str) -> None:
    """One view of `url_path`, so that the measures after it find the process's caches warm."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            new_session(browser, server, url_path, timeout_s=WARM_UP_S)
        finally:
            browser.close()


def capacity_pinned(server: Server, url_path: str, browser_cpu: int, **kwargs) -> dict:
    """`capacity` with this process (and so the browsers it starts) on `browser_cpu`."""
    previous = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {browser_cpu})
    try:
        return capacity(f"{server.url}/{url_path}", **kwargs)
    finally:
        os.sched_setaffinity(0, previous)
