"""The follow-up package for the Export page: a view (`pipelines.app.cache.view`), made once per
warehouse version and day and shared by the sessions.

The first Export view after a change is warm too (issue 28): the warm-up makes the latest
follow-ups asked for (`ASKED_KEPT`) again under the new version, so the author who opens Export
after the month's upload does not wait for the protection of the whole year. A follow-up costs
a second or more on the large benchmark warehouse, and much more when the protection's programs
are not in memory: few are remembered and few kept (`FOLLOWUPS_KEPT`), not the pages' hundreds.

A resource, not data: `st.cache_data` would unpickle every Plotly figure again on each rerun
(about 0,5 s for the year's 15 charts). Shared by every session, so nothing may change it: pages
and exports only read a FollowUp (Plotly is given the figures, never asked to edit them).
"""

from __future__ import annotations

from pipelines import config, warehouse
from pipelines.app import cache
from pipelines.outputs.followup.collect import FollowUp, collect_followup

#: How many of the latest distinct follow-ups (year, version) are made again after a change:
#: the year being written about in both versions.
ASKED_KEPT = 2
#: How many follow-ups are kept in memory (of this version and the ones before).
FOLLOWUPS_KEPT = 8


@cache.view(kept=FOLLOWUPS_KEPT, remembered=ASKED_KEPT)
def cached_followup(year: int, publication: bool) -> FollowUp:
    """`collect_followup` for the app (raises `disclosure.CannotProtect` as it does; nothing is
    kept then, and the warm-up leaves it for the page to say)."""
    db = config.db_path()
    version = warehouse.version(db)  # before reading: a store meanwhile makes a newer one
    followup = collect_followup(year, publication=publication, db=db)
    followup.data_version = version
    return followup
