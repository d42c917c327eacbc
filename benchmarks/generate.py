"""Files for the benchmark warehouses, in the data contract's formats.

- *today*: Lund as it is (the committed reference, 11 förvaltningar at a time, January 2021 to the
  last complete month): the demo deliveries of `pipelines.demo`, which also vary the file formats
  the way real senders do (Excel with a title row, Windows-1252, names instead of codes).
- *large*: ten years (120 months up to the last complete month), 60 förvaltningar or units
  (Lund's 11 plus 49 generated units, with their own reference folder), a row for **every**
  employment form × target group × gender every month for every unit (8 × 6 × 3 = 144 rows per
  unit and month: about 1,04 million rows), one hires file per year.
- Försörjningsstöd "for 12 districts": the contract's kind has one row per month for the whole
  municipality and no district column, so districts cannot be stored side by side without a
  contract change. We generate 12 district files (each one row per month) and deliver them as
  12 successive deliveries that replace the same months, then the municipality's total (their
  sum) as the 13th. The current figures are the total, and the version tables hold 13 versions
  of every month: the same number of rows a district column would add, so the revision history
  and the current-figure views are measured at that size.
- Follow-up of those hired (kind `uppfoljning`): a row per cohort and reached point, one file per
  cohort year (`benchmarks/generate_outcomes.py`).
- The last complete month of *large* is held back as a month's delivery (hires, försörjningsstöd,
  targets) for `ingest_month_s`: the base warehouse holds everything before it.

Everything is drawn from seeded generators: same arguments, same bytes.
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.generate_outcomes import write_outcome_files
from pipelines.config import DEFAULT_REFERENCE_DIR
from pipelines.demo import generate_demo_files
from schemas.calendar import last_complete_month
from schemas.kinds import CONTRACTS

HIRES_HEADER = [f.label for f in CONTRACTS["anstallningar"].fields]
FS_HEADER = [f.label for f in CONTRACTS["forsorjningsstod"].fields]
MAL_HEADER = [f.label for f in CONTRACTS["mal"].fields]

FORMS = (
    "lonestod", "nystartsjobb", "introduktionsjobb", "osa", "extratjanst",
    "arbetsmarknadsanstallning", "ordinarie", "sysselsattningskrav",
)  # fmt: skip
GROUPS = ("utrikesfodd_ung", "utrikesfodd_vuxen", "uvas", "funktionsnedsattning", "ovrig", "")
GENDERS = ("kvinna", "man", "")
FRAN = ("ja", "nej", "")
UNITS_SEED = 5  # employees of the generated units


@dataclass
class Deliveries:
    """The files of one benchmark warehouse, in ingest order."""

    name: str
    reference_dir: Path
    base: list[Path]  # everything before the month held back (all files for *today*)
    month: list[Path] = field(default_factory=list)  # one month's delivery (*large* only)
    hires_files: list[Path] = field(default_factory=list)  # every hires file (for the baseline)
    fs_file: Path | None = None  # the file whose figures are current (for the baseline)
    mal_files: list[Path] = field(default_factory=list)

    @property
    def all_files(self) -> list[Path]:
        return self.base + self.month


def months_back(last: date, count: int) -> list[date]:
    """The `count` months ending with `last`, oldest first."""
    index = last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


# --- today: Lund, from the demo generator ---------------------------------------------------------


def generate_today(out_dir: Path, today: date, *, first_year: int | None = None) -> Deliveries:
    """Lund's demo deliveries for January 2021 (or `first_year`, for a quick run: the demo
    always starts 2021, so earlier years' files are dropped) up to the month before `today`."""
    out_dir = Path(out_dir)
    ref_dir = out_dir / "reference"
    _copy_reference(ref_dir)
    paths = generate_demo_files(out_dir / "files", today=today)
    if first_year is not None:
        paths = [p for p in paths if not _year_of(p) or _year_of(p) >= first_year]
    hires = [p for p in paths if p.name.startswith("anstallningar")]
    fs = next(p for p in paths if p.name.startswith("forsorjningsstod"))
    mal = [p for p in paths if p.name.startswith("mal")]
    return Deliveries("today", ref_dir, paths, hires_files=hires, fs_file=fs, mal_files=mal)


def _year_of(path: Path) -> int | None:
    tail = path.stem.rsplit("_", 1)[-1]
    return int(tail) if tail.isdigit() else None


# --- large: 60 units, every combination every month ---------------------------------------------


