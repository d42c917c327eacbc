"""`@query`: how a query function reads the warehouse, with the cache left to the caller.

A query is a function `f(con, *args) -> DataFrame | value` that reads the warehouse. Decorated
with `@query`, calling `f(*args)` opens a short read-only connection, runs it and returns the
result; `f.direct(con, *args)` runs it on a given connection (several queries in one snapshot).
The Streamlit app installs a runner that caches results under (query, warehouse version, args)
(`pipelines.app.cache`); the command line and the exports run uncached, without Streamlit.

`@per_connection` marks a read helper that several queries call with the same arguments (the
year's delivery status, its hires per month, its targets): on a connection opened here (a
`snapshot` or one query's own) its result is computed once and reused until the connection
closes. A read-only connection sees one state of the warehouse, so the reuse cannot go stale; the
helper must depend on nothing but the connection and its arguments (pass the day in).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from pipelines import config, warehouse

QUERIES: dict[str, Callable[..., Any]] = {}


#: The connection being read in this thread (or task) and its helpers' results so far.
_memo: ContextVar[tuple[Any, dict] | None] = ContextVar("arbetsmal_per_connection", default=None)


@contextmanager
def _remembering(con: Any) -> Iterator[Any]:
    """While inside: `@per_connection` helpers called with `con` reuse their results."""
    token = _memo.set((con, {}))
    try:
        yield con
    finally:
        _memo.reset(token)


def _fresh(value: Any) -> Any:
    """A copy the caller may change without changing what is remembered (immutable values are
    given as they are)."""
    if value is None or isinstance(value, int | float | str | bytes | tuple | frozenset):
        return value
    if hasattr(value, "__dataclass_params__") and value.__dataclass_params__.frozen:
        return value
    if hasattr(value, "copy") and hasattr(value, "columns"):  # a DataFrame
        return value.copy()
    return copy.deepcopy(value)


def per_connection(func: Callable[..., Any]) -> Callable[..., Any]:
    """Reuse `func(con, *args)`'s result for the same connection and arguments (see the module
    docstring); without a remembering connection, or with unhashable arguments, it just runs."""

    @functools.wraps(func)
    def wrapper(con: Any, *args: Any, **kwargs: Any) -> Any:
        memo = _memo.get()
        if memo is None or memo[0] is not con:
            return func(con, *args, **kwargs)
        key = (func, args, tuple(sorted(kwargs.items())))
        try:
            found = memo[1].get(key, _MISSING)
        except TypeError:  # an argument that cannot key a dict
            return func(con, *args, **kwargs)
        if found is _MISSING:
            found = memo[1][key] = func(con, *args, **kwargs)
        return _fresh(found)

    return wrapper


_MISSING = object()


def run_uncached(name: str, db: Path, args: tuple, kwargs: dict) -> Any:
    """Open a short read-only connection and run the query registered under `name`."""
    with warehouse.read(db) as con, _remembering(con):
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
    with warehouse.read(db) as con, _remembering(con):
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
