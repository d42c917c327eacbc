"""The first view after a change is warm (issue 28): the app's query cache remembers the calls
the pages made, and after a store recomputes them under the new warehouse version, so the first
visitor finds them computed (`pipelines.app.cache`). No timing here: what is computed, and when a
page's call reaches the warehouse."""

from __future__ import annotations

import time

import pytest

from helpers import HIRES_HEADER, csv_bytes
from pipelines import config, warehouse
from pipelines.app import cache
from pipelines.ingest.store import ingest_bytes
from pipelines.queries import base
from pipelines.queries.goal import available_years
from pipelines.queries.report import monthly_report, report_months

MARCH = [HIRES_HEADER, "2026-03;KK;lonestod;2;;;"]
APRIL = [HIRES_HEADER, "2026-04;KK;lonestod;3;;;"]
MAY = [HIRES_HEADER, "2026-05;KK;lonestod;1;;;"]


def _counting(monkeypatch) -> list[str]:
    """The names of the queries that reach the warehouse from now on."""
    reached: list[str] = []
    real = base.run_uncached

    def counted(name, db, args, kwargs):
        reached.append(name.rsplit(".", 1)[-1])
        return real(name, db, args, kwargs)

    monkeypatch.setattr(base, "run_uncached", counted)
    return reached


def test_after_a_store_the_remembered_calls_and_the_newest_month_are_warm(empty_db, monkeypatch):
    cache.clear()
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    assert available_years() == [2026]  # a page's call, remembered
    assert [m.month for m in report_months()] == [3]
    ingest_bytes(csv_bytes(APRIL), "april.csv")  # the warehouse changes
    reached = _counting(monkeypatch)
    db = config.db_path()
    assert cache.warm(db) >= 2
    assert {"available_years", "report_months", "monthly_report"} <= set(reached)
    reached.clear()
    # The first visitor after the change: the newest month (April, asked by nobody before) and
    # the remembered calls come from the cache.
    newest = report_months()[0]
    assert newest.month == 4
    monthly_report(newest)
    available_years()
    assert reached == []
    assert warehouse.version(db) is not None


def test_the_watcher_warms_after_a_store_from_elsewhere(empty_db, monkeypatch):
    monkeypatch.setenv("ARBETSMAL_WARM_CACHE", "1")
    monkeypatch.setattr(cache, "WATCH_EVERY_S", 0.05)
    cache.clear()
    cache.stop_watcher()
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    # The page's call is remembered, but the store below lands before the watcher's first look
    # (as on a fast machine, CI's failure): the watcher starts from the version the call was
    # computed under, so the store is still a change to warm.
    with pytest.MonkeyPatch.context() as held:
        held.setattr(cache, "_start_watcher", lambda: None)
        assert available_years() == [2026]
    db = config.db_path()
    ingest_bytes(csv_bytes(APRIL), "april.csv")
    cache._start_watcher()
    deadline = time.monotonic() + 120  # a failure condition, not a timing
    while cache.warmed_version(db) != warehouse.version(db):
        assert time.monotonic() < deadline, "the watcher did not warm the new version"
        time.sleep(0.05)
    reached = _counting(monkeypatch)
    available_years()
    assert reached == []
    cache.stop_watcher()


def test_after_a_store_the_export_follow_up_asked_before_is_warm(empty_db, monkeypatch):
    # Export's first view after a change: the follow-up asked for before the store is computed
    # again by the warm-up, so the page's next call finds it (no collect at the visit).
    from pipelines.app import followup

    cache.clear()
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    available_years()  # a page's query: the warm-up's warehouse
    collected: list[tuple] = []
    real = followup.collect_followup

    def counted(year, **kwargs):
        collected.append((year, kwargs["publication"]))
        return real(year, **kwargs)

    monkeypatch.setattr(followup, "collect_followup", counted)
    before = followup.cached_followup(2026, False)
    assert collected == [(2026, False)]
    ingest_bytes(csv_bytes(APRIL), "april.csv")
    cache.warm(config.db_path())
    assert collected == [(2026, False), (2026, False)]
    after = followup.cached_followup(2026, False)  # the visitor after the store
    assert len(collected) == 2
    assert after is not before and after.data_version == warehouse.version(config.db_path())
    cache.clear()
    ingest_bytes(csv_bytes(MAY), "maj.csv")
    cache.warm(config.db_path())
    assert len(collected) == 2  # forgotten with the cache: not made again


def test_a_view_makes_again_only_its_latest_calls_and_keeps_its_own_number(empty_db):
    """Export's follow-up costs seconds: its view remembers its last two calls and keeps eight
    results, whatever the pages' views do (`cache.view(kept=…, remembered=…)`)."""
    made: list[int] = []

    @cache.view(kept=2, remembered=1)
    def costly(year: int) -> list[int]:
        made.append(year)
        return [year, *(m.month for m in report_months())]

    cache.clear()
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    first = costly(2024)
    costly(2025)
    costly(2026)
    assert made == [2024, 2025, 2026]
    assert costly(2026) is costly(2026) and made == [2024, 2025, 2026]
    costly(2024)  # pushed out by the two after it: made again
    assert made == [2024, 2025, 2026, 2024] and costly(2024) == first
    ingest_bytes(csv_bytes(APRIL), "april.csv")
    made.clear()
    cache.warm(config.db_path())
    assert made == [2024]  # only the latest call, not the three before it
    assert costly(2024) == [2024, 4, 3] and made == [2024]


_made: list[str] = []  # each time the view below is made


@cache.view
def _months_seen() -> list[int]:
    """A view for the tests below: the months read in, from a query."""
    _made.append("made")
    return [m.month for m in report_months()]


def test_a_view_is_made_once_per_warehouse_version_and_shared(empty_db, monkeypatch):
    cache.clear()
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    reached = _counting(monkeypatch)
    first = _months_seen()
    assert first == [3]
    assert reached == ["report_months"]
    assert _months_seen() is first  # the same object for every session: not made again
    assert reached == ["report_months"]
    ingest_bytes(csv_bytes(APRIL), "april.csv")  # any store makes a new one
    assert _months_seen() == [4, 3]
    assert reached == ["report_months", "report_months"]


def test_after_a_store_a_view_asked_before_is_warm(empty_db, monkeypatch):
    cache.clear()
    ingest_bytes(csv_bytes(MARCH), "mars.csv")
    assert _months_seen() == [3]
    ingest_bytes(csv_bytes(APRIL), "april.csv")
    _made.clear()
    cache.warm(config.db_path())
    assert _made == ["made"]  # made again by the warm-up, under the new version
    assert _months_seen() == [4, 3]  # the first visitor after the change finds it made
    assert _made == ["made"]
