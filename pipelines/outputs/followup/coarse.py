"""Tables that lose least (issue 25): where the förvaltning × month table of a public package would
be mostly X (more than half of its cells hidden by the protection), the package publishes
förvaltning × quarter instead, says so in the table's note and the README, and protects that.

The quarter table has the month table's shape (`kod`, `namn`, integer columns, `total`) with
quarters 1–4 as columns (the quarters with a reported month) and `attrs["quarters"]` set, so the
package draws it with the same code. Its keys in the ledger: `("forvq", kod, q)` a förvaltning's
quarter, `("arq", year, q)` the quarter of all förvaltningar (= the sum of its months' hires,
`("ar", year, "m", m)`), `("forv", kod)` the year so far as before. Across releases a quarter is
a year-to-date quantity (`disclosure_history.global_key`): the later release's is never smaller,
and a difference of 1–4 is protected.
"""

from __future__ import annotations

import pandas as pd

from pipelines.domain.disclosure_audit import total_relation

#: More than this share of the month table's cells hidden: publish quarters instead.
SHARE_LIMIT = 0.5
QUARTER, QUARTER_TOTAL = "forvq", "arq"
NOTE = (
    "Anställningar per förvaltning visas per kvartal i stället för per månad (diagram och "
    "tabell 04): per förvaltning och månad skulle mer än hälften av talen ha dolts "
    "(röjandekontroll)."
)


def is_quarterly(heat: pd.DataFrame) -> bool:
    return bool(heat.attrs.get("quarters"))


def label(q: int) -> str:
    return f"Kv {q}"


def months_of(q: int) -> range:
    return range(3 * q - 2, 3 * q + 1)


def table_keys(heat: pd.DataFrame, year: int, *, body_only: bool = True) -> list:
    """The cell keys of the förvaltning × month (or quarter) table as the package shows it: the
    body (förvaltning × period, the heat map's cells), and unless `body_only` also the column of
    totals and the row of all förvaltningar."""
    columns = [c for c in heat.columns if isinstance(c, int)]
    quarterly = is_quarterly(heat)
    head = QUARTER if quarterly else "forv"
    keys = []
    for record in heat.to_dict("records"):
        keys += [(head, record["kod"], c) for c in columns if not pd.isna(record[c])]
        if not body_only:
            keys.append(("forv", record["kod"]))
    if not body_only:
        keys += [(QUARTER_TOTAL, year, c) if quarterly else ("ar", year, "m", c) for c in columns]
    return keys


def hidden_share(heat: pd.DataFrame, year: int, protection, *, body_only: bool = True):
    """(hidden, cells) of the table as `protection` shows it (its grand total left out)."""
    keys = [k for k in table_keys(heat, year, body_only=body_only) if k in protection.ledger.values]
    return sum(1 for k in keys if protection.hidden(k)), len(keys)


def mostly_hidden(heat: pd.DataFrame, year: int, protection) -> bool:
    """More than half of the heat map's cells (förvaltning × month) hidden."""
    hidden, cells = hidden_share(heat, year, protection)
    return bool(cells) and hidden / cells > SHARE_LIMIT


def quarters(heat: pd.DataFrame) -> pd.DataFrame:
    """The förvaltning × quarter table of a förvaltning × month table: a quarter sums the
    delivered months (none delivered: missing, never 0)."""
    months = [c for c in heat.columns if isinstance(c, int)]
    qs = sorted({(m - 1) // 3 + 1 for m in months})
    out = heat[["kod", "namn"]].copy()
    for q in qs:
        inside = [m for m in months if m in months_of(q)]
        block = heat[inside]
        out[q] = block.sum(axis=1, skipna=True).where(block.notna().any(axis=1))
    out["total"] = heat["total"]
    out.attrs = {**heat.attrs, "quarters": True}
    return out


def add_to_ledger(ledger, heat: pd.DataFrame, year: int) -> None:
    """The quarter table's counts and relations (`published.package_ledger`'s hook)."""
    qs = [c for c in heat.columns if isinstance(c, int)]
    for record in heat.to_dict("records"):
        kod, namn = record["kod"], record["namn"]
        delivered = [q for q in qs if not pd.isna(record[q])]
        for q in delivered:
            ledger.add((QUARTER, kod, q), record[q], label=f"{namn}, kvartal {q} {year}")
        ledger.add(("forv", kod), record["total"], label=namn)
        ledger.total(("forv", kod), [(QUARTER, kod, q) for q in delivered])
    for q in qs:
        parts = [
            (QUARTER, k, q) for k, v in zip(heat["kod"], heat[q], strict=True) if not pd.isna(v)
        ]
        key = (QUARTER_TOTAL, year, q)
        ledger.add(key, sum(ledger.values[p] for p in parts), label=f"Kvartal {q} {year}")
        ledger.total(key, parts)
        months = [
            ("ar", year, "m", m) for m in months_of(q) if ("ar", year, "m", m) in ledger.values
        ]
        if months and sum(ledger.values[m] for m in months) == ledger.values[key]:
            ledger.relations.append(total_relation(key, months))
