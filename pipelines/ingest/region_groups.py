"""Further comparison groups of the region reference list (`regioner.csv`, column `grupper`, e.g.
*Arbetsförmedlingen Skåne sydväst*): copied into `ref_region_grupp` with `ref_region`, one row
per (group, member municipality)."""

from __future__ import annotations

import duckdb
import pandas as pd

#: How several groups are written in one cell of `grupper`.
SEPARATOR = "|"


def memberships(regions: pd.DataFrame) -> pd.DataFrame:
    """(grupp, kod, namn) for every municipality and every group it lists (none without the
    column)."""
    rows = []
    if "grupper" in regions.columns:
        for kod, namn, typ, cell in zip(
            regions["kod"], regions["namn"], regions["typ"], regions["grupper"], strict=True
        ):
            for group in str(cell or "").split(SEPARATOR):
                if group.strip() and typ == "kommun":
                    rows.append((group.strip(), kod, namn))
    frame = pd.DataFrame(rows, columns=["grupp", "kod", "namn"], dtype=object)
    return frame.drop_duplicates(["grupp", "kod"])


def refresh(con: duckdb.DuckDBPyConnection, regions: pd.DataFrame) -> None:
    """Replace `ref_region_grupp` with the groups of `regions`."""
    con.execute("DELETE FROM ref_region_grupp")
    frame = memberships(regions)
    if frame.empty:
        return
    con.register("_region_groups", frame)
    try:
        con.execute("INSERT INTO ref_region_grupp SELECT grupp, kod, namn FROM _region_groups")
    finally:
        con.unregister("_region_groups")
