"""Starting a Streamlit script as production does, on a free port: the one home of the app
launcher that the benchmarks (`browser.Server`, `measure_pages`) and the tests
(`tests/conftest.py`'s `running_app`, `test_gate_app`) share.

- `CHROMIUM`, `CHROMIUM_ARGS`: the browser Playwright drives, and how it is started.
- `free_port(ports)`: the first free port of `ports`, else any the system gives;
  `port_range(variable)` reads a range such as `8670-8679` from an environment variable (a
  machine where each worker has its own ports).
- `Server`: `python -m pipelines.app.serve SCRIPT` (`streamlit run SCRIPT` with the navigation
  from the first request) as a subprocess, optionally pinned to some CPUs with `taskset`;
  `start()` returns once `/_stcore/health` answers, `stop()` ends it; `cpu_s`, `quiet_cpu_s` and
  `rss_mb` read the process from /proc. A `with` block starts and stops it.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Debian's Chromium, and the arguments every browser started by the tests or benchmarks gets.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
_TICK = os.sysconf("SC_CLK_TCK")


def port_range(variable: str) -> range | None:
    """`low-high` from the environment variable as a range (both ends included), or None."""
    wanted = os.environ.get(variable, "")
    if "-" not in wanted:
        return None
    low, high = (int(p) for p in wanted.split("-", 1))
    return range(low, high + 1)


def free_port(ports: Iterable[int] | None = None) -> int:
    """The first port of `ports` nothing listens on; without `ports`, any free one."""
    if ports is None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]
    ports = list(ports)
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports[0]}–{ports[-1]}" if ports else "no ports given")


@dataclass(eq=False)
class Server:
    """A Streamlit script served as production serves the app (see the module docstring)."""

    script: Path
    env: dict[str, str | None] = field(default_factory=dict)  # None: take the variable away
    log_file: Path | None = None
    cpus: set[int] | None = None
    cwd: Path = ROOT  # where Streamlit finds .streamlit/config.toml
    args: list[str] = field(default_factory=list)  # more `--option value` arguments
    ports: Iterable[int] | None = None  # where to look for a free port (None: anywhere)
    address: str = "127.0.0.1"
    launcher: tuple[str, ...] = ("pipelines.app.serve",)  # ("streamlit", "run"): the plain one
    timeout_s: float = 120
    port: int = 0  # given: that port; 0: a free one
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        self.port = self.port or free_port(self.ports)
        command = [sys.executable, "-m", *self.launcher, str(self.script),
                   "--server.port", str(self.port), "--server.address", self.address,
                   "--server.headless", "true", "--browser.gatherUsageStats", "false",
                   *self.args]  # fmt: skip
        if self.cpus is not None:
            command = ["taskset", "-c", ",".join(map(str, sorted(self.cpus))), *command]
        log = open(self.log_file, "w") if self.log_file else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                command,
                cwd=self.cwd,
                env={k: v for k, v in {**os.environ, **self.env}.items() if v is not None},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        finally:
            if self.log_file:
                log.close()  # the child has its own copy
        deadline = time.monotonic() + self.timeout_s
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        tail = self.log_file.read_text()[-2000:] if self.log_file else ""
        self.stop()
        raise RuntimeError(f"the server for {self.script.name} did not start: {tail}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def cpu_s(self) -> float:
        """User + system CPU seconds of the server process so far (all its threads)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK

    def quiet_cpu_s(self, window: float = 0.3, limit: float = 10.0) -> float:
        """The CPU seconds once the server has been idle (≤ 1 tick) for `window` seconds."""
        deadline = time.monotonic() + limit
        last = self.cpu_s()
        while time.monotonic() < deadline:
            time.sleep(window)
            now = self.cpu_s()
            if now - last <= 1.0 / _TICK:
                return now
            last = now
        return last

    def rss_mb(self, field_name: str = "VmHWM") -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
        raise KeyError(field_name)


@contextlib.contextmanager
def running(*servers: Server) -> Iterator[tuple[Server, ...]]:
    """Start every server, yield them, stop them all (also when one fails to start)."""
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()
