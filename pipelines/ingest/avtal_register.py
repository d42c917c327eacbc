"""Checks of the kinds `avtal` and `sysselsattning` that look beyond one file's rows.

- Neither file may carry personal data: a column whose header names a person (`Namn`,
  `Personnummer`, `Deltagare`, `E-post`, …) rejects the file, where any other unknown column
  only gets a warning (the cell guard has already rejected anything shaped like a personal
  identity number).
- A follow-up row must name a contract of the stored register and a month within its term
  (`schemas.sysselsattning.register_problems`); otherwise the file is rejected and nothing
  changes. Deliver the register first.
- A register that shortens a contract's term so that stored follow-up falls outside it gets a
  warning (the follow-up stays stored; correct it with a new delivery).

`findings` (no warehouse) runs in validation; `register_findings(con, validated)` runs on the
connection of the warehouse the file goes to: in the store's write transaction (so the check
and the write see the same register) and in the upload page's preview.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from schemas import guard, parsing
from schemas.contract import Contract
from schemas.findings import Finding, error, warning
from schemas.sysselsattning import register_problems

if TYPE_CHECKING:  # annotations only: validation calls this module, never the other way round
    from pipelines.ingest.read import RawTable
    from pipelines.ingest.validate import ValidatedFile

KINDS = ("avtal", "sysselsattning")

#: Normalised header words that name a person (or a way to reach one).
_PERSONAL_HEADERS = frozenset(
    {
        "namn", "fornamn", "efternamn", "personnamn", "person", "personer", "personnummer",
        "pnr", "samordningsnummer", "deltagare", "deltagarnamn", "anstalld", "anstallda_namn",
        "medarbetare", "praktikant", "larlingens_namn", "kontaktperson", "handlaggare",
        "e_post", "epost", "mejl", "mail", "email", "telefon", "telefonnummer", "mobil",
        "adress", "postadress", "fodelsedatum", "alder",
    }
)  # fmt: skip


def _names_a_person(column: str) -> bool:
    parts = set(column.split("_"))
    return column in _PERSONAL_HEADERS or bool(
        parts & {"namn", "personnummer", "fornamn", "efternamn", "epost", "telefon"}
    )


def findings(raw: RawTable, contract: Contract, frame: pd.DataFrame) -> list[Finding]:
    """The personal-data findings of a file of one of `KINDS` (no warehouse needed)."""
    return _personal_columns(raw, contract)


def register_findings(con: duckdb.DuckDBPyConnection, validated: ValidatedFile) -> list[Finding]:
    """The findings against what `con`'s warehouse stores: for a follow-up, rows of unknown
    contracts or outside their terms (errors); for a register, stored follow-up left outside a
    new term (warnings). Only for a file without errors of one of `KINDS`."""
    if validated.kind not in KINDS or validated.frame is None or validated.raw is None:
        return []
    frame, raw = validated.frame, validated.raw
    if validated.kind == "sysselsattning":
        return _against_register(con, raw, frame)
    return _followup_outside_new_terms(con, raw, frame)


def _personal_columns(raw: RawTable, contract: Contract) -> list[Finding]:
    return [
        error(
            "Kolumnen ser ut att innehålla personuppgifter. Filen får bara innehålla antal per "
            "avtal och månad, aldrig namn eller kontaktuppgifter till personer.",
            file=raw.file_name,
            column=guard.visible(raw.labels.get(name, name)),
            hint="Ta bort kolumnen och leverera filen igen.",
        )
        for name in raw.data.columns
        if name not in contract.names and _names_a_person(parsing.normalize_name(name))
    ]


def _stored(con: duckdb.DuckDBPyConnection, sql: str, columns: list[str]) -> pd.DataFrame:
    """A read of the stored register or follow-up; empty in a warehouse from before these kinds
    (until its next write creates their tables)."""
    try:
        return con.execute(sql).df()
    except duckdb.CatalogException:
        return pd.DataFrame(columns=columns)


def _cell(raw: RawTable, row: int, column: str) -> str | None:
    try:
        return guard.visible(raw.data.at[row, column])
    except KeyError:
        return None


def _against_register(
    con: duckdb.DuckDBPyConnection, raw: RawTable, frame: pd.DataFrame
) -> list[Finding]:
    register = _stored(
        con,
        "select avtal, startmanad, slutmanad from avtal_current",
        ["avtal", "startmanad", "slutmanad"],
    )
    return [
        error(
            problem.message,
            file=raw.file_name,
            row=problem.row,
            column=raw.labels.get(problem.column, problem.column),
            value=_cell(raw, problem.row, problem.column),
            hint=problem.hint,
        )
        for problem in register_problems(frame, register)
    ]


def _followup_outside_new_terms(
    con: duckdb.DuckDBPyConnection, raw: RawTable, frame: pd.DataFrame
) -> list[Finding]:
    stored = _stored(
        con,
        "select avtal, min(manad) as forsta, max(manad) as sista "
        "from sysselsattning_current group by avtal",
        ["avtal", "forsta", "sista"],
    )
    spans = {row.avtal: (row.forsta.date(), row.sista.date()) for row in stored.itertuples()}
    result = []
    for row, avtal, start, end in zip(
        frame.index, frame["avtal"], frame["startmanad"], frame["slutmanad"], strict=True
    ):
        if avtal not in spans or start is None or end is None:
            continue
        first, last = spans[avtal]
        if first < start or last > end:
            result.append(
                warning(
                    f"Det finns lagrad uppföljning av avtalet utanför den nya avtalstiden "
                    f"({first:%Y-%m}–{last:%Y-%m} är uppföljt).",
                    file=raw.file_name,
                    row=int(row),
                    column=raw.labels.get("startmanad", "startmanad"),
                    hint="Uppföljningen ligger kvar; rätta den med en ny leverans om den är fel.",
                )
            )
    return result
