"""The Uppföljning page in Debian's Chromium with the fixture follow-up stored (issue 27): at
desktop (1400 px) and phone (390 px) width no WCAG 2.1 A/AA violation (axe-core), no error, the
page no wider than the screen (wide tables scroll inside their own box), the chart with its text
alternative, the missing deliveries listed; and Översikt's line links to the page's year."""

from __future__ import annotations

import shutil

import pytest
from test_browser_a11y import open_page, violations

from conftest import FIXTURES, TODAY, running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def followed_app(tmp_path_factory, reference_dir, fixture_db_master):
    from pipelines.config import pointing_at
    from pipelines.ingest.store import ingest_file

    folder = tmp_path_factory.mktemp("uppfoljning_app")
    db = folder / "warehouse.duckdb"
    shutil.copy(fixture_db_master, db)
    with pointing_at(db, reference_dir, TODAY):
        path = FIXTURES / "uppfoljning" / "uppfoljning_2025.csv"
        assert ingest_file(path, kind="uppfoljning", source="test").outcome == "lagrad"
    with running_app(folder, db, reference_dir) as url:
        yield url


@pytest.mark.parametrize("width", [1400, 390])
def test_the_page_is_accessible_and_fits_the_screen(browser, followed_app, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="sv-SE")
    tab = context.new_page()
    try:
        open_page(tab, f"{followed_app}/uppfoljning?ar=2025")
        assert violations(tab) == []
        assert tab.locator("[data-testid='stException']").count() == 0
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        body = tab.inner_text("body")
        assert "Vad hände med dem som anställdes 2025?" in body
        assert "3 uppföljningar är uppnådda och förfallna men inte levererade." in body
        assert tab.locator(".js-plotly-plot").count() == 1
        alt = tab.locator("p", has_text="Siffrorna finns i tabellen under diagrammet.")
        assert alt.count() == 1
    finally:
        context.close()


def test_oversikt_links_to_the_year_it_speaks_of(browser, followed_app):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="sv-SE")
    tab = context.new_page()
    try:
        open_page(tab, f"{followed_app}/")
        assert "Av dem som anställdes 2025 var 43\u00a0% kvar i anställning" in tab.inner_text(
            "body"
        )
        tab.get_by_role("link", name="Till sidan Uppföljning").click()
        tab.wait_for_url("**/uppfoljning?ar=2025", timeout=60_000)
        tab.wait_for_selector("text=Anställda 2025", timeout=60_000)
    finally:
        context.close()
