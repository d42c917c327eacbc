"""The goal pages in Debian's Chromium: Översikt (the default page, at the app's root),
Förvaltningar and a drill-down link, on the fixture warehouse. Asserts the key numbers in the
rendered text, that no Streamlit error box is shown, and saves full-page screenshots under
tests/artifacts/ (git-ignored).

Figures by hand: 112 of 200 by August 2026 (56 %); VOF 42 of its decided 70 (60 %).
"""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS, wait_for_app

pytestmark = pytest.mark.browser

ERROR_BOXES = "[data-testid='stException'], [data-testid='stAlert']"


def open_page(page, url: str, ready_text: str) -> str:
    """Open `url`, wait until the script has run and `ready_text` is shown; the page's text with
    non-breaking spaces as plain ones."""
    page.goto(url)
    wait_for_app(page, 90_000)
    page.get_by_text(ready_text, exact=False).first.wait_for(timeout=90_000)
    wait_for_app(page, 90_000)
    return page.inner_text("[data-testid='stMain']").replace("\u00a0", " ")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_oversikt(app_url, page):
    # Översikt is the navigation's default page: Streamlit serves it at the root.
    text = open_page(page, f"{app_url}/?ar=2026", "Sammanfattning")
    assert "Anställningar 2026, till och med augusti 2026" in text
    assert "112" in text and "56 %" in text
    assert "112 av 200 (56 %)" in text
    assert "163–188" in text  # the forecast interval
    assert "Till och med augusti 2026 har 112 personer anställts, 56 % av årets mål på 200." in text
    assert "1 980" in text  # households with försörjningsstöd in August 2026
    assert page.locator(ERROR_BOXES).count() == 0
    assert page.locator(".js-plotly-plot").count() >= 2
    screenshot(page, "goal_oversikt.png")


def test_forvaltningar(app_url, page):
    page.goto(app_url)  # the root first: it registers the app's navigation in the server
    wait_for_app(page, 90_000)
    text = open_page(page, f"{app_url}/forvaltningar?ar=2026", "Alla förvaltningar 2026")
    assert "Vård- och omsorgsförvaltningen" in text
    assert "Andel av måltalet 2026" in text
    assert page.locator("table.a11y-table").count() >= 1
    assert page.locator(ERROR_BOXES).count() == 0
    screenshot(page, "goal_forvaltningar.png")


def test_drill_down_link(app_url, page):
    page.goto(app_url)
    wait_for_app(page, 90_000)
    text = open_page(page, f"{app_url}/forvaltningar?ar=2026&forvaltning=VOF", "Vilka anställdes")
    assert "Vård- och omsorgsförvaltningen 2026" in text
    assert "Måltal (beslutat)" in text
    assert "42" in text and "70" in text and "60 %" in text
    assert "Efter" in text
    assert "forvaltning=VOF" in page.url
    assert page.locator(ERROR_BOXES).count() == 0
    screenshot(page, "goal_forvaltning_vof.png")
