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
        """The months the file covers (for `mal`: January of each year)."""
        if self.frame is None or self.frame.empty:
            return []
        if "manad" in self.frame:
            return sorted({m for m in self.frame["manad"] if isinstance(m, date)})
        if "startmanad" in self.frame:  # avtal: the months the contracts run from and to
            ends = [*self.frame["startmanad"], *self.frame["slutmanad"]]
            dates = [m for m in ends if isinstance(m, date)]
            return [min(dates), max(dates)] if dates else []
        return sorted({date(int(y), 1, 1) for y in self.frame["ar"].dropna()})

    def slices(self) -> pd.DataFrame:
        """The distinct slices (per the contract's slice key) the file would replace."""
        assert self.frame is not None and self.contract is not None
        key = list(self.contract.slice_key)
        return self.frame[key].drop_duplicates().sort_values(key).reset_index(drop=True)
