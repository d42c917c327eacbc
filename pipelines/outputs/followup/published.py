"""The one disclosure pass over the whole follow-up package: every count the package publishes
(in any table, chart, the Word document or the README) recorded once in a `disclosure.Ledger`
under one key, with the relations between them, then protected together
(`disclosure.protect`), and the finished package audited again from what it actually shows.

Keys (the same quantity in several tables is one key):
- `("ar", y, "m", m)` hires toward the goal in month m of year y; `("ar", y, "c", m)` the running
  total to month m (the year's total so far is the running total of its last reported month);
- `("forv", kod, m)` a förvaltning's hires in month m, `("forv", kod)` its total;
- `("mix", dimension, kod)` a breakdown's category, `("mix", dimension, "totalt")` its total when
  it is not the year's total;
- `("fran_fs",)` hires from försörjningsstöd in the year, `("fran_fs", m)` per month;
- `("fs", nyckeltal, y, m)` a försörjningsstöd count, `("fs_summa", nyckeltal, y)` its sum over
  the months of the year shown.
Shares, forecasts, changes and rolling means are computed from these counts and are hidden with
them (`linked`), so they are not quantities of their own.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable

import pandas as pd

from pipelines.domain import disclosure, disclosure_history
from pipelines.domain.disclosure import Ledger, Protection
from pipelines.domain.disclosure_audit import Finding, audit
from pipelines.formatting import MONTHS
from pipelines.outputs.followup import coarse, outcomes

#: Categories that are hidden first: they say least.
RESIDUAL_CODES = {"uppgift saknas", "uppgift_saknas", "okand", "okänd", "ovrig", "övrig", "ovriga"}
Key = tuple


def _present(value) -> bool:
    if value is None or value is pd.NA:
        return False
    try:
        return not (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def _month_index(month) -> tuple[int, int]:
    ts = pd.Timestamp(month)
    return ts.year, ts.month


def total_key(year: int, last_month: int) -> Key:
    """The year's hires toward the goal so far: the running total of the last reported month."""
    return ("ar", year, "c", last_month)


