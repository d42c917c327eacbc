"""The first request after a server start (issue 19): started with `python -m
pipelines.app.serve`, as `make run` and the service do, a deep link as the very first request
shows the pages' Swedish titles in the navigation and never a file name (the launcher turns
Streamlit's pages-directory mode off before the server starts); started with a plain `streamlit
run app.py`, `ui.run_through_app()` still ends the first request on the Swedish titles (the
file names may flash in that one run).
"""

from __future__ import annotations

import contextlib
import shutil

import pytest
from test_browser_watcher_off import _page_titles, _shown

from conftest import running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def started(tmp_path_factory, reference_dir, fixture_db_master):
    """`started(launcher)`: a new app of its own, so the test's first request is its first."""
    with contextlib.ExitStack() as stack:

        def start(launcher: tuple[str, ...]) -> str:
            folder = tmp_path_factory.mktemp("first_request")
            db = folder / "warehouse.duckdb"
            shutil.copy(fixture_db_master, db)
            return stack.enter_context(running_app(folder, db, reference_dir, launcher))

        yield start


def _assert_swedish(final: str) -> None:
    titles = _page_titles()
    for title in titles.values():
        assert title in final, final
    assert not {"app", *titles} & set(final.split()), final


def test_a_deep_link_first_after_a_start_shows_only_the_swedish_titles(started, browser):
    url = started(("pipelines.app.serve",))
    seen, final = _shown(browser, f"{url}/forvaltningar")
    _assert_swedish(final)
    labels = {text for text in seen if text}
    assert labels <= set(_page_titles().values()), labels - set(_page_titles().values())


def test_a_plain_streamlit_run_still_ends_on_the_swedish_titles(started, browser):
    url = started(("streamlit", "run"))
    _, final = _shown(browser, f"{url}/forvaltningar")
    _assert_swedish(final)
