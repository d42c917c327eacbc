"""A session's first page shows its numbers before its charts (issue 28): the charts wait until
the browser has shown the page (`ui.draw_waiting_charts`), so a phone is not kept from the first
number while Plotly's script loads; and the charts do come, in their places, without a second
run of the page. Later pages of the same session draw their charts with the page."""

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
    mark("waiting", ".arbetsmal-chart-waiting");
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
        assert tab.locator(".arbetsmal-chart-waiting").count() == 0
        seen = tab.evaluate("() => window.__seen")
        assert "waiting" in seen, "the charts' places were never shown"
        assert seen["metric"] < seen["chart"], seen
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
