"""The attacker's audit of a publication: for every hidden quantity, the smallest and the largest
value consistent with everything published.

The attacker knows every published number exactly, every relation between the published
quantities (row, column and grand totals, running totals, the same quantity shown in several
tables), that counts are whole numbers and not negative, and whatever the marks say (a mark
`1–4` gives the bounds 1 and 4; a number rounded to 5 gives its interval). Each bound is an
integer program (`scipy.optimize.milp`, HiGHS), solved per group of hidden quantities that the
relations tie together, so the programs stay small.

The verdict, per hidden quantity:
- a count from 1 to 4 (primary) must keep its whole range open: the smallest consistent value
  at most 1 and the largest at least 4, so neither the count nor a narrower interval leaks;
- any other hidden quantity (secondary) must not be pinned to one value.

Pure: numpy and scipy in, numbers and findings out; no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

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
    """`ranges`: {hidden key: (smallest, largest) consistent value}; `findings`: the leaks."""

    ranges: dict[Key, tuple[float, float]]
    findings: list[Finding] = field(default_factory=list)

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
    hidden = list(dict.fromkeys(hidden))
    hidden_set = set(hidden)
    parent = {k: k for k in hidden}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    tied: list[Relation] = []
    for relation in relations:
        keys = [k for k, _ in relation.terms if k in hidden_set]
        if not keys:
            continue
        tied.append(relation)
        root = find(keys[0])
        for other in keys[1:]:
            parent[find(other)] = root
    groups: dict[Key, list[Key]] = {}
    for k in hidden:
        groups.setdefault(find(k), []).append(k)
    by_root: dict[Key, list[Relation]] = {root: [] for root in groups}
    for relation in tied:
        first = next(k for k, _ in relation.terms if k in hidden_set)
        by_root[find(first)].append(relation)
    return [(groups[root], by_root[root]) for root in groups]


def _solve(c, integral: bool, lb, ub, constraints):
    return milp(
        c,
        integrality=np.full(len(c), 1.0 if integral else 0.0),
        bounds=Bounds(lb, ub),
        constraints=constraints,
        options={"disp": False, "time_limit": 30.0},
    )


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
        rows, low, high = [], [], []
        for relation in relations:
            row = np.zeros(n)
            known = 0.0
            for key, coefficient in relation.terms:
                if key in self.column:
                    row[self.column[key]] += coefficient
                else:
                    known += coefficient * float(values[key])
            if not row.any():
                continue
            rows.append(row)
            low.append(relation.low - known)
            high.append(relation.high - known)
        self.lb = np.array([float(bounds.get(k, (0.0, INF))[0]) for k in self.keys])
        self.ub = np.array([float(bounds.get(k, (0.0, INF))[1]) for k in self.keys])
        self.constraints = (
            [LinearConstraint(csr_array(np.array(rows)), np.array(low), np.array(high))]
            if rows
            else []
        )

    def extreme(self, key: Key, sign: float) -> tuple[float, dict[Key, float] | None]:
        """The smallest (sign 1) or largest (sign −1) consistent value of `key`, and a whole
        solution that reaches it (None when there is no bound)."""
        j = self.column[key]
        if not self.constraints:
            end = self.lb[j] if sign > 0 else self.ub[j]
            return float(end), None
        c = np.zeros(len(self.keys))
        c[j] = sign
        # The linear relaxation first: where its optimum is whole (as it is for tables with
        # margins and running totals), that optimum is the integer one too.
        relaxed = _solve(c, False, self.lb, self.ub, self.constraints)
        if relaxed.status == 3:  # no bound in this direction
            return -sign * INF, None
        if relaxed.status == 0 and relaxed.x is not None:
            whole = np.round(relaxed.x)
            if np.all(np.abs(relaxed.x - whole) < 1e-7):
                solution = {k: float(x) for k, x in zip(self.keys, whole, strict=True)}
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
) -> AuditResult:
    """The attacker's ranges for every hidden quantity and the findings: counts 1–4 (`primary`,
    by default every hidden quantity whose value is 1–4) pinned or narrowed, other hidden
    quantities pinned."""
    hidden = list(dict.fromkeys(hidden))
    primary_set = (
        set(primary) if primary is not None else {k for k in hidden if is_small(values[k])}
    )
    ranges = hidden_ranges(values, relations, hidden, bounds=bounds)
    findings = []
    for key in hidden:
        low, high = ranges[key]
        finding = verdict(key, values[key], low, high, primary=key in primary_set)
        if finding is not None:
            findings.append(finding)
    return AuditResult(ranges, findings)


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
