"""Accessibility in Debian's Chromium (issue 17, WCAG 2.1 AA): axe-core finds no violation of the
WCAG 2.1 A and AA rules on any page, at desktop (1400 px) and phone (390 px) width; the page is
in Swedish (`lang="sv"`) and so are Streamlit's own words (`pipelines/app/a11y.py`); `/oversikt`
shows Översikt without a "Page not found" dialog; charts have no toolbar and a text alternative.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import wait_for_app

pytestmark = pytest.mark.browser

PAGES = [
    "",  # Översikt, the default page, at the root
    "forvaltningar",
    "forsorjningsstod",
    "sysselsattningskrav",
    "uppfoljning",
    "manadsrapport",
    "importera",
    "datakvalitet",
    "export",
]
WIDTHS = [1400, 390]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def tabs(browser):
    """One tab per width, kept for the module (each page opened in turn)."""
    contexts = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="sv-SE")
        contexts[width] = (context, context.new_page())
    yield {width: tab for width, (_, tab) in contexts.items()}
    for context, _ in contexts.values():
        context.close()


def open_page(tab, url: str) -> None:
    tab.goto(url)
    wait_for_app(tab, 90_000)
    tab.wait_for_timeout(500)  # the a11y script's observer has run over the last changes


def violations(tab) -> list[str]:
    result = Axe().run(
        tab,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result.response["violations"]
    ]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violation_and_swedish(app_url, tabs, path, width):
    tab = tabs[width]
    open_page(tab, f"{app_url}/{path}")
    assert tab.evaluate("document.documentElement.lang") == "sv"
    assert violations(tab) == []
    assert tab.locator("[data-testid='stException']").count() == 0


def test_streamlit_words_are_swedish(app_url, page):
    open_page(page, f"{app_url}/forvaltningar?ar=2026")
    body = page.inner_text("body")
    for english in ("Skip to main content", "Choose an option", "Upload"):
        assert english not in body
    assert page.get_by_role("link", name="Hoppa till sidans innehåll").count() == 1
    assert page.locator("[aria-label='Main menu'], [aria-label='Collapse sidebar']").count() == 0
    menu = page.get_by_role("button", name="Meny")
    menu.click()
    items = page.locator("[role='menuitemradio'], [role='menuitem']").all_inner_texts()
    page.keyboard.press("Escape")
    assert [item.split()[-1] for item in items[:3]] == ["datorn", "Ljust", "Mörkt"], items
    assert items[3:] == ["Skriv ut", "Spela in skärmen"], items


def test_charts_have_no_toolbar_and_a_text_alternative(app_url, page):
    open_page(page, f"{app_url}/forvaltningar?ar=2026")
    assert page.locator(".js-plotly-plot").count() >= 2
    assert page.locator(".modebar-btn").count() == 0  # no toolbar, no extra tab stops
    alternatives = page.locator(".a11y-sr-only").all_text_contents()
    assert "Diagram: Andel av måltalet 2026. Status enligt prognosen." in alternatives[0]
    assert all(text.startswith("Diagram: ") for text in alternatives)
    hidden = page.eval_on_selector_all(
        ".js-plotly-plot", "els => els.every(e => e.getAttribute('aria-hidden') === 'true')"
    )
    assert hidden


def test_oversikt_path_shows_oversikt(app_url, page):
    page.goto(f"{app_url}/oversikt?ar=2026")
    page.wait_for_function("() => location.pathname === '/'", timeout=60_000)
    wait_for_app(page, 90_000)
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == "Översikt"
    assert "ar=2026" in page.url
    assert page.locator("[role='dialog']").count() == 0
    body = page.inner_text("body")
    assert "Page not found" not in body and "Sidan finns inte" not in body


def test_focus_is_visible_in_the_sidebar(app_url, page):
    open_page(page, f"{app_url}/forvaltningar")
    link = page.locator("[data-testid='stSidebarNav'] a").first
    link.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    assert outline == ["solid", "3px", "rgb(31, 111, 235)"]


#: Pages and the caption (its start) of a key table each shows as a real table.
KEY_TABLES = [
    ("forvaltningar?ar=2026", "Förvaltningarnas anställningar 2026"),
    ("manadsrapport?manad=2026-08", "Anställningar per förvaltning, augusti 2026"),
    ("manadsrapport?manad=2026-08", "Försörjningsstöd augusti 2026"),
    ("datakvalitet", "Leveranser per månad"),
]


@pytest.mark.parametrize(("path", "caption"), KEY_TABLES)
def test_key_tables_are_real_tables(app_url, page, path, caption):
    open_page(page, f"{app_url}/{path}")
    table = page.locator("table.a11y-table", has=page.locator("caption", has_text=caption))
    assert table.count() == 1
    assert table.locator("thead th[scope='col']").count() >= 2
    assert table.locator("tbody th[scope='row']").count() >= 1
    # Figures right-aligned: every cell of a figure column.
    aligns = table.locator("td.num").evaluate_all(
        "cells => [...new Set(cells.map(c => getComputedStyle(c).textAlign))]"
    )
    assert aligns in ([], ["right"])
    assert table.locator("canvas").count() == 0


def test_status_in_view_on_a_phone(app_url, tabs):
    """At 390 px the Förvaltningar table keeps each name and its status on screen; the figures
    scroll sideways inside the table's box (reachable by keyboard), not the page."""
    tab = tabs[390]
    open_page(tab, f"{app_url}/forvaltningar?ar=2026")
    table = tab.locator("table.a11y-table").first
    status = table.locator("thead th", has_text="Status").first
    box = status.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    scroller = tab.locator(".a11y-table-scroll").first
    assert scroller.get_attribute("tabindex") == "0"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    link = table.locator("tbody th a").first
    assert (link.get_attribute("href") or "").startswith("?ar=2026&forvaltning=")
