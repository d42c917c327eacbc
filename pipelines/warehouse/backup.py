"""Backups of the warehouse: a consistent copy while the app runs, and a checked restore.

- `backup(out_dir)` holds a read-only connection to the warehouse while it copies the file (and
  its write-ahead log, if a crashed writer left one): DuckDB lets no process write while a
  reader holds the file, so the copy is one committed state, never half a transaction. Readers
  (the app's pages) go on; a writer waits a moment, as it does for any reader. The copy is then
  made one self-contained file (the log folded in) and gets a manifest beside it
  (`<name>.json`): its SHA-256 and, per table and sequence, the row count and a fingerprint of
  the contents.
- `check(file)` says whether a file can be restored: it exists, it is a DuckDB database holding
  Arbetsmål's tables, and it matches its manifest byte for byte and table for table. The
  manifest is required; `without_manifest=True` (the command line's `--utan-manifest`) is the
  explicit choice to restore a file without one, checked as a database only. Every problem is
  one Swedish sentence: DuckDB's and the OS's English goes to the log (`schemas.boundary`).
- `restore(file)` checks, copies the file next to the warehouse, checks the copy, keeps the
  current warehouse as a backup of its own (`sakerhetskopior/fore-aterstallning-…` beside it),
  and then, holding the warehouse exclusively, puts the copy in its place in one rename.
  Nothing changes when a check fails.

The audit lines for a backup and a restore are written by the caller (the command line), since
the warehouse does not import the writer layer.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from pipelines import config, warehouse
from schemas.boundary import swedish

log = logging.getLogger(__name__)

#: Tables a warehouse of Arbetsmål always has: a file without them is not one.
REQUIRED_TABLES = ("ingest_log", "slice_version", "anstallningar_version")
PREFIX = "arbetsmal"
SAFETY_PREFIX = "fore-aterstallning"
#: Where a restore keeps the warehouse it replaces: a folder beside the warehouse.
SAFETY_FOLDER = "sakerhetskopior"
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message is Swedish, for the user."""


@dataclass
class BackupResult:
    """A backup written: the database file, its manifest and what it holds."""

    path: Path
    manifest_path: Path
    tables: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass
class CheckResult:
    """What `check` found: `problems` empty means the file can be restored."""

    path: Path
    problems: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    manifest: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str | int]]:
    """Per table: row count and an order-independent hash of all its rows; per sequence: its
    last value. Two databases with equal fingerprints hold the same data."""
    result: dict[str, dict[str, str | int]] = {}
    tables = con.execute(
        "select table_name from duckdb_tables() "
        "where schema_name = 'main' and not temporary order by table_name"
    ).fetchall()
    for (table,) in tables:
        count, digest = con.execute(
            f"select count(*), coalesce(sum(hash(t)::hugeint) % 18446744073709551616, 0) "
            f'from "{table}" t'
        ).fetchone()
        result[f"tabell:{table}"] = {"rader": int(count), "innehall": str(digest)}
    for name, last in con.execute(
        "select sequence_name, last_value from duckdb_sequences() "
        "where schema_name = 'main' order by sequence_name"
    ).fetchall():
        result[f"sekvens:{name}"] = {"senaste": -1 if last is None else int(last)}
    return result


def _table_counts(prints: dict[str, dict[str, str | int]]) -> dict[str, int]:
    return {
        key.split(":", 1)[1]: int(value["rader"])
        for key, value in prints.items()
        if key.startswith("tabell:")
    }


