"""Validate a delivered file against its kind's contract, collecting every error (not the first).

bytes ─▶ `read.read_table` (format, encoding, header, personal-data guard)
      ─▶ parse every cell (schemas/values) ─▶ check and drop total rows
      ─▶ the kind's Pandera model (types, ranges, uniqueness, cross-column and reference rules)
Nothing here writes: `pipelines.ingest.store` stores a `ValidatedFile` that has no errors.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date
from pathlib import PurePath

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc

from pipelines import config
from pipelines.formatting import fmt_number
from pipelines.ingest import sos
from pipelines.ingest.free_text import free_text_findings
from pipelines.ingest.limits import MAX_FINDINGS, cap_findings
from pipelines.ingest.read import RawTable, check_file_name, read_table
from pipelines.ingest.validated import ValidatedFile  # noqa: F401  (what validation returns)
from schemas import guard, parsing
from schemas.contract import UNIQUENESS_CHECK, Contract, ParseContext
from schemas.findings import Finding, Problem, RejectedFile, error, warning
from schemas.fix_actions import fix_action
from schemas.kinds import CONTRACTS, KIND_LABELS, required_columns
from schemas.reference_lists import Reference

_NUMERIC_DTYPES = {"int64", "Int64", "float64"}
#: Arrow's transients here live in the process's own heap, where numpy's can reuse them.
_SYSTEM_POOL = pa_arrow.system_memory_pool()


def validate_bytes(
    content: bytes,
    file_name: str,
    *,
    kind: str | None = None,
    reference: Reference | None = None,
    current_month: date | None = None,
) -> ValidatedFile:
    """Validate a delivered file. `kind` forces the kind; otherwise it is detected from the header.

    The file name is kept as the gate shows it (`guard.admit_name`: personal numbers redacted);
    a name that holds a personal number rejects the file."""
    content_hash = hashlib.sha256(content).hexdigest()
    original_name, file_name = file_name, guard.admit_name(file_name)
    try:
        check_file_name(original_name)
    except RejectedFile as rejected:  # a personal number in the name: the file is not read
        return ValidatedFile(file_name, content_hash, kind, None, list(rejected.findings))
    if kind is not None and kind not in CONTRACTS:
        known = ", ".join(CONTRACTS)
        return ValidatedFile(
            file_name,
            content_hash,
            None,
            None,
            [error(f"Okänd filtyp ”{kind}”. Välj en av: {known}.", file=file_name)],
        )
    wide_export = kind is None or CONTRACTS[kind].reader == "sos_wide"
    if wide_export and sos.sniff(content, original_name):  # read once, by its own reader
        return sos.validate_sos(content, file_name, current_month=current_month)
    try:
        raw = read_table(content, original_name, required_columns(kind), sheet_preference=kind)
    except RejectedFile as rejected:
        # Socialstyrelsen's export of another table, or with other month columns: its own words.
        if wide_export and sos.is_header_rejection(rejected):
            if sos.looks_like_export(content, file_name):
                return sos.validate_sos(content, file_name, current_month=current_month)
        return ValidatedFile(file_name, content_hash, kind, None, list(rejected.findings))
    if CONTRACTS[raw.kind].reader == "sos_wide":  # a wide export: its own reader (read/sos.py)
        return sos.validate_sos(content, file_name, current_month=current_month)

    content_hash = raw.content_hash  # of the text for CSV: line endings and encoding aside
    ctx = ParseContext(reference or config.reference(), current_month or config.current_month())
    contract = CONTRACTS[raw.kind]
    findings = list(raw.findings)
    findings += _unknown_columns(raw, contract)
    findings += _name_says_another_kind(original_name, raw)

    total_mask = _total_rows(raw, contract)
    data_rows = raw.data[~total_mask] if total_mask.any() else raw.data  # no copy without
    if data_rows.empty:
        findings.append(
            error("Filen innehåller bara summeringsrader och inga datarader.", file=file_name)
        )
        return ValidatedFile(file_name, content_hash, raw.kind, None, findings, raw)

    frame, parse_findings, bad_rows, omitted, group = _parse(raw, data_rows, contract, ctx)
    findings += parse_findings
    findings += _check_total_rows(raw, contract, ctx, frame, total_mask)

    clean = frame[~bad_rows] if bad_rows.any() else frame
    group = group[~bad_rows] if bad_rows.any() else group
    clean, many_duplicates, more = _many_duplicates(raw, contract, clean, group)
    findings += many_duplicates
    omitted += more
    findings += _pandera(raw, contract, ctx, clean)
    if not clean.empty:  # the checks against the reference data, as the kind declares them
        findings += problem_findings(raw, [p for c in contract.checks for p in c(clean, ctx)])
    findings += _personal_columns(raw, contract)
    findings += free_text_findings(raw)  # formula-like, mixed alphabets, invisible (issue 26)
    findings.sort(key=lambda f: (not f.is_error, f.row or 0, f.column or ""))
    findings = cap_findings(findings, omitted=omitted)
    return ValidatedFile(
        file_name,
        content_hash,
        raw.kind,
        frame,
        findings,
        raw,
        total_rows=[int(r) for r in raw.data.index[total_mask]],
    )


def _many_duplicates(
    raw: RawTable, contract: Contract, frame: pd.DataFrame, group: np.ndarray
) -> tuple[pd.DataFrame, list[Finding], int]:
    """Rows repeating a combination, when there are more than `MAX_FINDINGS` of them: found
    here in one pass and capped (Pandera's uniqueness check would list every one of a
    million repeated rows). Fewer are left to Pandera, whose findings say the same.

    `group` numbers each row's combination (`_parse`); the frame is copied only for the rows
    kept (a file of one repeated row keeps none)."""
    key = [c for c in contract.unique_key if c in frame]
    if not key or frame.empty:
        return frame, [], 0
    repeated = (np.bincount(group) > 1)[group]
    count = int(repeated.sum())
    if count <= MAX_FINDINGS:
        return frame, [], 0
    labels = ", ".join(contract.field(c).label.lower() for c in contract.unique_key)
    shown = _first_true(repeated, MAX_FINDINGS)
    rows = frame.index.to_numpy()
    first_rows = {g: rows[np.flatnonzero(group == g)[:6]] for g in np.unique(group[shown])}
    findings = []
    for position in shown:
        row = int(rows[position])
        others = [int(r) for r in first_rows[group[position]] if int(r) != row]
        findings.append(_duplicate_finding(raw, labels, row, others))
    return frame[~repeated], findings, count - len(findings)


def _first_true(mask: np.ndarray, count: int) -> np.ndarray:
    """The positions of the first `count` True values of `mask` (a slice at a time)."""
    found: list[np.ndarray] = []
    total = 0
    for low in range(0, len(mask), 1 << 16):
        found.append(np.flatnonzero(mask[low : low + (1 << 16)])[: count - total] + low)
        total += len(found[-1])
        if total >= count:
            break
    return np.concatenate(found) if found else np.empty(0, dtype=np.int64)


def _name_says_another_kind(file_name: str, raw: RawTable) -> list[Finding]:
    """A warning when the file's name names another kind than its header shows (a
    försörjningsstöd file named `anstallningar_2026-11.csv` is most likely the wrong file)."""
    name = parsing.normalize_name(PurePath(file_name).stem)
    for kind, label in KIND_LABELS.items():
        if len(kind) > 5 and kind in name and kind != raw.kind:
            return [
                warning(
                    f"Filnamnet säger {label}, men rubrikraden visar att filen innehåller "
                    f"{KIND_LABELS.get(raw.kind, raw.kind)}.",
                    file=raw.file_name,
                    row=raw.header_row,
                    hint="Kontrollera att det är rätt fil innan du läser in den.",
                )
            ]
    return []


def problem_findings(raw: RawTable, problems: list[Problem]) -> list[Finding]:
    """The findings of a contract's checks (`Problem`s), in the file's own words: its name, the
    column as written, and the cell's value as the gate shows it where the check asks for it."""
    findings = []
    for problem in problems:
        value = None
        if problem.show_value and problem.row is not None and problem.column is not None:
            try:
                value = guard.visible(raw.data.at[problem.row, problem.column])
            except KeyError:
                value = None
        findings.append(
            Finding(
                problem.severity,
                problem.message,
                file=raw.file_name,
                row=problem.row,
                column=_label(raw, problem.column) if problem.column else None,
                value=value,
                hint=problem.hint,
            )
        )
    return findings