def generate_large(
    out_dir: Path,
    today: date,
    *,
    months: int = 120,
    units: int = 60,
    districts: int = 12,
    seed: int = 7,
) -> Deliveries:
    """The *large* deliveries (see the module docstring) under `out_dir`; `months`, `units` and
    `districts` are smaller for a quick run."""
    out_dir = Path(out_dir)
    files, month_dir = out_dir / "files", out_dir / "month"
    for folder in (files, month_dir):
        folder.mkdir(parents=True, exist_ok=True)
    ref_dir = out_dir / "reference"
    units_frame = _write_large_reference(ref_dir, units)
    last = last_complete_month(today)
    all_months = months_back(last, months)
    rng = np.random.default_rng(seed)

    hires = _hires_grid(units_frame, all_months, rng)
    held_back = hires["Månad"] == f"{last:%Y-%m}"
    hires_files = []
    for year, frame in hires[~held_back].groupby(hires["Månad"].str[:4], sort=True):
        hires_files.append(_write_frame(frame, files / f"anstallningar_{year}.csv"))
    month_hires = _write_frame(hires[held_back], month_dir / f"anstallningar_{last:%Y-%m}.csv")
    # What became of those hired (issue 27): after the hires, whose cohorts they are checked on.
    outcome_files = write_outcome_files(hires[~held_back], files, today)

    district_frames = [_forsorjningsstod(all_months, rng, 1 / districts) for _ in range(districts)]
    total = _sum_districts(district_frames)
    fs_files = [
        _write_frame(frame.iloc[:-1], files / f"forsorjningsstod_omrade_{i:02d}.csv")
        for i, frame in enumerate(district_frames, start=1)
    ]
    fs_files.append(_write_frame(total.iloc[:-1], files / "forsorjningsstod_hela_kommunen.csv"))
    month_fs = _write_frame(total.iloc[-1:], month_dir / f"forsorjningsstod_{last:%Y-%m}.csv")

    years = sorted({m.year for m in all_months})
    mal_base = _write_mal(files / "mal.csv", units_frame, years[:-1], rng)
    month_mal = _write_mal(month_dir / f"mal_{years[-1]}.csv", units_frame, years[-1:], rng)
    return Deliveries(
        "large",
        ref_dir,
        hires_files + fs_files + [mal_base] + outcome_files,
        month=[month_hires, month_fs, month_mal],
        hires_files=hires_files + [month_hires],
        fs_file=None,  # the current figures are the total file plus the month's file
        mal_files=[mal_base, month_mal],
    )


def large_fs_files(deliveries: Deliveries) -> list[Path]:
    """The files holding the current försörjningsstöd figures of *large* (total, then month)."""
    return [
        p
        for p in deliveries.all_files
        if p.name.startswith("forsorjningsstod_") and "omrade" not in p.name
    ]


