"""The pages' cache over the query functions and over the pages' views (`view`: the figures,
tables and texts a page shows, shared by the sessions), keyed by the warehouse's version; and
the import page's tables that come from files, not the warehouse (built once per process while
the files and the day stay the same).

Importing this module installs a runner (`pipelines.queries.base.set_runner`) that caches every
`@query` result with `st.cache_data` under (query name, warehouse version, arguments). Any write
to the warehouse, from the app or from the command line in another process, changes the version,
so the next rerun reads fresh figures: no explicit clearing is needed (`clear()` is for tests and
benchmarks).

The first view after a change is warm (issue 28): the runner remembers the calls the pages made
lately (`RECENT_KEPT`), and a watcher thread (started with the first cached call) notices a new
warehouse version, from a store on the import page or from the command line, and recomputes
those calls under it in the background (`warm`), so the first visitor after an upload finds
most figures computed. A call whose arguments come from the new data itself (a month not shown
before) is computed by its first visitor as before.
"""

from __future__ import annotations

import collections
import functools
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from pipelines import config, warehouse
from pipelines.queries import base


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_call(name: str, version: tuple, db: str, args: tuple, kwargs: tuple) -> Any:
    return base.run_uncached(name, Path(db), args, dict(kwargs))


log = logging.getLogger(__name__)

#: How many of the latest distinct calls are recomputed after a change.
RECENT_KEPT = 256
#: How often (s) the watcher looks at the warehouse's version.
WATCH_EVERY_S = 0.5


class Recent:
    """The latest distinct items, at most `kept` (the least recently added go first); shared by
    the threads of the app."""

    def __init__(self, kept: int):
        self.kept = kept
        self._items: collections.OrderedDict[Any, None] = collections.OrderedDict()
        self._lock = threading.Lock()

    def add(self, item) -> None:
        with self._lock:
            self._items[item] = None
            self._items.move_to_end(item)
            while len(self._items) > self.kept:
                self._items.popitem(last=False)

    def latest_first(self) -> list:
        with self._lock:
            return list(reversed(self._items))

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_recent = Recent(RECENT_KEPT)  # the pages' query calls: (name, warehouse, args, kwargs)
#: The app's other caches that follow this one: each is warmed for a warehouse (its path) after a
#: change and forgotten with `clear` (registered by their modules with `follow`).
_followers: list[tuple[Callable[[str], Any], Callable[[], None]]] = []
_recent_lock = threading.Lock()
_watcher: threading.Thread | None = None
_warming = threading.Event()  # set while a warm-up runs
_warmed: dict[str, tuple] = {}  # per warehouse: the version the watcher last warmed
#: Per warehouse: the version its first remembered call was computed under. The watcher starts
#: from it, so a store that lands before the watcher's first look is still a change.
_first_seen: dict[str, tuple] = {}


def follow(warm_one: Callable[[str], Any], forget: Callable[[], None]) -> None:
    """Register another cache of the app: `warm_one(path)` runs in every warm-up of that
    warehouse, `forget()` with `clear`."""
    if (warm_one, forget) not in _followers:
        _followers.append((warm_one, forget))


def _cached_runner(name: str, db: Path, args: tuple, kwargs: dict) -> Any:
    call = (name, str(db), args, tuple(sorted(kwargs.items())))
    try:
        hash(call)
    except TypeError:  # an argument that cannot key a dict: not remembered, still cached
        call = None
    version = _version(db)
    if call is not None:
        _recent.add(call)
        with _recent_lock:
            _first_seen.setdefault(str(db), version[0])
        _start_watcher()
    return _cached_call(name, version, str(db), args, tuple(sorted(kwargs.items())))


def _version(db: Path | str) -> tuple:
    """The cache key's version: the warehouse's, and today, since whether a delivery is
    expected or missing, a month open or complete, changes with the day (issue 24)."""
    return (warehouse.version(Path(db)), config.today().isoformat())


def warm(db: Path | str | None = None) -> int:
    """Recompute the remembered calls (of `db`, or of every warehouse) under the warehouse's
    current version, most recent first; returns how many were computed. Errors are logged and
    skipped (the page shows them when it asks)."""
    calls = [c for c in _recent.latest_first() if db is None or c[1] == str(db)]
    _warming.set()
    done = 0
    try:
        for name, path, args, kwargs in calls:
            try:
                _cached_call(name, _version(path), path, args, kwargs)
                done += 1
            except Exception as exc:  # noqa: BLE001  (a warm-up never breaks the app)
                log.debug("warming %s%r failed: %s", name, args, exc)
        # The newest month's views, which no remembered call asked for yet (of the warehouse
        # the app reads: queries read `config.db_path()`).
        if db is None or str(db) == str(config.db_path()):
            try:
                from pipelines.app.warm_views import warm_default_views

                warm_default_views()
            except Exception as exc:  # noqa: BLE001
                log.debug("warming the default views failed: %s", exc)
        # The caches that follow this one (the pages' views, Export's follow-up among them).
        for warm_one, _ in list(_followers):
            for path in {c[1] for c in calls} | ({str(db)} if db is not None else set()):
                warm_one(path)
    finally:
        _warming.clear()
    return done


def is_warming() -> bool:
    """Whether a warm-up is running now (for tests and benchmarks)."""
    return _warming.is_set()


def warmed_version(db: Path | str) -> tuple | None:
    """The version of `db` the watcher last warmed (None before its first change)."""
    return _warmed.get(str(db))


