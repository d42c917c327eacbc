"""Cached read access for the pages: one place, keyed by the warehouse's version.

A mart is a function `f(con, *args) -> DataFrame | value` that reads the warehouse. Decorated
with `@mart`, calling `f(*args)` opens a short read-only connection, runs it, and caches the
result with Streamlit's `st.cache_data` under (mart name, warehouse version, args). Any write
to the warehouse, from the app or from the command line in another process, changes the version,
so the next rerun reads fresh figures: no explicit cache clearing is needed (`clear()` exists for
tests). `f.direct(con, *args)` runs it uncached on a given connection.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from pipelines import config, warehouse

_MARTS: dict[str, Callable[..., Any]] = {}


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_call(name: str, version: tuple, db: str, args: tuple, kwargs: tuple) -> Any:
    with warehouse.read(Path(db)) as con:
        return _MARTS[name](con, *args, **dict(kwargs))


def mart(func: Callable[..., Any]) -> Callable[..., Any]:
    """Register a read function; see the module docstring."""
    name = f"{func.__module__}.{func.__qualname__}"
    _MARTS[name] = func

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        db = config.db_path()
        warehouse.ensure(db)
        return _cached_call(
            name, warehouse.version(db), str(db), args, tuple(sorted(kwargs.items()))
        )

    wrapper.direct = func  # type: ignore[attr-defined]
    return wrapper


def clear() -> None:
    """Forget every cached result (tests; the version key makes it unnecessary in the app)."""
    _cached_call.clear()
