"""Configuration, in one place, with defaults that need nothing set.

- `ARBETSMAL_DB`: the warehouse file (default `data/warehouse.duckdb` under the project).
- `ARBETSMAL_REFERENCE`: the folder of reference CSVs (default `data/reference/`).
- `ARBETSMAL_TODAY`: an ISO date that replaces today's date (tests and demos only).
- `ARBETSMAL_GRACE_DAYS`: the days after a month's end within which a förvaltning's delivery
  is still expected, not missing (default 10; a whole number ≥ 0).
"""

from __future__ import annotations

import copy
import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from schemas.parsing import EARLIEST_YEAR  # noqa: F401  (re-exported: one home, the contract)
from schemas.reference_lists import Reference, load_reference

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "warehouse.duckdb"
DEFAULT_REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
TEMPLATES_DIR = PROJECT_ROOT / "data" / "templates"

#: The municipality's yearly goal where neither a `mal` file nor the reference says otherwise.
DEFAULT_YEARLY_TARGET = 200
#: Days after a month has ended during which a delivery still counts as expected (väntas).
DEFAULT_GRACE_DAYS = 10
#: How long a writer waits for another process to release the warehouse before giving up.
LOCK_WAIT_SECONDS = 60.0


def db_path() -> Path:
    """The warehouse file, from `ARBETSMAL_DB` or the default."""
    return Path(os.environ.get("ARBETSMAL_DB") or DEFAULT_DB_PATH)


def reference_dir() -> Path:
    """The folder of the reference CSVs."""
    return Path(os.environ.get("ARBETSMAL_REFERENCE") or DEFAULT_REFERENCE_DIR)


#: Validated reference data by (folder, content digest): reading and validating the CSVs with
#: Pandera costs about a third of a second, and every write to the warehouse, every preview and
#: every check asks for them. A changed file changes the digest, so it is read again.
_REFERENCE_CACHE: dict[tuple[str, str], Reference] = {}
_REFERENCE_LOCK = threading.Lock()


def reference_digest(folder: Path) -> str:
    """A digest of the names and bytes of the folder's CSVs (a few kilobytes)."""
    digest = hashlib.sha256()
    try:
        files = sorted(folder.glob("*.csv"))
    except OSError:
        files = []
    for file in files:
        try:
            content = file.read_bytes()
        except OSError:
            continue
        digest.update(file.name.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


def reference() -> Reference:
    """The reference data in force (validated; raises `RejectedFile` in Swedish when it is not).
    Each caller gets its own copy of the frames; unchanged files are validated once per process."""
    folder = reference_dir()
    key = (str(folder.resolve()), reference_digest(folder))
    with _REFERENCE_LOCK:
        cached = _REFERENCE_CACHE.get(key)
    if cached is None:
        cached = load_reference(folder)  # raises on an invalid file: nothing is cached then
        with _REFERENCE_LOCK:
            if len(_REFERENCE_CACHE) >= 16:
                _REFERENCE_CACHE.clear()
            _REFERENCE_CACHE[key] = cached
    return copy.deepcopy(cached)


def today() -> date:
    """Today's date, or `ARBETSMAL_TODAY` where set (so tests do not depend on the clock)."""
    override = os.environ.get("ARBETSMAL_TODAY")
    return date.fromisoformat(override) if override else date.today()


class ConfigError(ValueError):
    """A setting that cannot be used; the message is Swedish and says which and why."""


def grace_days() -> int:
    """The grace period for deliveries in days, from `ARBETSMAL_GRACE_DAYS` or the default.
    Raises `ConfigError` (Swedish) when the setting is not a whole number ≥ 0."""
    raw = os.environ.get("ARBETSMAL_GRACE_DAYS")
    if raw is None or not raw.strip():
        return DEFAULT_GRACE_DAYS
    text = raw.strip()
    if not text.isascii() or not text.isdigit():
        raise ConfigError(
            f"Inställningen ARBETSMAL_GRACE_DAYS måste vara ett helt antal dagar, 0 eller fler "
            f"(den är {raw!r}). Ändra den eller ta bort den för standardvärdet "
            f"{DEFAULT_GRACE_DAYS} dagar."
        )
    return int(text)


def current_month() -> date:
    """The first day of the current month."""
    t = today()
    return date(t.year, t.month, 1)


@contextmanager
def pointing_at(db: Path, reference: Path, today: date | str) -> Iterator[None]:
    """Set `ARBETSMAL_DB`, `ARBETSMAL_REFERENCE` and `ARBETSMAL_TODAY` for a while (a build of
    a warehouse in tests and benchmarks), and put back what was there before."""
    values = {
        "ARBETSMAL_DB": str(db),
        "ARBETSMAL_REFERENCE": str(reference),
        "ARBETSMAL_TODAY": today if isinstance(today, str) else today.isoformat(),
    }
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
