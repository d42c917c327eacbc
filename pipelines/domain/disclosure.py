"""Disclosure control (röjandekontroll) for everything exported for publication.

Rules, decided once for the whole product:
- *Primary*: a count from 1 to 4 is never published.
- *One mark*: every hidden value is shown as `X`, primary and secondary alike (as Socialstyrelsen
  does). A mark `1–4` would itself be information: with a total it can pin the count.
- *Secondary*: no hidden count may be recomputed, or a count of 1–4 narrowed, from everything
  published. The whole publication is one `Ledger`: every count it shows, once, under one key
  (the same quantity in several tables is one quantity), and the linear relations between them
  (row, column and grand totals, running totals). `protect` hides the counts 1–4 and then, one
  cell at a time, the cheapest published cell that mends what the attacker's audit
  (`disclosure_audit`) still finds: residual categories ("Uppgift saknas", "Övrig") first, then
  small cells before large, inner cells before totals, zeros last. Beside a small residual
  category the real categories may be shown rounded to 5 (or 10) instead of one being hidden.
- *Zero stays zero* unless it has to be hidden to protect another value; the audit therefore
  takes every `X` to be any whole number from 0.
- Figures computed from a hidden count (a share, a change, a forecast) are hidden with it.

The per-table functions (`mask_table`, `mask_running_total`) remain for single tables; a
publication of several tables goes through `Ledger` and `protect`. The functions are pure. The
exports say which version they are: `Publiceringsversion (röjandekontrollerad)` or `Intern
version (exakta tal)`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from pipelines.domain.disclosure_audit import (
    AuditResult,
    GroupProgram,
    Key,
    Relation,
    RelationIndex,
    audit,
    certify,
    certify_group,
    total_relation,
)

#: Mask codes: published, hidden because 1–4 (primary), hidden so a hidden one cannot be
#: recomputed (secondary), hidden because it is computed from a hidden count (linked).
PUBLISHED, PRIMARY, SECONDARY, LINKED = 0, 1, 2, 3

SMALL_MIN, SMALL_MAX = 1, 4
#: The one mark of a hidden value (primary and secondary alike).
MASK = "X"
MASK_SMALL = MASK_OTHER = MASK

PUBLICATION_LABEL = "Publiceringsversion (röjandekontrollerad)"
INTERNAL_LABEL = "Intern version (exakta tal)"
FOOTNOTE = "X: värdet visas inte (röjandekontroll)."
FOOTNOTE_RULE = (
    "Antal 1–4 visas aldrig. Därtill döljs de värden som annars skulle låta ett dolt värde "
    "räknas fram eller ringas in ur summor, andra tabeller och diagram. Alla dolda värden "
    "markeras med X, oavsett varför de döljs."
)
FOOTNOTE_ZERO = (
    "Noll (0) visas: att ingen finns i en grupp röjer ingen enskild person. En nolla kan ändå "
    "döljas (X) när den annars skulle röja ett annat värde."
)
FOOTNOTE_ROUNDED = (
    "Där en liten grupp som Uppgift saknas döljs kan de andra grupperna i samma uppdelning "
    "visas avrundade till närmaste 5 eller 10 (anges vid tabellen) i stället för att en hel "
    "grupp döljs."
)
INTERNAL_NOTE = "Exakta tal för internt bruk, inte för publicering."


def version_label(publication: bool) -> str:
    """`Publiceringsversion (röjandekontrollerad)` or `Intern version (exakta tal)`."""
    return PUBLICATION_LABEL if publication else INTERNAL_LABEL


def footnotes(publication: bool) -> list[str]:
    """The notes every export carries, in Swedish."""
    if publication:
        return [PUBLICATION_LABEL + ".", FOOTNOTE, FOOTNOTE_RULE, FOOTNOTE_ZERO, FOOTNOTE_ROUNDED]
    return [INTERNAL_LABEL + ".", INTERNAL_NOTE]


def is_mark(value) -> bool:
    """Whether a shown cell is the mark of a hidden value."""
    return isinstance(value, str) and value == MASK


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
    """What a hidden cell shows: `X`, or None for a published one."""
    return MASK if code in (PRIMARY, SECONDARY, LINKED) else None


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
    """`table`: a copy with hidden cells replaced by `X` (object columns), other
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


# --- the whole publication at once ---------------------------------------------------------------


