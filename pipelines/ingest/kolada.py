"""Kolada's yearly key figures (v3 API), pulled or imported from a saved response, every pull kept.

Kolada revises figures without notice, so every pull is stored whole as a snapshot
(`kolada_hamtning`: when, from where, the raw JSON) with its values (`kolada_varde`); the
comparison reads the latest pull per figure (`kolada_current`), and an earlier pull stays
available. Machines without internet import a saved response instead (`import_saved`): the same
JSON the API returns, one response or a list of pages.

The client is plain `urllib` (no dependency): `pull()` asks
`/v3/data/kpi/<ids>/municipality/<ids>/year/<years>` and follows `next_page`. Nothing here runs
at import, and the tests use recorded responses: no test reaches the internet.

The key figures (ids confirmed against Kolada's `/kpi` metadata, see `KPIS`):
- N31807 Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef.
- N31816 Vuxna biståndsmottagare med långvarigt ekonomiskt bistånd, andel (%) av befolkningen
- N40008 Kostnad arbetsmarknadsåtgärder, kr/inv (the labour-market measures that fit)
and, beside the follow-up of those hired, those of U31462, N00919, N00988 and N02797 that
Kolada's metadata lists (`pull(..., optional=…)`, `schemas.kolada_outcomes`).
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipelines import warehouse
from pipelines.ingest.sos import refresh_regions
from schemas import guard
from schemas.findings import RejectedFile, error
from schemas.vocabulary import KOLADA_KPI_TITLES

BASE_URL = "https://api.kolada.se/v3"
TIMEOUT_SECONDS = 30
MAX_PAGES = 50

#: Key figure id → (title as Kolada's /kpi metadata writes it, a word its title must contain).
KPIS: dict[str, tuple[str, str]] = {
    "N31807": (KOLADA_KPI_TITLES["N31807"], "ekonomiskt bistånd"),
    "N31816": (KOLADA_KPI_TITLES["N31816"], "långvarigt"),
    "N40008": (KOLADA_KPI_TITLES["N40008"], "arbetsmarknadsåtgärder"),
}
#: Kolada's id for the whole country.
RIKET_ID = "0000"

Fetch = Callable[[str], bytes]


@dataclass
class PullResult:
    hamtning_id: int
    source: str
    values: int
    kpis: list[str]
    years: list[int]


def kolada_id(kod: str, typ: str) -> str:
    """Kolada's municipality id for a region of the reference list: a kommun's four-digit code,
    `0000` for Riket, `00` + the län code for a region (län)."""
    if typ == "riket":
        return RIKET_ID
    return kod if typ == "kommun" else f"00{kod}"


def data_url(kpis: list[str], municipalities: list[str], years: list[int]) -> str:
    quote = urllib.parse.quote
    return (
        f"{BASE_URL}/data/kpi/{quote(','.join(kpis))}/municipality/"
        f"{quote(','.join(municipalities))}/year/{','.join(str(y) for y in years)}"
    )


def kpi_url(kpis: list[str]) -> str:
    return f"{BASE_URL}/kpi?id={urllib.parse.quote(','.join(kpis))}"


def _urlopen(url: str) -> bytes:  # pragma: no cover - the network is never used in tests
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return response.read()


def _bad(message: str, source: str) -> RejectedFile:
    return RejectedFile([error(message, file=source)])


def fetch_pages(url: str, fetch: Fetch = _urlopen) -> list[dict]:
    """Every page of a Kolada response (following `next_page`), as parsed JSON."""
    pages: list[dict] = []
    while url and len(pages) < MAX_PAGES:
        try:
            payload = json.loads(fetch(url))
        except OSError as exc:
            raise _bad(f"Kolada svarade inte ({type(exc).__name__}).", url) from exc
        except ValueError as exc:
            raise _bad("Svaret från Kolada var inte JSON.", url) from exc
        if not isinstance(payload, dict):
            raise _bad("Svaret från Kolada har inte Koladas form (ett JSON-objekt).", url)
        pages.append(payload)
        url = payload.get("next_page") or payload.get("next_url") or ""
    return pages


def check_kpis(
    pages: list[dict], source: str = "Kolada /kpi", optional: Mapping[str, str] | None = None
) -> list[str]:
    """The ids of `KPIS` whose metadata (a /kpi response) confirms them; raises when an id is
    missing or its title does not say what `KPIS` expects (Kolada renumbered a figure). Then the
    ids of `optional` (id → a word its title must contain) that the metadata has with that
    word; the others are left out, never an error."""
    titles = {
        item.get("id"): str(item.get("title", ""))
        for page in pages
        for item in page.get("values", [])
    }
    problems = []
    for kpi, (_, word) in KPIS.items():
        title = titles.get(kpi)
        if title is None:
            problems.append(f"{kpi} saknas i Koladas metadata")
        elif word.casefold() not in title.casefold():
            problems.append(f"{kpi} heter nu ”{guard.visible(title)}”")
    if problems:
        raise _bad("Nyckeltalen stämmer inte med Koladas metadata: " + "; ".join(problems), source)
    further = [
        kpi
        for kpi, word in (optional or {}).items()
        if kpi not in KPIS and word.casefold() in titles.get(kpi, "").casefold()
    ]
    return [*KPIS, *further]


def parse_pages(pages: list[dict], source: str) -> pd.DataFrame:
    """The values of Kolada data responses: kpi, kommun_id, ar, kon, varde, status."""
    rows = []
    for page in pages:
        items = page.get("values")
        if not isinstance(items, list):
            raise _bad("Svaret från Kolada saknar listan ”values”.", source)
        for item in items:
            try:
                kpi, municipality, year = item["kpi"], item["municipality"], int(item["period"])
                for value in item.get("values", []):
                    number = value.get("value")
                    rows.append(
                        (
                            str(kpi),
                            str(municipality),
                            year,
                            str(value.get("gender", "T")),
                            None if number is None else float(number),
                            str(value.get("status") or ""),
                        )
                    )
            except (KeyError, TypeError, ValueError) as exc:
                raise _bad(
                    "Ett värde i svaret från Kolada har inte Koladas form (kpi, municipality, "
                    "period, values).",
                    source,
                ) from exc
    return pd.DataFrame(rows, columns=["kpi", "kommun_id", "ar", "kon", "varde", "status"])


def store_pull(pages: list[dict], source: str, *, db: Path | None = None) -> PullResult:
    """Store one pull (its raw JSON and its values) in one transaction."""
    values = parse_pages(pages, source)
    raw = json.dumps(pages, ensure_ascii=False)
    if guard.might_contain_personnummer(raw) and guard.looks_like_personnummer(raw):
        raise _bad("Svaret innehåller något som ser ut som ett personnummer.", source)
    with warehouse.write(db) as con:
        hamtning_id = int(
            warehouse.one(con, "select coalesce(max(hamtning_id), 0) + 1 from kolada_hamtning")[0]
        )
        con.execute(
            "insert into kolada_hamtning values (?, ?, ?, ?)",
            [hamtning_id, datetime.now(), source, raw],
        )
        frame = values.assign(hamtning_id=hamtning_id)[
            ["hamtning_id", "kpi", "kommun_id", "ar", "kon", "varde", "status"]
        ]
        con.register("_kolada", frame)
        try:
            con.execute("insert into kolada_varde select * from _kolada")
        finally:
            con.unregister("_kolada")
        refresh_regions(con)  # the comparison group's members, for the comparison
    return PullResult(
        hamtning_id,
        source,
        len(values),
        sorted(set(values["kpi"])),
        sorted(int(y) for y in set(values["ar"])),
    )


def import_saved(path: Path, *, db: Path | None = None) -> PullResult:
    """Store a saved Kolada response (one response object or a list of pages) as a pull."""
    path = Path(path)
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise _bad(
            "Filen kunde inte läsas som ett sparat svar från Kolada (JSON).", path.name
        ) from exc
    pages = payload if isinstance(payload, list) else [payload]
    if not all(isinstance(p, dict) for p in pages):
        raise _bad("Filen har inte formen av ett svar från Kolada.", path.name)
    return store_pull(pages, path.name, db=db)


def pull(
    municipalities: list[str],
    years: list[int],
    *,
    fetch: Fetch = _urlopen,
    db: Path | None = None,
    optional: Mapping[str, str] | None = None,
) -> PullResult:
    """Confirm the key figures against Kolada's /kpi metadata, fetch their values for
    `municipalities` (Kolada ids) and `years`, and store the pull. `optional` (id → a word of
    its title): further figures, pulled when Kolada's metadata has them (the outcome
    comparison's, `schemas.kolada_outcomes`)."""
    further = [k for k in (optional or {}) if k not in KPIS]
    ids = check_kpis(fetch_pages(kpi_url([*KPIS, *further]), fetch), optional=optional)
    url = data_url(ids, municipalities, years)
    return store_pull(fetch_pages(url, fetch), url, db=db)
