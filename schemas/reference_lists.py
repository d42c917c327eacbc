"""The reference lists (förvaltningar, anställningsformer, målgrupper, standard target, nyckeltal):
read from `data/reference/`, validated against `schemas/reference.py`, typed, and looked up by
code or name.

Nothing is cached at module level: whoever calls `load_reference()` decides how long a `Reference`
lives (the files are editable by the user).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from schemas import guard
from schemas.calendar import valid_in_month
from schemas.findings import Finding, RejectedFile, error
from schemas.parsing import normalize_name
from schemas.reference import REFERENCE_SCHEMAS

# The header is row 1 in Excel, so the first data row (index 0) is row 2.
_FIRST_DATA_ROW = 2


@dataclass(frozen=True, eq=False)
class Reference:
    """The validated reference lists. Treat the frames as read-only.

    - `forvaltningar`: kod, namn, anstallda (int), giltig_fran (date), giltig_till (date or None)
    - `anstallningsformer`: kod, namn, kategori, raknas_mot_malet (bool)
    - `malgrupper`: kod, namn
    - `mal_standard`: fran_ar (int), till_ar (int or None: open-ended), mal (int)
    - `nyckeltal`: id, namn, enhet, definition, kalla, hogre_ar_battre (bool)
    """

    forvaltningar: pd.DataFrame
    anstallningsformer: pd.DataFrame
    malgrupper: pd.DataFrame
    mal_standard: pd.DataFrame
    nyckeltal: pd.DataFrame

    # Look-up tables, built on first use (validation calls the matchers once per row).
    @cached_property
    def _forvaltning_keys(self) -> dict[str, str]:
        keys: dict[str, str] = {}
        # A name may return after a reorganisation: the most recently started förvaltning wins.
        for row in self.forvaltningar.sort_values("giltig_fran", kind="stable").itertuples():
            keys[normalize_name(row.namn)] = row.kod
        # A code always wins over a name.
        keys.update({normalize_name(kod): kod for kod in self.forvaltningar["kod"]})
        return keys

    @cached_property
    def _validity(self) -> dict[str, tuple[date, date | None]]:
        frame = self.forvaltningar
        return dict(
            zip(
                frame["kod"],
                zip(frame["giltig_fran"], frame["giltig_till"], strict=True),
                strict=True,
            )
        )

    @cached_property
    def _anstallningsform_keys(self) -> dict[str, str]:
        return _code_or_name_keys(self.anstallningsformer)

    @cached_property
    def _malgrupp_keys(self) -> dict[str, str]:
        return _code_or_name_keys(self.malgrupper)

    def employees(self) -> dict[str, int]:
        """Employees per förvaltning code (the plausibility checks' limit)."""
        frame = self.forvaltningar
        return dict(zip(frame["kod"], frame["anstallda"].astype("int64"), strict=True))

    def match_forvaltning(self, value: str) -> str | None:
        """The code of the förvaltning written as `value` (its code or name, in any case, with or
        without å/ä/ö), or None. Validity in time is not checked here: see `forvaltning_valid`."""
        return _match(self._forvaltning_keys, value)

    def forvaltning_valid(self, kod: str, month: date) -> bool:
        """Whether förvaltning `kod` existed on some day of `month` (any date in the month).
        An unknown code is never valid."""
        validity = self._validity.get(kod)
        if validity is None:
            return False
        return valid_in_month(*validity, month)

    def forvaltningar_valid_in_year(self, year: int) -> pd.DataFrame:
        """The förvaltningar valid in at least one month of `year`, in reference order, with
        columns kod, namn, anstallda and months_valid (1..12: months with at least one valid
        day)."""
        frame = self.forvaltningar[["kod", "namn", "anstallda"]].copy()
        frame["months_valid"] = [
            sum(self.forvaltning_valid(kod, date(year, m, 1)) for m in range(1, 13))
            for kod in frame["kod"]
        ]
        frame["months_valid"] = frame["months_valid"].astype("int64")
        return frame[frame["months_valid"] > 0].reset_index(drop=True)

    def match_anstallningsform(self, value: str) -> str | None:
        """The code of the anställningsform written as `value` (code or name), or None."""
        return _match(self._anstallningsform_keys, value)

    def match_malgrupp(self, value: str) -> str | None:
        """The code of the målgrupp written as `value` (code or name), or None."""
        return _match(self._malgrupp_keys, value)

    def standard_target(self, year: int) -> int | None:
        """The municipality's standard yearly target (hires) for `year`, or None if no row of
        `mal_standard` covers it."""
        for row in self.mal_standard.itertuples():
            if row.fran_ar <= year and (row.till_ar is None or year <= row.till_ar):
                return int(row.mal)
        return None


def load_reference(directory: Path) -> Reference:
    """Read and validate every reference file in `directory` (the app's is `config.reference()`).

    Raises `RejectedFile` with every problem found, in Swedish, each naming the file, the row as
    Excel shows it and the column; returns a fully typed `Reference` otherwise.
    """
    directory = Path(directory)
    frames: dict[str, pd.DataFrame] = {}
    findings: list[Finding] = []
    for name, schema in REFERENCE_SCHEMAS.items():
        frame, problems = _read_valid(directory / f"{name}.csv", schema)
        frames[name] = frame
        findings.extend(problems)
    if findings:
        raise RejectedFile(findings)
    return Reference(
        forvaltningar=_typed_forvaltningar(frames["forvaltningar"]),
        anstallningsformer=_with_flag(frames["anstallningsformer"], "raknas_mot_malet"),
        malgrupper=frames["malgrupper"].reset_index(drop=True),
        mal_standard=_typed_mal_standard(frames["mal_standard"]),
        nyckeltal=_with_flag(frames["nyckeltal"], "hogre_ar_battre"),
    )


# --- reading and validating one file ------------------------------------------------------------


def _read_valid(path: Path, schema: pa.DataFrameSchema) -> tuple[pd.DataFrame, list[Finding]]:
    """The file as text cells (stripped), and the findings that reject it (empty if none)."""
    file = path.name
    try:
        frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        return pd.DataFrame(), [error("Referensfilen saknas.", file=file)]
    except UnicodeDecodeError:
        return pd.DataFrame(), [error("Filen ska vara sparad som UTF-8.", file=file)]
    except pd.errors.EmptyDataError:
        return pd.DataFrame(), [error("Filen är tom: den ska ha en rubrikrad och data.", file=file)]
    except pd.errors.ParserError as exc:
        # pandas says "Expected 2 fields in line 3, saw 3": line 3 is row 3 in Excel too.
        line = re.search(r"line (\d+)", str(exc))
        return pd.DataFrame(), [
            error(
                "Raden har fler fält än rubrikraden. Står det ett semikolon i en text, sätt "
                "texten inom citattecken.",
                file=file,
                row=int(line.group(1)) if line else None,
            )
        ]

    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.fillna("").apply(lambda column: column.str.strip())

    expected = list(schema.columns)
    problems = [
        error("Kolumnen saknas.", file=file, row=1, column=c, hint=_columns_hint(expected))
        for c in expected
        if c not in frame.columns
    ]
    problems += [
        error(
            "Okänd kolumn.", file=file, row=1, column=guard.visible(c), hint=_columns_hint(expected)
        )
        for c in frame.columns
        if c not in expected
    ]
    problems += _gate(frame, file)
    if problems:
        return frame, problems
    if frame.empty:
        return frame, [error("Filen har inga datarader.", file=file)]
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return frame, _findings_from(exc.failure_cases, frame, schema, file)
    return frame, []


def _gate(frame: pd.DataFrame, file: str) -> list[Finding]:
    """Every header and cell through the one gate (`schemas.guard`): a personal number or a
    control character rejects the reference file, and the value is never echoed."""
    findings = []
    for column in frame.columns:
        for problem in guard.inspect(column, what="Rubriken"):
            findings.append(error(problem.message, file=file, row=1))
        for index, value in frame[column].items():
            for problem in guard.inspect(value, what="Värdet"):
                findings.append(
                    error(
                        problem.message,
                        file=file,
                        row=int(index) + _FIRST_DATA_ROW,
                        column=guard.visible(column),
                    )
                )
    return findings


def _columns_hint(expected: list[str]) -> str:
    return "Rubrikraden ska vara: " + ";".join(expected) + "."


def _findings_from(
    failures: pd.DataFrame, frame: pd.DataFrame, schema: pa.DataFrameSchema, file: str
) -> list[Finding]:
    """One Swedish finding per failing cell. A check across columns fails once per column of the
    row in Pandera's report; it is reported once, in the column its `name` points at."""
    findings: dict[tuple[int | None, str | None, str], Finding] = {}
    for case in failures.itertuples():
        index = None if pd.isna(case.index) else int(case.index)
        column = case.column if isinstance(case.column, str) else None
        if case.schema_context == "DataFrameSchema" and not pd.isna(case.check_number):
            column = schema.checks[int(case.check_number)].name
        value = None
        if index is not None and column in frame.columns:
            value = guard.visible(frame.at[index, column])
        row = None if index is None else index + _FIRST_DATA_ROW
        key = (row, column, str(case.check))
        findings.setdefault(
            key, error(str(case.check), file=file, row=row, column=column, value=value)
        )
    order = {c: i for i, c in enumerate(schema.columns)}
    return sorted(
        findings.values(), key=lambda f: (f.row or 0, order.get(f.column or "", -1), f.message)
    )


# --- typing ------------------------------------------------------------------------------------


def _typed_forvaltningar(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.reset_index(drop=True).copy()
    typed["anstallda"] = typed["anstallda"].astype("int64")
    typed["giltig_fran"] = pd.Series(
        [date.fromisoformat(v) for v in typed["giltig_fran"]], dtype=object
    )
    typed["giltig_till"] = pd.Series(
        [date.fromisoformat(v) if v else None for v in typed["giltig_till"]], dtype=object
    )
    return typed


def _typed_mal_standard(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.reset_index(drop=True).copy()
    typed["fran_ar"] = typed["fran_ar"].astype("int64")
    typed["till_ar"] = pd.Series([int(v) if v else None for v in typed["till_ar"]], dtype=object)
    typed["mal"] = typed["mal"].astype("int64")
    return typed


def _with_flag(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    typed = frame.reset_index(drop=True).copy()
    typed[column] = typed[column].str.casefold().eq("ja").astype(bool)
    return typed


# --- look-ups ----------------------------------------------------------------------------------


def _code_or_name_keys(frame: pd.DataFrame) -> dict[str, str]:
    keys = {
        normalize_name(namn): kod for kod, namn in zip(frame["kod"], frame["namn"], strict=True)
    }
    keys.update({normalize_name(kod): kod for kod in frame["kod"]})
    return keys


def _match(keys: dict[str, str], value: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return keys.get(normalize_name(value))
