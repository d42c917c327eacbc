"""Each kind's `<kind>_current` view, generated from its declaration (`schemas/kinds.py`).

The current rows of a kind are the rows of the version of each slice that nothing has replaced
(`slice_version.replaced_by is null`). One pattern for every kind: a slice whose key columns
`slice_version` also holds (`manad`, `ar`, `forvaltning`) joins on them; any other joins on the
slice's text key, built in SQL by `Contract.slice_key_sql` exactly as the store writes it
(`Contract.slice_key_text`).
"""

from __future__ import annotations

from schemas.contract import Contract
from schemas.kinds import CONTRACTS

#: The slice columns `slice_version` keeps as columns of their own.
_SLICE_COLUMNS = {"manad", "ar", "forvaltning"}


def current_view_sql(contract: Contract) -> str:
    """`CREATE OR REPLACE VIEW <kind>_current` for one kind."""
    keys = contract.slice_key
    if set(keys) <= _SLICE_COLUMNS:
        columns = ", ".join(keys)
        slices = f"select ingest_id, {columns}"
        join = f"join current_slices s using (ingest_id, {columns})"
    else:
        slices = "select ingest_id, slice_key"
        join = (
            "join current_slices s on s.ingest_id = v.ingest_id "
            f"and s.slice_key = {contract.slice_key_sql('v')}"
        )
    return (
        f"CREATE OR REPLACE VIEW {contract.current_view} AS\n"
        f"with current_slices as (\n"
        f"    {slices} from slice_version\n"
        f"    where kind = '{contract.kind}' and replaced_by is null\n"
        f")\n"
        f"select v.* from {contract.version_table} v\n{join};"
    )


def current_views_sql() -> list[str]:
    """The current view of every registered kind."""
    return [current_view_sql(contract) for contract in CONTRACTS.values()]
