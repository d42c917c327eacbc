"""The attacker's audit (`pipelines.domain.disclosure_audit`): exact bounds of hidden cells from
everything published, by integer programming, checked on tables small enough to do by hand."""

from __future__ import annotations

import math

import pytest

from pipelines.domain.disclosure_audit import (
    Relation,
    audit,
    components,
    failure_message,
    hidden_ranges,
    total_relation,
    usable,
)


def months_and_total(values: dict[str, int]) -> tuple[dict, list[Relation]]:
    total = sum(values.values())
    return {**values, "summa": total}, [total_relation("summa", list(values))]


def test_the_mark_1_4_is_itself_information():
    # The case: April and November marked 1–4, the rest adds up to 57, the period to 65.
    values = {"apr": 4, "nov": 4, "ovriga": 57, "summa": 65}
    relations = [total_relation("summa", ["apr", "nov", "ovriga"])]
    told = audit(values, relations, ["apr", "nov"], bounds={"apr": (1, 4), "nov": (1, 4)})
    assert told.ranges == {"apr": (4, 4), "nov": (4, 4)}
    assert [f.key for f in told.exact] == ["apr", "nov"]
    # Marked X (any whole number from 0), the same cells keep their whole range.
    marked_x = audit(values, relations, ["apr", "nov"])
    assert marked_x.ranges == {"apr": (0, 8), "nov": (0, 8)}
    assert marked_x.ok


def test_a_lone_hidden_cell_in_a_line_is_pinned():
    values, relations = months_and_total({"jan": 3, "feb": 10, "mar": 8})
    result = audit(values, relations, ["jan"])
    assert result.ranges == {"jan": (3, 3)}
    assert len(result.exact) == 1 and not result.ok


def test_a_narrowed_small_count_is_a_finding_even_when_not_pinned():
    # Two hidden cells that add up to 3: each is 0–3, so "4" is ruled out.
    values, relations = months_and_total({"jan": 2, "feb": 1, "mar": 20})
    result = audit(values, relations, ["jan", "feb"])
    assert result.ranges == {"jan": (0, 3), "feb": (0, 3)}
    assert len(result.narrowed) == 2 and not result.exact


def test_a_secondary_cell_needs_only_to_stay_unpinned():
    values, relations = months_and_total({"jan": 2, "feb": 9, "mar": 20})
    result = audit(values, relations, ["jan", "feb"])
    assert result.ranges == {"jan": (0, 11), "feb": (0, 11)}
    assert result.ok


def test_integer_bounds_are_tighter_than_the_linear_relaxation():
    # x + y = 5 and x − y = 0 have no whole solution near 2.5; with a third hidden cell z the
    # attacker still knows x = y and 2x + z = 5: x is 0, 1 or 2 (z 5, 3, 1).
    values = {"x": 2, "y": 2, "z": 1, "s": 5, "d": 0}
    relations = [
        total_relation("s", ["x", "y", "z"]),
        Relation((("x", 1.0), ("y", -1.0), ("d", -1.0))),
    ]
    result = audit(values, relations, ["x", "y", "z"])
    assert result.ranges["x"] == (0, 2)
    assert result.ranges["z"] == (1, 5)


def test_unbounded_cells_and_groups():
    values = {"a": 3, "b": 40, "c": 2, "t": 45}
    relations = [total_relation("t", ["a", "b", "c"])]
    # With the total hidden as well, nothing bounds the cells from above.
    ranges = hidden_ranges(values, relations, ["a", "c", "t"])
    assert ranges["a"] == (0, math.inf) and ranges["t"] == (40, math.inf)
    groups = components(relations + [total_relation("u", ["v"])], ["a", "c", "v"])
    assert sorted(sorted(g) for g, _ in groups) == [["a", "c"], ["v"]]


def test_interval_relations_for_rounded_figures():
    # A share shown as 40 % of a published 25 (rounded to whole per cent): 9.875 ≤ x ≤ 10.125.
    values = {"x": 10, "n": 25}
    relations = [Relation((("x", 1.0), ("n", -0.395)), low=0.0, high=0.01 * 25)]
    result = audit(values, relations, ["x"])
    assert result.ranges["x"][0] == 10


