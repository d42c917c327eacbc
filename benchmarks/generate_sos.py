"""A full-size Socialstyrelsen export (kind `sos_manad`) in the real export's layout, generated.

312 regions (Riket, the 21 län, the 290 kommuner of `data/reference/regioner.csv`) × 12 years,
one row per region and year with `År` as a column, like the real export
(`../shared/samples/sos_ekb_manad_hushall_utdrag.xlsx`): title row, header, numbers, about
1 600 `--` (months not yet published, and scattered unreported months) and 30 `X` cells in small
municipalities, more than a hundred footnote rows and the extraction date last. Riket and the län
are the sums of their municipalities where every part is a number (otherwise an estimate, as
Socialstyrelsen does), so the file is internally consistent. Deterministic for a given seed.

    python -m benchmarks.generate_sos OUT.xlsx
"""

from __future__ import annotations

import csv
import io
import random
import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
MONTHS = (
    "Januari", "Februari", "Mars", "April", "Maj", "Juni",
    "Juli", "Augusti", "September", "Oktober", "November", "December",
)  # fmt: skip
TITLE = "Ekonomiskt bistånd, Antal hushåll"


def regions() -> list[dict[str, str]]:
    with (ROOT / "data" / "reference" / "regioner.csv").open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f, delimiter=";"))


def export_rows(
    first_year: int = 2014,
    years: int = 12,
    published_through: date = date(2025, 8, 1),
    extracted: date = date(2025, 10, 5),
    seed: int = 15,
) -> list[list]:
    """The export as rows of cell values (title, header, data, footnotes, source line)."""
    rng = random.Random(seed)
    all_regions = regions()
    kommuner = [r for r in all_regions if r["typ"] == "kommun"]
    size = {r["namn"]: max(3, int(rng.lognormvariate(4.6, 1.2))) for r in kommuner}
    small = sorted(size, key=size.get)[:10]
    masked = {(rng.choice(small), rng.randrange(years), rng.randrange(12)) for _ in range(60)}
    masked = set(sorted(masked)[:30])
    unreported = {
        (rng.choice(kommuner)["namn"], rng.randrange(years), rng.randrange(12)) for _ in range(400)
    }
    cells: dict[tuple[str, int], list] = {}
    for r in kommuner:
        for y in range(years):
            row = []
            for m in range(12):
                month = date(first_year + y, m + 1, 1)
                if month > published_through or (r["namn"], y, m) in unreported:
                    row.append("--")
                elif (r["namn"], y, m) in masked:
                    row.append("X")
                else:
                    season = 0.8 if m == 0 else 1.0  # a January dip, as in the real data
                    row.append(max(0, round(size[r["namn"]] * season * rng.uniform(0.95, 1.05))))
            cells[(r["namn"], y)] = row

    def total(names: list[str], y: int) -> list:
        out = []
        for m in range(12):
            if date(first_year + y, m + 1, 1) > published_through:
                out.append("--")
                continue
            parts = [cells[(n, y)][m] for n in names]
            # An estimate where a part is missing or masked: the last known value of that part.
            out.append(
                sum(p if isinstance(p, int) else size[n] for p, n in zip(parts, names, strict=True))
            )
        return out

    rows: list[list] = [[TITLE], ["Region", "År", *MONTHS]]
    order = [r for r in all_regions if r["typ"] == "riket"]
    order += [r for r in all_regions if r["typ"] == "lan"]
    order += kommuner
    for r in order:
        if r["typ"] == "kommun":
            names = [r["namn"]]
        elif r["typ"] == "lan":
            names = [k["namn"] for k in kommuner if k["lan"] == r["namn"]]
        else:
            names = [k["namn"] for k in kommuner]
        for y in range(years):
            values = cells[(r["namn"], y)] if r["typ"] == "kommun" else total(names, y)
            rows.append([r["namn"], str(first_year + y), *values])
    for i in range(110):
        year = first_year + i % years
        month = MONTHS[i % 12]
        name = kommuner[(i * 7) % len(kommuner)]["namn"]
        rows.append(
            [
                f"{month} {year}: Värden har använts från föregående månad för {name} för att "
                "skatta riket och länet"
            ]
        )
    rows.append([f"Socialstyrelsens statistikdatabas {extracted.isoformat()}"])
    return rows


def export_xlsx(**kwargs) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tabell"
    for row in export_rows(**kwargs):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "sos_full.xlsx")
    out.write_bytes(export_xlsx())
    print(out)
