"""`@query`: how a query function reads the warehouse, with the cache left to the caller.

A query is a function `f(con, *args) -> DataFrame | value` that reads the warehouse. Decorated
with `@query`, calling `f(*args)` opens a short read-only connection, runs it and returns the
result; `f.direct(con, *args)` runs it on a given connection (several queries in one snapshot).
The Streamlit app installs a runner that caches results under (query, warehouse version, args)
(`pipelines.app.cache`); the command line and the exports run uncached, without Streamlit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipelines import config, warehouse

QUERIES: dict[str, Callable[..., Any]] = {}


def run_uncached(name: str, db: Path, args: tuple, kwargs: dict) -> Any:
    """Open a short read-only connection and run the query registered under `name`."""
    with warehouse.read(db) as con:
        return QUERIES[name](con, *args, **kwargs)


_runner: Callable[[str, Path, tuple, dict], Any] = run_uncached


def set_runner(runner: Callable[[str, Path, tuple, dict], Any] | None) -> None:
    """Replace how registered queries run (a cache); None puts back the uncached runner."""
    global _runner
    _runner = runner or run_uncached


@contextmanager
def snapshot(db: Path | None = None) -> Iterator[Any]:
    """One read-only connection for several queries (`f.direct(con, …)`) that must agree: the
    monthly report and the follow-up package read everything from one snapshot."""
    with warehouse.read(db) as con:
        yield con


def query(func: Callable[..., Any]) -> Callable[..., Any]:
    """Register a read function; see the module docstring."""
    name = f"{func.__module__}.{func.__qualname__}"
    QUERIES[name] = func

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        db = config.db_path()
        warehouse.ensure(db)
        return _runner(name, db, args, kwargs)

    wrapper.direct = func  # type: ignore[attr-defined]
    return wrapper
