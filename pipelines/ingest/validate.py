"""Validate a delivered file against its kind's contract, collecting every error (not the first).

bytes ─▶ `read.read_table` (format, encoding, header, personal-data guard)
      ─▶ parse every cell (schemas/values) ─▶ check and drop total rows
      ─▶ the kind's Pandera model (types, ranges, uniqueness, cross-column and reference rules)
Nothing here writes: `pipelines.load` stores a `ValidatedFile` that has no errors.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from pipelines import config
from pipelines.findings import Finding, RejectedFile, error, warning
from pipelines.formatting import fmt_number
from pipelines.read import RawTable, read_table
from pipelines.reference import Reference, load_reference
from schemas import parsing
from schemas.contract import UNIQUENESS_CHECK, Contract, ParseContext
from schemas.kinds import CONTRACTS, required_columns

_NUMERIC_DTYPES = {"int64", "Int64", "float64"}


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
        return sorted({date(int(y), 1, 1) for y in self.frame["ar"].dropna()})

    def slices(self) -> pd.DataFrame:
        """The distinct slices (per the contract's slice key) the file would replace."""
        assert self.frame is not None and self.contract is not None
        key = list(self.contract.slice_key)
        return self.frame[key].drop_duplicates().sort_values(key).reset_index(drop=True)


def validate_file(
    path: Path, *, kind: str | None = None, reference: Reference | None = None
) -> ValidatedFile:
    """Read and validate a file on disk (see `validate_bytes`)."""
    path = Path(path)
    return validate_bytes(path.read_bytes(), path.name, kind=kind, reference=reference)


def validate_bytes(
    content: bytes,
    file_name: str,
    *,
    kind: str | None = None,
    reference: Reference | None = None,
    current_month: date | None = None,
) -> ValidatedFile:
    """Validate a delivered file. `kind` forces the kind; otherwise it is detected from the header."""
    content_hash = hashlib.sha256(content).hexdigest()
    if kind is not None and kind not in CONTRACTS:
        known = ", ".join(CONTRACTS)
        return ValidatedFile(
            file_name,
            content_hash,
            None,
            None,
            [error(f"Okänd filtyp ”{kind}”. Välj en av: {known}.", file=file_name)],
        )
    try:
        raw = read_table(content, file_name, required_columns(kind), sheet_preference=kind)
    except RejectedFile as rejected:
        return ValidatedFile(file_name, content_hash, kind, None, list(rejected.findings))

    ctx = ParseContext(reference or load_reference(), current_month or config.current_month())
    contract = CONTRACTS[raw.kind]
    findings = list(raw.findings)
    findings += _unknown_columns(raw, contract)

    total_mask = _total_rows(raw, contract)
    data_rows = raw.data[~total_mask]
    if data_rows.empty:
        findings.append(
            error("Filen innehåller bara summeringsrader och inga datarader.", file=file_name)
        )
        return ValidatedFile(file_name, content_hash, raw.kind, None, findings, raw)

    frame, parse_findings = _parse(raw, data_rows, contract, ctx)
    findings += parse_findings
    bad_rows = {f.row for f in parse_findings if f.is_error}
    findings += _check_total_rows(raw, contract, ctx, frame, total_mask, bad_rows)

    clean = frame.drop(index=[r for r in bad_rows if r in frame.index])
    findings += _pandera(raw, contract, ctx, clean)
    findings.sort(key=lambda f: (not f.is_error, f.row or 0, f.column or ""))
    return ValidatedFile(
        file_name,
        content_hash,
        raw.kind,
        frame,
        findings,
        raw,
        total_rows=[int(r) for r in raw.data.index[total_mask]],
    )


def _label(raw: RawTable, name: str) -> str:
    return raw.labels.get(name, name)


def _cell_error(
    raw: RawTable, excel_row, name: str, value: str, message: str, hint: str | None = None
) -> Finding:
    """An error pointing at one cell: file, Excel row, column as written, the value as written."""
    return error(
        message,
        file=raw.file_name,
        row=int(excel_row),
        column=_label(raw, name),
        value=value,
        hint=hint,
    )


def _unknown_columns(raw: RawTable, contract: Contract) -> list[Finding]:
    return [
        warning(
            "Okänd kolumn: den lagras inte.",
            file=raw.file_name,
            column=_label(raw, name),
            hint=f"Kolumner för {contract.title.lower()}: {', '.join(f.label for f in contract.fields)}.",
        )
        for name in raw.data.columns
        if name not in contract.names
    ]


def _total_rows(raw: RawTable, contract: Contract) -> pd.Series:
    """Rows whose label column (or the file's first column) says Totalt, Summa, Total, …"""
    if contract.total_label_column is None:
        return pd.Series(False, index=raw.data.index)
    columns = {contract.total_label_column, raw.data.columns[0]}
    mask = pd.Series(False, index=raw.data.index)
    for column in columns:
        if column in raw.data:
            values = raw.data[column]
            labels = {v for v in pd.unique(values) if parsing.is_total_label(v)}
            if labels:
                mask |= values.isin(labels)
    return mask


def _parse(
    raw: RawTable, rows: pd.DataFrame, contract: Contract, ctx: ParseContext
) -> tuple[pd.DataFrame, list[Finding]]:
    findings: list[Finding] = []
    columns: dict[str, list] = {}
    missing = "Värde saknas i en obligatorisk kolumn."
    for fld in contract.fields:
        if fld.name not in rows:
            columns[fld.name] = [fld.default] * len(rows)
            continue
        # Parse each distinct text once: a month's file repeats a few months, codes and counts
        # thousands of times, so this is what makes a million-row file quick.
        codes, distinct = pd.factorize(rows[fld.name], use_na_sentinel=False)
        values, messages = [], []
        for text in (str(t).strip() for t in distinct):
            if text == "":
                values.append(fld.default)
                messages.append(missing if fld.required else None)
                continue
            try:
                values.append(fld.parse(text, ctx))
                messages.append(None)
            except ValueError as exc:
                values.append(fld.default)
                messages.append(str(exc))
        lookup = np.empty(len(values), dtype=object)
        lookup[:] = values
        columns[fld.name] = list(lookup[codes])
        bad_codes = [i for i, message in enumerate(messages) if message]
        if bad_codes:
            for position in np.flatnonzero(np.isin(codes, bad_codes)):
                code = codes[position]
                findings.append(
                    _cell_error(
                        raw,
                        rows.index[position],
                        fld.name,
                        str(distinct[code]).strip(),
                        messages[code],
                        fld.rule,
                    )
                )
    frame = pd.DataFrame(index=rows.index)
    for fld in contract.fields:
        data = columns[fld.name]
        if fld.dtype == "int64":
            frame[fld.name] = pd.array(data, dtype="Int64")  # NA where unparsable
        elif fld.dtype == "object":
            frame[fld.name] = pd.Series(data, index=rows.index, dtype="object")
        else:
            frame[fld.name] = pd.array(
                data, dtype="Float64" if fld.dtype == "float64" else fld.dtype
            )
    frame.index.name = "rad"
    return frame, findings


def _check_total_rows(
    raw: RawTable,
    contract: Contract,
    ctx: ParseContext,
    frame: pd.DataFrame,
    total_mask: pd.Series,
    bad_rows: set,
) -> list[Finding]:
    """A total row must equal the sum of the other rows (of its month, when it names one)."""
    findings: list[Finding] = []
    numeric = [f for f in contract.fields if f.dtype in _NUMERIC_DTYPES]
    for excel_row, total in raw.data[total_mask].iterrows():
        scope = frame
        month_text = str(total.get("manad", "")).strip()
        if "manad" in frame and month_text and not parsing.is_total_label(month_text):
            try:
                month = parsing.parse_month(month_text, ctx.current_month)
                scope = frame[frame["manad"] == month]
            except ValueError:
                pass
        for fld in numeric:
            text = str(total.get(fld.name, "")).strip()
            if not text:
                continue
            column_rows = {r for r in bad_rows if r in scope.index}
            if column_rows:
                continue  # the parts have errors of their own: their sum says nothing
            try:
                stated = fld.parse(text, ctx)
            except ValueError as exc:
                findings.append(_cell_error(raw, excel_row, fld.name, text, str(exc)))
                continue
            computed = scope[fld.name].sum()
            if abs(float(stated) - float(computed)) > 0.005:
                shown = fmt_number(computed, 0 if float(computed).is_integer() else 2)
                findings.append(
                    _cell_error(
                        raw,
                        excel_row,
                        fld.name,
                        text,
                        f"Summeringsraden stämmer inte med summan av raderna ({shown}).",
                        "Rätta summan eller raderna, eller ta bort summeringsraden.",
                    )
                )
    return findings


def _pandera(
    raw: RawTable, contract: Contract, ctx: ParseContext, frame: pd.DataFrame
) -> list[Finding]:
    if frame.empty:
        return []
    typed = frame.copy()
    for fld in contract.fields:
        if fld.dtype == "int64":
            typed[fld.name] = typed[fld.name].astype("int64")
        elif fld.dtype == "float64":
            typed[fld.name] = typed[fld.name].astype("float64")
    try:
        contract.pandera_schema(ctx).validate(typed, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _translate(raw, contract, ctx, exc.failure_cases, typed)
    return []


def _translate(
    raw: RawTable,
    contract: Contract,
    ctx: ParseContext,
    failures: pd.DataFrame,
    typed: pd.DataFrame,
) -> list[Finding]:
    """Pandera's failure cases as Swedish findings: one per row and column concerned."""
    rules = {rule.message: rule for rule in contract.all_rules(ctx)}
    findings: dict[tuple, Finding] = {}
    duplicates: list[int] = []
    for case in failures.to_dict("records"):
        index = case.get("index")
        row = int(index) if index is not None and not pd.isna(index) else None
        check = str(case.get("check"))
        column = case.get("column")
        if check == UNIQUENESS_CHECK:
            if row is not None:
                duplicates.append(row)
            continue
        rule = rules.get(check)
        if rule is not None and column not in rule.columns:
            continue  # a frame-wide check reports every column; keep those the rule concerns
        value = _original(raw, row, column)
        key = (row, column, check)
        findings[key] = error(
            check,
            file=raw.file_name,
            row=row,
            column=_label(raw, column) if column else None,
            value=value,
            hint=rule.hint if rule else None,
        )
    result = list(findings.values())
    key = list(contract.unique_key)
    duplicated = typed.loc[sorted(set(duplicates))]
    groups = [group.index for _, group in duplicated.groupby(key, dropna=False)]
    labels = ", ".join(contract.field(c).label.lower() for c in contract.unique_key)
    for rows in groups:
        for row in rows:
            others = sorted({int(r) for r in rows} - {int(row)})
            also = f" (även rad {', '.join(map(str, others[:5]))})" if others else ""
            result.append(
                error(
                    f"Samma kombination av {labels} finns på flera rader{also}.",
                    file=raw.file_name,
                    row=int(row),
                    hint="Slå ihop raderna till en rad (med summan av antalen).",
                )
            )
    return result


def _original(raw: RawTable, row: int | None, column: str | None) -> str | None:
    if row is None or column is None or column not in raw.data:
        return None
    try:
        return str(raw.data.at[row, column])
    except KeyError:
        return None
