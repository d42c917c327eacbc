"""The input kinds the product accepts, by name."""

from __future__ import annotations

from schemas import anstallningar, avtal, forsorjningsstod, mal, sos_manad, sysselsattning
from schemas.contract import Contract
from schemas.vocabulary import KIND_LABELS  # noqa: F401  (re-exported for the kind registry)

CONTRACTS: dict[str, Contract] = {
    c.kind: c for c in (anstallningar.CONTRACT, forsorjningsstod.CONTRACT, mal.CONTRACT)
}
CONTRACTS[sos_manad.KIND] = sos_manad.CONTRACT  # Socialstyrelsen's monthly statistics (issue 15)
# Contracts with employment requirements and their monthly follow-up (issue 16).
CONTRACTS[avtal.CONTRACT.kind] = avtal.CONTRACT
CONTRACTS[sysselsattning.CONTRACT.kind] = sysselsattning.CONTRACT


def required_columns(kind: str | None = None) -> dict[str, set[str]]:
    """Required normalised columns per kind (all kinds, or the one given) for header detection."""
    kinds = [kind] if kind else list(CONTRACTS)
    return {k: CONTRACTS[k].required_columns for k in kinds}
