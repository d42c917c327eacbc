"""The pages' cache over the query functions, keyed by the warehouse's version; and the import
page's tables that come from files, not the warehouse (built once per process while the files
and the day stay the same).

Importing this module installs a runner (`pipelines.queries.base.set_runner`) that caches every
`@query` result with `st.cache_data` under (query name, warehouse version, arguments). Any write
to the warehouse, from the app or from the command line in another process, changes the version,
so the next rerun reads fresh figures: no explicit clearing is needed (`clear()` is for tests and
benchmarks).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from pipelines import config, warehouse
from pipelines.queries import base


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_call(name: str, version: tuple, db: str, args: tuple, kwargs: tuple) -> Any:
    return base.run_uncached(name, Path(db), args, dict(kwargs))


def _cached_runner(name: str, db: Path, args: tuple, kwargs: dict) -> Any:
    # Today is part of the key: whether a delivery is expected or missing, a month open or
    # complete, changes with the day, not only with the warehouse (issue 24).
    version = (warehouse.version(db), config.today().isoformat())
    return _cached_call(name, version, str(db), args, tuple(sorted(kwargs.items())))


def clear() -> None:
    """Forget every cached result."""
    _cached_call.clear()


base.set_runner(_cached_runner)


# --- the import page's guides (issue 19) ---------------------------------------------------------
# Reading and validating the reference files for the table of valid values was half of an
# Importera navigation's server CPU (py-spy on the running app, `benchmarks.profile_server
# importera --navigate`), escaping the guides another tenth. The tables are shared by every
# session: show them, never change them.


def _stamp(folder: Path) -> tuple:
    """Name, size and modification time of every file in `folder`: changes when one does."""
    try:
        return tuple(
            sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir())
        )
    except OSError:
        return ()


@st.cache_resource(show_spinner=False, max_entries=4)
def _valid_value_tables(folder: str, stamp: tuple, today: str) -> dict[str, pd.DataFrame]:
    from pipelines.ingest.preview_text import markdown_safe
    from pipelines.present.valid_values import valid_values

    return {title: markdown_safe(table) for title, table in valid_values().items()}


def valid_value_tables() -> dict[str, pd.DataFrame]:
    """`present.valid_values` escaped for `st.table`, once per process while the reference
    files (`ARBETSMAL_REFERENCE`) and the day stay the same."""
    folder = config.reference_dir()
    return _valid_value_tables(str(folder), _stamp(folder), config.today().isoformat())


@st.cache_resource(show_spinner=False, max_entries=4)
def _import_guides(folder: str, stamp: tuple) -> dict[str, tuple[pd.DataFrame, list]]:
    from pipelines.ingest import preview_text as texts
    from schemas.kinds import CONTRACTS

    return {
        kind: (texts.markdown_safe(texts.contract_guide(kind)), texts.template_files(kind))
        for kind in CONTRACTS
    }


def import_guides() -> dict[str, tuple[pd.DataFrame, list]]:
    """{kind: (its columns' guide escaped for `st.table`, its template files)}, once per
    process while the templates folder stays the same."""
    folder = config.TEMPLATES_DIR
    return _import_guides(str(folder), _stamp(folder))
