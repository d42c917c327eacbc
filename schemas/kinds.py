"""The input kinds the product accepts: the registry of kind declarations (`Contract`).

Adding a kind is one declaration in its own module and one line here (docs/adding-a-kind.md);
everything else (ingest, the warehouse's current views, templates, the import page, the docs)
loops over `CONTRACTS`.
"""

from __future__ import annotations

from schemas import (
    anstallningar,
    avtal,
    forsorjningsstod,
    mal,
    sos_manad,
    sysselsattning,
    uppfoljning,
)
from schemas.contract import Contract
from schemas.vocabulary import COLUMN_LABELS as _SPELLED_COLUMNS

#: Every kind, in the order the product lists them. A register comes before its follow-up.
CONTRACTS: dict[str, Contract] = {
    c.kind: c
    for c in (
        anstallningar.CONTRACT,
        forsorjningsstod.CONTRACT,
        mal.CONTRACT,
        sos_manad.CONTRACT,
        avtal.CONTRACT,
        sysselsattning.CONTRACT,
        uppfoljning.CONTRACT,  # what became of those hired (issue 27)
    )
}

#: Each kind in running Swedish text.
KIND_LABELS: dict[str, str] = {kind: c.label for kind, c in CONTRACTS.items()}

#: Column names as users write them (the normalised names lose å, ä and ö): the vocabulary's
#: spelling where it has one, otherwise the field's label.
COLUMN_LABELS: dict[str, str] = {
    **{f.name: f.label[:1].lower() + f.label[1:] for c in CONTRACTS.values() for f in c.fields},
    **_SPELLED_COLUMNS,
}


def required_columns(kind: str | None = None) -> dict[str, set[str]]:
    """Required normalised columns per kind (all kinds, or the one given) for header detection."""
    kinds = [kind] if kind else list(CONTRACTS)
    return {k: CONTRACTS[k].required_columns for k in kinds}