def package_ledger(data: dict, year: int) -> Ledger:
    """Every count of the follow-up of `year` (the marts `collect._read` returns) and the
    relations between them."""
    ledger = Ledger()
    overview = data["overview"]
    last = int(overview.forecast.last_month or 0)
    total = total_key(year, last)

    # The months and running totals of the year and earlier years (01 and 02).
    years = data["years"]
    for y in sorted(set(years["ar"])) if len(years) else []:
        rows = years[years["ar"] == y].sort_values("month")
        previous = None
        for row in rows.itertuples():
            m = int(row.month)
            ledger.add(("ar", y, "m", m), row.hires, label=f"Anställda {_month(m)} {y}")
            ledger.add(("ar", y, "c", m), row.cumulative, label=f"Ackumulerat {_month(m)} {y}")
            ledger.total(("ar", y, "c", m), [k for k in (previous, ("ar", y, "m", m)) if k])
            previous = ("ar", y, "c", m)
    progress = data["progress"]
    previous = None
    for row in progress.itertuples():
        m = int(row.month)
        if not _present(row.hires):
            continue
        ledger.add(("ar", year, "m", m), row.hires, label=f"Anställda {_month(m)} {year}")
        ledger.add(("ar", year, "c", m), row.cumulative, label=f"Ackumulerat {_month(m)} {year}")
        ledger.total(("ar", year, "c", m), [k for k in (previous, ("ar", year, "m", m)) if k])
        previous = ("ar", year, "c", m)
    if last:
        ledger.add(total, overview.forecast.hires, required=True)
        ledger.labels[total] = f"Årets antal anställningar ({year})"

    # Förvaltning by month (04) and per förvaltning (03).
    heat = data["heatmap"]
    quarterly = coarse.is_quarterly(heat)  # tables that lose least (issue 25)
    if quarterly:
        coarse.add_to_ledger(ledger, heat, year)
    months = [] if quarterly else [c for c in heat.columns if isinstance(c, int)]
    for record in [] if quarterly else heat.to_dict("records"):
        kod, namn = record["kod"], record["namn"]
        delivered = [m for m in months if not pd.isna(record[m])]  # a missing one is `..`
        for m in delivered:
            ledger.add(("forv", kod, m), record[m], label=f"{namn}, {_month(m)} {year}")
        ledger.add(("forv", kod), record["total"], label=namn)
        ledger.total(("forv", kod), [("forv", kod, m) for m in delivered])
    for m in months:
        ledger.total(
            ("ar", year, "m", m),
            [("forv", k, m) for k, v in zip(heat["kod"], heat[m], strict=True) if not pd.isna(v)],
        )
    if last and len(heat):
        ledger.total(total, [("forv", k) for k in heat["kod"]])
    for row in data["forvaltningar"].itertuples():
        if ("forv", row.kod) in ledger.values and ledger.values[("forv", row.kod)] != row.hires:
            ledger.add(("forv03", row.kod), row.hires, label=row.namn)
        else:
            ledger.add(("forv", row.kod), row.hires, label=row.namn)

    # Hires from försörjningsstöd: the key figure, chart 16 and the breakdown's "Ja".
    fran = overview.hires_fran_forsorjningsstod
    ledger.add(("fran_fs",), fran, label="Anställda från försörjningsstöd")
    link = data["link"].monthly
    fran_months = []
    for row in link.itertuples():
        y, m = _month_index(row.manad)
        if ledger.add(
            ("fran_fs", m),
            row.hires_fran_forsorjningsstod,
            label=f"Anställda från försörjningsstöd {_month(m)} {y}",
        ):
            fran_months.append(("fran_fs", m))
    if fran_months and sum(ledger.values[k] for k in fran_months) == float(fran):
        ledger.total(("fran_fs",), fran_months)
    elif fran_months:
        ledger.add(("fran_fs", "summa"), sum(ledger.values[k] for k in fran_months))
        ledger.total(("fran_fs", "summa"), fran_months)

    # The breakdowns (05–08).
    for dimension, mix in data["mix"].items():
        keys = []
        for row in mix.itertuples():
            key = ("mix", dimension, row.kod)
            if dimension == "fran_forsorjningsstod" and row.kod == "ja" and row.hires == fran:
                key = ("fran_fs",)
            residual = str(row.kod).lower() in RESIDUAL_CODES
            ledger.add(
                key,
                row.hires,
                label=f"{row.label} ({dimension})",
                residual=residual,
                roundable=not residual and key[0] == "mix",
            )
            keys.append(key)
        if not keys:
            continue
        mix_total = float(mix["hires"].sum())
        if last and ledger.values.get(total) == mix_total:
            ledger.total(total, keys)
        else:
            ledger.add(("mix", dimension, "totalt"), mix_total, label=f"Totalt ({dimension})")
            ledger.total(("mix", dimension, "totalt"), keys)

    # Försörjningsstöd counts (10–15, the table of all figures) and the endings to work (16).
    series = data.get("fs_series")
    if series is not None and len(series):
        for row in series[series["kind"] == "count"].itertuples():
            y, m = _month_index(row.manad)
            ledger.add(("fs", row.nyckeltal, y, m), row.varde, label=f"{row.namn} {_month(m)} {y}")
    endings = []
    for row in link.itertuples():
        y, m = _month_index(row.manad)
        if ledger.add(("fs", "avslut_arbete", y, m), row.avslut_arbete):
            endings.append(("fs", "avslut_arbete", y, m))
    if endings:
        summa = ("fs_summa", "avslut_arbete", year)
        ledger.add(
            summa, sum(ledger.values[k] for k in endings), label=f"Avslut till arbete {year}"
        )
        ledger.total(summa, endings)
    # What became of those hired (issue 27): keys `("utfall", …)`, see followup/outcomes.py.
    outcomes.add_to_ledger(ledger, data.get("utfall"), outcomes.names(data))
    return ledger


def _month(m: int) -> str:
    return MONTHS[m - 1]


def protect_package(
    data: dict, year: int, forced: set | None = None, earlier: list | None = None
) -> tuple[Ledger, Protection]:
    """The ledger of the package and its protection (raises disclosure.CannotProtect);
    `forced`: quantities another publication hides (earlier years' own packages); `earlier`:
    the releases recorded in the release ledger (`disclosure_history.Release`), all taken as
    known to the attacker."""
    ledger = package_ledger(data, year)
    ledger.forced |= set(forced or ())
    if not earlier:
        return ledger, _protect(ledger)
    last = int(data["overview"].forecast.last_month or 0)
    # Every pair of releases: this one may narrow a difference of two earlier ones.
    combined = disclosure_history.combine(ledger, year, last, earlier, all_pairs=True)
    return ledger, _protect(combined)


