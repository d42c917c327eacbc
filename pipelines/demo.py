"""Demo data: the files a municipality like Lund would deliver from January 2021 to the last
complete month, ingested through the real pipeline.

The files vary the way real deliveries do (förvaltning by code or by name, UTF-8 or
Windows-1252, CSV or Excel with a title row, months as `2021-01` or `januari 2021`, amounts with
decimal comma and space thousands) so that the demo exercises the readers. Everything is drawn
from `random.Random` seeded per year or month, so a month's figures do not change when `today`
moves on, except the last four months of försörjningsstöd, whose avslutsorsaker are preliminary
(reported late) and are revised upwards as months pass, as in real life. All figures are
aggregates: there is no personal data anywhere.
"""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from pipelines import config
from pipelines.outputs.workbook import save_workbook_reproducibly
from schemas.calendar import last_complete_month, months_between
from schemas.kinds import CONTRACTS
from schemas.reference_lists import Reference

FIRST_MONTH = date(2021, 1, 1)
DEFAULT_OUT_DIR = config.PROJECT_ROOT / "data" / "demo"

#: Hires counting toward the goal in each full year: 2022 just misses 200, 2023 beats it.
#: Later years are drawn (188–226). Employment via sysselsättningskrav comes on top.
PLANNED_HIRES = {2021: 207, 2022: 185, 2023: 216, 2024: 203, 2025: 194, 2026: 211}
#: Decided targets in `mal.csv` for the current year; the municipality keeps the reference's 200.
DECIDED_TARGETS = {"VOF": 60, "BSF": 45}

# Relative hires per month: peaks in January–March and August–October, hardly any in July.
_SEASON = (1.5, 1.3, 1.3, 0.9, 0.8, 0.7, 0.2, 1.3, 1.4, 1.2, 0.8, 0.6)
# Hires relative to a förvaltning's share of employees: some are ahead, some behind.
_PACE = {"VOF": 1.2, "BSF": 0.6, "SOF": 1.3, "ASF": 1.4, "SF": 1.1, "UBF": 0.8, "KK": 0.9}
_FEW_HIRES = "MF"  # a small förvaltning that hires 0–2 people a year
_PROCURING = ("TF", "SF", "SBK", "LRV")  # whose suppliers hire via sysselsättningskrav
_SYSSELSATTNINGSKRAV_FROM = 2024
_EXTRATJANST_UNTIL = 2022  # extratjänst was wound down
_INTRODUKTIONSJOBB_FROM = 2022

# The headers exactly as the contracts (and the templates) write them.
_HIRES_HEADER = tuple(f.label for f in CONTRACTS["anstallningar"].fields)
_FS_HEADER = tuple(f.label for f in CONTRACTS["forsorjningsstod"].fields)
_MAL_HEADER = tuple(f.label for f in CONTRACTS["mal"].fields)
_MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
)  # fmt: skip
_TITLE = "Anställningar av personer långt från arbetsmarknaden"

# One hire: (anställningsform, kön, målgrupp, från försörjningsstöd), "" = uppgift saknas.
Hire = tuple[str, str, str, str]


def generate_demo_files(
    out_dir: Path, *, today: date, seed: int = 2021, reference: Reference | None = None
) -> list[Path]:
    """Write the demo deliveries for January 2021 up to the last complete month before `today`
    into `out_dir` and return their paths in ingest order: `forsorjningsstod.csv`, one
    `anstallningar_<år>` per year (`.xlsx` for the last year, `.csv` before), `mal.csv`.

    Same arguments, same bytes. Raises ValueError if `today` leaves no complete month."""
    last = last_complete_month(today)
    if last < FIRST_MONTH:
        raise ValueError("Demodata börjar i januari 2021: dagens datum måste vara senare.")
    reference = reference or config.reference()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [_write_forsorjningsstod(out_dir, last, seed)]
    for year in range(FIRST_MONTH.year, last.year + 1):
        months = 12 if year < last.year else last.month
        hires = _hires_for_year(year, seed, reference)
        rows = _hires_rows(year, months, hires, reference)
        paths.append(_write_hires(out_dir, year, rows, reference, as_excel=year == last.year))
    paths.append(_write_mal(out_dir, today.year))
    return paths


