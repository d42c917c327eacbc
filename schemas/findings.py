"""Findings: the errors and warnings a file gets, in Swedish, as the user should read them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["fel", "varning"]


@dataclass(frozen=True)
class Finding:
    """One problem in a delivered file.

    `row` is the row number the user sees in Excel (1-based, header and title rows counted);
    `column` is the header as written in the file; `value` is the offending value as text and is
    never a personal identity number; `message` states the rule; `hint` says how to fix it.
    """

    severity: Severity
    message: str
    file: str = ""
    row: int | None = None
    column: str | None = None
    value: str | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "fel"

    def format(self) -> str:
        """One line of Swedish text, e.g. `fil.csv, rad 5, kolumn ”antal”, värde ”-3”: …`."""
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolumn ”{self.column}”")
        if self.value is not None:
            where.append(f"värde ”{self.value}”")
        prefix = ("Fel" if self.is_error else "Varning") + (
            f" ({', '.join(where)})" if where else ""
        )
        text = f"{prefix}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


@dataclass(frozen=True)
class Problem:
    """What a check of the contract found, before the file's own words are added: the Excel row
    (None: the whole file), the normalised column, the Swedish message and hint. The ingest
    stage turns it into a `Finding` with the file's name, the column as written and the value."""

    row: int | None
    column: str | None
    message: str
    hint: str | None = None
    severity: Severity = "fel"
    #: Whether the finding shows the cell's value (as the gate shows it).
    show_value: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity == "fel"


def error(message: str, **where) -> Finding:
    return Finding("fel", message, **where)


def warning(message: str, **where) -> Finding:
    return Finding("varning", message, **where)


def to_json(findings: list[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False)


def from_json(text: str | None) -> list[Finding]:
    return [Finding(**item) for item in json.loads(text)] if text else []


class RejectedFile(Exception):
    """A file that cannot be read at all: carries the findings that say why (in Swedish)."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(f.format() for f in findings))
        self.findings = findings
