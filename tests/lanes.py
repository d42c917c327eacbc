"""The two lanes: which tests `make check` runs and which only `make test` runs.

A test gets the markers of what it needs, set at collection (`tests/conftest.py` calls `mark`):

- `browser`: a file named `test_browser_*`, or a test using a fixture that starts the app or
  Chromium (`BROWSER_FIXTURES`);
- `apptest`: it runs a page under Streamlit's AppTest;
- `render`: it draws charts with Kaleido (Chromium);
- `slow`: it starts processes of its own (`python -m pipelines`, a writer in another process);
- `bench`: the benchmarks' smoke run (`test_bench*`), run by `make bench`, not by `make test`.

What a test needs is read from its code: the names its function, the test-folder functions it
calls and the fixtures it uses refer to (`NEEDS`), followed through every function defined under
tests/ (helpers.py, conftest.py, the test module itself). A new test therefore lands in its lane
without a marker written by hand. A product function that draws or starts a process on its own
(`write_report_files`, `main(["export", ...])`) cannot be seen that way: `guard` then fails the
test with the marker it lacks, so no test slows `make check` unnoticed.
"""

from __future__ import annotations

import dis
import functools
import inspect
import subprocess
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

#: The lanes' markers; `make check` runs the tests that have none of them.
LANE_MARKERS = {
    "browser": "drives Debian's Chromium with Playwright against a running app",
    "apptest": "runs a page under Streamlit's AppTest",
    "render": "draws charts with Kaleido (Chromium)",
    "slow": "starts processes of its own",
    "bench": "the benchmarks' smoke run: in `make bench`, not in `make test`",
}

#: A file whose name starts so holds tests of that lane only.
FILE_LANES = {"test_browser_": "browser", "test_bench": "bench"}

#: Fixtures that start the app in a process of its own or a browser.
BROWSER_FIXTURES = {"browser", "page", "app_url", "app_on_a_copy"}

#: What a name in a test's code means it needs. A plain name matches a global or imported name,
#: a dotted one `module.attribute` as written.
NEEDS = {
    "apptest": {"AppTest"},
    "render": {"ChartRenderer", "render.batch", "build_bundle", "write_report_files"},
    "slow": {
        "Server",  # benchmarks.launch: the app in a process of its own
        "subprocess.run",
        "subprocess.Popen",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
    },
}


#: Commands of `pipelines.cli` that draw charts: a test that names the command line (`main`,
#: `run_cli`) and one of these words needs that lane.
CLI_COMMANDS = {"export": "render", "report": "render"}
CLI_ENTRIES = {"main", "cli.main", "run_cli"}


def _names(code: types.CodeType) -> Iterator[str]:
    """Every global or imported name `code` (and the functions nested in it) refers to, and
    `name.attribute` for an attribute taken straight off such a name."""
    previous = module = None
    for ins in dis.get_instructions(code):
        if ins.opname in {"LOAD_GLOBAL", "LOAD_NAME", "IMPORT_NAME", "IMPORT_FROM"}:
            yield ins.argval
        if ins.opname == "IMPORT_NAME":
            module = ins.argval
        if ins.opname == "IMPORT_FROM":
            yield f"{module}.{ins.argval}"
        if ins.opname in {"LOAD_ATTR", "LOAD_METHOD"} and previous is not None:
            yield f"{previous}.{ins.argval}"
        loads = {"LOAD_GLOBAL", "LOAD_NAME", "LOAD_FAST", "LOAD_DEREF"}
        previous = ins.argval if ins.opname in loads else None
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _names(const)
        elif isinstance(const, str) and const in CLI_COMMANDS:
            yield f"command:{const}"


def _in_tests(func) -> bool:
    code = getattr(func, "__code__", None)
    return code is not None and _file_in_tests(code.co_filename)


@functools.cache
def _file_in_tests(filename: str) -> bool:
    path = Path(filename).resolve()
    if path == Path(__file__).resolve():
        return False  # the lanes' own code names what it watches for
    return path.is_relative_to(TESTS)


