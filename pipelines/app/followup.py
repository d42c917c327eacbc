"""The follow-up package for the Export page, cached until the warehouse changes (or the day does).

The first Export view after a change is warm too (issue 28): the follow-ups asked for lately
(year and version, `ASKED_KEPT`) are recomputed with the query cache's warm-up
(`warm_followups`, registered with `pipelines.app.cache.follow`), so the author who opens Export after the
month's upload does not wait for the protection of the whole year (13 s on the large benchmark
warehouse)."""

from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from pipelines import config, warehouse
from pipelines.app import cache
from pipelines.domain import disclosure
from pipelines.outputs.followup.collect import FollowUp, collect_followup

log = logging.getLogger(__name__)

#: How many of the latest distinct follow-ups (year, version, warehouse) are recomputed after a
#: change: the year being written about in both versions.
ASKED_KEPT = 2
_asked = cache.Recent(ASKED_KEPT)


# A resource, not data: `st.cache_data` would unpickle every Plotly figure again on each rerun
# (about 0,5 s for the year's 15 charts). Shared by every session, so nothing may change it:
# pages and exports only read a FollowUp (Plotly is given the figures, never asked to edit them).
@st.cache_resource(show_spinner=False, max_entries=8)
def _cached_followup(year: int, publication: bool, db: str, version: tuple, today: str) -> FollowUp:
    followup = collect_followup(year, publication=publication, db=Path(db))
    followup.data_version = version
    return followup


def cached_followup(year: int, publication: bool) -> FollowUp:
    """`collect_followup` for the app, cached until the warehouse changes (or the day does)."""
    db = config.db_path()
    warehouse.ensure(db)
    _asked.add((year, publication, str(db)))
    return _cached_followup(
        year, publication, str(db), warehouse.version(db), config.today().isoformat()
    )


def warm_followups(db: Path | str) -> int:
    """Recompute the follow-ups lately asked for of warehouse `db` under its current version;
    how many were computed. One that cannot be protected is left for its page to say so."""
    done = 0
    for year, publication, path in [a for a in _asked.latest_first() if a[2] == str(db)]:
        try:
            _cached_followup(
                year, publication, path, warehouse.version(Path(path)), config.today().isoformat()
            )
            done += 1
        except disclosure.CannotProtect:
            continue
        except Exception as exc:  # noqa: BLE001  (a warm-up never breaks the app)
            log.debug("warming the follow-up %s failed: %s", year, exc)
    return done


def forget_asked() -> None:
    """Forget the follow-ups asked for (tests and benchmarks, with `cache.clear`)."""
    _asked.clear()


cache.follow(warm_followups, forget_asked)  # warmed after a change, forgotten with the cache
