"""The input kinds the product accepts, by name."""

from __future__ import annotations

from schemas import anstallningar, forsorjningsstod, mal
from schemas.contract import Contract

CONTRACTS: dict[str, Contract] = {
    c.kind: c for c in (anstallningar.CONTRACT, forsorjningsstod.CONTRACT, mal.CONTRACT)
}

KIND_LABELS = {
    "anstallningar": "anställningar",
    "forsorjningsstod": "försörjningsstöd",
    "mal": "mål",
}


def required_columns(kind: str | None = None) -> dict[str, set[str]]:
    """Required normalised columns per kind (all kinds, or the one given) for header detection."""
    kinds = [kind] if kind else list(CONTRACTS)
    return {k: CONTRACTS[k].required_columns for k in kinds}