def _resolve(func, name: str):
    """The object `name` stands for in `func`'s module: a global, or `module.attribute` of a
    module already imported."""
    if "." not in name:
        return func.__globals__.get(name)
    module, _, attribute = name.rpartition(".")
    return getattr(sys.modules.get(module), attribute, None)


#: The names of each function's code, read once per collection (a helper is reached from
#: hundreds of tests; disassembling it each time was most of the collection's time).
_NAMES: dict[types.CodeType, frozenset[str]] = {}
#: Per function: the functions under tests/ its names stand for.
_CALLEES: dict[types.FunctionType, tuple] = {}


def _own_names(func: types.FunctionType) -> frozenset[str]:
    code = func.__code__
    if code not in _NAMES:
        _NAMES[code] = frozenset(_names(code))
    return _NAMES[code]


def reached(funcs, seen: set | None = None) -> set[str]:
    """The names the functions refer to, following every function defined under tests/."""
    seen = set() if seen is None else seen
    found: set[str] = set()
    for func in funcs:
        func = inspect.unwrap(func) if inspect.isfunction(func) else func
        if not inspect.isfunction(func) or func in seen or not _in_tests(func):
            continue
        seen.add(func)
        names = _own_names(func)
        found |= names
        if func not in _CALLEES:
            _CALLEES[func] = tuple(_resolve(func, n) for n in names)
        found |= reached(_CALLEES[func], seen)
    return found


def needs(item: pytest.Item) -> set[str]:
    """The lane markers `item` needs, from its file's name, its fixtures and its code."""
    wanted = set()
    name = Path(str(item.path)).name
    wanted |= {lane for prefix, lane in FILE_LANES.items() if name.startswith(prefix)}
    if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
        wanted.add("browser")
    funcs = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for defs in info.name2fixturedefs.values() if info else ():
        funcs += [d.func for d in defs]
    names = reached([f for f in funcs if f is not None])
    wanted |= {marker for marker, hints in NEEDS.items() if names & hints}
    if names & CLI_ENTRIES:
        wanted |= {lane for cmd, lane in CLI_COMMANDS.items() if f"command:{cmd}" in names}
    return wanted


def mark(items: list[pytest.Item]) -> None:
    """Add the markers each collected test needs (the collection hook of tests/conftest.py)."""
    for item in items:
        have = {m.name for m in item.iter_markers()}
        for marker in sorted(needs(item) - have):
            item.add_marker(getattr(pytest.mark, marker))


# --- the guard: a test that does more than its markers say fails -------------------------------


@contextmanager
def guard(item: pytest.Item, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Record, while `item` runs, whether it runs AppTest, starts Kaleido's Chromium or a
    process, and fail it afterwards if it lacks that lane's marker (the code still runs)."""
    have = {m.name for m in item.iter_markers()}
    if "browser" in have:  # the browser lane starts everything
        yield
        return
    did: set[str] = set()

    def record(marker: str, original):
        def recorded(*args, **kwargs):
            did.add(marker)
            return original(*args, **kwargs)

        return recorded

    if "slow" not in have:
        monkeypatch.setattr(subprocess.Popen, "__init__", record("slow", subprocess.Popen.__init__))
    if "render" not in have:
        from pipelines.outputs.render import ChartRenderer

        monkeypatch.setattr(ChartRenderer, "start", record("render", ChartRenderer.start))
    if "apptest" not in have:
        from streamlit.testing.v1 import AppTest

        monkeypatch.setattr(AppTest, "run", record("apptest", AppTest.run))
    yield
    # Kaleido starts Chromium as a process: that is the render lane, not the slow one.
    missing = did - have - ({"slow"} if "render" in did | have else set())
    if missing:
        pytest.fail(
            f"{item.nodeid} needs the marker(s) {sorted(missing)} (make check runs only tests "
            "without them): add @pytest.mark.<marker>, or name the function that does it in "
            "NEEDS of tests/lanes.py",
            pytrace=False,
        )
