"""`ValidatedFile`: a delivered file read and checked against its contract, whatever its kind
(what `validate` and the Socialstyrelsen reader `sos` return, and `store` writes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pipelines.ingest.read import RawTable
from schemas.contract import Contract
from schemas.findings import Finding
from schemas.kinds import CONTRACTS


@dataclass
class ValidatedFile:
    """A file read and checked. `frame` holds the typed data rows (index: the Excel row number),
    total rows dropped; it is None when the file could not be read at all."""

    file_name: str
    content_hash: str
    kind: str | None
    frame: pd.DataFrame | None
    findings: list[Finding] = field(default_factory=list)
    raw: RawTable | None = None
    total_rows: list[int] = field(default_factory=list)
    #: The findings of the checks against the warehouse (`upload.stored_checks`), and the data
    #: version they ran on (None: not yet run).
    stored_findings: list[Finding] = field(default_factory=list)
    checked_version: int | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    @property
    def ok(self) -> bool:
        return self.frame is not None and not self.errors

    @property
    def contract(self) -> Contract | None:
        return CONTRACTS.get(self.kind) if self.kind else None

    def months(self) -> list[date]:
        """The months the file covers, from the kind's period columns: its months; for a
        yearly kind January of each year; for a term (start and end) the first and last."""
        if self.frame is None or self.frame.empty or self.contract is None:
            return []
        columns = [c for c in self.contract.period_columns if c in self.frame]
        if self.contract.yearly:
            return sorted({date(int(y), 1, 1) for y in self.frame["ar"].dropna()})
        dates = {m for c in columns for m in self.frame[c] if isinstance(m, date)}
        if len(columns) > 1:  # a term: the months it runs from and to
            return [min(dates), max(dates)] if dates else []
        return sorted(dates)

    def slices(self) -> pd.DataFrame:
        """The distinct slices (per the contract's slice key) the file would replace."""
        assert self.frame is not None and self.contract is not None
        key = list(self.contract.slice_key)
        return self.frame[key].drop_duplicates().sort_values(key).reset_index(drop=True)
