"""Shared fixtures: a throw-away warehouse (empty or built from tests/fixtures/), fixed today,
and for browser tests a running app and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import fcntl
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import lanes
from benchmarks.launch import CHROMIUM, CHROMIUM_ARGS, Server, port_range

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_FILES = sorted((FIXTURES / "warehouse").glob("*.csv"))
TODAY = "2026-09-15"
DEMO_REFERENCE = ROOT / "data" / "reference"


def pytest_configure(config):
    for name, meaning in lanes.LANE_MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {meaning}")


def pytest_collection_modifyitems(items):
    """Each test gets the lane markers of what it needs (tests/lanes.py)."""
    lanes.mark(items)


@pytest.fixture(autouse=True)
def lane_guard(request, monkeypatch):
    """A test that runs AppTest, Kaleido or a process without its lane's marker fails."""
    with lanes.guard(request.node, monkeypatch):
        yield


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """Every test runs on 2026-09-15 unless it says otherwise, without the cache's background
    warm-up (each test's warehouse is its own; tests/test_cache_warm.py turns it on)."""
    monkeypatch.setenv("ARBETSMAL_TODAY", TODAY)
    monkeypatch.setenv("ARBETSMAL_WARM_CACHE", "0")


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


def shared_folder(tmp_path_factory, name: str, build) -> Path:
    """A folder built once for the whole run, also when pytest-xdist runs the tests in several
    workers (`make check`, `make test`): the first worker to ask builds it under a lock in the
    run's common temporary folder, the others wait and use it. `build(folder)` fills it."""
    base = tmp_path_factory.getbasetemp()
    if base.name.startswith("popen-gw"):  # an xdist worker's folder: share its parent
        base = base.parent
    folder = base / f"shared-{name}"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not (folder / ".done").exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                build(folder)
                (folder / ".done").touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return folder


@pytest.fixture(scope="session")
def fixture_db_master(tmp_path_factory, reference_dir) -> Path:
    folder = shared_folder(
        tmp_path_factory,
        "fixture",
        lambda folder: build_fixture_warehouse(folder / "warehouse.duckdb", reference_dir),
    )
    return folder / "warehouse.duckdb"


@pytest.fixture
def fixture_db(tmp_path, monkeypatch, reference_dir, fixture_db_master) -> Path:
    """A private copy of the fixture warehouse (see tests/fixtures/README.md for its figures)."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(fixture_db_master, path)
    monkeypatch.setenv("ARBETSMAL_DB", str(path))
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(reference_dir))
    return path


@dataclass(frozen=True)
class DemoWarehouse:
    """The demo (`pipelines.demo.run_demo` on the committed reference data, today 2026-09-15):
    its warehouse, the folder of the files it generated, and the ingest results."""

    db: Path
    files: Path
    results: list


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> DemoWarehouse:
    """The demo warehouse, built once for the session: tests read it through `demo_db`."""
    from pipelines.demo import run_demo

    def build(folder: Path) -> None:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("ARBETSMAL_DB", str(folder / "demo.duckdb"))
            mp.setenv("ARBETSMAL_REFERENCE", str(DEMO_REFERENCE))
            mp.setenv("ARBETSMAL_TODAY", TODAY)
            results = run_demo(out_dir=folder / "files")
        (folder / "results.pickle").write_bytes(pickle.dumps(results))

    folder = shared_folder(tmp_path_factory, "demo", build)
    results = pickle.loads((folder / "results.pickle").read_bytes())
    return DemoWarehouse(folder / "demo.duckdb", folder / "files", results)


@pytest.fixture
def demo_db(tmp_path, monkeypatch, demo_master) -> Path:
    """A private copy of the demo warehouse; ARBETSMAL_DB and ARBETSMAL_REFERENCE point at it."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_master.db, path)
    monkeypatch.setenv("ARBETSMAL_DB", str(path))
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(DEMO_REFERENCE))
    return path


# --- browser tests ---------------------------------------------------------------------------


@contextlib.contextmanager
def running_app(folder: Path, db: Path, reference: Path, launcher=("pipelines.app.serve",)):
    """Start the app on `db` as production does (`python -m pipelines.app.serve`, which is
    `streamlit run app.py` with the navigation right from the first request; `launcher`
    `("streamlit", "run")` for the plain command); yields the base URL; stops it afterwards.
    The port is the first free one of ARBETSMAL_TEST_PORTS (`8670-8679`, for a machine where
    each worker has its own range), else any the system gives."""
    env = {"ARBETSMAL_DB": str(db), "ARBETSMAL_REFERENCE": str(reference), "ARBETSMAL_TODAY": TODAY}
    server = Server(
        ROOT / "app.py",
        env,
        folder / "streamlit.log",
        ports=port_range("ARBETSMAL_TEST_PORTS"),
        launcher=tuple(launcher),
    )
    with server:
        yield server.url


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
    """Wait until Streamlit has finished running the script: the page has drawn its title, the
    script is not running (its running indicator shows only after a while), and there is no
    running indicator, no skeleton, no chart or part of the page waiting for the first paint
    (`ui.WAITING_CLASS`) and no chart Plotly has not drawn yet."""
    tab.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    tab.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout)
    tab.wait_for_function(
        # The script's state, not only the running indicator: that shows only after a while.
        "() => document.querySelector(\"[data-testid='stApp']\")"
        ".getAttribute('data-test-script-state') === 'notRunning'"
        " && !document.querySelector(\"[data-testid='stStatusWidget']\")"
        " && document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0"
        " && document.querySelectorAll('.arbetsmal-waiting').length === 0"
        # A chart's element comes before Plotly has drawn into it (its script may still load).
        " && [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")]"
        ".every(c => c.querySelector('.js-plotly-plot'))",
        timeout=timeout,
    )
    tab.wait_for_timeout(300)


ARTIFACTS = ROOT / "tests" / "artifacts"