def _personal_columns(raw: RawTable, contract: Contract) -> list[Finding]:
    """A column whose header names a person rejects a file of a kind that refuses them."""
    if not contract.refuse_personal_columns:
        return []
    return [
        error(
            "Kolumnen ser ut att innehålla personuppgifter. Filen får bara innehålla antal, "
            "aldrig namn eller kontaktuppgifter till personer.",
            file=raw.file_name,
            column=_label(raw, name),
            hint="Ta bort kolumnen och leverera filen igen.",
        )
        for name in raw.data.columns
        if name not in contract.names and guard.names_a_person(parsing.normalize_name(name))
    ]


def _label(raw: RawTable, name: str) -> str:
    return guard.visible(raw.labels.get(name, name))


def _cell_error(
    raw: RawTable, excel_row, name: str, value: str, message: str, hint: str | None = None
) -> Finding:
    """An error pointing at one cell: file, Excel row, column as written, the value as the gate
    shows it (control characters and look-alike letters named, cut, never a personal number)."""
    unusual = guard.unusual_characters(value)
    return error(
        f"{message} {unusual}" if unusual else message,
        file=raw.file_name,
        row=int(excel_row),
        column=_label(raw, name),
        value=guard.visible(value),
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
            labels = {v for v in set(values.to_numpy()) if parsing.is_total_label(v)}
            if labels:
                mask |= values.isin(labels)
    return mask


def _parse(
    raw: RawTable, rows: pd.DataFrame, contract: Contract, ctx: ParseContext
) -> tuple[pd.DataFrame, list[Finding], np.ndarray, int, np.ndarray]:
    """Typed rows, the cell findings (at most `MAX_FINDINGS`), which rows have a cell error (a
    boolean mask over `rows`), how many cell findings were left out (a file of a million bad
    rows must not build a million findings), and a group number per row: equal for rows with
    the same values in the contract's unique key (`_combine`).

    Each distinct text of a column is parsed once and typed once; the column is then taken from
    those by the rows' codes (a month's file repeats a few months, codes and counts thousands
    of times, so this is what makes a million-row file quick and small)."""
    findings: list[Finding] = []
    bad = np.zeros(len(rows), dtype=bool)
    omitted = 0
    group, groups = np.zeros(len(rows), dtype=np.int64), 1
    frame = pd.DataFrame(index=rows.index)
    missing = "Värde saknas i en obligatorisk kolumn."
    for fld in contract.fields:
        if fld.name not in rows:
            frame[fld.name] = _constant(fld.default, fld.dtype, len(rows))
            continue
        codes, distinct = _factorize(rows[fld.name])
        values, messages = [], []
        numeric = fld.dtype in _NUMERIC_DTYPES
        for text in (str(t).strip() for t in distinct):
            if text == "":
                values.append(fld.default)
                messages.append(missing if fld.required else None)
                continue
            try:
                if numeric and raw.file_format == "csv" and _AMBIGUOUS_POINT.fullmatch(text):
                    raise ValueError(
                        f"”{text}” går inte att tolka säkert: punkt används både som "
                        f"decimaltecken ({text.replace('.', ',')}) och som tusentalsavgränsare "
                        f"({text.replace('.', ' ')}). Skriv tusental med mellanslag (25 000) och "
                        "decimaler med komma (25,00)."
                    )
                value = fld.parse(text, ctx)
                if numeric:
                    _check_storable(value, fld.dtype)
                values.append(value)
                messages.append(None)
            except ValueError as exc:
                values.append(fld.default)
                messages.append(str(exc))
        frame[fld.name] = _column(values, fld.dtype, codes)
        if fld.name in contract.unique_key:
            group, groups = _combine(group, groups, values, codes)
        bad_codes = [i for i, message in enumerate(messages) if message]
        if bad_codes:
            positions = np.flatnonzero(np.isin(codes, bad_codes))
            bad[positions] = True
            room = max(0, MAX_FINDINGS + 1 - len(findings))
            omitted += max(0, len(positions) - room)
            for position in positions[:room]:
                code = codes[position]
                findings.append(
                    _cell_error(
                        raw,
                        rows.index[position],
                        fld.name,
                        str(distinct[code]).strip(),
                        messages[code],
                        fix_action(fld),
                    )
                )
    frame.index.name = "rad"
    return frame, findings, bad, omitted, group


def _combine(
    group: np.ndarray, groups: int, values: list, codes: np.ndarray
) -> tuple[np.ndarray, int]:
    """The rows' group numbers refined by one more column of the unique key: rows with equal
    parsed values (missing ones equal each other) share a number. From the column's distinct
    values and the rows' codes: no hash table as long as the file. Renumbered when the numbers
    grow past twice the rows, so a `np.bincount` of them stays small."""
    numbers: dict = {}
    same = np.array(
        [numbers.setdefault(_NA if _is_missing(v) else v, len(numbers)) for v in values],
        dtype=np.int64,
    )
    group = group * len(numbers) + same[codes]
    groups *= len(numbers)
    if groups > 2 * len(group):
        group = np.unique(group, return_inverse=True)[1].reshape(-1).astype(np.int64)
        groups = int(group.max()) + 1 if len(group) else 1
    return group, groups


_NA = object()  # every missing value, as one key


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _factorize(column: pd.Series) -> tuple[np.ndarray, list]:
    """(a code per row, the distinct values in order of first appearance), as `pd.factorize`
    gives them; for text, dictionary-encoded in Arrow (whose table grows with the distinct
    values, where pandas' grows with the rows: 36 MB for a column of 600 000 rows)."""
    try:
        texts = pa_arrow.array(column.to_numpy(), type=pa_arrow.string(), memory_pool=_SYSTEM_POOL)
        encoded = pc.dictionary_encode(texts, memory_pool=_SYSTEM_POOL)
    except (pa_arrow.ArrowInvalid, pa_arrow.ArrowTypeError):
        codes, distinct = pd.factorize(column, use_na_sentinel=False)
        return codes, list(distinct)
    return encoded.indices.to_numpy(), encoded.dictionary.to_pylist()


def _constant(value, dtype: str, length: int):
    """A column not in the file: `value` (the field's default) on every row. As text, one
    chunk of it repeated (the chunks share their memory: 1 MB, not 13 MB for 600 000 rows)."""
    if dtype != "str" or not (value is None or isinstance(value, str)):
        return _column([value], dtype, np.zeros(length, np.int32))
    piece = _column([value], dtype, np.zeros(min(length, 1 << 16), np.int32))._pa_array
    piece = piece.combine_chunks()
    whole, rest = divmod(length, len(piece)) if len(piece) else (0, 0)
    chunks = [piece] * whole + ([piece.slice(0, rest)] if rest else [])
    return pd.array(pa_arrow.chunked_array(chunks or [piece], type=piece.type), dtype="str")


def _column(values: list, dtype: str, codes: np.ndarray):
    """A column of the typed frame: the parsed values of a column's distinct texts, typed once
    (NA where a value is None) and taken by the rows' codes: `Int64`/`Float64` for numbers,
    `str` (its text in the process's own heap, see `_SYSTEM_POOL`), or objects (months as
    dates)."""
    if dtype in ("int64", "Int64"):
        return pd.array(values, dtype="Int64").take(codes)
    if dtype == "float64":
        return pd.array(values, dtype="Float64").take(codes)
    if dtype == "object":
        lookup = np.empty(len(values), dtype=object)
        lookup[:] = values
        return lookup[codes]
    if dtype == "str":
        try:
            texts = pa_arrow.array(values, type=pa_arrow.large_string(), memory_pool=_SYSTEM_POOL)
        except (pa_arrow.ArrowInvalid, pa_arrow.ArrowTypeError):
            return pd.array(values, dtype=dtype).take(codes)
        return pd.array(pc.take(texts, codes, memory_pool=_SYSTEM_POOL), dtype="str")
    return pd.array(values, dtype=dtype).take(codes)


#: The largest numbers the warehouse stores (INTEGER and DECIMAL(15, 2) columns).
MAX_WHOLE = 2_147_483_647
MAX_AMOUNT = 9_999_999_999_999.99
# `25.000` in a text file: 25 with three decimals, or 25 000 with a point between thousands.
_AMBIGUOUS_POINT = re.compile(r"\d{1,3}\.\d{3}")


def _check_storable(value, dtype: str) -> None:
    """Raise ValueError (Swedish) for a number too large to store: never a crash later."""
    if value is None:
        return
    if dtype == "float64":
        if not math.isfinite(float(value)) or float(value) > MAX_AMOUNT:
            raise ValueError(
                f"Talet är för stort för att lagras: högst {fmt_number(MAX_AMOUNT, 2)}."
            )
    elif int(value) > MAX_WHOLE:
        raise ValueError(f"Talet är för stort för att lagras: högst {fmt_number(MAX_WHOLE, 0)}.")


def _check_total_rows(
    raw: RawTable,
    contract: Contract,
    ctx: ParseContext,
    frame: pd.DataFrame,
    total_mask: pd.Series,
) -> list[Finding]:
    """A total row must equal the sum of the other rows (of its slice, as far as it names one:
    its month, its follow-up point)."""
    findings: list[Finding] = []
    keys = [c for c in contract.slice_key if c != contract.total_label_column and c in frame]
    numeric = [f for f in contract.fields if f.dtype in _NUMERIC_DTYPES and f.name not in keys]
    for excel_row, total in raw.data[total_mask].iterrows():
        scope = frame
        for key in keys:
            text = str(total.get(key, "")).strip()
            if not text or parsing.is_total_label(text):
                continue
            try:
                scope = scope[scope[key] == contract.field(key).parse(text, ctx)]
            except ValueError:
                pass
        for fld in numeric:
            text = str(total.get(fld.name, "")).strip()
            if not text:
                continue
            parts = scope[fld.name]
            if parts.isna().any():
                continue  # a part of this column has an error of its own: its sum says nothing
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


def _field_action(contract: Contract, column) -> str | None:
    """ "Så rättar du" of a column's own check (`schemas.fix_actions`)."""
    field = next((f for f in contract.fields if f.name == column), None)
    return fix_action(field) if field is not None else None


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
            hint=rule.hint if rule else _field_action(contract, column),
        )
    result = list(findings.values())
    key = list(contract.unique_key)
    duplicated = typed.loc[sorted(set(duplicates))]
    groups = [group.index for _, group in duplicated.groupby(key, dropna=False)]
    labels = ", ".join(contract.field(c).label.lower() for c in contract.unique_key)
    for rows in groups:
        for row in rows:
            others = sorted({int(r) for r in rows} - {int(row)})
            result.append(_duplicate_finding(raw, labels, int(row), others))
    return result


def _original(raw: RawTable, row: int | None, column: str | None) -> str | None:
    if row is None or column is None or column not in raw.data:
        return None
    try:
        return guard.visible(raw.data.at[row, column])
    except KeyError:
        return None


def _duplicate_finding(raw: RawTable, labels: str, row: int, others: list[int]) -> Finding:
    """The error of a row whose combination of columns another row repeats (naming up to five)."""
    also = f" (även rad {', '.join(map(str, others[:5]))})" if others else ""
    return error(
        f"Samma kombination av {labels} finns på flera rader{also}.",
        file=raw.file_name,
        row=row,
        hint="Slå ihop raderna till en rad (med summan av antalen).",
    )