def _free_name(folder: Path, prefix: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{prefix}-{stamp}.duckdb"
    number = 2
    while candidate.exists() or candidate.with_suffix(".json").exists():
        candidate = folder / f"{prefix}-{stamp}-{number}.duckdb"
        number += 1
    return candidate


def _fold_log(path: Path) -> None:
    """Make a private copy self-contained: fold its write-ahead log into the file."""
    con = duckdb.connect(str(path))
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()
    _wal(path).unlink(missing_ok=True)


def _read_prints(path: Path) -> dict[str, dict[str, str | int]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return fingerprint(con)
    finally:
        con.close()


def backup(
    out_dir: Path,
    db: Path | None = None,
    *,
    prefix: str = PREFIX,
    wait: float | None = None,
) -> BackupResult:
    """Write a consistent copy of the warehouse into `out_dir` (created if missing)."""
    live = Path(db or config.db_path())
    if not live.is_file():
        raise BackupError(f"Databasen {live} finns inte: det finns inget att säkerhetskopiera.")
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("backup folder %s: %s", out_dir, exc)
        raise BackupError(f"Mappen {out_dir} kan inte skapas: {swedish(exc)}.") from exc
    target = _free_name(out_dir, prefix)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with warehouse._process_lock:
            con = warehouse._connect_with_retry(
                live, True, config.LOCK_WAIT_SECONDS if wait is None else wait, None
            )
            try:  # no process can write while this reader holds the file
                shutil.copyfile(live, tmp)
                if _wal(live).exists():
                    shutil.copyfile(_wal(live), _wal(tmp))
            finally:
                con.close()
        _fold_log(tmp)
        prints = _read_prints(tmp)
        manifest = {
            "program": "Arbetsmål",
            "fil": target.name,
            "skapad": datetime.now().replace(microsecond=0).isoformat(),
            "databas": live.name,
            "duckdb": duckdb.__version__,
            "sha256": _sha256(tmp),
            "innehall": prints,
        }
        os.replace(tmp, target)
    except (OSError, duckdb.Error) as exc:
        log.warning("backup to %s failed: %s", out_dir, exc)
        raise BackupError(
            f"Säkerhetskopian kunde inte skrivas till {out_dir}: {swedish(exc)}."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
        _wal(tmp).unlink(missing_ok=True)
    manifest_path = target.with_suffix(".json")
    manifest_path.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return BackupResult(target, manifest_path, _table_counts(prints))


def check(file: Path, *, without_manifest: bool = False) -> CheckResult:
    """Whether `file` can be restored (see the module docstring); never raises for a bad file."""
    file = Path(file)
    result = CheckResult(file)
    if not file.is_file():
        result.problems.append(f"Filen {file} finns inte.")
        return result
    with open(file, "rb") as handle:
        head = handle.read(16)
    if head[8:12] != _DUCKDB_MAGIC:
        result.problems.append(f"{file.name} är ingen DuckDB-databas (ingen säkerhetskopia).")
        return result
    manifest_path = file.with_suffix(".json")
    if not manifest_path.is_file() and not without_manifest:
        result.problems.append(
            f"Manifestet {manifest_path.name} saknas bredvid {file.name}, så det går inte att "
            "kontrollera att säkerhetskopian är hel. Lägg manifestet bredvid filen, eller välj "
            "uttryckligen att återställa utan det (`restore --utan-manifest`)."
        )
        return result
    if manifest_path.is_file():
        try:
            result.manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            result.problems.append(f"Manifestet {manifest_path.name} går inte att läsa.")
            return result
        if result.manifest.get("sha256") != _sha256(file):
            result.problems.append(
                f"{file.name} har ändrats eller skadats sedan säkerhetskopian togs "
                f"(kontrollsumman stämmer inte med {manifest_path.name})."
            )
            return result
    if _wal(file).exists():
        result.problems.append(
            f"Bredvid {file.name} ligger en loggfil ({_wal(file).name}): säkerhetskopian är "
            "inte fristående. Ta en ny säkerhetskopia med `python -m pipelines backup`."
        )
        return result
    try:
        prints = _read_prints(file)
    except duckdb.Error as exc:
        log.warning("backup %s cannot be read: %s", file, exc)
        result.problems.append(f"{file.name} går inte att läsa som databas ({swedish(exc)}).")
        return result
    result.tables = _table_counts(prints)
    missing = [t for t in REQUIRED_TABLES if t not in result.tables]
    if missing:
        result.problems.append(
            f"{file.name} är ingen databas från Arbetsmål (tabell saknas: {', '.join(missing)})."
        )
        return result
    if result.manifest is not None and result.manifest.get("innehall") != prints:
        differs = sorted(
            key.split(":", 1)[1]
            for key in set(prints) | set(result.manifest.get("innehall") or {})
            if prints.get(key) != (result.manifest.get("innehall") or {}).get(key)
        )
        result.problems.append(
            f"Innehållet i {file.name} stämmer inte med manifestet ({', '.join(differs)})."
        )
    return result


@dataclass
class RestoreResult:
    """A restore done: from which file, and where the replaced warehouse was kept."""

    source: Path
    db: Path
    tables: dict[str, int]
    previous: Path | None


def restore(
    file: Path,
    db: Path | None = None,
    *,
    wait: float | None = None,
    without_manifest: bool = False,
) -> RestoreResult:
    """Check `file` and put it in place of the warehouse (see the module docstring)."""
    file = Path(file)
    checked = check(file, without_manifest=without_manifest)
    if not checked.ok:
        raise BackupError(" ".join(checked.problems))
    live = Path(db or config.db_path())
    live.parent.mkdir(parents=True, exist_ok=True)
    tmp = live.with_name(f".{live.name}.aterstalls-{os.getpid()}")
    try:
        shutil.copyfile(file, tmp)  # a fresh modification time: the pages' caches see a change
        if _read_prints(tmp) != _read_prints(file):
            raise BackupError(
                f"Kopian av {file.name} blev inte lik originalet; inget har ändrats. "
                "Kontrollera att disken har plats och försök igen."
            )
        previous = None
        if live.exists():
            previous = backup(
                live.parent / SAFETY_FOLDER, live, prefix=SAFETY_PREFIX, wait=wait
            ).path
        with warehouse._process_lock:
            con = (
                warehouse._connect_with_retry(
                    live, False, config.LOCK_WAIT_SECONDS if wait is None else wait, None
                )
                if live.exists()
                else None
            )
            try:  # nobody else holds the warehouse now; its log is folded in, so none is left
                if con is not None:
                    con.execute("CHECKPOINT")
                os.replace(tmp, live)
                _wal(live).unlink(missing_ok=True)
            finally:
                if con is not None:
                    con.close()
            warehouse._ensured.discard(live.resolve())
    except (OSError, duckdb.Error) as exc:
        log.warning("restore from %s failed: %s", file, exc)
        raise BackupError(
            f"Återställningen kunde inte göras: {swedish(exc)}. Databasen är oförändrad."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return RestoreResult(file, live, checked.tables, previous)
