"""The attacker's audit of a publication: for every hidden quantity, the smallest and the largest
value consistent with everything published.

The attacker knows every published number exactly, every relation between the published
quantities (row, column and grand totals, running totals, the same quantity shown in several
tables), that counts are whole numbers and not negative, and whatever the marks say (a mark
`1–4` gives the bounds 1 and 4; a number rounded to 5 gives its interval). Each bound is an
integer program (`scipy.optimize.milp`, HiGHS), solved per group of hidden quantities that the
relations tie together, so the programs stay small; and only as far as the verdict needs: a
few programs per group find consistent solutions that already show most ranges wide enough
(`certify_group`), and only the quantities they leave open get their exact bounds. A group
certified clean is remembered by its content (`GroupProgram.signature`), so the same program is
not solved twice (an earlier release's groups that a new release does not touch, above all), and
each group's linear relaxation stays loaded in HiGHS between its bounds.

The verdict, per hidden quantity:
- a count from 1 to 4 (primary) must keep its whole range open: the smallest consistent value
  at most 1 and the largest at least 4, so neither the count nor a narrower interval leaks;
- any other hidden quantity (secondary) must not be pinned to one value.

Pure: numpy and scipy in, numbers and findings out; no I/O.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

try:  # HiGHS as scipy ships it (scipy is pinned), to keep one program loaded between bounds
    from scipy.optimize._highspy import _core as _highs
except ImportError:  # pragma: no cover - another scipy: every bound through `milp`
    _highs = None

Key = Hashable

SMALL_MIN, SMALL_MAX = 1, 4
INF = math.inf


@dataclass(frozen=True)
class Relation:
    """`low ≤ Σ coefficient · quantity ≤ high` over the quantities in `terms` (an equation when
    low == high; a total is `Σ parts − total = 0`)."""

    terms: tuple[tuple[Key, float], ...]
    low: float = 0.0
    high: float = 0.0

    @property
    def keys(self) -> tuple[Key, ...]:
        return tuple(key for key, _ in self.terms)


def total_relation(total: Key, parts: Iterable[Key]) -> Relation:
    """`total = Σ parts`."""
    return Relation(tuple([(p, 1.0) for p in parts] + [(total, -1.0)]))


@dataclass(frozen=True)
class Finding:
    """A hidden quantity the attacker can pin (`low == high`) or, for a count of 1–4, narrow."""

    key: Key
    value: float
    low: float
    high: float
    primary: bool

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def text(self, label: Callable[[Key], str] = str) -> str:
        """In Swedish, without the hidden value itself."""
        if self.exact:
            return f"{label(self.key)}: det dolda värdet kan räknas fram exakt"
        return (
            f"{label(self.key)}: det dolda värdet kan ringas in till "
            f"{_number(self.low)}–{_number(self.high)}"
        )


def _number(value: float) -> str:
    return "∞" if value == INF else str(int(value))


@dataclass
class AuditResult:
    """`ranges`: {hidden key: (smallest, largest) consistent value}; `findings`: the leaks;
    `witnesses`: the consistent solutions that showed the other ranges wide enough."""

    ranges: Mapping[Key, tuple[float, float]]
    findings: list[Finding] = field(default_factory=list)
    witnesses: list[dict[Key, float]] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def exact(self) -> list[Finding]:
        return [f for f in self.findings if f.exact]

    @property
    def narrowed(self) -> list[Finding]:
        return [f for f in self.findings if f.primary and not f.exact]


def is_small(value: float) -> bool:
    return value is not None and SMALL_MIN <= value <= SMALL_MAX


def components(
    relations: Iterable[Relation], hidden: Iterable[Key]
) -> list[tuple[list[Key], list[Relation]]]:
    """Groups of hidden quantities tied by relations, each with the relations that hold one of
    them (a hidden quantity in no relation is a group of its own)."""
    return RelationIndex(relations).components(hidden)


class RelationIndex:
    """Relations with, for each quantity, the relations that hold it: the groups of a set of
    hidden quantities are found by walking only the relations that hold one of them (a ledger
    of many releases has many relations among printed figures that no group needs)."""

    def __init__(self, relations: Iterable[Relation]):
        self.relations = list(relations)
        self.keys = [tuple(dict.fromkeys(relation.keys)) for relation in self.relations]
        self.holding: dict[Key, list[int]] = {}
        for index, keys in enumerate(self.keys):
            for key in keys:
                self.holding.setdefault(key, []).append(index)

    def component(
        self, start: Key, hidden: set, order: Callable[[Key], object] = str
    ) -> tuple[list[Key], list[Relation]]:
        """The group of `start` among the `hidden` quantities alone (the one group of
        `components(sorted(hidden, key=order))` that holds it, without walking the others)."""
        members, held, stack, seen = [start], set(), [start], {start}
        while stack:
            for index in self.holding.get(stack.pop(), ()):
                if index in held:
                    continue
                held.add(index)
                for key in self.keys[index]:
                    if key in hidden and key not in seen:
                        seen.add(key)
                        members.append(key)
                        stack.append(key)
        members.sort(key=order)
        return members, [self.relations[i] for i in sorted(held)]

    def components(self, hidden: Iterable[Key]) -> list[tuple[list[Key], list[Relation]]]:
        """`components` of `hidden`: the groups in the order of their first quantity in
        `hidden`, each group's quantities in that order and its relations in theirs."""
        position = {k: i for i, k in enumerate(dict.fromkeys(hidden))}
        hidden_set = set(position)
        group_of: dict[Key, int] = {}
        out = []
        for start in position:
            if start in group_of:
                continue
            members, relations = self.component(start, hidden_set, order=position.__getitem__)
            group_of.update(dict.fromkeys(members, len(out)))
            out.append((members, relations))
        return out