def test_the_failure_message_is_swedish_and_names_no_value():
    values, relations = months_and_total({"jan": 3, "feb": 10, "mar": 8})
    result = audit(values, relations, ["jan"])
    text = failure_message(result, label=lambda k: f"Anställda i {k}")
    assert text.startswith("Publiceringsversionen stoppades av röjandekontrollen")
    assert "Inget publikt paket skrevs." in text
    assert "- Anställda i jan: det dolda värdet kan räknas fram exakt" in text


def test_inconsistent_figures_are_refused():
    # Published figures that no hidden value can make add up (a bug upstream, never a verdict).
    values = {"a": 3, "b": 4, "t": 100}
    with pytest.raises(ValueError):
        audit(values, [total_relation("t", ["a", "b"])], ["a"], bounds={"a": (1, 4)})


def _table_with_margins(rng, rows: int, cols: int) -> tuple[dict, list[Relation]]:
    values = {
        (r, c): rng.choice([0, 1, 2, 3, 4, 5, 7, 12, 40]) for r in range(rows) for c in range(cols)
    }
    values |= {("rad", r): sum(values[(r, c)] for c in range(cols)) for r in range(rows)}
    values |= {("kol", c): sum(values[(r, c)] for r in range(rows)) for c in range(cols)}
    values["summa"] = sum(values[("rad", r)] for r in range(rows))
    relations = [total_relation(("rad", r), [(r, c) for c in range(cols)]) for r in range(rows)]
    relations += [total_relation(("kol", c), [(r, c) for r in range(rows)]) for c in range(cols)]
    relations.append(total_relation("summa", [("rad", r) for r in range(rows)]))
    return values, relations


def test_the_verdicts_are_those_of_the_exact_ranges():
    # The audit shows most ranges wide enough from a few solutions for a whole group; what it
    # finds must be exactly what the exact bounds of every hidden cell find, with those bounds.
    import random

    from pipelines.domain.disclosure_audit import is_small, verdict

    rng = random.Random(19)
    for _ in range(25):
        values, relations = _table_with_margins(rng, rng.randint(2, 4), rng.randint(2, 5))
        hidden = rng.sample(sorted(values, key=str), rng.randint(1, len(values)))
        result = audit(values, relations, hidden)
        exact = hidden_ranges(values, relations, hidden)
        expected = [
            k for k in hidden if verdict(k, values[k], *exact[k], primary=is_small(values[k]))
        ]
        assert [f.key for f in result.findings] == expected
        assert all((f.low, f.high) == exact[f.key] for f in result.findings)
        assert all(result.ranges[k] == exact[k] for k in hidden)


def test_a_solution_of_another_state_is_a_witness_only_where_it_still_holds():
    # jan + feb + mar = 21. A solution that moved mar is no witness once mar is published.
    values, relations = months_and_total({"jan": 3, "feb": 10, "mar": 8})
    moved_mar = {"jan": 0, "mar": 11}
    moved_feb = {"jan": 1, "feb": 12}
    assert usable([moved_mar, moved_feb], values, ["jan", "feb"]) == [moved_feb]
    result = audit(values, relations, ["jan"], witnesses=[moved_mar])
    assert result.ranges == {"jan": (3, 3)} and len(result.exact) == 1


def test_a_settled_group_is_only_the_same_program_again(monkeypatch):
    # A group certified clean is remembered by its whole content (issue 25: a release's earlier
    # releases are not solved again). The same program under other names is clean without a
    # program; the same keys and relations with other figures are solved, and a leak is found.
    from pipelines.domain import disclosure_audit

    disclosure_audit.forget()
    values, relations = months_and_total({"jan": 3, "feb": 10, "mar": 8})
    assert audit(values, relations, ["jan", "feb"]).ok

    renamed = {f"{k}_2025": v for k, v in values.items()}
    renamed_relations = [total_relation("summa_2025", ["jan_2025", "feb_2025", "mar_2025"])]

    def no_program(*args, **kwargs):
        raise AssertionError("a settled group was solved again")

    with monkeypatch.context() as patched:
        patched.setattr(disclosure_audit, "_solve", no_program)
        patched.setattr(disclosure_audit, "_Relaxation", no_program)
        names = {f"{k}_2025": k for k in values}
        again = audit(renamed, renamed_relations, ["jan_2025", "feb_2025"], name=names.get)
    assert again.ok

    # Now January is 3 of a total of 3: hidden with February (0) it is pinned to 0–3.
    leaking = {"jan": 3, "feb": 0, "mar": 8, "summa": 11}
    result = audit(leaking, relations, ["jan", "feb"])
    assert [(f.key, f.low, f.high) for f in result.findings] == [("jan", 0, 3)]
    # A group with a finding is never remembered: asked again, it is found again.
    assert [f.key for f in audit(leaking, relations, ["jan", "feb"]).findings] == ["jan"]
    disclosure_audit.forget()


