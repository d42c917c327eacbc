"""How much protecting a release against every earlier one costs: the 2026 package of the test
fixture's warehouse protected alone, and protected against 12 earlier releases (2025 after
August … December and 2026 after January … July, each published and recorded as the warehouse
lived through the months), with the attacker's audit over all releases together.

    python -m benchmarks.measure_ledger

Prints two ratios (the issue's bound, "protecting a release against 12 earlier ones stays within
2× the time of protecting it alone", is ≤ 2 for each):

- *narrow* (`protect_package` only): alone is `published.protect_package` of the package's own
  ledger, without any audit; against is `protect_package` of the package tied to the 12
  releases plus `audit_releases` over all 13. The two sides do not do the same kind of work (the
  audit is only on one side), and the package against the ledger needs more suppressions than
  alone, so this ratio is the cost of the ledger's protection measured against the smallest
  possible base.
- *whole step* (what the user waits for): `collect_followup(2026, publication=True)`, the
  product's own path (reading the warehouse, the earlier years' packages, the protection, the
  tables and charts, the audit of every table the package shows and, with a ledger, the audit
  against every earlier release), on a copy of the warehouse whose release ledger is empty
  against the warehouse with the 12 releases.

Each narrow figure is the best of five (alone takes a few hundredths of a second, so its noise
weighs most in the ratio), each whole step the best of three. Each run starts from nothing
remembered of the new release (`published._PROTECTIONS` and the settled groups of
`disclosure_audit` cleared); what the earlier releases alone establish (their groups already
certified, `disclosure_audit._SETTLED`) is worked out before the clock starts, as the audit of
the last release left it in a running app. The cold figure is the narrow protection against
the ledger with nothing remembered at all (as in a fresh process).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from pipelines import warehouse
from pipelines.config import pointing_at
from pipelines.domain import disclosure_audit
from pipelines.domain.disclosure_history import audit_releases, release_of
from pipelines.ingest.release import record_release
from pipelines.ingest.store import ingest_file
from pipelines.outputs.followup import published
from pipelines.outputs.followup.collect import _read, collect_followup
from pipelines.queries.release import earlier_releases

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def _subset(source: Path, folder: Path, months: set[str], name: str) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines[1:] if line.split(";")[0] in months]
    path = folder / name
    path.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    return path


def _publish(db: Path, year: int) -> None:
    with warehouse.read(db) as con:
        data = _read(con, year, whole=False)
    with warehouse.read(db) as con:
        history = earlier_releases.direct(con)
    ledger, protection = published.protect_package(data, year, earlier=history)
    release = _release(data, year, ledger, protection)
    record_release(release, f"uppfoljning_{year}_publicering.zip", db=db)


def _release(data: dict, year: int, ledger, protection):
    """The release of a protected package (what each quantity shows, the rounded bases)."""
    shown = {k: protection.show(k, v) for k, v in ledger.values.items()}
    last = int(data["overview"].forecast.last_month)
    rounded = {k: base for k, (_, base) in protection.rounded.items()}
    return release_of("paket", year, last, ledger, shown, rounded)


def _from_nothing_remembered(earlier, warm: bool = True) -> None:
    """Forget the new release's protection and settled groups; with `warm`, settle the earlier
    releases' own groups first, as the audit of the last release left them in a running app."""
    published._PROTECTIONS.clear()
    disclosure_audit.forget()
    if earlier and warm:
        assert audit_releases(earlier).ok


def _protect(db: Path, earlier, *, warm: bool = True, runs: int = 5) -> float:
    with warehouse.read(db) as con:
        data = _read(con, 2026, whole=False)
    best = float("inf")
    for _ in range(runs):
        _from_nothing_remembered(earlier, warm)
        start = time.perf_counter()
        ledger, protection = published.protect_package(data, 2026, earlier=earlier)
        if earlier:
            verdict = audit_releases([*earlier, _release(data, 2026, ledger, protection)])
            assert verdict.ok, verdict.message()
        best = min(best, time.perf_counter() - start)
    return best


def _whole_step(db: Path, earlier, runs: int = 3) -> float:
    """The best time of `collect_followup(2026, publication=True)` on `db` (its release ledger
    is `earlier`)."""
    best = float("inf")
    for _ in range(runs):
        _from_nothing_remembered(earlier)
        start = time.perf_counter()
        followup = collect_followup(2026, publication=True, db=db)
        best = min(best, time.perf_counter() - start)
        assert followup.release is not None
    return best


def _without_releases(db: Path, folder: Path) -> Path:
    """A copy of the warehouse `db` whose release ledger is empty."""
    import duckdb

    copy = folder / "without_releases.duckdb"
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    try:
        for table in ("release_relation", "release_quantity", "release"):
            con.execute(f"delete from {table}")
    finally:
        con.close()
    return copy


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="ledger_bench"))
    reference = folder / "reference"
    reference.mkdir()
    for csv in (ROOT / "data" / "reference").glob("*.csv"):
        shutil.copy(csv, reference / csv.name)
    shutil.copy(FIXTURES / "reference" / "forvaltningar.csv", reference / "forvaltningar.csv")
    db = folder / "warehouse.duckdb"
    hires = {2025: FIXTURES / "warehouse" / "anstallningar_2025.csv"}
    hires[2026] = FIXTURES / "warehouse" / "anstallningar_2026.csv"
    steps = [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 9)]
    with pointing_at(db, reference, "2026-09-15"):
        ingest_file(FIXTURES / "warehouse" / "forsorjningsstod.csv", source="test")
        ingest_file(FIXTURES / "warehouse" / "mal_2026.csv", source="test")
    for year, month in steps:
        path = _subset(hires[year], folder, {f"{year}-{month:02d}"}, f"h_{year}_{month}.csv")
        with pointing_at(db, reference, "2026-09-15"):
            ingest_file(path, source="test")
            if (year, month) >= (2025, 8) and (year, month) < (2026, 8):
                _publish(db, year)
    with pointing_at(db, reference, "2026-09-15"):
        with warehouse.read(db) as con:
            earlier = earlier_releases.direct(con)
        alone = _protect(db, [])
        against = _protect(db, earlier)
        cold = _protect(db, earlier, warm=False, runs=1)
    empty = _without_releases(db, folder)
    with pointing_at(empty, reference, "2026-09-15"):
        with warehouse.read(empty) as con:
            assert earlier_releases.direct(con) == []
        step_alone = _whole_step(empty, [])
    with pointing_at(db, reference, "2026-09-15"):
        step_against = _whole_step(db, earlier)
    print(f"earlier releases: {len(earlier)}")
    print(
        f"narrow (protect_package alone, no audit; against: protection and audit_releases): "
        f"alone {alone:.2f} s; against them {against:.2f} s; ratio {against / alone:.2f}"
    )
    print(f"narrow, against them with nothing remembered (a fresh process): {cold:.2f} s")
    print(
        f"whole step (collect_followup(2026, publication=True)): empty ledger "
        f"{step_alone:.2f} s; against them {step_against:.2f} s; "
        f"ratio {step_against / step_alone:.2f}"
    )
    if not os.environ.get("LEDGER_BENCH_KEEP"):  # kept: to profile the warehouse again
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"warehouse kept: {db}")


if __name__ == "__main__":
    main()