def run_demo(
    db_path: Path | None = None, *, if_empty: bool = False, out_dir: Path | None = None
) -> list:
    """Generate the demo files for today (`config.today()`) into `out_dir` (default `data/demo/`)
    and ingest each through `pipelines.ingest.store.ingest_file(..., source="demo")` into `db_path`
    (default: `config.db_path()`). With `if_empty`, does nothing when the warehouse already holds
    data. Returns the ingest results in file order (empty when nothing was done)."""
    # Imported here: generating files needs no warehouse, and load imports this package's readers.
    from pipelines import warehouse
    from pipelines.ingest.store import ingest_file

    if if_empty and warehouse.has_data(db_path):
        return []
    paths = generate_demo_files(out_dir or DEFAULT_OUT_DIR, today=config.today())
    # Procurement with sysselsättningskrav (issue 16): the register, then its follow-up.
    from pipelines.demo_avtal import generate_procurement_files

    paths += generate_procurement_files(out_dir or DEFAULT_OUT_DIR, today=config.today())
    # What became of those hired (issue 27): after the hires, whose stored counts it is checked on.
    from pipelines.demo_uppfoljning import generate_followup_file

    cohorts = demo_cohorts(today=config.today())
    paths += generate_followup_file(out_dir or DEFAULT_OUT_DIR, cohorts, today=config.today())
    return [ingest_file(path, kind=_kind_of(path), source="demo", db=db_path) for path in paths]


def demo_cohorts(
    *, today: date, seed: int = 2021, reference: Reference | None = None
) -> dict[tuple[date, str], list[str]]:
    """The demo's hires of all forms up to the last complete month before `today`, as cohorts:
    (first day of the month, förvaltning) → each hire's "från försörjningsstöd" (ja, nej, "")."""
    reference = reference or config.reference()
    last = last_complete_month(today)
    cohorts: dict[tuple[date, str], list[str]] = {}
    for year in range(FIRST_MONTH.year, last.year + 1):
        for (month, kod), people in sorted(_hires_for_year(year, seed, reference).items()):
            if date(year, month, 1) <= last:
                cohorts[(date(year, month, 1), kod)] = [hire[3] for hire in people]
    return cohorts


def _kind_of(path: Path) -> str:
    return "anstallningar" if path.name.startswith("anstallningar") else path.stem


# --- hires ---------------------------------------------------------------------------------------