def test_programs_are_loaded_with_the_matrix_scipy_would_give():
    # Issue 25: the programs are handed to HiGHS in compressed columns built with numpy, not
    # through scipy.sparse; the arrays must be exactly scipy's (same program, same answers).
    import numpy as np
    from scipy.sparse import csc_array

    from pipelines.domain.disclosure_audit import Entries, column_arrays

    rng = np.random.default_rng(25)
    for shape in [(0, 3), (3, 0), (1, 1), (5, 7), (40, 20)]:
        matrix = rng.integers(-1, 2, size=shape).astype(float)
        rows, columns = np.nonzero(matrix)
        shuffled = rng.permutation(len(rows))  # the order the relations name their terms in
        entries = Entries.of(
            rows[shuffled], columns[shuffled], matrix[rows, columns][shuffled], shape
        )
        assert np.array_equal(entries.dense(), matrix)
        start, index, value = column_arrays(entries)
        expected = csc_array(matrix)
        assert np.array_equal(start, expected.indptr)
        assert np.array_equal(index, expected.indices)
        assert np.array_equal(value, expected.data)


def test_a_program_keeps_its_relations_sparse_and_sums_repeated_terms():
    # Issue 25 (memory): a program holds its relations as entries, not a dense matrix; a key
    # named twice in one relation is summed, a relation whose terms cancel or name no hidden
    # quantity is left out, as the dense matrix did.
    import numpy as np

    from pipelines.domain.disclosure_audit import GroupProgram

    relations = [
        Relation((("a", 1.0), ("b", 1.0), ("t", -1.0))),
        Relation((("a", 1.0), ("a", 1.0), ("c", -1.0))),  # 2a = c
        Relation((("b", 1.0), ("b", -1.0), ("t", 1.0)), 0.0, 9.0),  # cancels to t only
    ]
    program = GroupProgram(["a", "b"], relations, {"t": 7.0, "c": 4.0})
    assert program.matrix.shape == (2, 2)
    assert program.matrix.dense().tolist() == [[1.0, 1.0], [2.0, 0.0]]
    assert program.low.tolist() == [7.0, 4.0] and program.high.tolist() == [7.0, 4.0]
    assert program.range("a") == (2.0, 2.0) and program.range("b") == (5.0, 5.0)
    assert program.feasible(np.array([2.0, 5.0])) and not program.feasible(np.array([3.0, 4.0]))


def test_only_the_most_recently_used_programs_stay_loaded_and_unloaded_ones_still_answer():
    # Issue 25 (memory): HiGHS keeps at most `_LOADED_MAX` programs loaded; one unloaded in
    # between gives the same bounds when asked again.
    from pipelines.domain import disclosure_audit
    from pipelines.domain.disclosure_audit import GroupProgram

    relations = [
        Relation((("a", 1.0), ("b", 1.0), ("t", -1.0))),
        Relation((("a", 1.0),), 1.0, math.inf),
    ]
    programs = [
        GroupProgram(["a", "b"], relations, {"t": float(total)})
        for total in range(5, disclosure_audit._LOADED_MAX + 15)
    ]
    first = programs[0]  # a + b = 5, a ≥ 1
    assert first.range("b") == (0.0, 4.0)
    for program in programs:
        program.range("a")
    loaded = [p for p in programs if p._relaxation is not None]
    assert len(loaded) == disclosure_audit._LOADED_MAX and first._relaxation is None
    first._extremes.clear()  # asked again: loaded again, cold
    assert first.range("b") == (0.0, 4.0) and first.range("a") == (1.0, 5.0)
