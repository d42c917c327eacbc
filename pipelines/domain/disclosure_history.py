"""Disclosure over time: every public release (a follow-up package, the committee's report, an
open-data release) as the attacker keeps it, and the protection of a new release against all of
them together.

A `Release` is what one release published: every quantity under a *global key* (the same in every
release: `global_key`), its exact value, what was shown (`X`, the number, or the number rounded to
5 or 10) and the relations between the quantities. The release ledger in the warehouse
(`release`, `release_quantity`, `release_relation`) stores exactly this.

How releases are tied (`combine`), as an outsider who downloads them all would tie them:
- A quantity of one month (hires in March 2026, a förvaltning's March, a running total to March)
  is one quantity in every release that shows it with the same value; a corrected month is
  another quantity (the attacker cannot know by how much it was corrected).
- A year-to-date quantity (a förvaltning's total so far, a breakdown's category) is a different
  quantity at each last month, but the later one is never smaller (`later − earlier ≥ 0`: the
  months between), and a difference of 1–4 between two releases is itself a count of 1–4 that no
  release may give away: it enters as an unpublished quantity `("diff", …)`.
- Something printed earlier is known (`Ledger.fixed`); something hidden earlier and shown now
  is hidden now too (`Ledger.forced`); something hidden earlier and not shown now stays an
  unknown that must stay protected (`Ledger.unpublished`).

`audit_releases` is the attacker over any set of releases: findings are a count of 1–4 pinned or
narrowed, a hidden figure pinned, a difference of 1–4 derivable, or a figure hidden in one release
and printed in another. Pure: no I/O.
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipelines.domain import disclosure
from pipelines.domain.disclosure_audit import INF, AuditResult, Finding, Key, Relation, audit

MASK = disclosure.MASK
#: The kinds of release: a follow-up package, the committee's report, an open-data release.
KINDS = {"paket": "Uppföljningspaket", "rapport": "Månadsrapport", "oppna_data": "Öppna data"}
#: Heads of keys that name their own year and month (the same in every package).
DATED = ("ar", "fs")
#: Heads of keys that end in their month (`("forv", kod, m)`), within the package's year.
MONTHLY = ("forv", "fran_fs")


def _plain(part):
    if isinstance(part, bool) or not isinstance(part, numbers.Number):
        return str(part)
    if isinstance(part, numbers.Integral):
        return int(part)
    number = float(part)
    return int(number) if number.is_integer() else number


def global_key(year: int, month: int, key: Key) -> Key:
    """The key of a package's quantity in every release: dated keys as they are, a month's
    key with the year, a year-to-date key with the year and its last month (`("ytd", 2026, 11,
    "forv", "TEK")`)."""
    key = tuple(_plain(part) for part in (key if isinstance(key, tuple) else (key,)))
    head = key[0]
    if head in DATED or head in ("ytd", "diff", "r", "y"):
        return key
    if head in MONTHLY and len(key) >= 2 and isinstance(key[-1], int):
        return ("y", int(year), *key)
    return ("ytd", int(year), int(month), *key)


def key_text(key: Key) -> str:
    """A key as stored in the warehouse (JSON array)."""
    return json.dumps(list(key), ensure_ascii=False)


def key_from_text(text: str) -> Key:
    return tuple(json.loads(text))


@dataclass
class Release:
    """What one release published (global keys): exact `values`, `shown` (`X` or the number
    shown), `rounded` (key → base) and the `relations` between the quantities."""

    kind: str
    year: int
    month: int
    values: dict[Key, float]
    shown: dict[Key, object]
    rounded: dict[Key, int] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    labels: dict[Key, str] = field(default_factory=dict)
    release_id: int | None = None

    def hidden(self, key: Key) -> bool:
        return disclosure.is_mark(self.shown.get(key))

    @property
    def n_hidden(self) -> int:
        return sum(1 for k in self.values if self.hidden(k))

    def content(self) -> str:
        """Everything the release says, in one canonical text (two equal releases, one text)."""
        return json.dumps(
            [
                self.kind,
                self.year,
                self.month,
                sorted(
                    [key_text(k), v, str(_plain(self.shown.get(k))), self.rounded.get(k)]
                    for k, v in self.values.items()
                ),
                sorted(
                    [[key_text(k), c] for k, c in r.terms] + [[r.low, min(r.high, 1e300)]]
                    for r in self.relations
                ),
            ],
            ensure_ascii=False,
        )


def release_of(
    kind: str,
    year: int,
    month: int,
    ledger: disclosure.Ledger,
    shown: dict[Key, object],
    rounded: dict[Key, int] | None = None,
) -> Release:
    """The release of a package's `ledger` (package keys) with what it `shown` for each key."""

    def g(key):
        return global_key(year, month, key)

    rounded = rounded or {}
    for k, value in shown.items():
        exact = ledger.values.get(k)
        if not disclosure.is_mark(value) and k not in rounded and float(value) != exact:
            raise ValueError(f"{k!r} visas som {value} men är {exact} och inte avrundat")
    return Release(
        kind=kind,
        year=int(year),
        month=int(month),
        values={g(k): float(v) for k, v in ledger.values.items()},
        shown={g(k): _plain(shown[k]) if not disclosure.is_mark(shown[k]) else MASK for k in shown},
        rounded={g(k): int(b) for k, b in rounded.items()},
        relations=[
            Relation(tuple((g(k), c) for k, c in r.terms), r.low, r.high) for r in ledger.relations
        ],
        labels={g(k): v for k, v in ledger.labels.items()},
    )