def _planned_hires(year: int, seed: int) -> int:
    if year in PLANNED_HIRES:
        return PLANNED_HIRES[year]
    return random.Random(f"{seed}:plan:{year}").randint(188, 226)


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder: the parts sum to `total`)."""
    exact = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _hires_for_year(
    year: int, seed: int, reference: Reference
) -> dict[tuple[int, str], list[Hire]]:
    """Every hire of `year` (all twelve months) by (month number, förvaltning code)."""
    rng = random.Random(f"{seed}:anstallningar:{year}")
    total = _planned_hires(year, seed)
    few = rng.choice((0, 1, 1, 2))
    season = [w * rng.uniform(0.85, 1.15) for w in _SEASON]
    per_month = _split(total - few, season)
    not_july = [m for m in range(1, 13) if m != 7]
    few_months = set(rng.sample(not_july, few))
    employees = dict(
        zip(reference.forvaltningar["kod"], reference.forvaltningar["anstallda"], strict=True)
    )

    hires: dict[tuple[int, str], list[Hire]] = {}
    for month in range(1, 13):
        first = date(year, month, 1)
        valid = [
            k for k in reference.forvaltningar["kod"]
            if k != _FEW_HIRES and reference.forvaltning_valid(k, first)
        ]  # fmt: skip
        weights = [employees[k] * _PACE.get(k, 1.0) for k in valid]
        chosen = rng.choices(valid, weights, k=per_month[month - 1])
        if month in few_months:
            chosen.append(_FEW_HIRES)
        for kod in chosen:
            hires.setdefault((month, kod), []).append(_draw_hire(rng, year))
    if year >= _SYSSELSATTNINGSKRAV_FROM:
        for _ in range(rng.randint(3, 6)):
            month = rng.choice(not_july)
            procuring = [
                k for k in _PROCURING if reference.forvaltning_valid(k, date(year, month, 1))
            ]
            if not procuring:  # a reference list without them: no such hires
                continue
            hire = ("sysselsattningskrav",) + _draw_hire(rng, year)[1:]
            hires.setdefault((month, rng.choice(procuring)), []).append(hire)
    return hires


def _draw_hire(rng: random.Random, year: int) -> Hire:
    forms = {
        "lonestod": 28, "nystartsjobb": 16, "osa": 5, "arbetsmarknadsanstallning": 22,
        "ordinarie": 6,
        "extratjanst": 22 if year <= _EXTRATJANST_UNTIL else 0,
        "introduktionsjobb": 12 if year >= _INTRODUKTIONSJOBB_FROM else 0,
    }  # fmt: skip
    form = rng.choices(list(forms), list(forms.values()))[0]
    kon = rng.choices(("kvinna", "man", ""), (52, 45, 3))[0]
    if form in ("lonestod", "osa"):
        # Lönestöd and offentligt skyddat arbete are mainly for people with a disability.
        malgrupp = rng.choices(("funktionsnedsattning", "ovrig", ""), (85, 10, 5))[0]
    else:
        groups = ("utrikesfodd_ung", "utrikesfodd_vuxen", "uvas", "funktionsnedsattning", "ovrig")
        malgrupp = rng.choices(groups + ("",), (24, 32, 18, 8, 12, 6))[0]
    fran = rng.choices(("ja", "nej", ""), (30, 62, 8))[0]
    return form, kon, malgrupp, fran


def _hires_rows(
    year: int, months: int, hires: dict[tuple[int, str], list[Hire]], reference: Reference
) -> list[tuple[date, str, Hire, int]]:
    """Rows (month, förvaltning, combination, antal) for months 1..`months`: the non-zero
    combinations, and one row with antal 0 for a valid förvaltning without hires that month."""
    form_order = {k: i for i, k in enumerate(reference.anstallningsformer["kod"])}
    rows = []
    for month in range(1, months + 1):
        first = date(year, month, 1)
        for kod in reference.forvaltningar["kod"]:
            if not reference.forvaltning_valid(kod, first):
                continue
            counted = Counter(hires.get((month, kod), []))
            if not counted:
                rows.append((first, kod, ("lonestod", "", "", ""), 0))
            for combo in sorted(counted, key=lambda c: (form_order[c[0]], c[1:])):
                rows.append((first, kod, combo, counted[combo]))
    return rows


def _write_hires(
    out_dir: Path,
    year: int,
    rows: list[tuple[date, str, Hire, int]],
    reference: Reference,
    *,
    as_excel: bool,
) -> Path:
    """Write one year's hires file and return its path."""
    # Variation between years, as between real senders: names instead of codes in 2022,
    # Windows-1252 with CRLF in 2023, K/M for kön in 2024, Excel with a title row for the last year.
    by_name = year == 2022
    names: dict[str, str] = {}
    for frame in (reference.forvaltningar, reference.anstallningsformer, reference.malgrupper):
        names.update(zip(frame["kod"], frame["namn"], strict=True))
    kon_text = {"kvinna": "K", "man": "M", "": ""} if year == 2024 else {}

    def label(code: str) -> str:
        return names[code] if by_name and code else code

    def cells(month: date, kod: str, combo: Hire, antal: int) -> list[str | int]:
        form, kon, malgrupp, fran = combo
        kon = kon_text.get(kon, kon)
        return [f"{month:%Y-%m}", label(kod), label(form), antal, kon, label(malgrupp), fran]

    table = [cells(*row) for row in rows]
    if as_excel:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Anställningar"
        sheet.append([_TITLE])
        sheet.append(list(_HIRES_HEADER))
        for line in table:
            sheet.append([value if value != "" else None for value in line])
        return save_workbook_reproducibly(workbook, out_dir / f"anstallningar_{year}.xlsx")
    encoding, newline = ("cp1252", "\r\n") if year == 2023 else ("utf-8", "\n")
    return _write_csv(
        out_dir / f"anstallningar_{year}.csv", _HIRES_HEADER, table, encoding, newline
    )


