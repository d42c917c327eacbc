"""The pages' cache over the query functions, keyed by the warehouse's version.

Importing this module installs a runner (`pipelines.queries.base.set_runner`) that caches every
`@query` result with `st.cache_data` under (query name, warehouse version, arguments). Any write
to the warehouse, from the app or from the command line in another process, changes the version,
so the next rerun reads fresh figures: no explicit clearing is needed (`clear()` is for tests and
benchmarks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from pipelines import warehouse
from pipelines.queries import base


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_call(name: str, version: tuple, db: str, args: tuple, kwargs: tuple) -> Any:
    return base.run_uncached(name, Path(db), args, dict(kwargs))


def _cached_runner(name: str, db: Path, args: tuple, kwargs: dict) -> Any:
    return _cached_call(name, warehouse.version(db), str(db), args, tuple(sorted(kwargs.items())))


def clear() -> None:
    """Forget every cached result."""
    _cached_call.clear()


base.set_runner(_cached_runner)
