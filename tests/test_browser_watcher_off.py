"""The navigation shows the pages' Swedish titles with Streamlit's file watcher off (issue 19).

The production settings (`.streamlit/config.toml`: `fileWatcherType = "none"`) once made the
navigation list the bare file names of `pages/`: with a `pages/` folder beside app.py,
Streamlit's `PagesManager.uses_pages_directory` starts True, so the first run after a server
start takes the legacy multipage path and sends a navigation of file names (`app`,
`datakvalitet`, …) before app.py's `st.navigation` turns the flag off (for the whole process).
The app is started by `pipelines.app.serve`, which turns the flag off before the server starts,
so no run takes that path (`tests/test_browser_serve.py` holds the first request); for a plain
`streamlit run app.py`, `ui.run_through_app()` (called first on every page) reruns such a run
through app.py, so the first visitor ends on the Swedish titles. This test holds it: the first
session after a start ends with the Swedish titles, and every later session never shows anything
else.
"""

from __future__ import annotations

import ast
import tomllib

import pytest

from conftest import ROOT, wait_for_app

pytestmark = pytest.mark.browser

#: Every text the sidebar navigation shows, recorded from before the app's first script runs.
RECORD_NAV = """
(() => {
  window.__navTexts = new Set();
  const note = () => {
    const nav = document.querySelector("[data-testid='stSidebarNav']");
    if (!nav) return;
    for (const a of nav.querySelectorAll('a')) {  // the label: the last line (the icon's first)
      const lines = a.innerText.split('\\n').map((s) => s.trim()).filter(Boolean);
      if (lines.length) window.__navTexts.add(lines[lines.length - 1]);
    }
  };
  new MutationObserver(note).observe(document, {subtree: true, childList: true,
                                               characterData: true});
})();
"""


def _page_titles() -> dict[str, str]:
    """app.py's PAGE_SPECS as {file stem: Swedish title}, read without running the app."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "PAGE_SPECS" for t in node.targets
        ):
            return {
                file.removesuffix(".py"): title for file, title, *_ in ast.literal_eval(node.value)
            }
    raise AssertionError("app.py has no PAGE_SPECS")


def test_the_project_runs_without_the_file_watcher():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
    assert config["server"]["runOnSave"] is False


@pytest.fixture(scope="module")
def fresh_app(app_on_a_copy):
    """An app of its own, so that the test's first request is the first after its start."""
    return app_on_a_copy("watcher_off")


def _shown(browser, url: str) -> tuple[set[str], str]:
    context = browser.new_context(viewport={"width": 1400, "height": 1200}, locale="sv-SE")
    context.add_init_script(RECORD_NAV)
    tab = context.new_page()
    try:
        tab.goto(url)
        wait_for_app(tab, timeout=180_000)
        tab.wait_for_selector("[data-testid='stSidebarNav'] a", timeout=60_000)
        seen = set(tab.evaluate("() => Array.from(window.__navTexts)"))
        final = tab.inner_text("[data-testid='stSidebarNav']")
        return seen, final
    finally:
        context.close()


def test_navigation_shows_the_swedish_titles_with_the_watcher_off(fresh_app, browser):
    titles = _page_titles()
    urls = [f"{fresh_app}/forvaltningar?ar=2026", f"{fresh_app}/export", fresh_app]
    for index, url in enumerate(urls):
        seen, final = _shown(browser, url)
        for title in titles.values():
            assert title in final, (url, final)
        assert not {"app", *titles} & set(final.split()), (url, final)
        if index:  # the first run after the start may flash the file names (module docstring)
            labels = {text for text in seen if text}
            assert labels <= set(titles.values()), (url, labels - set(titles.values()))