@dataclass(frozen=True)
class Entries:
    """A sparse matrix as its entries (row, column, coefficient; no two at the same place, none
    zero) and its shape. A group's relations have a handful of terms each, and a protection
    keeps every program it built: held dense, the 2023 package of the large benchmark
    warehouse kept 6 GB of zeros (20 000 programs)."""

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def of(cls, rows, columns, values, shape: tuple[int, int]) -> Entries:
        """Entries from (row, column, coefficient) triples: repeated places summed, zeros left out."""
        rows, columns = np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)
        values = np.asarray(values, dtype=float)
        if len(values):
            place, inverse = np.unique(rows * shape[1] + columns, return_inverse=True)
            summed = np.bincount(inverse.ravel(), weights=values)
            nonzero = summed != 0
            place, values = place[nonzero], summed[nonzero]
            rows, columns = place // shape[1], place % shape[1]
        return cls(rows.astype(np.int32), columns.astype(np.int32), values, shape)

    def dense(self) -> np.ndarray:
        out = np.zeros(self.shape)
        out[self.rows, self.columns] = self.values
        return out

    def csr(self) -> csr_array:
        return csr_array((self.values, (self.rows, self.columns)), shape=self.shape)

    def times(self, x: np.ndarray) -> np.ndarray:
        """The matrix times the vector `x`."""
        return np.bincount(
            self.rows, weights=self.values * x[self.columns], minlength=self.shape[0]
        )


