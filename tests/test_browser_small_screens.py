"""Phones and tablets (issue 28) in Debian's Chromium at 390 px (a phone) and 820 px (a tablet),
against 1 400 px: the sidebar starts collapsed below 1 024 px; the key table's columns are all in
view or the table visibly scrolls (the hint line is shown); no chart label is cut (every text of
every chart lies inside its drawing)."""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS, wait_for_app

pytestmark = pytest.mark.browser

#: Every text of a Plotly chart (ticks, bar labels, notes) that lies outside its drawing, as
#: "text (x0–x1 of 0–width)"; an empty list when every label is whole.
CUT_LABELS = """() => {
  const cut = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
    for (const text of plot.querySelectorAll('svg text')) {
      const box = text.getBoundingClientRect();
      if (!text.textContent.trim() || box.width === 0) continue;
      if (box.left < svg.left - 1 || box.right > svg.right + 1
          || box.top < svg.top - 1 || box.bottom > svg.bottom + 1) {
        cut.push(`${text.textContent} (${Math.round(box.left - svg.left)}–`
                 + `${Math.round(box.right - svg.left)} of 0–${Math.round(svg.width)})`);
      }
    }
  }
  return cut;
}"""

#: The key table's headers outside the screen, and whether its box says it scrolls.
TABLE_VIEW = """(caption) => {
  const table = [...document.querySelectorAll('table.a11y-table')]
    .find((t) => t.caption && t.caption.textContent.startsWith(caption));
  const box = table.closest('.a11y-table-scroll');
  const right = box.getBoundingClientRect().right;
  const hidden = [...table.querySelectorAll('thead th')]
    .filter((th) => th.getBoundingClientRect().right > right + 1).map((th) => th.textContent);
  const hint = box.previousElementSibling;
  return {hidden, overflow: box.getAttribute('data-overflow'),
          hint: hint && getComputedStyle(hint).display !== 'none' ? hint.textContent : null};
}"""


@pytest.fixture
def tab(browser, request):
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 2400}, locale="sv-SE")
    yield context.new_page(), width
    context.close()


def _open(page, url: str, ready: str) -> None:
    page.goto(url)
    wait_for_app(page, 90_000)
    page.get_by_text(ready, exact=False).first.wait_for(timeout=90_000)
    wait_for_app(page, 90_000)
    page.wait_for_timeout(500)  # Plotly draws after the script has run


@pytest.mark.parametrize("tab", [390, 820, 1400], indirect=True)
def test_sidebar_starts_collapsed_below_1024_px(app_url, tab):
    page, width = tab
    _open(page, app_url, "Sammanfattning")
    collapsed = page.get_attribute("[data-testid='stSidebar']", "data-collapsed")
    assert collapsed == ("true" if width < 1024 else "false")


@pytest.mark.parametrize("tab", [390, 820], indirect=True)
def test_the_forvaltningar_table_fits_or_visibly_scrolls(app_url, tab):
    page, width = tab
    page.goto(app_url)  # the root first: it registers the app's navigation in the server
    wait_for_app(page, 90_000)
    _open(page, f"{app_url}/forvaltningar?ar=2026", "Alla förvaltningar 2026")
    view = page.evaluate(TABLE_VIEW, "Förvaltningarnas anställningar")
    headers = page.locator("table.a11y-table").first.locator("thead th").all_inner_texts()
    assert headers[:4] == ["Förvaltning", "Status", "Andel", "Anställda"]  # the key ones first
    if view["hidden"]:
        assert view["overflow"] == "more"
        assert view["hint"].startswith("Tabellen är bredare än skärmen")
    else:
        assert view["hint"] is None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"small_forvaltningar_{width}.png"), full_page=True)


@pytest.mark.parametrize("tab", [390, 820], indirect=True)
def test_no_chart_label_is_cut(app_url, tab):
    page, width = tab
    page.goto(app_url)
    wait_for_app(page, 90_000)
    for url, ready in (
        (f"{app_url}/?ar=2026", "Månad för månad"),
        (f"{app_url}/forvaltningar?ar=2026", "Andel av måltalet 2026"),
        (f"{app_url}/forvaltningar?ar=2026&forvaltning=VOF", "Vilka anställdes"),
    ):
        _open(page, url, ready)
        assert page.locator(".js-plotly-plot").count() >= 1
        assert page.evaluate(CUT_LABELS) == [], (url, width)
