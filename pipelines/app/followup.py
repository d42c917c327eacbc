"""The follow-up package for the Export page, cached until the warehouse changes (or the day does)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pipelines import config, warehouse
from pipelines.outputs.followup.collect import FollowUp, collect_followup


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
    return _cached_followup(
        year, publication, str(db), warehouse.version(db), config.today().isoformat()
    )