def column_arrays(entries: Entries) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The compressed-column form of `entries` (column starts, row of each entry, its
    coefficient), exactly as `scipy.sparse.csc_array` gives it (entries of a column in the
    order of their rows, zeros left out), without scipy's checks: a protection loads a few
    hundred small programs, and building them through scipy took longer than solving some."""
    order = np.lexsort((entries.rows, entries.columns))
    start = np.zeros(entries.shape[1] + 1, dtype=np.int32)
    np.cumsum(np.bincount(entries.columns, minlength=entries.shape[1]), out=start[1:])
    return start, entries.rows[order], entries.values[order]


def _solve(c, integral: bool, lb, ub, constraints):
    return milp(
        c,
        integrality=np.full(len(c), 1.0 if integral else 0.0),
        bounds=Bounds(lb, ub),
        constraints=constraints,
        options={"disp": False, "time_limit": 30.0},
    )


class _Relaxation:
    """The linear relaxation of one group's program kept loaded in HiGHS: each bound asked of
    it changes only the objective, and HiGHS starts from the basis of the last optimum (a
    fraction of the time of a new program through `milp`). `minimise` gives ("optimal", x),
    ("unbounded", None) or (None, None) for anything else (the caller asks `milp` then)."""

    def __init__(self, matrix: Entries, low, high, lb, ub):
        m, n = matrix.shape
        start, index, value = column_arrays(matrix)
        lp = _highs.HighsLp()
        lp.num_col_ = lp.a_matrix_.num_col_ = n
        lp.num_row_ = lp.a_matrix_.num_row_ = m
        lp.a_matrix_.format_ = _highs.MatrixFormat.kColwise
        lp.a_matrix_.start_ = start
        lp.a_matrix_.index_ = index
        lp.a_matrix_.value_ = value
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_, lp.col_upper_ = np.asarray(lb, float), np.asarray(ub, float)
        lp.row_lower_, lp.row_upper_ = np.asarray(low, float), np.asarray(high, float)
        self.n = n
        self.columns = np.arange(n, dtype=np.int32)
        self.highs = _highs._Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("time_limit", 30.0)
        self.highs.passModel(lp)

    def minimise(self, c: np.ndarray) -> tuple[str | None, np.ndarray | None]:
        self.highs.changeColsCost(self.n, self.columns, np.asarray(c, float))
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == _highs.HighsModelStatus.kOptimal:
            return "optimal", np.array(self.highs.getSolution().col_value)
        if status == _highs.HighsModelStatus.kUnbounded:
            return "unbounded", None
        return None, None


#: The programs whose relaxation is loaded in HiGHS, the most recently used last. Each loaded
#: program holds HiGHS's copy of it and its factorisation, and a year whose package ties in
#: many earlier years builds 20 000 programs in one protection (2023 on the large benchmark
#: warehouse). Beyond `_LOADED_MAX` the least recently used is unloaded (loaded again, cold, if
#: asked again; the same packages came out with 64 as without a limit).
_LOADED: OrderedDict = OrderedDict()
_LOADED_MAX = 64
_LOADED_LOCK = threading.Lock()


def _loaded(program: GroupProgram) -> None:
    with _LOADED_LOCK:
        _LOADED[id(program)] = program
        _LOADED.move_to_end(id(program))
        while len(_LOADED) > _LOADED_MAX:
            _, old = _LOADED.popitem(last=False)
            old._relaxation = None


class GroupProgram:
    """The integer program of one group of hidden `keys`: the relations that hold them, with the
    published quantities put in as their values, and the bounds the marks give."""

    def __init__(
        self,
        keys: list[Key],
        relations: list[Relation],
        values: Mapping[Key, float],
        bounds: Mapping[Key, tuple[float, float]] | None = None,
    ):
        bounds = bounds or {}
        self.keys = list(keys)
        self.column = {k: j for j, k in enumerate(self.keys)}
        n = len(self.keys)
        at_row, at_column, coefficients, low, high = [], [], [], [], []
        column = self.column
        for number, relation in enumerate(relations):
            known = 0.0
            for key, coefficient in relation.terms:
                j = column.get(key)
                if j is None:
                    known += coefficient * float(values[key])
                else:
                    at_row.append(number)
                    at_column.append(j)
                    coefficients.append(coefficient)
            low.append(relation.low - known)
            high.append(relation.high - known)
        full = Entries.of(at_row, at_column, coefficients, (len(low), n))
        kept = np.unique(full.rows)  # the relations that still hold a hidden quantity
        self.lb = np.array([float(bounds.get(k, (0.0, INF))[0]) for k in self.keys])
        self.ub = np.array([float(bounds.get(k, (0.0, INF))[1]) for k in self.keys])
        self.matrix = Entries(
            np.searchsorted(kept, full.rows).astype(np.int32),
            full.columns,
            full.values,
            (len(kept), n),
        )
        self.low = np.array(low, dtype=float)[kept]
        self.high = np.array(high, dtype=float)[kept]
        #: Whether any relation holds a hidden quantity (otherwise every range is its bounds).
        self.tied = bool(len(kept))
        self._constraints: list | None = None
        self._signatures: dict = {}
        self._extremes: dict = {}
        self._relaxation: _Relaxation | None = None

    @property
    def constraints(self) -> list:
        """The relations as `milp` takes them (built when `milp` is first needed: most
        programs are answered by the loaded relaxation alone)."""
        if self._constraints is None:
            self._constraints = (
                [LinearConstraint(self.matrix.csr(), self.low, self.high)] if self.tied else []
            )
        return self._constraints

    def _relaxed(self, c: np.ndarray) -> tuple[str | None, np.ndarray | None]:
        """The linear relaxation's optimum for objective `c`: ("optimal", x), ("unbounded",
        None) or (None, None); through `milp` when the loaded program says neither (HiGHS
        may answer "unbounded or infeasible" after a warm start) or could not be loaded."""
        if _highs is not None:
            try:
                relaxation = self._relaxation
                if relaxation is None:
                    relaxation = self._relaxation = _Relaxation(
                        self.matrix, self.low, self.high, self.lb, self.ub
                    )
                _loaded(self)  # may unload the least recently used other program
                status, x = relaxation.minimise(c)
                if status is not None:
                    return status, x
            except Exception:  # noqa: BLE001 - scipy's internals moved: `milp` as before
                self._relaxation = None
        relaxed = _solve(c, False, self.lb, self.ub, self.constraints)
        if relaxed.status == 3:
            return "unbounded", None
        if relaxed.status == 0 and relaxed.x is not None:
            return "optimal", relaxed.x
        return None, None

    def extreme(self, key: Key, sign: float) -> tuple[float, dict[Key, float] | None]:
        """The smallest (sign 1) or largest (sign −1) consistent value of `key`, and a whole
        solution that reaches it (None when there is no bound). Each is solved once per
        program."""
        if (key, sign) not in self._extremes:
            end, solution = self._extreme(key, sign)
            # kept as an array (a dict per bound held a year's package's memory)
            kept = None if solution is None else np.array(list(solution.values()))
            self._extremes[(key, sign)] = (end, kept)
        end, kept = self._extremes[(key, sign)]
        return end, (None if kept is None else dict(zip(self.keys, kept.tolist(), strict=True)))

    def _extreme(self, key: Key, sign: float) -> tuple[float, dict[Key, float] | None]:
        j = self.column[key]
        if not self.tied:
            end = self.lb[j] if sign > 0 else self.ub[j]
            return float(end), None
        c = np.zeros(len(self.keys))
        c[j] = sign
        # The linear relaxation first: where its optimum is whole (as it is for tables with
        # margins and running totals), that optimum is the integer one too.
        status, x = self._relaxed(c)
        if status == "unbounded":  # no bound in this direction
            return -sign * INF, None
        if status == "optimal":
            whole = np.round(x)
            if np.all(np.abs(x - whole) < 1e-7) and self.feasible(whole):
                solution = {k: float(v) for k, v in zip(self.keys, whole, strict=True)}
                return solution[key], solution
        result = _solve(c, True, self.lb, self.ub, self.constraints)
        if result.status == 0 and result.x is not None:
            solution = {k: float(round(x)) for k, x in zip(self.keys, result.x, strict=True)}
            return solution[key], solution
        raise ValueError(
            f"röjandekontrollen kunde inte lösa gränserna för {key!r}: {result.message}"
        )

    def range(self, key: Key) -> tuple[float, float]:
        return self.extreme(key, 1.0)[0], self.extreme(key, -1.0)[0]

    def spread(self, up: Mapping[Key, float], down: Mapping[Key, float]) -> dict[Key, float] | None:
        """One whole consistent solution that takes as many of the keys in `up` as it can to
        their value there or above, and those in `down` to theirs or below (one integer program
        for the whole group instead of one per key and direction: maximise Σ min(x, up) and
        minimise Σ max(x − down, 0)). None when the group has no relations; raises ValueError
        when nothing is consistent."""
        if not self.tied or not (up or down):
            return None
        n, ups, downs = len(self.keys), list(up), list(down)
        size = n + len(ups) + len(downs)
        c = np.zeros(size)
        c[n : n + len(ups)] = -1.0  # maximise Σ y, y ≤ x and y ≤ up
        c[n + len(ups) :] = 1.0  # minimise Σ z, z ≥ x − down and z ≥ 0
        first, extra = self.matrix.shape[0], len(ups) + len(downs)
        signs = np.array([1.0] * len(ups) + [-1.0] * len(downs))
        at = first + np.arange(extra)
        # x − y ≥ 0 for each key in `up`; z − x ≥ −down for each key in `down`
        matrix = Entries.of(
            np.concatenate([self.matrix.rows, at, at]),
            np.concatenate(
                [
                    self.matrix.columns,
                    [self.column[k] for k in [*ups, *downs]],
                    n + np.arange(extra),
                ]
            ),
            np.concatenate([self.matrix.values, signs, -signs]),
            (first + extra, size),
        )
        low = np.concatenate([self.low, np.zeros(len(ups)), [-float(down[k]) for k in downs]])
        high = np.concatenate([self.high, np.full(extra, INF)])
        lb = np.concatenate([self.lb, np.zeros(size - n)])
        ub = np.concatenate([self.ub, [float(up[k]) for k in ups], np.full(len(downs), INF)])
        # The linear relaxation first (loaded in HiGHS directly where it can be): a whole
        # optimum of it is a whole consistent solution (checked), as good as the integer
        # program's; otherwise the integer program (y and z whole too: their ends are whole).
        if _highs is not None:
            try:
                status, x = _Relaxation(matrix, low, high, lb, ub).minimise(c)
            except Exception:  # noqa: BLE001 - scipy's internals moved: `milp` as before
                status, x = None, None
            if status == "optimal" and np.all(np.abs(x - np.round(x)) < 1e-7):
                whole = np.round(x[:n])
                if self.feasible(whole):
                    return {k: float(v) for k, v in zip(self.keys, whole, strict=True)}
        constraints = [LinearConstraint(matrix.csr(), low, high)]
        for integral in (False, True):
            result = _solve(c, integral, lb, ub, constraints)
            if result.status == 2:
                raise ValueError(f"röjandekontrollen fann inga tal som stämmer: {result.message}")
            if result.x is None:
                if integral:
                    return None
                continue
            x = np.round(result.x[:n])
            if not integral and np.any(np.abs(result.x - np.round(result.x)) > 1e-7):
                continue
            if self.feasible(x):
                return {k: float(v) for k, v in zip(self.keys, x, strict=True)}
        return None

    def signature(
        self,
        values: Mapping[Key, float],
        primary: set,
        name: Callable[[Key], Key] | None = None,
    ) -> bytes:
        """The whole content of the program as the verdict reads it (relations with the
        published quantities put in, bounds, the hidden quantities' true values and which are
        counts of 1–4), in an order that does not depend on how the keys are named locally:
        columns by `name` (the key in every release), rows sorted, repeated rows once. Two
        programs with the same signature are the same program up to the order of columns and
        rows, so they have the same verdict."""
        truth = tuple(float(values[k]) for k in self.keys)
        flags = tuple(k in primary for k in self.keys)
        memo = (truth, flags, name)
        if memo in self._signatures:
            return self._signatures[memo]
        name = name or (lambda k: k)
        order = sorted(range(len(self.keys)), key=lambda j: repr(name(self.keys[j])))
        dense = self.matrix.dense()[:, order]  # for the digest only, not kept
        rows = np.hstack([dense, self.low[:, None], self.high[:, None]]) + 0.0
        digest = hashlib.sha256()
        digest.update(np.array([len(order), rows.shape[1]], dtype=np.int64).tobytes())
        for row in sorted({row.tobytes() for row in rows}):
            digest.update(row)
        digest.update(b"|")
        for part in (self.lb[order], self.ub[order], [truth[j] for j in order]):
            digest.update(np.asarray(part, dtype=float).tobytes())
        digest.update(bytes(flags[j] for j in order))
        self._signatures[memo] = digest.digest()
        return self._signatures[memo]

    def feasible(self, x) -> bool:
        """Whether whole numbers `x` (in the order of `keys`) are consistent: within the bounds
        and every relation holding (to rounding of the coefficients)."""
        if np.any(x < self.lb) or np.any(x > self.ub):
            return False
        if not self.tied:
            return True
        ax = self.matrix.times(np.asarray(x, dtype=float))
        return bool(np.all(ax >= self.low - 1e-6) and np.all(ax <= self.high + 1e-6))


def group_ranges(
    keys: list[Key],
    relations: list[Relation],
    values: Mapping[Key, float],
    *,
    bounds: Mapping[Key, tuple[float, float]] | None = None,
    targets: Iterable[Key] | None = None,
) -> dict[Key, tuple[float, float]]:
    """(smallest, largest) consistent value of each of `targets` (default: every key) in one
    group of hidden `keys`; published quantities take their `values`. INF: no upper bound."""
    program = GroupProgram(keys, relations, values, bounds)
    return {key: program.range(key) for key in (targets if targets is not None else keys)}


def certify(
    program: GroupProgram,
    key: Key,
    value: float,
    *,
    primary: bool,
    pool: list[dict[Key, float]],
) -> Finding | None:
    """The verdict on one hidden quantity, solving only what the `pool` of known consistent
    solutions cannot already show (a solution with the count at 1 or less and one at 4 or more;
    for another quantity, any solution where it differs from its value). Quantities missing
    from a solution take their true value (every solution of a tighter state stays one of a
    looser). New solutions are added to the pool."""

    def seen(test) -> bool:
        return test(value) or any(test(solution.get(key, value)) for solution in pool)

    def solve(sign: float) -> float:
        end, solution = program.extreme(key, sign)
        if solution is not None:
            pool.append(solution)
        return end

    if primary:
        low = SMALL_MIN if seen(lambda x: x <= SMALL_MIN) else solve(1.0)
        high = SMALL_MAX if seen(lambda x: x >= SMALL_MAX) else solve(-1.0)
        return verdict(key, value, low, high, primary=True)
    if any(solution.get(key, value) != value for solution in pool):
        return None
    low = solve(1.0)
    high = value if low < value else solve(-1.0)
    return verdict(key, value, min(low, value), max(high, value), primary=False)


#: Groups already certified clean, by `GroupProgram.signature`: the same program has the same
#: verdict, so a group of earlier releases that a new release does not touch (or one the
#: protection of a release certified, audited again over all releases) is not solved again.
#: Only clean verdicts are kept; a group with a finding is always solved.
_SETTLED: OrderedDict = OrderedDict()
_SETTLED_LOCK = threading.Lock()  # the app's sessions protect in threads of one process
SETTLED_KEEP = 50_000


def forget() -> None:
    """Forget every settled group (measurements of the work from scratch)."""
    with _SETTLED_LOCK:
        _SETTLED.clear()


def _settled(signature: bytes) -> bool:
    with _SETTLED_LOCK:
        if signature in _SETTLED:
            _SETTLED.move_to_end(signature)
            return True
        return False


def _settle(signature: bytes) -> None:
    with _SETTLED_LOCK:
        _SETTLED[signature] = None
        while len(_SETTLED) > SETTLED_KEEP:
            _SETTLED.popitem(last=False)


#: How many spread programs a group gets per direction before the keys still open are solved
#: one by one (each round is one program for the whole group; most groups need one or two).
SPREAD_ROUNDS = 3


def certify_group(
    program: GroupProgram,
    values: Mapping[Key, float],
    primary: set,
    pool: list[dict[Key, float]],
    *,
    first: bool = False,
    name: Callable[[Key], Key] | None = None,
) -> list[Finding]:
    """`certify` for every key of one group, in the order of `program.keys`, with the same
    findings, but the witnesses sought for the whole group at once first: a count of 1–4 needs a
    consistent solution with it at 4 or more and one with it at 1 or less, another hidden
    quantity one where it differs from its value. A few `GroupProgram.spread` programs find
    such solutions for most keys together; only the keys they leave open are solved one by one
    (exactly, so a finding is the same as `certify`'s). The audit needs to know only that each
    range is wide enough, never its exact ends. `first`: stop at the first finding. A group
    whose `signature` (keys named by `name`) was certified clean before is clean again, without
    a program."""
    signature = program.signature(values, primary, name)
    if _settled(signature):
        return []
    keyset = set(program.keys)
    local = [solution for solution in pool if not keyset.isdisjoint(solution)]

    def seen(key, test) -> bool:
        value = values[key]
        return test(value) or any(test(solution.get(key, value)) for solution in local)

    def needs(direction: float) -> dict[Key, float]:
        out = {}
        for key in program.keys:
            j, value = program.column[key], values[key]
            if key in primary:
                if direction > 0 and not seen(key, lambda x: x >= SMALL_MAX):
                    out[key] = SMALL_MAX
                elif direction < 0 and not seen(key, lambda x: x <= SMALL_MIN):
                    out[key] = SMALL_MIN
            elif not any(solution.get(key, value) != value for solution in local):
                target = value + direction
                if program.lb[j] <= target <= program.ub[j]:
                    out[key] = target
        return out

    if program.tied:
        for direction in (1.0, -1.0):
            for _ in range(SPREAD_ROUNDS):
                wanted = needs(direction)
                if not wanted:
                    break
                up, down = (wanted, {}) if direction > 0 else ({}, wanted)
                solution = program.spread(up, down)
                if solution is None:
                    break
                pool.append(solution)
                local.append(solution)
                if all(
                    solution[k] * direction < target * direction for k, target in wanted.items()
                ):
                    break  # no progress: the rest is solved key by key
    findings, solved = [], len(local)
    for key in program.keys:
        finding = certify(program, key, values[key], primary=key in primary, pool=local)
        if finding is not None:
            findings.append(finding)
            if first:
                break
    pool.extend(local[solved:])
    if not findings:
        _settle(signature)
    return findings


def usable(
    pool: Iterable[dict[Key, float]],
    values: Mapping[Key, float],
    hidden: Iterable[Key],
    bounds: Mapping[Key, tuple[float, float]] | None = None,
) -> list[dict[Key, float]]:
    """The consistent solutions of an earlier state (same values and relations) that are still
    consistent with what is known now: every quantity a solution changes is hidden, and within
    its bounds."""
    hidden, bounds = set(hidden), bounds or {}

    def fits(key, x) -> bool:
        if x == values.get(key):
            return True
        low, high = bounds.get(key, (0.0, INF))
        return key in hidden and low <= x <= high

    return [s for s in pool if all(fits(k, x) for k, x in s.items())]


class Ranges(Mapping):
    """(smallest, largest) consistent value of each hidden key, each worked out exactly the
    first time it is asked for (the verdicts never need them)."""

    def __init__(self, programs: Mapping[Key, GroupProgram]):
        self._programs = programs
        self._known: dict[Key, tuple[float, float]] = {}

    def __getitem__(self, key: Key) -> tuple[float, float]:
        if key not in self._known:
            self._known[key] = self._programs[key].range(key)
        return self._known[key]

    def __iter__(self):
        return iter(self._programs)

    def __len__(self) -> int:
        return len(self._programs)


def hidden_ranges(
    values: Mapping[Key, float],
    relations: Iterable[Relation],
    hidden: Iterable[Key],
    *,
    bounds: Mapping[Key, tuple[float, float]] | None = None,
) -> dict[Key, tuple[float, float]]:
    """(smallest, largest) consistent value of every hidden quantity."""
    relations = list(relations)
    out: dict[Key, tuple[float, float]] = {}
    for keys, tied in components(relations, hidden):
        out.update(group_ranges(keys, tied, values, bounds=bounds))
    return out


def verdict(key: Key, value: float, low: float, high: float, *, primary: bool) -> Finding | None:
    """The finding for one hidden quantity, or None when it is protected."""
    if primary:
        if low <= SMALL_MIN and high >= SMALL_MAX:
            return None
    elif low < high:
        return None
    return Finding(key, value, low, high, primary)


def audit(
    values: Mapping[Key, float],
    relations: Iterable[Relation],
    hidden: Iterable[Key],
    *,
    primary: Iterable[Key] | None = None,
    bounds: Mapping[Key, tuple[float, float]] | None = None,
    witnesses: Iterable[dict[Key, float]] = (),
    name: Callable[[Key], Key] | None = None,
) -> AuditResult:
    """The attacker's verdict on every hidden quantity: the findings are counts 1–4 (`primary`,
    by default every hidden quantity whose value is 1–4) pinned or narrowed, other hidden
    quantities pinned, each with its exact range. `witnesses`: consistent solutions found
    before over the same values and relations (those still consistent are used). The result's
    `ranges` are exact and worked out only when read. `name`: the key of a quantity in every
    release (`certify_group`)."""
    hidden = list(dict.fromkeys(hidden))
    primary_set = (
        set(primary) if primary is not None else {k for k in hidden if is_small(values[k])}
    )
    pool = usable(witnesses, values, hidden, bounds)
    programs: dict[Key, GroupProgram] = {}
    found: dict[Key, Finding] = {}
    for keys, tied in components(list(relations), hidden):
        program = GroupProgram(keys, tied, values, bounds)
        programs.update(dict.fromkeys(keys, program))
        for finding in certify_group(program, values, primary_set, pool, name=name):
            low, high = program.range(finding.key)
            found[finding.key] = Finding(finding.key, finding.value, low, high, finding.primary)
    findings = [found[k] for k in hidden if k in found]
    return AuditResult(Ranges({k: programs[k] for k in hidden}), findings, pool)


def failure_message(result: AuditResult, label: Callable[[Key], str] = str, limit: int = 5) -> str:
    """Why a publication was stopped, in Swedish (no hidden value is named)."""
    n_exact, n_narrow = len(result.exact), len(result.narrowed)
    parts = []
    if n_exact:
        parts.append(f"{n_exact} dolda värden kan räknas fram exakt")
    if n_narrow:
        parts.append(f"{n_narrow} dolda värden 1–4 kan ringas in närmare")
    lines = [
        "Publiceringsversionen stoppades av röjandekontrollen: "
        + " och ".join(parts)
        + " ur det som annars skulle publiceras. Inget publikt paket skrevs."
    ]
    lines += [f"- {f.text(label)}" for f in result.findings[:limit]]
    if len(result.findings) > limit:
        lines.append(f"- och {len(result.findings) - limit} till.")
    return "\n".join(lines)