def _watch() -> None:
    """Warm the remembered calls whenever a warehouse's version changes and then stays the same
    for one more look (a store writes the file several times)."""
    seen: dict[str, tuple] = {}
    pending: dict[str, tuple] = {}
    while not _stop.wait(WATCH_EVERY_S):
        paths = {c[1] for c in _recent.latest_first()}
        for path in paths:
            if not Path(path).exists():  # a warehouse that is gone is not warmed (or re-created)
                continue
            try:
                now = warehouse.version(Path(path))
            except OSError:
                continue
            if path not in seen:
                with _recent_lock:
                    seen[path] = _first_seen.get(path, now)
            elif now != seen[path]:
                if pending.get(path) == now:  # the same for two looks: the write is done
                    seen[path] = now
                    pending.pop(path, None)
                    log.info("warehouse %s changed: warming %d calls", path, len(_recent))
                    warm(path)
                    _warmed[path] = now
                else:
                    pending[path] = now


#: Set to stop the watcher (`stop_watcher`).
_stop = threading.Event()


def watching_enabled() -> bool:
    """Whether the background warm-up runs: yes, unless `ARBETSMAL_WARM_CACHE=0` (the test
    suite, where each test has a warehouse of its own that nobody visits again)."""
    return os.environ.get("ARBETSMAL_WARM_CACHE", "1").strip() != "0"


def stop_watcher() -> None:
    """Stop the watcher thread (it ends within one look)."""
    global _watcher
    _stop.set()
    if _watcher is not None:
        _watcher.join(timeout=5)
    _watcher = None
    _stop.clear()


def _start_watcher() -> None:
    global _watcher
    if _watcher is not None or not watching_enabled():
        return
    with _recent_lock:
        if _watcher is None:
            _watcher = threading.Thread(target=_watch, name="arbetsmal-cache-warmer", daemon=True)
            _watcher.start()


# --- the pages' views (issue 28) ------------------------------------------------------------------
# A page's figures, tables and texts are made from its queries' results by pure functions
# (`pipelines.present`). Made again for every session they were most of a page's own server CPU
# beyond what Streamlit costs to draw them (py-spy on the running app: the pandas work of the
# texts and tables, the query cache's copies, hashing frames to key the charts). A view, a
# function of plain arguments (a year, a month, a code) that calls the queries and the
# presenters, is made once per warehouse version and day and shared by every session, as the
# query cache is keyed: any store makes a new one. Shared, not copied: never change a view's
# result in place. A view must not depend on the session (the user, the theme, the widgets'
# state other than its arguments).


#: How many views of one kind are kept (those of the current version, and older ones until they
#: are pushed out) and how many of its latest calls are made again after a change, unless the
#: view says otherwise (`view(kept=…, remembered=…)`).
VIEWS_KEPT = 128


@dataclass(frozen=True)
class _View:
    build: Callable
    made: Callable  # its own `st.cache_resource`, with the view's limit
    recent: Recent  # its calls asked for lately: (warehouse, args, kwargs)


_views: dict[str, _View] = {}  # the registered views by name


def _cached_maker(name: str, kept: int) -> Callable:
    """A `st.cache_resource` of at most `kept` entries for one view. Streamlit keys a cached
    function by its qualified name and source: each view's gets its own name, or the views
    would share one store (and the first one's limit)."""

    def make(version: tuple, db: str, _build: Callable, args: tuple, kwargs: tuple) -> Any:
        return _build(*args, **dict(kwargs))

    make.__qualname__ = f"view[{name}]"
    return st.cache_resource(show_spinner=False, max_entries=kept)(make)


def view(
    build: Callable | None = None, *, kept: int = VIEWS_KEPT, remembered: int = RECENT_KEPT
) -> Callable:
    """Decorate a page's view: `build(*args, **kwargs)` once per warehouse version and day for
    the same (hashable) arguments, shared by the sessions; remembered and made again in the
    background after a change, with the queries (`warm`). `kept`: how many results are kept;
    `remembered`: how many of the latest calls are made again after a change (a view that
    costs seconds, as Export's follow-up, keeps few)."""
    if build is None:
        return functools.partial(view, kept=kept, remembered=remembered)
    name = f"{build.__module__}.{build.__qualname__}"
    entry = _views[name] = _View(build, _cached_maker(name, kept), Recent(remembered))

    @functools.wraps(build)
    def cached_view(*args: Any, **kwargs: Any) -> Any:
        db = str(config.db_path())
        items = tuple(sorted(kwargs.items()))
        entry.recent.add((db, args, items))
        return entry.made(_version(db), db, build, args, items)

    return cached_view


def _warm_views(db: str) -> None:
    """Make the remembered views of `db` again under its current version (only of the warehouse
    the app reads: the views' queries read `config.db_path()`); each view's latest calls first,
    the views in the order they were declared."""
    if db != str(config.db_path()):
        return
    for name, entry in list(_views.items()):
        for path, args, kwargs in entry.recent.latest_first():
            if path != db:
                continue
            try:
                entry.made(_version(db), db, entry.build, args, kwargs)
            except Exception as exc:  # noqa: BLE001  (a warm-up never breaks the app)
                log.debug("warming the view %s%r failed: %s", name, args, exc)


def _forget_views() -> None:
    for entry in _views.values():
        entry.made.clear()
        entry.recent.clear()


follow(_warm_views, _forget_views)


def clear() -> None:
    """Forget every cached result, and the calls remembered for the warm-up."""
    _cached_call.clear()
    for _, forget in list(_followers):
        forget()
    _recent.clear()
    with _recent_lock:
        _first_seen.clear()
    _warmed.clear()


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
