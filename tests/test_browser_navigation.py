"""Navigation as a colleague's link meets it: the first request after a server start is a deep
link, and the page still opens inside the app (its navigation, titles and filters)."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fresh_app(app_on_a_copy):
    """The app on its own copy of the fixture warehouse (its first request is a deep link)."""
    return app_on_a_copy("fresh_app")


def test_deep_link_as_first_request_opens_the_page_inside_the_app(fresh_app, page):
    page.goto(f"{fresh_app}/forvaltningar?ar=2026&forvaltning=VOF")
    # The first run notices the old page mode and reruns through app.py: wait for that.
    page.wait_for_function(
        "() => (document.querySelector(\"[data-testid='stSidebarNav']\") || {}).innerText"
        "?.includes('Förvaltningar')",
        timeout=30_000,
    )
    wait_for_app(page)
    nav = page.inner_text("[data-testid='stSidebarNav']")
    assert "Förvaltningar" in nav and "Översikt" in nav
    assert "forvaltningar" not in nav.split()  # not the bare file names of the old page mode
    main = page.inner_text("[data-testid='stMain']")
    assert "Vård- och omsorgsförvaltningen 2026" in main
    assert page.locator("[data-testid='stException']").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "deep_link_first_request.png"), full_page=True)
