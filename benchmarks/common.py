"""What the benchmark's parts share: sizes and options, a result, the environment that points
the pipelines at one warehouse, timing and ingest helpers."""

from __future__ import annotations

import hashlib
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from benchmarks import generate
from pipelines import config


@dataclass
class Sizes:
    large_months: int = 120
    large_units: int = 60
    districts: int = 12
    #: The largest hires file the gate lets in: the contract's 20 MB (a 1 000 000-row file is
    #: 44 MB and is refused, as any file over the limit).
    ingest_rows: int = 400_000
    runs: int = 3  # page and month rounds
    ingest_runs: int = 3  # rounds of the `ingest_rows` file
    export_runs: int = 2
    today_first_year: int | None = None  # None: from 2021, as Lund has it


QUICK = Sizes(
    large_months=14,
    large_units=6,
    districts=3,
    ingest_rows=5_000,
    runs=1,
    ingest_runs=1,
    export_runs=1,
)


@dataclass
class Options:
    out_dir: Path  # results.json and results.md
    work_dir: Path  # generated files and warehouses
    sizes: Sizes = field(default_factory=Sizes)
    only: list[str] = field(default_factory=list)  # name patterns; empty: everything
    skip: list[str] = field(default_factory=list)  # name patterns left out
    today: date = field(default_factory=date.today)
    reuse: bool = False  # keep warehouses built by an earlier run with the same files
    quick: bool = False


@dataclass
class Result:
    name: str
    value: float | None
    unit: str
    target: float | None = None
    better: str | None = None  # "lower" | "higher" | None (no target)
    note: str = ""

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value <= self.target if self.better == "lower" else self.value >= self.target

    def as_json(self) -> dict:
        value = None if self.value is None else round(self.value, 3)
        entry = {"value": value, "unit": self.unit, "target": self.target}
        if self.better:
            entry.update(better=self.better, met=self.met)
        if self.note:
            entry["note"] = self.note
        return entry


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


#: Point the pipelines at one warehouse for a while (`pipelines.config.pointing_at`).
environment = config.pointing_at


def timed(func: Callable[[], object]) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def ingest_files(paths: list[Path], db: Path) -> None:
    from pipelines.ingest.store import ingest_file

    for path in paths:
        result = ingest_file(path, source="benchmark", db=db)
        if result.outcome != "lagrad":
            messages = "; ".join(f.format() for f in result.findings[:5])
            raise RuntimeError(f"{path.name} was not stored ({result.outcome}): {messages}")


def fingerprint(d: generate.Deliveries) -> str:
    """What the warehouse was built from: every file's name and content hash, and the reference."""
    files = d.all_files + sorted(d.reference_dir.glob("*.csv"))
    return "\n".join(f"{p.name}:{hashlib.sha256(p.read_bytes()).hexdigest()}" for p in files)


def remove_db(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def machine_info() -> dict:
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(terse=True),
    }
