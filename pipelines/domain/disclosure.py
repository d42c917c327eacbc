"""Disclosure control (röjandekontroll) for everything exported for publication.

Rules, decided once for the whole product:
- *Primary*: a count from 1 to 4 is never published; it is shown as `1–4`.
- *Zero stays zero*: that nobody is in a group identifies no one (Socialstyrelsen publishes
  zeros too), and hiding zeros would make every sparse table unreadable.
- *Secondary*: no hidden count may be recomputed from the published totals and cells. Every
  row, column and total is a linear equation over its cells; while a hidden cell is determined
  by those equations (a line with exactly one hidden cell, or a hidden cell that links two
  otherwise separate groups of hidden cells), the smallest published cell that breaks it is
  hidden as well, shown as `X`. Inner cells are chosen before totals, non-zero before zero, so
  totals stay published where possible (a total of 1–4 is itself hidden by the primary rule).
- Figures computed from a hidden count (a share, a change) are hidden with it (`X`).

The functions are pure: DataFrames and lists in, masked copies and masks out. The exports say
which version they are: `Publiceringsversion (röjandekontrollerad)` or `Intern version (exakta
tal)`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

#: Mask codes: published, hidden because 1–4 (primary), hidden so a hidden one cannot be
#: recomputed (secondary), hidden because it is computed from a hidden count (linked).
PUBLISHED, PRIMARY, SECONDARY, LINKED = 0, 1, 2, 3

SMALL_MIN, SMALL_MAX = 1, 4
MASK_SMALL = "1–4"
MASK_OTHER = "X"

PUBLICATION_LABEL = "Publiceringsversion (röjandekontrollerad)"
INTERNAL_LABEL = "Intern version (exakta tal)"
FOOTNOTE = "Värden 1–4 visas inte (röjandekontroll)."
FOOTNOTE_SECONDARY = (
    "X: värdet visas inte, så att ett dolt värde inte kan räknas fram ur summor och andra tal."
)
FOOTNOTE_ZERO = "Noll (0) visas: att ingen finns i en grupp röjer ingen enskild person."
INTERNAL_NOTE = "Exakta tal för internt bruk, inte för publicering."


def version_label(publication: bool) -> str:
    """`Publiceringsversion (röjandekontrollerad)` or `Intern version (exakta tal)`."""
    return PUBLICATION_LABEL if publication else INTERNAL_LABEL


def footnotes(publication: bool) -> list[str]:
    """The notes every export carries, in Swedish."""
    if publication:
        return [PUBLICATION_LABEL + ".", FOOTNOTE, FOOTNOTE_SECONDARY, FOOTNOTE_ZERO]
    return [INTERNAL_LABEL + ".", INTERNAL_NOTE]


def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return isinstance(value, float) and math.isnan(value)
    except TypeError:
        return False


def is_small(value) -> bool:
    """A count from 1 to 4 (the primary rule); missing values and zero are not small."""
    if _missing(value):
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return SMALL_MIN <= number <= SMALL_MAX


def mask_text(code: int) -> str | None:
    """What a hidden cell shows: `1–4`, `X`, or None for a published one."""
    if code == PRIMARY:
        return MASK_SMALL
    if code in (SECONDARY, LINKED):
        return MASK_OTHER
    return None


# --- the core: cells and the equations that tie them ---------------------------------------------

Equation = Sequence[tuple[int, float]]


def _unknown(codes: np.ndarray, missing: np.ndarray) -> np.ndarray:
    return (codes != PUBLISHED) | missing


def determined_cells(n_cells: int, equations: Sequence[Equation], unknown: np.ndarray) -> list[int]:
    """Unknown cells whose value follows from the equations and the known cells.

    A cell is determined exactly when its unit vector lies in the row space of the equations
    restricted to the unknown cells, i.e. when every solution of the homogeneous system is zero
    in it (the null space has no component there).
    """
    cells = [i for i in range(n_cells) if unknown[i]]
    if not cells or not equations:
        return []
    column = {cell: j for j, cell in enumerate(cells)}
    matrix = np.zeros((len(equations), len(cells)))
    for row, equation in enumerate(equations):
        for cell, coef in equation:
            if cell in column:
                matrix[row, column[cell]] += coef
    _, singular, vt = np.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    return [cell for cell, j in column.items() if not np.any(np.abs(null[:, j]) > 1e-9)]


def suppress(
    values: Sequence[float],
    equations: Sequence[Equation],
    *,
    totals: Iterable[int] = (),
) -> np.ndarray:
    """Mask codes for `values` (counts; NaN = not reported) tied by `equations` (each a list of
    (cell index, coefficient) summing to zero). `totals` are cells hidden as a second choice."""
    vals = np.array([np.nan if _missing(v) else float(v) for v in values], dtype=float)
    missing = np.isnan(vals)
    codes = np.array([PRIMARY if is_small(v) else PUBLISHED for v in vals], dtype=int)
    total_set = set(totals)

    lines_of: dict[int, list[int]] = {}
    for index, equation in enumerate(equations):
        for cell, _ in equation:
            lines_of.setdefault(cell, []).append(index)

    def unknown_count(index: int) -> int:
        return sum(1 for c, _ in equations[index] if codes[c] != PUBLISHED or missing[c])

    def preference(cell: int) -> tuple:
        # Hiding a cell mends the lines where it would be the second unknown and opens a new
        # problem in lines that had none: prefer cells that close rectangles.
        counts = [unknown_count(index) for index in lines_of.get(cell, [])]
        balance = sum(1 for n in counts if n == 1) - sum(1 for n in counts if n == 0)
        value = vals[cell]
        return (cell in total_set, -balance, value == 0, value, cell)

    def published(cells: Iterable[int]) -> list[int]:
        return sorted(
            (c for c in cells if codes[c] == PUBLISHED and not missing[c]), key=preference
        )

    while True:
        # The classic line rule: a line with exactly one unknown, and that one hidden.
        changed = True
        while changed:
            changed = False
            for equation in equations:
                cells = [c for c, _ in equation]
                unknown = [c for c in cells if codes[c] != PUBLISHED or missing[c]]
                if len(unknown) == 1 and codes[unknown[0]] != PUBLISHED:
                    candidates = published(cells)
                    if candidates:
                        codes[candidates[0]] = SECONDARY
                        changed = True
        # What the line rule cannot see: a hidden cell that is a bridge between groups.
        determined = [
            c
            for c in determined_cells(len(vals), equations, _unknown(codes, missing))
            if codes[c] != PUBLISHED
        ]
        if not determined:
            return codes
        target = determined[0]
        candidates = published(range(len(vals)))
        if not candidates:
            return codes  # everything is hidden already
        choice = candidates[0]
        for cell in candidates:
            trial = codes.copy()
            trial[cell] = SECONDARY
            if target not in determined_cells(len(vals), equations, _unknown(trial, missing)):
                choice = cell
                break
        codes[choice] = SECONDARY


def table_equations(
    n_rows: int, n_cols: int, *, total_row: int | None, total_col: int | None
) -> list[Equation]:
    """Equations of a grid (cell index = row * n_cols + col) whose `total_row` holds the column
    sums and `total_col` the row sums (either may be None: no such total)."""
    equations: list[Equation] = []
    if total_col is not None:
        for r in range(n_rows):
            equations.append(
                [(r * n_cols + c, -1.0 if c == total_col else 1.0) for c in range(n_cols)]
            )
    if total_row is not None:
        for c in range(n_cols):
            equations.append(
                [(r * n_cols + c, -1.0 if r == total_row else 1.0) for r in range(n_rows)]
            )
    return equations


# --- tables --------------------------------------------------------------------------------------


class MaskedTable(NamedTuple):
    """`table`: a copy with hidden cells replaced by `1–4` or `X` (object columns), other
    values unchanged; `mask`: the mask codes (0 published) of the counted and linked columns."""

    table: pd.DataFrame
    mask: pd.DataFrame

    @property
    def any_masked(self) -> bool:
        return bool((self.mask.to_numpy() != PUBLISHED).any())


def mask_table(
    df: pd.DataFrame,
    value_columns: Sequence[str],
    total_row: int | None = None,
    total_column: str | None = None,
    *,
    linked: Mapping[str, str] | None = None,
) -> MaskedTable:
    """Hide counts 1–4 in `value_columns` (and `total_column`) and whatever would let them be
    recomputed from the row totals (`total_column`, the sum of `value_columns` in each row) and
    the column totals (the row at position `total_row`, e.g. -1, the sum of the other rows).

    `linked` maps a further column to the counted column it is computed from (a share from its
    count): it is hidden, as `X`, wherever that count is hidden.
    """
    columns = list(value_columns) + ([total_column] if total_column else [])
    n_rows, n_cols = len(df), len(columns)
    if total_row is not None and n_rows:
        total_row = total_row % n_rows
    values = df[columns].to_numpy(dtype=object).reshape(-1) if n_rows else []
    equations = table_equations(
        n_rows,
        n_cols,
        total_row=total_row if n_rows else None,
        total_col=n_cols - 1 if total_column else None,
    )
    totals = [
        r * n_cols + c
        for r in range(n_rows)
        for c in range(n_cols)
        if r == total_row or (total_column and c == n_cols - 1)
    ]
    codes = suppress(list(values), equations, totals=totals).reshape(n_rows, n_cols)
    mask = pd.DataFrame(codes, index=df.index, columns=columns)
    for column, source in (linked or {}).items():
        mask[column] = np.where(mask[source] != PUBLISHED, LINKED, PUBLISHED)
    table = df.copy()
    for column in mask.columns:
        table[column] = [
            mask_text(code) or value
            for value, code in zip(table[column].astype(object), mask[column], strict=True)
        ]
    return MaskedTable(table, mask)


def mask_running_total(
    monthly: Sequence[float], cumulative: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Mask codes for monthly counts and their running total (cumulative[m] = cumulative[m-1] +
    monthly[m]): hidden counts can be recomputed from neighbouring running totals, so the rule
    covers both. Monthly values are hidden before running totals."""
    n = len(monthly)
    equations: list[Equation] = []
    for m in range(n):
        equation = [(n + m, 1.0), (m, -1.0)]
        if m:
            equation.append((n + m - 1, -1.0))
        equations.append(equation)
    codes = suppress(list(monthly) + list(cumulative), equations, totals=range(n, 2 * n))
    return codes[:n], codes[n:]


def mask_values(values: Sequence[float]) -> np.ndarray:
    """Primary masking only (values tied by no published total)."""
    return suppress(list(values), [])
