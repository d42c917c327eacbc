"""Warnings for the free-text columns of a delivered file (issue 26): `schemas.free_text`'s
rules (formula-like start, mixed alphabets in a word, invisible and bidirectional characters)
on each distinct text of the columns in `FREE_TEXT_COLUMNS`, one warning per cell (capped by the
caller's `cap_findings`). The text is stored as written; the warning says what it holds."""

from __future__ import annotations

from pipelines.ingest.read import RawTable
from schemas import guard
from schemas.findings import Finding, warning
from schemas.free_text import text_warnings

#: The columns whose values are free text a person wrote (not codes matched to a list).
FREE_TEXT_COLUMNS = ("benamning", "leverantor", "kommentar", "anteckning")
MAX_PER_COLUMN = 20


def free_text_findings(raw: RawTable) -> list[Finding]:
    """A warning for each cell of a free-text column that holds something to point out."""
    findings: list[Finding] = []
    for column in FREE_TEXT_COLUMNS:
        if column not in raw.data.columns:
            continue
        said = 0
        for row, value in raw.data[column].items():
            text = "" if value is None else str(value)
            if not text or (text.isascii() and text[0] not in "=+-@"):
                continue
            for message in text_warnings(text):
                findings.append(
                    warning(
                        message,
                        file=raw.file_name,
                        row=int(row),
                        column=guard.visible(raw.labels.get(column, column)),
                        value=guard.visible(text),
                    )
                )
                said += 1
            if said >= MAX_PER_COLUMN:
                break
    return findings