class CannotProtect(ValueError):
    """The publication cannot be protected; `message` says why, in Swedish."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Ledger:
    """Every quantity a publication shows, once, under one key (the same quantity in several
    tables is one key), and the linear relations between them (`disclosure_audit.Relation`).

    `residual` quantities ("Uppgift saknas", "Övrigt") are hidden first; `totals` last;
    `roundable` ones (the real categories beside a residual) may be shown rounded to 5 or 10
    instead of a category being hidden; `linked` maps a derived quantity (a share, a forecast)
    to the quantities it is computed from: it is hidden with them."""

    values: dict[Key, float] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    labels: dict[Key, str] = field(default_factory=dict)
    residual: set[Key] = field(default_factory=set)
    totals: set[Key] = field(default_factory=set)
    roundable: set[Key] = field(default_factory=set)
    required: set[Key] = field(default_factory=set)
    #: Quantities hidden in another publication (the same figures in last year's package):
    #: hidden here too, so that two publications together give nothing back.
    forced: set[Key] = field(default_factory=set)
    #: Quantities an earlier release printed: the attacker knows them, hiding them mends nothing.
    fixed: set[Key] = field(default_factory=set)
    #: Quantities no release prints (an earlier release's hidden figure that this one does not
    #: show, the difference of two releases' year-to-date figures): unknown from the start.
    unpublished: set[Key] = field(default_factory=set)
    #: What earlier releases said of a quantity shown rounded there: (smallest, largest).
    bounds: dict[Key, tuple[float, float]] = field(default_factory=dict)
    #: The key of a quantity in every release where it differs from its key here (a package's
    #: own keys beside earlier releases': `disclosure_history.global_key`).
    names: dict[Key, Key] = field(default_factory=dict)

    def name(self, key: Key) -> Key:
        """The key of `key` in every release."""
        return self.names.get(key, key)

    def add(
        self,
        key: Key,
        value,
        *,
        label: str | None = None,
        residual: bool = False,
        total: bool = False,
        roundable: bool = False,
        required: bool = False,
    ) -> bool:
        """Record a published count; False (nothing recorded) when it is not reported."""
        if _missing(value):
            return False
        number = float(value)
        if key in self.values and self.values[key] != number:
            # Two tables disagree on one figure: the package cannot be checked, so not published.
            raise CannotProtect(
                "Publiceringsversionen kan inte granskas: "
                f"{self.label(key) if key in self.labels else label or self.label(key)} visas "
                "med två olika värden i paketet. Inget publikt paket skrevs."
            )
        self.values[key] = number
        if label:
            self.labels.setdefault(key, label)
        if residual:
            self.residual.add(key)
        if total:
            self.totals.add(key)
        if roundable:
            self.roundable.add(key)
        if required:
            self.required.add(key)
        return True

    def total(self, total: Key, parts: Iterable[Key]) -> None:
        """`total = Σ parts` over the parts that are reported (none: nothing)."""
        parts = [p for p in parts if p in self.values]
        if total in self.values and parts:
            self.totals.add(total)
            self.relations.append(total_relation(total, parts))

    def label(self, key: Key) -> str:
        """The Swedish name of a quantity (for messages)."""
        if key in self.labels:
            return self.labels[key]
        return " ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)


def rounded_interval(value: float, base: int) -> tuple[int, int, int]:
    """`value` rounded half up to a multiple of `base`, and the smallest and largest whole
    numbers that round to it (what a reader knows from the rounded number)."""
    shown = int(base * math.floor(value / base + 0.5))
    low, high = math.ceil(shown - base / 2), math.ceil(shown + base / 2) - 1
    return shown, max(low, 0), high


@dataclass
class Protection:
    """The outcome of `protect`: what is hidden (PRIMARY or SECONDARY), what is shown rounded
    (`rounded`: key → (shown, base)), and the audit that passed."""

    codes: dict[Key, int]
    rounded: dict[Key, tuple[int, int]]
    audit: AuditResult
    ledger: Ledger

    def hidden(self, key: Key) -> bool:
        return self.codes.get(key, PUBLISHED) != PUBLISHED

    def code(self, key: Key) -> int:
        return self.codes.get(key, PUBLISHED)

    def show(self, key: Key, value):
        """What the publication shows for `key`: the mark, the rounded number or the value."""
        if self.hidden(key):
            return MASK
        if key in self.rounded:
            return self.rounded[key][0]
        return value

    @property
    def n_hidden(self) -> int:
        return sum(1 for c in self.codes.values() if c != PUBLISHED)

    @property
    def n_primary(self) -> int:
        return sum(1 for c in self.codes.values() if c == PRIMARY)


#: The rounding bases tried before a real category beside a small residual is hidden.
ROUNDING_BASES = (5, 10)
#: How many candidate cells are tried for each finding before the most helpful is taken.
MAX_TRIALS = 40


def protect(ledger: Ledger) -> Protection:
    """Hide every count of 1–4 and, one cell at a time, the published cells that keep the
    attacker's audit from pinning or narrowing them: for each finding the cheapest cell that
    mends it (residual categories first, then small before large, inner cells before totals,
    zeros last); a small residual may instead have its neighbours shown rounded to 5 or 10.
    Raises CannotProtect when nothing can mend a finding."""
    values, relations = ledger.values, ledger.relations
    primary = {k for k, v in values.items() if is_small(v)} - ledger.fixed
    for key in sorted(primary & ledger.required, key=str):
        raise CannotProtect(
            f"Publiceringsversionen kan inte skyddas: {ledger.label(key)} är 1–4, och utan "
            "det talet går ingenting i paketet att redovisa. Inget publikt paket skrevs. "
            "Ta ut den interna versionen för internt bruk."
        )
    hidden: set[Key] = set(primary) | {k for k in ledger.forced if k in values}
    hidden |= {k for k in ledger.unpublished if k in values}
    hidden -= ledger.fixed
    rounded: dict[Key, tuple[int, int]] = {}
    bounds: dict[Key, tuple[float, float]] = {
        k: b for k, b in ledger.bounds.items() if k not in hidden and k not in ledger.fixed
    }
    neighbours: dict[Key, set[Key]] = {}
    for relation in relations:
        keys = relation.keys
        for key in keys:
            neighbours.setdefault(key, set()).update(keys)

    def cost(key: Key) -> tuple:
        value = values[key]
        return (key not in ledger.residual, key in ledger.totals, value == 0, value, str(key))

    programs: dict = {}
    pool: list[dict[Key, float]] = []  # consistent solutions found so far (see certify)

    def program_of(keys, tied, trial_bounds) -> GroupProgram:
        """The group's program, remembered: a group's relations follow from its keys."""
        signature = (tuple(keys), tuple((k, trial_bounds[k]) for k in keys if k in trial_bounds))
        if signature not in programs:
            programs[signature] = GroupProgram(keys, tied, values, trial_bounds)
        return programs[signature]

    grouped: dict[frozenset, list] = {}
    index = RelationIndex(relations)

    def groups(unknown: set[Key]):
        """The groups of the unknown quantities (remembered: the same set comes back often)."""
        signature = frozenset(unknown)
        if signature not in grouped:
            if len(grouped) > 64:
                grouped.clear()
            grouped[signature] = index.components(sorted(unknown, key=str))
        return grouped[signature]

    def target_program(target: Key, trial_hidden: set[Key], trial_bounds) -> GroupProgram:
        keys, tied = index.component(target, trial_hidden | set(trial_bounds))
        return program_of(keys, tied, trial_bounds)

    def mended(finding, trial_hidden, trial_bounds) -> tuple[bool, list]:
        """Whether the finding is mended in the trial state, and the solutions found there."""
        program = target_program(finding.key, trial_hidden, trial_bounds)
        trial_pool = list(pool)
        result = certify(
            program, finding.key, values[finding.key], primary=finding.primary, pool=trial_pool
        )
        return result is None, trial_pool[len(pool) :]

    def width(finding, trial_hidden, trial_bounds) -> float:
        low, high = target_program(finding.key, trial_hidden, trial_bounds).range(finding.key)
        return high - low

    def first_finding():
        for keys, tied in groups(hidden | set(bounds)):
            program = program_of(keys, tied, bounds)
            findings = certify_group(program, values, primary, pool, first=True, name=ledger.name)
            if findings:
                return findings[0]
        return None

    def try_rounding(finding) -> bool:
        if finding.key not in ledger.residual or finding.key in rounded:
            return False
        beside = sorted(
            (
                k
                for k in neighbours.get(finding.key, ())
                if k in ledger.roundable
                and k not in hidden
                and k not in rounded
                and k not in ledger.fixed
            ),
            key=str,
        )
        if not beside:
            return False
        for base in ROUNDING_BASES:
            trial = dict(bounds)
            shown = {}
            for key in beside:
                number, low, high = rounded_interval(values[key], base)
                trial[key] = (low, high)
                shown[key] = (number, base)
            ok, found = mended(finding, hidden, trial)
            if ok:
                bounds.update(trial)
                rounded.update(shown)
                pool.extend(found)
                return True
        return False

    def hideable(key: Key) -> bool:
        return (
            key not in hidden
            and key not in ledger.required
            and key not in ledger.fixed
            and key not in known_anyway
        )

    mendable: set[Key] = set()
    known_anyway: set[Key] = set()
    for _ in range(10 * len(values) + 10):
        finding = first_finding()
        if finding is None:
            unknown = sorted(hidden | set(bounds), key=str)
            result = audit(
                values,
                relations,
                unknown,
                primary=primary,
                bounds=bounds,
                witnesses=pool,
                name=ledger.name,
            )
            codes = {
                k: (PRIMARY if k in primary else SECONDARY)
                for k in hidden
                if k not in ledger.unpublished
            }
            return Protection(codes, rounded, result, ledger)
        if (ledger.fixed or ledger.unpublished) and finding.key not in mendable:
            # What earlier releases printed may pin a figure whatever this one hides.
            everything = hidden | {k for k in values if hideable(k)}
            if not mended(
                finding, everything, {k: b for k, b in bounds.items() if k not in everything}
            )[0]:
                if finding.primary or finding.key in ledger.forced | ledger.unpublished:
                    raise CannotProtect(cannot_protect_message(ledger, finding))
                # A figure hidden only here that the earlier releases give anyway (a month's
                # 0 under a total of 0 printed before): hiding it protects nothing, show it.
                hidden.discard(finding.key)
                known_anyway.add(finding.key)
                continue
            mendable.add(finding.key)
        if try_rounding(finding):
            continue
        # First the cells that share a relation with the finding, then the rest of its group.
        # Among them, first those big enough to open the range as far as it must go (a cell
        # smaller than the missing room cannot mend it alone), each group cheapest first.
        room = SMALL_MAX - finding.high if finding.primary else 1.0

        near = sorted(
            (k for k in neighbours.get(finding.key, ()) if hideable(k)),
            key=lambda k, room=room: (values[k] < room, *cost(k)),
        )
        if finding.key in bounds and hideable(finding.key):
            near.insert(0, finding.key)  # a rounded figure that still leaks: hide it
        group = next(keys for keys, _ in groups(hidden | set(bounds)) if finding.key in keys)
        far = sorted(
            {k for member in group for k in neighbours.get(member, ()) if hideable(k)} - set(near),
            key=cost,
        )
        candidates = near + far[:MAX_TRIALS]
        if not candidates:
            raise CannotProtect(cannot_protect_message(ledger, finding))
        best = None
        for candidate in candidates:
            trial_bounds = {k: b for k, b in bounds.items() if k != candidate}
            ok, found = mended(finding, hidden | {candidate}, trial_bounds)
            if ok:
                best = candidate
                pool.extend(found)
                break
        if best is None:  # no one cell mends it: of the nearest, the one that opens it most
            best = max(
                near or candidates,
                key=lambda c: width(
                    finding, hidden | {c}, {k: b for k, b in bounds.items() if k != c}
                ),
            )
        hidden.add(best)
        bounds.pop(best, None)
        rounded.pop(best, None)
    raise CannotProtect("Röjandekontrollen hittade ingen lösning (för många steg).")


def cannot_protect_message(ledger: Ledger, finding) -> str:
    if ledger.fixed or ledger.unpublished:
        return (
            "Publiceringsversionen kan inte skyddas mot det som redan lämnats ut: "
            f"{ledger.label(finding.key)} skulle gå att räkna fram ur den här utlämningen "
            "tillsammans med tidigare utlämningar (utlämningsliggaren), och det finns inget "
            "mer att dölja. Inget publikt paket skrevs. Ta ut den interna versionen för "
            "internt bruk, eller vänta till nästa fasta publiceringstillfälle."
        )
    return (
        "Publiceringsversionen kan inte skyddas: "
        f"{ledger.label(finding.key)} går att räkna fram ur det som måste publiceras, "
        "och det finns inget mer att dölja. Inget publikt paket skrevs. "
        "Ta ut den interna versionen för internt bruk."
    )