def _month_name(month: int) -> str:
    from pipelines.formatting import MONTHS

    return MONTHS[month - 1] if 1 <= month <= 12 else str(month)


@dataclass
class _Ytd:
    month: int
    key: Key
    value: float
    current: bool


def combine(
    current: disclosure.Ledger,
    year: int,
    month: int,
    earlier: Sequence[Release],
    *,
    all_pairs: bool = False,
) -> disclosure.Ledger:
    """One ledger of the `current` release (its own keys, so its protection reads as before)
    and every `earlier` release, tied as the module says. Differences of 1–4 are quantities of
    their own between the current release and each earlier one (`all_pairs`: between any two)."""
    out = disclosure.Ledger(
        values=dict(current.values),
        relations=list(current.relations),
        labels=dict(current.labels),
        residual=set(current.residual),
        totals=set(current.totals),
        roundable=set(current.roundable),
        required=set(current.required),
        forced=set(current.forced),
    )
    seen = set(out.relations)
    local = {global_key(year, month, k): k for k in current.values}
    out.names = {k: gk for gk, k in local.items() if gk != k}
    ytd: dict[tuple, list[_Ytd]] = {}
    for gk, k in local.items():
        if gk[0] == "ytd":
            ytd.setdefault((gk[1], gk[3:]), []).append(_Ytd(gk[2], k, out.values[k], True))
    for release in earlier:
        name: dict[Key, Key] = {}
        for gk, value in release.values.items():
            key = local.get(gk, gk)
            if key in out.values and out.values[key] != value:
                key = ("r", release.release_id or 0, *gk)  # a corrected figure
            name[gk] = key
            if key not in out.values:
                out.values[key] = value
                if gk in release.labels:
                    out.labels[key] = (
                        f"{release.labels[gk]} ({KINDS.get(release.kind, release.kind).lower()} {release.year})"
                    )
                if gk[0] == "ytd":
                    ytd.setdefault((gk[1], gk[3:]), []).append(_Ytd(gk[2], key, value, False))
            if release.hidden(gk):
                (out.forced if key in current.values else out.unpublished).add(key)
            elif gk in release.rounded:
                if key not in current.values:
                    _, low, high = disclosure.rounded_interval(value, release.rounded[gk])
                    old = out.bounds.get(key, (0, INF))
                    out.bounds[key] = (max(old[0], low), min(old[1], high))
            else:
                out.fixed.add(key)
        for relation in release.relations:
            tied = Relation(
                tuple((name[k], c) for k, c in relation.terms), relation.low, relation.high
            )
            if tied not in seen:
                seen.add(tied)
                out.relations.append(tied)
    for (y, inner), items in ytd.items():
        _link(out, seen, y, inner, items, all_pairs)
    # A relation among figures all printed before says nothing new: left out, the programs
    # stay as small as one release's.
    out.relations = [r for r in out.relations if any(k not in out.fixed for k in r.keys)]
    return out