def release_shown(ledger: Ledger, protection: Protection, tables: Iterable) -> dict:
    """What the package shows of each quantity of its ledger: the protection's decision, and
    a number wherever a table shows one (what is printed anywhere is printed)."""
    shown = {k: protection.show(k, v) for k, v in ledger.values.items()}
    for key, value in shown_cells(tables):
        if key in shown and _present(value) and not disclosure.is_mark(value):
            shown[key] = protection.show(key, ledger.values[key])
            if disclosure.is_mark(shown[key]):
                shown[key] = ledger.values[key]  # hidden by the protection, printed anyway
    return shown


#: Protections already worked out, by the whole content of their ledger (the same figures give
#: the same protection): a year's package reuses the earlier years' that the one before needed.
_PROTECTIONS: OrderedDict = OrderedDict()
_KEEP = 32


def _protect(ledger: Ledger) -> Protection:
    signature = (
        frozenset(ledger.values.items()),
        tuple(ledger.relations),
        frozenset(ledger.residual),
        frozenset(ledger.roundable),
        frozenset(ledger.required),
        frozenset(ledger.forced),
        frozenset(ledger.fixed),
        frozenset(ledger.unpublished),
        frozenset(ledger.bounds.items()),
    )
    if signature in _PROTECTIONS:
        _PROTECTIONS.move_to_end(signature)
        protection = _PROTECTIONS[signature]
        return Protection(protection.codes, protection.rounded, protection.audit, ledger)
    protection = disclosure.protect(ledger)
    _PROTECTIONS[signature] = protection
    while len(_PROTECTIONS) > _KEEP:
        _PROTECTIONS.popitem(last=False)
    return protection


# --- the audit of what the finished package shows -----------------------------------------------


def shown_cells(tables: Iterable) -> Iterable[tuple[Key, object]]:
    """(key, what is shown) for every cell of the export tables that shows a ledger quantity."""
    for table in tables:
        keys = getattr(table, "keys", None)
        if keys is None:
            continue
        for column in keys.columns:
            for index, key in keys[column].items():
                if key is not None and not (isinstance(key, float) and math.isnan(key)):
                    yield key, table.frame.at[index, column]


def audit_shown(
    ledger: Ledger, protection: Protection, tables: Iterable
) -> tuple[list[Finding], dict]:
    """The attacker's audit of the package as shown: a quantity shown as a number anywhere is
    known (rounded: its interval), one only marked or never shown is unknown. Findings: a count
    of 1–4 shown anywhere, or pinned or narrowed, and a marked quantity pinned. Returns the
    findings and a summary (counts of hidden, rounded and checked quantities)."""
    marked: set = set()
    shown: dict = {}
    for key, value in shown_cells(tables):
        if disclosure.is_mark(value):
            marked.add(key)
        elif _present(value):
            shown[key] = value
    bounds = {}
    findings: list[Finding] = []
    for key in shown:
        exact = ledger.values[key]
        if key in protection.rounded:
            _, base = protection.rounded[key]
            _, low, high = disclosure.rounded_interval(exact, base)
            bounds[key] = (low, high)
        elif disclosure.is_small(exact):
            findings.append(Finding(key, exact, exact, exact, True))
    known = {k for k in shown if k not in bounds}
    unknown = [k for k in ledger.values if k not in known]
    primary = {k for k in ledger.values if disclosure.is_small(ledger.values[k])}
    result = audit(
        ledger.values,
        ledger.relations,
        unknown,
        primary=primary,
        bounds=bounds,
        witnesses=protection.audit.witnesses,  # those still consistent here are used
    )
    for finding in result.findings:
        if finding.primary or finding.key in marked or finding.key in bounds:
            findings.append(finding)
    summary = {
        "dolda": len(marked),
        "avrundade": len(bounds),
        "primara": len(primary & (marked | (set(ledger.values) - set(shown)))),
        "kvantiteter": len(ledger.values),
        "samband": len(ledger.relations),
        "ranges": result.ranges,
    }
    return findings, summary
