"""Shared fixtures: a throw-away warehouse (empty or built from tests/fixtures/), fixed today,
and for browser tests a running app and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_FILES = sorted((FIXTURES / "warehouse").glob("*.csv"))
TODAY = "2026-09-15"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every test runs on 2026-09-15 unless it says otherwise."""
    monkeypatch.setenv("ARBETSMAL_TODAY", TODAY)


@pytest.fixture(scope="session")
def reference_dir(tmp_path_factory) -> Path:
    """The committed reference data, with the fixture's round-numbered förvaltningar."""
    target = tmp_path_factory.mktemp("reference")
    for csv in (ROOT / "data" / "reference").glob("*.csv"):
        shutil.copy(csv, target / csv.name)
    shutil.copy(FIXTURES / "reference" / "forvaltningar.csv", target / "forvaltningar.csv")
    return target


@pytest.fixture
def empty_db(tmp_path, monkeypatch, reference_dir) -> Path:
    """An empty warehouse in a temporary folder; ARBETSMAL_DB and ARBETSMAL_REFERENCE point at it."""
    path = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("ARBETSMAL_DB", str(path))
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(reference_dir))
    return path


def build_fixture_warehouse(path: Path, reference: Path) -> None:
    """Ingest every file of tests/fixtures/warehouse/ through the real pipeline."""
    from pipelines.config import pointing_at
    from pipelines.ingest.store import ingest_file

    with pointing_at(path, reference, TODAY):
        for file in FIXTURE_FILES:
            result = ingest_file(file, source="test")
            assert result.outcome == "lagrad", [f.format() for f in result.findings]


@pytest.fixture(scope="session")
def fixture_db_master(tmp_path_factory, reference_dir) -> Path:
    path = tmp_path_factory.mktemp("fixture") / "warehouse.duckdb"
    build_fixture_warehouse(path, reference_dir)
    return path


@pytest.fixture
def fixture_db(tmp_path, monkeypatch, reference_dir, fixture_db_master) -> Path:
    """A private copy of the fixture warehouse (see tests/fixtures/README.md for its figures)."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(fixture_db_master, path)
    monkeypatch.setenv("ARBETSMAL_DB", str(path))
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(reference_dir))
    return path


# --- browser tests ---------------------------------------------------------------------------


def _free_port() -> int:
    """A free port: the first free one of ARBETSMAL_TEST_PORTS (`8670-8679`, for a machine where
    each worker has its own range), else any the system gives."""
    wanted = os.environ.get("ARBETSMAL_TEST_PORTS", "")
    if "-" in wanted:
        low, high = (int(p) for p in wanted.split("-", 1))
        for port in range(low, high + 1):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
        raise RuntimeError(f"no free port in ARBETSMAL_TEST_PORTS={wanted}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(folder: Path, db: Path, reference: Path, launcher=("pipelines.app.serve",)):
    """Start the app on `db` as production does (`python -m pipelines.app.serve`, which is
    `streamlit run app.py` with the navigation right from the first request; `launcher`
    `("streamlit", "run")` for the plain command); yields the base URL; stops it afterwards."""
    port = _free_port()
    env = {
        **os.environ,
        "ARBETSMAL_DB": str(db),
        "ARBETSMAL_REFERENCE": str(reference),
        "ARBETSMAL_TODAY": TODAY,
    }
    log = open(folder / "streamlit.log", "w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            *launcher,
            str(ROOT / "app.py"),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the app did not start: " + (folder / "streamlit.log").read_text())
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def app_on_a_copy(tmp_path_factory, reference_dir, fixture_db_master):
    """The one factory of running apps: `app_on_a_copy(name)` starts `streamlit run app.py` on a
    private copy of the fixture warehouse and returns its base URL (the copy is
    `<url's folder>/warehouse.duckdb`, see `.db`); every app stops at the end of the session."""
    stack = contextlib.ExitStack()
    started: dict[str, str] = {}

    def start(name: str = "app") -> str:
        if name not in started:
            folder = tmp_path_factory.mktemp(name)
            db = folder / "warehouse.duckdb"
            shutil.copy(fixture_db_master, db)
            started[name] = stack.enter_context(running_app(folder, db, reference_dir))
        return started[name]

    with stack:
        yield start


@pytest.fixture(scope="session")
def app_url(app_on_a_copy):
    """The session's shared app on a copy of the fixture warehouse (tests that only read)."""
    return app_on_a_copy("app")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need Debian's chromium at {CHROMIUM} (make chromium installs it)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="sv-SE")
    tab = context.new_page()
    yield tab
    context.close()


def wait_for_app(tab, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script: the page has drawn its title, and
    there is no running indicator and no skeleton left."""
    tab.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    tab.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout)
    tab.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")"
        " && document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0",
        timeout=timeout,
    )
    tab.wait_for_timeout(300)


ARTIFACTS = ROOT / "tests" / "artifacts"
