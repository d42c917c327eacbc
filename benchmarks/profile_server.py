"""Profile the running app as a browser uses it (issue 19): `streamlit run app.py` on a
benchmark warehouse, N new sessions of one page in Chromium, sampled by py-spy on the server
process; prints where the busy samples went (idle threads left out) and keeps the raw stacks.

    python -m benchmarks.profile_server oversikt [--sessions 6] [--work benchmarks/out]
        [--first-visit] [--floor] [--navigate] [--gil]

The warehouse is `<work>/large.duckdb` as `make bench` built it (`--reuse` keeps it). Without
`--first-visit` every session is a returning visitor's (Streamlit's static files cached by the
browser), so the profile is the session's own work. `--floor` profiles the minimal app instead.
`--navigate` profiles in-session navigations instead: one open session clicks the page's link
and then the cheapest page's (`BACK`), `--sessions` times; the cheap page's runs are in the
profile too (about 15 ms each). `--gil` keeps only samples of the thread holding Python's
GIL (py-spy's `--gil`): without it a thread waiting for the GIL counts as busy where it waits
(a socket write, `os.getcwd`, a lock), which inflates cheap calls on a busy server.
"""

from __future__ import annotations

import argparse
import collections
import re
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks import browser, launch
from benchmarks.measure_pages import page_specs

#: The page `--navigate` goes back to between two navigations (the cheapest).
BACK = "sysselsattningskrav"

#: Leaf frames of threads that wait (py-spy counts some of them as busy).
IDLE = (
    "EpollSelector.select",
    "Condition.wait",
    "PollingPathWatcher._schedule.<locals>.task",
    "_worker (concurrent/futures/thread.py:81)",
    "WorkerThread.run (anyio/_backends/_asyncio.py:1124)",
    "sleep",
)


def summary(raw: Path, top: int = 25) -> str:
    """The busy samples' top functions: by own time (self) and including callees."""
    busy, idle = 0, 0
    own: collections.Counter = collections.Counter()
    inclusive: collections.Counter = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [
            re.sub(r" \(/.*?(site-packages|python3\.\d+)/", " (", f) for f in stack.split(";")
        ]
        if any(marker in frames[-1] for marker in IDLE):
            idle += int(count)
            continue
        busy += int(count)
        own[frames[-1]] += int(count)
        for frame in set(frames):
            inclusive[frame] += int(count)
    lines = [f"{busy} busy samples ({idle} idle left out)", "", "own time:"]
    lines += [f"{100 * n / busy:5.1f} %  {f[:140]}" for f, n in own.most_common(top)]
    lines += ["", "including callees:"]
    lines += [f"{100 * n / busy:5.1f} %  {f[:140]}" for f, n in inclusive.most_common(top * 2)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_server")
    parser.add_argument("page", help="a page's file stem (oversikt, importera, …)")
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--work", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--first-visit", action="store_true", help="empty browser caches")
    parser.add_argument("--floor", action="store_true", help="profile the minimal app instead")
    parser.add_argument(
        "--navigate", action="store_true", help="in-session navigations, not new sessions"
    )
    parser.add_argument("--gil", action="store_true", help="only samples holding the GIL")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args(argv)

    specs = page_specs()
    index = next(i for i, s in enumerate(specs) if s.name == args.page)
    url_path = specs[index].url_path if index else ""
    folder = args.work / "profile"
    folder.mkdir(parents=True, exist_ok=True)
    if args.floor:
        server = launch.Server(
            browser.write_floor_app(folder), {}, folder / "floor.log", ports=browser.PORTS
        )
        url_path = ""
    else:
        env = {
            "ARBETSMAL_DB": str(args.work / "large.duckdb"),
            "ARBETSMAL_REFERENCE": str(args.work / "large" / "reference"),
            "ARBETSMAL_TODAY": args.today.isoformat(),
        }
        server = launch.Server(
            browser.ROOT / "app.py", env, folder / "app.log", ports=browser.PORTS
        )
    raw = folder / f"{'floor' if args.floor else args.page}.txt"
    from playwright.sync_api import sync_playwright

    with launch.running(server), sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS)
        returning = browser.new_context(chromium)
        browser.new_session(chromium, server, url_path, context=returning)  # warm caches
        spy = subprocess.Popen(
            [str(Path(sys.executable).with_name("py-spy")), "record", "-p", str(server.proc.pid),
             "-f", "raw", "-o", str(raw), "-r", "200", "--nonblocking",
             *(["--gil"] if args.gil else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        if args.navigate:
            back = next(spec for spec in specs if spec.name == BACK)
            view = browser.new_session(
                chromium, server, back.url_path, context=returning, keep=True
            )
            browser.navigate(view, server, specs[index].title)  # warm this page's caches
            browser.navigate(view, server, back.title)
        time.sleep(1.5)
        for _ in range(args.sessions if args.navigate else 0):
            there = browser.navigate(view, server, specs[index].title)
            home = browser.navigate(view, server, back.title)
            print(
                f"navigation: wall {there.wall_s:.2f} s, server CPU {1000 * there.cpu_s:.0f} ms"
                f" (back to {BACK}: {1000 * home.cpu_s:.0f} ms)",
                flush=True,
            )
        for _ in range(0 if args.navigate else args.sessions):
            view = browser.new_session(
                chromium, server, url_path, context=None if args.first_visit else returning
            )
            print(f"session: wall {view.wall_s:.2f} s, server CPU {view.cpu_s:.2f} s", flush=True)
        spy.send_signal(signal.SIGINT)
        spy.wait(timeout=60)
        chromium.close()
    print(summary(raw))
    print(f"\nraw stacks (py-spy's collapsed format): {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