# --- försörjningsstöd ----------------------------------------------------------------------------


def _write_forsorjningsstod(out_dir: Path, last: date, seed: int) -> Path:
    months = list(months_between(FIRST_MONTH, last))
    table = []
    for index, month in enumerate(months):
        figures = _forsorjningsstod_month(month, index, len(months) - 1 - index, seed)
        table.append(
            [f"{_MONTH_NAMES[month.month - 1]} {month.year}"]
            + [_thousands(v) for v in figures[:6]]
            + [_kronor(figures[6])]
            + [_thousands(v) for v in figures[7:]]
        )
    # Excel's "CSV UTF-8" writes a byte order mark: so does this file.
    return _write_csv(out_dir / "forsorjningsstod.csv", _FS_HEADER, table, "utf-8-sig", "\n")


def _forsorjningsstod_month(month: date, index: int, age: int, seed: int) -> list[int]:
    """The figures of one month in `_FS_HEADER` order after Månad (utbetalt in öre). `index`
    counts months since January 2021, `age` months before the last delivered one."""
    rng = random.Random(f"{seed}:forsorjningsstod:{month:%Y-%m}")
    seasonal = {1: 20, 2: 10, 7: 25, 8: 20, 12: -10}.get(month.month, 0)
    trend = max(2570 - 3.6 * index, 2330)  # slowly fewer households since 2021
    hushall = min(max(round(trend + seasonal + rng.gauss(0, 15)), 2300), 2600)
    barnhushall = round(hushall * rng.uniform(0.38, 0.42))
    vuxna = round(hushall * rng.uniform(1.32, 1.38))
    barn = round(hushall * rng.uniform(0.95, 1.05))
    unga_vuxna = round(vuxna * rng.uniform(0.11, 0.13))
    langvarigt = round(hushall * rng.uniform(0.43, 0.47))
    per_household = 10_500 * 1.025 ** (month.year - 2021) * (1.08 if month.month == 12 else 1.0)
    utbetalt_ore = round(hushall * per_household * rng.uniform(0.97, 1.03) * 100)
    nya = round(rng.gauss(180, 12))
    avslutade = round(rng.gauss(188, 12))
    # Avslutsorsaker arrive up to four months late: the latest months are still incomplete.
    reported = (0.55, 0.7, 0.85, 0.95)[age] if age < 4 else 1.0
    avslut_arbete = round(avslutade * rng.uniform(0.27, 0.33) * reported)
    avslut_studier = round(avslutade * rng.uniform(0.06, 0.10) * reported)
    insats = round(rng.gauss(350, 15))
    return [
        hushall, barnhushall, vuxna, barn, unga_vuxna, langvarigt, utbetalt_ore,
        nya, avslutade, avslut_arbete, avslut_studier, insats,
    ]  # fmt: skip


# --- mål and file writing ------------------------------------------------------------------------


def _write_mal(out_dir: Path, year: int) -> Path:
    table = [[year, kod, mal] for kod, mal in DECIDED_TARGETS.items()]
    return _write_csv(out_dir / "mal.csv", _MAL_HEADER, table, "utf-8", "\n")


def _write_csv(
    path: Path, header: tuple[str, ...], table: list[list], encoding: str, newline: str
) -> Path:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator=newline)
    writer.writerow(header)
    writer.writerows(table)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _kronor(ore: int) -> str:
    """Öre as Swedish kronor text with two decimals: 2134567800 → `21 345 678,00`."""
    return f"{_thousands(ore // 100)},{ore % 100:02d}"