def hires_file(path: Path, rows: int, today: date, *, units: int = 60, seed: int = 11) -> Path:
    """A single hires file of exactly `rows` rows (every combination including `Från
    försörjningsstöd`, months back from the last complete month), for `ingest_rows_per_s`.
    Needs the *large* reference (its units)."""
    units_frame = _large_units(units, UNITS_SEED)
    last = last_complete_month(today)
    per_month = len(_valid_units(units_frame, last)) * len(FORMS) * len(GROUPS) * len(GENDERS)
    count = -(-rows // (per_month * len(FRAN)))
    months = months_back(last, count)
    rng = np.random.default_rng(seed)
    grid = _hires_grid(units_frame, months, rng, with_fran=True)
    return _write_frame(grid.iloc[:rows], Path(path))


def _large_units(units: int, seed: int) -> pd.DataFrame:
    """Lund's reference rows (11 valid at a time) and generated units up to `units` valid ones."""
    lund = pd.read_csv(
        DEFAULT_REFERENCE_DIR / "forvaltningar.csv", sep=";", dtype=str, keep_default_na=False
    )
    rng = np.random.default_rng(seed)
    extra = max(units - 11, 0)
    generated = pd.DataFrame(
        {
            "kod": [f"E{i:02d}" for i in range(12, 12 + extra)],
            "namn": [f"Enhet {i:02d}" for i in range(12, 12 + extra)],
            "anstallda": [str(v) for v in rng.integers(40, 1500, extra)],
            "giltig_fran": "2000-01-01",
            "giltig_till": "",
        }
    )
    if units < 11:  # a quick run: a few of Lund's own, with the SOF → ASF reorganisation
        lund = lund[lund["kod"].isin(["KK", "BSF", "VOF", "SOF", "ASF"])]
    return pd.concat([lund, generated], ignore_index=True)


def _write_large_reference(ref_dir: Path, units: int) -> pd.DataFrame:
    _copy_reference(ref_dir)
    frame = _large_units(units, UNITS_SEED)
    frame.to_csv(ref_dir / "forvaltningar.csv", sep=";", index=False)
    return frame


def _copy_reference(ref_dir: Path) -> None:
    ref_dir.mkdir(parents=True, exist_ok=True)
    for csv_file in DEFAULT_REFERENCE_DIR.glob("*.csv"):
        shutil.copy(csv_file, ref_dir / csv_file.name)


def _valid_units(units: pd.DataFrame, month: date) -> list[str]:
    first = f"{month:%Y-%m}-01"
    valid = (units["giltig_fran"] <= f"{month:%Y-%m}-31") & (
        (units["giltig_till"] == "") | (units["giltig_till"] >= first)
    )
    return list(units.loc[valid, "kod"])


def _hires_grid(
    units: pd.DataFrame, months: list[date], rng: np.random.Generator, *, with_fran: bool = False
) -> pd.DataFrame:
    """Every unit × form × group × gender (× från försörjningsstöd) for every month; about 18
    counting hires per unit and year, so a year's total is in the region of its target."""
    combos = pd.MultiIndex.from_product(
        [FORMS, GROUPS, GENDERS] + ([FRAN] if with_fran else []),
        names=["form", "grupp", "kon"] + (["fran"] if with_fran else []),
    ).to_frame(index=False)
    parts = []
    for month in months:
        codes = _valid_units(units, month)
        block = combos.loc[combos.index.repeat(len(codes))].reset_index(drop=True)
        block.insert(0, "kod", np.tile(codes, len(combos)))
        block.insert(0, "manad", f"{month:%Y-%m}")
        parts.append(block)
    grid = pd.concat(parts, ignore_index=True)
    scale = 18 / 12 / (len(FORMS) * len(GROUPS) * len(GENDERS)) / (3 if with_fran else 1)
    antal = rng.poisson(scale, len(grid))
    fran = grid["fran"] if with_fran else rng.choice(np.array(FRAN), len(grid), p=[0.3, 0.62, 0.08])
    return pd.DataFrame(
        {
            HIRES_HEADER[0]: grid["manad"],
            HIRES_HEADER[1]: grid["kod"],
            HIRES_HEADER[2]: grid["form"],
            HIRES_HEADER[3]: antal,
            HIRES_HEADER[4]: grid["kon"],
            HIRES_HEADER[5]: grid["grupp"],
            HIRES_HEADER[6]: fran,
        }
    )


def _forsorjningsstod(months: list[date], rng: np.random.Generator, share: float) -> pd.DataFrame:
    """One district's monthly key figures (a municipality ~5 times Lund's, times `share`)."""
    n = len(months)
    hushall = np.maximum(rng.normal(12_000 * share, 120 * share**0.5, n).round(), 10)
    avslutade = np.maximum(rng.normal(900 * share, 5, n).round(), 2)
    data = {
        "hushall": hushall, "barnhushall": (hushall * 0.4).round(),
        "vuxna": (hushall * 1.35).round(), "barn": (hushall * 1.0).round(),
        "unga_vuxna": (hushall * 0.16).round(), "langvarigt": (hushall * 0.45).round(),
        "utbetalt": (hushall * rng.uniform(10_000, 12_000, n)).round(2),
        "nya_hushall": np.maximum(rng.normal(880 * share, 5, n).round(), 0),
        "avslutade_hushall": avslutade, "avslut_arbete": (avslutade * 0.3).round(),
        "avslut_studier": (avslutade * 0.08).round(),
        "i_arbetsmarknadsinsats": (hushall * 0.15).round(),
    }  # fmt: skip
    frame = pd.DataFrame({"manad": [f"{m:%Y-%m}" for m in months], **data})
    return frame


def _sum_districts(frames: list[pd.DataFrame]) -> pd.DataFrame:
    total = frames[0].copy()
    for frame in frames[1:]:
        total.iloc[:, 1:] = total.iloc[:, 1:] + frame.iloc[:, 1:]
    total["utbetalt"] = total["utbetalt"].round(2)
    return total


def _write_frame(frame: pd.DataFrame, path: Path) -> Path:
    """A `;`-separated UTF-8 CSV with the contract's headers (numbers with a decimal comma)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    out = frame.copy()
    if "hushall" in out:
        out.columns = FS_HEADER
        for column in FS_HEADER[1:]:
            if column == "Utbetalt":
                out[column] = out[column].map(lambda v: f"{v:.2f}".replace(".", ","))
            else:
                out[column] = out[column].astype("int64")
    out.to_csv(path, sep=";", index=False, lineterminator="\n")
    return path


def _write_mal(path: Path, units: pd.DataFrame, years: list[int], rng: np.random.Generator) -> Path:
    """A target for the whole municipality each year and decided targets for a few units."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\n")
    writer.writerow(MAL_HEADER)
    decided = list(units.loc[units["giltig_till"] == "", "kod"].iloc[:3])
    for year in years:
        # About what the units hire (18 a year each, 7 forms of 8 counting): some years make it.
        writer.writerow([year, "", 16 * (len(units) - 1)])
        for kod in decided:
            writer.writerow([year, kod, int(rng.integers(20, 60))])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.getvalue(), encoding="utf-8")
    return path
