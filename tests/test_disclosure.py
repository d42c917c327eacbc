"""Disclosure control: counts 1–4 never published, and no hidden count recomputable from the
totals and the published cells (checked independently here with linear algebra)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.domain import disclosure
from pipelines.domain.disclosure import MASK_OTHER, MASK_SMALL, mask_running_total, mask_table

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
    assert "Värden 1–4 visas inte (röjandekontroll)." in disclosure.footnotes(True)
    assert not any("1–4" in n for n in disclosure.footnotes(False))
