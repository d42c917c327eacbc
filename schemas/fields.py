"""Columns that several kinds declare alike, in one place: the month a row is about, and the
förvaltning it belongs to."""

from __future__ import annotations

from schemas import values
from schemas.contract import Field


def month_field(rule: str, name: str = "manad", label: str = "Månad") -> Field:
    """A required month column (`2025-03`, `202503`, `mars 2025`; not after the current
    month), with the kind's own rule text."""
    return Field(name, label, True, values.month, "object", rule)


def forvaltning_field(rule: str) -> Field:
    """A required förvaltning column (a code or a name of the reference list), with the kind's
    own rule text (when it must be valid)."""
    return Field("forvaltning", "Förvaltning", True, values.forvaltning, "str", rule)