def _link(out, seen, year, inner, items: list[_Ytd], all_pairs: bool) -> None:
    items = sorted(items, key=lambda i: (i.month, str(i.key)))
    for index, a in enumerate(items):
        for b in items[index + 1 :]:
            if b.month <= a.month or b.value < a.value:
                continue
            if not (all_pairs or a.current or b.current):
                continue
            growth = b.value - a.value
            relation = Relation(((b.key, 1.0), (a.key, -1.0)), 0.0, INF)
            if relation not in seen:
                seen.add(relation)
                out.relations.append(relation)
            if disclosure.is_small(growth):
                diff = ("diff", year, a.month, b.month, *inner, *_tag(a.key), *_tag(b.key))
                out.values[diff] = growth
                out.unpublished.add(diff)
                label = out.labels.get(b.key, " ".join(str(p) for p in inner))
                out.labels[diff] = (
                    f"Skillnaden {_month_name(a.month)}–{_month_name(b.month)} {year} i {label}"
                )
                out.relations.append(Relation(((diff, 1.0), (b.key, -1.0), (a.key, 1.0))))


def _tag(key: Key) -> tuple:
    return (key[1],) if key and key[0] == "r" else ()


@dataclass
class ReleasesAudit:
    """The attacker's verdict over several releases: the integer programs' findings and the
    figures hidden in one release and printed in another."""

    result: AuditResult
    printed_after_hidden: list[Key]
    labels: dict[Key, str]

    @property
    def ok(self) -> bool:
        return self.result.ok and not self.printed_after_hidden

    def message(self) -> str:
        from pipelines.domain.disclosure_audit import failure_message

        lines = []
        if self.result.findings:
            lines.append(failure_message(self.result, lambda k: self.labels.get(k, str(k))))
        for key in self.printed_after_hidden[:5]:
            lines.append(f"- {self.labels.get(key, key)}: dolt i en utlämning, visat i en annan")
        return "\n".join(lines)


def audit_releases(releases: Iterable[Release]) -> ReleasesAudit:
    """The attacker over every release together: what each printed is known (rounded: its
    interval); everything else, differences of 1–4 between any two releases included, is
    unknown and judged as `disclosure_audit.audit` judges one publication."""
    releases = list(releases)
    ledger = combine(disclosure.Ledger(), 0, 0, releases, all_pairs=True)
    printed_after_hidden = sorted(ledger.fixed & (ledger.unpublished | ledger.forced), key=str)
    known = ledger.fixed
    unknown = [k for k in ledger.values if k not in known]
    marked = ledger.unpublished | ledger.forced
    primary = {k for k in unknown if disclosure.is_small(ledger.values[k])}
    result = audit(
        ledger.values,
        ledger.relations,
        unknown,
        primary=primary,
        bounds={k: b for k, b in ledger.bounds.items() if k not in known},
    )
    findings = [f for f in result.findings if f.primary or f.key in marked]
    return ReleasesAudit(
        AuditResult(result.ranges, findings, result.witnesses), printed_after_hidden, ledger.labels
    )


def growth_findings(audit_result: ReleasesAudit) -> list[Finding]:
    """The findings that are differences of two releases."""
    return [f for f in audit_result.result.findings if f.key[0] == "diff"]
