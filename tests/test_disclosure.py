"""Disclosure control: counts 1–4 never published, and no hidden count recomputable from the
totals and the published cells (checked independently here with linear algebra)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.domain import disclosure
from pipelines.domain.disclosure import (
    MASK_OTHER,
    MASK_SMALL,
    CannotProtect,
    Ledger,
    mask_running_total,
    mask_table,
    protect,
    rounded_interval,
)
from pipelines.domain.disclosure_audit import audit

MARKS = {MASK_SMALL, MASK_OTHER}


def table_with_totals(cells: list[list[int]]) -> pd.DataFrame:
    """Rows A, B, … with columns c0…, a row-sum column and a last row of column sums."""
    frame = pd.DataFrame(cells, columns=[f"c{j}" for j in range(len(cells[0]))])
    frame["summa"] = frame.sum(axis=1)
    frame.loc[len(frame)] = frame.sum(axis=0)
    frame.insert(0, "namn", [f"rad {i}" for i in range(len(cells))] + ["Totalt"])
    return frame


def grid_equations(n_rows: int, n_cols: int) -> np.ndarray:
    """Every row sum and column sum of the full grid (totals included) as rows of a matrix."""
    equations = []
    for r in range(n_rows):
        row = np.zeros(n_rows * n_cols)
        row[r * n_cols : (r + 1) * n_cols - 1] = 1
        row[(r + 1) * n_cols - 1] = -1
        equations.append(row)
    for c in range(n_cols):
        col = np.zeros(n_rows * n_cols)
        for r in range(n_rows - 1):
            col[r * n_cols + c] = 1
        col[(n_rows - 1) * n_cols + c] = -1
        equations.append(col)
    return np.array(equations)


def recomputable(hidden: np.ndarray, equations: np.ndarray) -> list[int]:
    """Hidden cells whose value follows from the equations: those whose unit vector lies in the
    row space of the equations restricted to the hidden cells (rank does not grow)."""
    cells = np.flatnonzero(hidden)
    if not len(cells):
        return []
    restricted = equations[:, cells]
    rank = np.linalg.matrix_rank(restricted)
    found = []
    for j, cell in enumerate(cells):
        unit = np.zeros(len(cells))
        unit[j] = 1
        if np.linalg.matrix_rank(np.vstack([restricted, unit])) == rank:
            found.append(int(cell))
    return found


counts = st.integers(min_value=0, max_value=30) | st.integers(min_value=0, max_value=6)


@st.composite
def tables(draw):
    n_rows = draw(st.integers(min_value=1, max_value=5))
    n_cols = draw(st.integers(min_value=1, max_value=5))
    return [[draw(counts) for _ in range(n_cols)] for _ in range(n_rows)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_small_count_is_published_and_none_can_be_recomputed(cells):
    frame = table_with_totals(cells)
    columns = [c for c in frame.columns if c.startswith("c")]
    result = mask_table(frame, columns, total_row=-1, total_column="summa")
    shown = result.table[[*columns, "summa"]]
    values = frame[[*columns, "summa"]].to_numpy()

    # No exported cell holds a count from 1 to 4; every other cell is unchanged.
    for cell, value in zip(shown.to_numpy().ravel(), values.ravel(), strict=True):
        if isinstance(cell, str):
            assert cell in MARKS
        else:
            assert not 1 <= cell <= 4
            assert cell == value
    hidden = shown.map(lambda v: isinstance(v, str)).to_numpy()

    # Every row and column (totals included) has no hidden cell or at least two.
    for line in [*hidden, *hidden.T]:
        assert line.sum() != 1

    # And no hidden cell follows from all the equations together.
    equations = grid_equations(*hidden.shape)
    assert recomputable(hidden.ravel(), equations) == []


def test_a_single_small_cell_takes_a_partner_in_its_row_and_column():
    frame = table_with_totals([[3, 10], [7, 9]])
    result = mask_table(frame, ["c0", "c1"], total_row=-1, total_column="summa")
    assert result.table["c0"].tolist() == [MASK_SMALL, MASK_OTHER, 10]
    assert result.table["c1"].tolist() == [MASK_OTHER, MASK_OTHER, 19]
    assert result.table["summa"].tolist() == [13, 16, 29]
    assert result.any_masked


def test_zero_stays_zero_and_five_is_published():
    frame = table_with_totals([[0, 5], [6, 0]])
    result = mask_table(frame, ["c0", "c1"], total_row=-1, total_column="summa")
    assert result.table["c0"].tolist() == [0, 6, 6]
    assert result.table["c1"].tolist() == [5, 0, 5]
    assert not result.any_masked


def test_a_total_of_one_to_four_is_hidden_too():
    frame = table_with_totals([[2, 1], [20, 30]])
    result = mask_table(frame, ["c0", "c1"], total_row=-1, total_column="summa")
    assert result.table.loc[0, "summa"] == MASK_SMALL
    assert result.table["c0"].iloc[0] == MASK_SMALL and result.table["c1"].iloc[0] == MASK_SMALL
    hidden = result.table[["c0", "c1", "summa"]].map(lambda v: isinstance(v, str)).to_numpy()
    assert recomputable(hidden.ravel(), grid_equations(*hidden.shape)) == []


def test_prefers_the_cell_that_closes_a_rectangle():
    # Hiding C's zero closes row C and column c1 at once: four hidden cells, not six.
    frame = table_with_totals([[3, 8], [10, 9], [7, 0]])
    result = mask_table(frame, ["c0", "c1"], total_row=-1, total_column="summa")
    assert result.table["c0"].tolist() == [MASK_SMALL, 10, MASK_OTHER, 20]
    assert result.table["c1"].tolist() == [MASK_OTHER, 9, MASK_OTHER, 17]


def test_a_bridge_between_two_hidden_groups_is_broken():
    # Two 2×2 blocks of small counts joined by one small cell: every line has two hidden cells,
    # yet the joining cell would follow from the equations; one more cell must be hidden.
    cells = [
        [2, 2, 0, 0, 9],
        [2, 2, 3, 0, 9],
        [0, 0, 2, 2, 9],
        [0, 0, 2, 2, 9],
        [9, 9, 9, 9, 9],
    ]
    frame = table_with_totals(cells)
    columns = [f"c{j}" for j in range(5)]
    result = mask_table(frame, columns, total_row=-1, total_column="summa")
    hidden = result.table[[*columns, "summa"]].map(lambda v: isinstance(v, str)).to_numpy()
    assert recomputable(hidden.ravel(), grid_equations(*hidden.shape)) == []
    assert (result.table.loc[1, "c2"]) == MASK_SMALL


def test_linked_columns_follow_their_count():
    frame = pd.DataFrame(
        {
            "namn": ["A", "B", "C", "Totalt"],
            "antal": [2, 20, 30, 52],
            "andel": [2 / 52, 20 / 52, 30 / 52, 1.0],
        }
    )
    result = mask_table(frame, ["antal"], total_row=-1, linked={"andel": "antal"})
    assert result.table["antal"].tolist() == [MASK_SMALL, MASK_OTHER, 30, 52]
    assert result.table["andel"].tolist()[:2] == [MASK_OTHER, MASK_OTHER]
    assert result.table["andel"].iloc[2] == 30 / 52


def test_running_totals_cannot_give_back_a_hidden_month():
    monthly, running = [3, 0, 7, 20], [3, 3, 10, 30]
    months, cumulative = mask_running_total(monthly, running)
    assert months[0] == disclosure.PRIMARY and cumulative[0] == disclosure.PRIMARY
    assert months[1] == disclosure.PUBLISHED  # a zero month stays
    # cumulative[1] = 3 is small itself; cumulative[2] - cumulative[1] would give month 3 back
    # unless one more cell is hidden.
    assert cumulative[1] == disclosure.PRIMARY
    assert (months[2], cumulative[2]).count(disclosure.SECONDARY) >= 1


def test_version_labels_and_footnotes():
    assert disclosure.version_label(True) == "Publiceringsversion (röjandekontrollerad)"
    assert disclosure.version_label(False) == "Intern version (exakta tal)"
    assert "X: värdet visas inte (röjandekontroll)." in disclosure.footnotes(True)
    assert not any("1–4" in n for n in disclosure.footnotes(False))


def test_every_hidden_cell_carries_the_one_mark():
    # Socialstyrelsen's practice: primary and secondary alike are X (a mark 1–4 leaks).
    assert MASK_SMALL == MASK_OTHER == disclosure.MASK == "X"
    assert disclosure.mask_text(disclosure.PRIMARY) == "X"
    assert disclosure.mask_text(disclosure.SECONDARY) == "X"


# --- the whole publication at once ---------------------------------------------------------------

A_MONTHS, B_MONTHS = [1, 6, 5, 10], [2, 6, 5, 10]


def two_tables() -> tuple[Ledger, list[int], list[int]]:
    """A month table with its running total, and the förvaltning × month table whose column
    sums are the same months: one ledger, shared keys."""
    months = [a + b for a, b in zip(A_MONTHS, B_MONTHS, strict=True)]
    running = list(np.cumsum(months))
    ledger = Ledger()
    for m, (month, cumulative) in enumerate(zip(months, running, strict=True)):
        ledger.add(("m", m), month)
        ledger.add(("c", m), cumulative)
        ledger.total(("c", m), ([("c", m - 1)] if m else []) + [("m", m)])
        for name, row in (("A", A_MONTHS), ("B", B_MONTHS)):
            ledger.add((name, m), row[m])
        ledger.total(("m", m), [("A", m), ("B", m)])
    for name, row in (("A", A_MONTHS), ("B", B_MONTHS)):
        ledger.add((name,), sum(row))
        ledger.total((name,), [(name, m) for m in range(4)])
    ledger.total(("c", 3), [("A",), ("B",)])
    return ledger, months, running


def test_per_table_masks_leak_across_tables_and_the_package_wide_pass_does_not():
    ledger, months, running = two_tables()
    # Each table masked on its own: the month table hides February (secondary), the other
    # table publishes February's total, so January (3) follows from the running total.
    month_codes, running_codes = mask_running_total(months, running)
    frame = pd.DataFrame(
        {"namn": ["A", "B"], **{f"m{m}": [A_MONTHS[m], B_MONTHS[m]] for m in range(4)}}
    )
    frame["summa"] = frame[[f"m{m}" for m in range(4)]].sum(axis=1)
    frame.loc[2] = ["Totalt", *months, sum(months)]
    grid = mask_table(frame, [f"m{m}" for m in range(4)], total_row=-1, total_column="summa")
    shown_in_grid = {("m", m) for m in range(4) if not isinstance(grid.table.iloc[2, m + 1], str)}
    hidden = {("m", m) for m in range(4) if month_codes[m]} - shown_in_grid
    hidden |= {("c", m) for m in range(4) if running_codes[m]}
    hidden |= {
        (name, m)
        for r, name in enumerate("AB")
        for m in range(4)
        if isinstance(grid.table.iloc[r, m + 1], str)
    }
    naive = audit(ledger.values, ledger.relations, sorted(hidden, key=str))
    assert ("m", 0) in {f.key for f in naive.exact}
    assert naive.ranges[("m", 0)] == (3, 3)

    protection = protect(ledger)
    assert protection.audit.ok
    assert protection.code(("A", 0)) == disclosure.PRIMARY
    assert protection.code(("m", 0)) == disclosure.PRIMARY
    assert protection.code(("c", 0)) == disclosure.PRIMARY
    # Checked again from scratch: nothing pinned, no count of 1–4 narrowed.
    hidden = sorted((k for k in ledger.values if protection.hidden(k)), key=str)
    again = audit(ledger.values, ledger.relations, hidden)
    assert again.ok
    for key in hidden:
        low, high = again.ranges[key]
        assert low < high
        if 1 <= ledger.values[key] <= 4:
            assert low <= 1 and high >= 4
    assert protection.show(("A", 0), 1) == "X" and protection.show(("A", 3), 10) == 10


def test_a_small_residual_category_keeps_both_real_categories_rounded():
    # Kön: Man 74, Kvinna 59, Uppgift saknas 4, total 137 published elsewhere. Hiding Kvinna
    # would protect it too; rounding Man and Kvinna to 5 protects it without losing a category.
    ledger = Ledger()
    ledger.add("totalt", 137, required=True)
    ledger.add("man", 74, roundable=True)
    ledger.add("kvinna", 59, roundable=True)
    ledger.add("saknas", 4, residual=True)
    ledger.total("totalt", ["man", "kvinna", "saknas"])
    protection = protect(ledger)
    assert protection.codes == {"saknas": disclosure.PRIMARY}
    assert protection.rounded == {"man": (75, 5), "kvinna": (60, 5)}
    assert protection.audit.ranges["saknas"] == (0, 6)
    assert protection.show("man", 74) == 75 and protection.show("saknas", 4) == "X"


def test_the_residual_goes_before_a_real_category():
    ledger = Ledger()
    ledger.add("totalt", 60)
    ledger.add("ja", 3)
    ledger.add("nej", 30)
    ledger.add("saknas", 27, residual=True)
    ledger.total("totalt", ["ja", "nej", "saknas"])
    protection = protect(ledger)
    assert protection.codes == {"ja": disclosure.PRIMARY, "saknas": disclosure.SECONDARY}


def test_a_total_of_three_cannot_be_protected():
    ledger = Ledger()
    ledger.add("totalt", 3, required=True, label="Årets antal anställningar (2026)")
    ledger.add("kvinna", 2)
    ledger.add("man", 1)
    ledger.total("totalt", ["kvinna", "man"])
    with pytest.raises(CannotProtect) as caught:
        protect(ledger)
    assert caught.value.message.startswith(
        "Publiceringsversionen kan inte skyddas: Årets antal anställningar (2026) är 1–4"
    )
    assert "Inget publikt paket skrevs." in caught.value.message


def test_rounded_intervals():
    assert rounded_interval(74, 5) == (75, 73, 77)
    assert rounded_interval(59, 5) == (60, 58, 62)
    assert rounded_interval(72, 5) == (70, 68, 72)
    assert rounded_interval(74, 10) == (70, 65, 74)
    assert rounded_interval(2, 5) == (0, 0, 2)


def test_a_quantity_hidden_in_another_publication_is_hidden_here_and_kept_unpinned():
    # Last year's package hid its July (secondary there); this year's shows last year's months.
    ledger = Ledger()
    for m, (month, running) in enumerate(zip([20, 7, 30], [20, 27, 57], strict=True)):
        ledger.add(("m", m), month)
        ledger.add(("c", m), running)
        ledger.total(("c", m), ([("c", m - 1)] if m else []) + [("m", m)])
    ledger.forced.add(("m", 1))
    protection = protect(ledger)
    assert protection.code(("m", 1)) == disclosure.SECONDARY
    low, high = protection.audit.ranges[("m", 1)]
    assert low < high


def test_one_figure_with_two_values_is_refused():
    ledger = Ledger()
    ledger.add(("m", 1), 12, label="Anställda januari 2026")
    with pytest.raises(CannotProtect) as caught:
        ledger.add(("m", 1), 13)
    assert caught.value.message == (
        "Publiceringsversionen kan inte granskas: Anställda januari 2026 visas med två olika "
        "värden i paketet. Inget publikt paket skrevs."
    )


@st.composite
def packages(draw):
    """A förvaltning × month table (its margins and the months' running total are added)."""
    n_rows = draw(st.integers(min_value=1, max_value=4))
    n_months = draw(st.integers(min_value=1, max_value=4))
    return [[draw(counts) for _ in range(n_months)] for _ in range(n_rows)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packages())
def test_the_package_wide_pass_always_passes_an_audit_from_scratch(cells):
    ledger = Ledger()
    n_months = len(cells[0])
    running = 0
    for m in range(n_months):
        month = sum(row[m] for row in cells)
        running += month
        ledger.add(("m", m), month)
        ledger.add(("c", m), running)
        ledger.total(("c", m), ([("c", m - 1)] if m else []) + [("m", m)])
        for r, row in enumerate(cells):
            ledger.add(("f", r, m), row[m])
        ledger.total(("m", m), [("f", r, m) for r in range(len(cells))])
    for r, row in enumerate(cells):
        ledger.add(("f", r), sum(row))
        ledger.total(("f", r), [("f", r, m) for m in range(n_months)])
    ledger.total(("c", n_months - 1), [("f", r) for r in range(len(cells))])
    protection = protect(ledger)  # nothing is required here: hiding more always works
    hidden = sorted((k for k in ledger.values if protection.hidden(k)), key=str)
    result = audit(ledger.values, ledger.relations, hidden)
    assert result.ok, result.findings
    assert all(protection.hidden(k) for k, v in ledger.values.items() if 1 <= v <= 4)
