"""A session's first page shows its numbers before its charts and its rest (issue 28): the charts
and the parts further down wait until the browser has shown the page's top (`ui.draw_waiting`),
so a phone is not kept from the first number while Plotly's script loads and the rest is drawn;
and they do come, in their places, without a second run of the page. A widget further down works
on that first page. Later pages of the same session draw everything with the page."""

from __future__ import annotations

import pytest

from conftest import wait_for_app

pytestmark = pytest.mark.browser

#: Installed before the page's scripts: when the first metric value and the first Plotly chart
#: appeared, and whether a chart's place was ever shown.
ORDER_SCRIPT = """
(() => {
  window.__seen = {};
  new MutationObserver(() => {
    const now = performance.now();
    const mark = (name, selector) => {
      if (window.__seen[name] === undefined && document.querySelector(selector)) {
        window.__seen[name] = now;
      }
    };
    mark("metric", "[data-testid='stMain'] [data-testid='stMetricValue']");
    mark("chart", "[data-testid='stMain'] .js-plotly-plot");
    mark("rest", "[data-testid='stMain'] [data-testid='stExpander']");
    mark("waiting", ".arbetsmal-waiting");
  }).observe(document, {subtree: true, childList: true});
})();
"""


def test_the_first_page_shows_its_numbers_first_and_then_its_charts(app_url, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1600}, locale="sv-SE")
    context.add_init_script(ORDER_SCRIPT)
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}/")
        wait_for_app(tab, timeout=60_000)
        # Both charts of Översikt come (Plotly's script may still be loading when the places go).
        tab.locator("[data-testid='stMain'] .js-plotly-plot").nth(1).wait_for(timeout=60_000)
        assert tab.locator("[data-testid='stMain'] .js-plotly-plot").count() == 2
        assert tab.locator(".arbetsmal-waiting").count() == 0
        seen = tab.evaluate("() => window.__seen")
        assert "waiting" in seen, "the charts' places were never shown"
        assert seen["metric"] < seen["chart"], seen
        assert seen["metric"] < seen["rest"], seen  # Översikt's first expander is further down
        tab.get_by_role("heading", name="Sammanfattning").wait_for(timeout=60_000)
        assert tab.locator("[data-testid='stException']").count() == 0
        # The next page of the session: its charts come with the page, no place waits.
        tab.evaluate("() => { window.__seen = {}; }")
        tab.get_by_role("link", name="Försörjningsstöd").first.click()
        tab.wait_for_url("**/forsorjningsstod*", timeout=60_000)
        # The page's own title (Översikt has a subheading of the same words).
        tab.get_by_role("heading", name="Försörjningsstöd", level=1).wait_for(timeout=60_000)
        wait_for_app(tab, timeout=60_000)
        tab.locator("[data-testid='stMain'] .js-plotly-plot").nth(1).wait_for(timeout=60_000)
        assert tab.locator("[data-testid='stMain'] .js-plotly-plot").count() == 2
        assert "waiting" not in tab.evaluate("() => window.__seen")
    finally:
        context.close()


def test_a_widget_further_down_works_on_the_first_page(app_url, browser):
    """Försörjningsstöd's key figure chooser is in the part drawn after the first paint: choosing
    another figure on the session's first page draws its chart, and the page keeps its top."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE")
    tab = context.new_page()
    try:
        tab.goto(f"{app_url}/forsorjningsstod")
        wait_for_app(tab, timeout=60_000)
        tab.locator("[data-testid='stMain'] .js-plotly-plot").first.wait_for(timeout=60_000)
        assert tab.locator(".a11y-chart-title").first.inner_text().startswith("Biståndshushåll")
        chooser = tab.get_by_role("combobox", name="Nyckeltal")
        chooser.click()
        tab.keyboard.type("Utbetalt ekonomiskt")  # the chooser filters as one types
        tab.keyboard.press("Enter")
        tab.wait_for_url("**nyckeltal=utbetalt*", timeout=60_000)
        wait_for_app(tab, timeout=60_000)
        titles = tab.locator(".a11y-chart-title").all_inner_texts()
        assert titles and titles[0].startswith("Utbetalt ekonomiskt bistånd"), titles
        assert tab.get_by_role("heading", name="Försörjningsstöd", level=1).count() == 1
        assert tab.locator("[data-testid='stMain'] [data-testid='stMetricValue']").count() >= 4
        assert tab.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()
