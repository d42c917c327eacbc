"""The audit trail in Swedish: one row per event with time, who, role, where, what and details.

Numbers come from `pipelines.queries.audit`; every word for a code from `schemas.vocabulary`.
"""

from __future__ import annotations

import pandas as pd

from schemas.vocabulary import AUDIT_SOURCES, audit_action_label, role_label

HEADERS = ["Tid", "Vem", "Roll", "Var", "Händelse", "Vad", "Detaljer"]


def audit_table(trail: pd.DataFrame) -> pd.DataFrame:
    """The trail as the page shows it (texts only: the table renders them as text)."""
    if trail.empty:
        return pd.DataFrame(columns=HEADERS)
    return pd.DataFrame(
        {
            "Tid": [f"{t:%Y-%m-%d %H:%M:%S}" for t in trail["happened_at"]],
            "Vem": trail["actor"].astype(str),
            "Roll": [role_label(r) for r in trail["role"]],
            "Var": [AUDIT_SOURCES.get(s, s) for s in trail["source"]],
            "Händelse": [audit_action_label(a) for a in trail["action"]],
            "Vad": trail["subject"].astype(str),
            "Detaljer": trail["detail"].fillna("").astype(str),
        }
    )
