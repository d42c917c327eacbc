"""The comparison groups a user can choose: the own municipality's kommungrupp (`ref_region`)
and the further groups of the region list that hold it (`ref_region_grupp`, e.g.
*Arbetsförmedlingen Skåne sydväst*), with their member municipalities."""

from __future__ import annotations

import duckdb

from pipelines.queries.base import query
from schemas import sos_manad as sos


def _further(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    try:
        rows = con.execute(
            "select grupp, namn from ref_region_grupp order by grupp, kod"
        ).fetchall()
    except duckdb.CatalogException:  # a warehouse from before the table: no further groups
        return {}
    groups: dict[str, list[str]] = {}
    for group, name in rows:
        groups.setdefault(group, []).append(name)
    return groups


def group_members(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str, list[str]] | None:
    """The group called `name` (case and spacing do not matter; a kommungrupp or a further group)
    as (its name as written, its member municipalities); None when no group is called so."""
    key = sos.region_key(name)
    for group, members in _further(con).items():
        if sos.region_key(group) == key:
            return group, members
    rows = con.execute(
        "select jamforelsegrupp, namn from ref_region where typ = 'kommun' and "
        "jamforelsegrupp <> '' order by kod"
    ).fetchall()
    members = [n for g, n in rows if sos.region_key(g) == key]
    if not members:
        return None
    group = next(g for g, _ in rows if sos.region_key(g) == key)
    return group, members


@query
def selectable_groups(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The groups the own municipality belongs to: its kommungrupp first, then the further
    groups that list it."""
    own = con.execute("select namn, jamforelsegrupp from ref_region where egen").fetchall()
    if not own:
        return []
    name, kommungrupp = own[0]
    groups = [kommungrupp] if kommungrupp else []
    groups += [g for g, members in _further(con).items() if name in members and g not in groups]
    return groups
