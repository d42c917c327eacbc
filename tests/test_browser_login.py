"""Login in a real browser: a real OpenID Connect flow against a mock identity provider
(oidc-provider-mock, started here on a thread) and the app started with `[auth]` configured.

- anonymous: the login page only, also at a page's own address;
- a reader: the pages, but no import page (not in the navigation, not at its address);
- an analyst: stores a file, and the audit trail on Datakvalitet names them;
- logout: back to the login page, through the provider's end-of-session page.
And without login: the app started on a network address shows no data and says how to set up
login; started on 127.0.0.1 it runs in local mode and says so in the sidebar.

Ports 8630–8633 (this module's range): the app with login, the provider, the app on 0.0.0.0,
the app in local mode.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from benchmarks.launch import Server
from conftest import ROOT, TODAY, wait_for_app
from helpers import HIRES_HEADER, query

pytestmark = pytest.mark.browser

APP_PORT, PROVIDER_PORT, OPEN_PORT, LOCAL_PORT = 8630, 8631, 8632, 8633
WAIT = 90_000  # ms: generous, the machine may be busy (a wait, never an assertion on time)
APP = f"http://localhost:{APP_PORT}"
PROVIDER = f"http://localhost:{PROVIDER_PORT}"
USERS = {
    "lisa": {"email": "lisa@kommunen.se", "name": "Lisa Läsare", "groups": ["arbetsmal-lasare"]},
    "anna": {
        "email": "anna@kommunen.se",
        "name": "Anna Analytiker",
        "groups": ["arbetsmal-analytiker"],
    },
    "olle": {"email": "olle@kommunen.se", "name": "Olle Obehörig", "groups": ["annan-grupp"]},
}
UPLOAD_NAME = "rattelse_kk_augusti.csv"
UPLOAD = f"{HIRES_HEADER}\n2026-08;KK;lonestod;12;kvinna;utrikesfodd_vuxen;ja\n"


def started_app(folder: Path, db: Path, reference: Path, port: int, address: str, secrets: Path):
    """`streamlit run app.py` on `address:port` with `secrets` as its only secrets file."""
    env = {
        "ARBETSMAL_DB": str(db),
        "ARBETSMAL_REFERENCE": str(reference),
        "ARBETSMAL_TODAY": TODAY,
        "AUTHLIB_INSECURE_TRANSPORT": "1",  # the mock provider speaks plain http on localhost
        "ARBETSMAL_ROLLER": None,  # the shipped deploy/roller.toml
    }
    args = ["--server.fileWatcherType", "none"]  # as in production; others edit the tree
    args += ["--secrets.files", str(secrets)]
    log = folder / f"streamlit-{port}.log"
    return Server(ROOT / "app.py", env, log, args=args, address=address, port=port,
                  launcher=("streamlit", "run"))  # fmt: skip


@pytest.fixture(scope="module")
def provider():
    """The mock identity provider, with three users who log in with one click."""
    from oidc_provider_mock import User, run_server_in_thread

    saved = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    users = [User(sub=sub, claims=claims) for sub, claims in USERS.items()]
    try:
        with run_server_in_thread(port=PROVIDER_PORT, user_claims=users):
            yield PROVIDER
    finally:
        if saved is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = saved


@pytest.fixture(scope="module")
def login_app(provider, tmp_path_factory, reference_dir, fixture_db_master):
    """The app with login configured, on its own copy of the fixture warehouse; yields the db."""
    folder = tmp_path_factory.mktemp("login_app")
    db = folder / "warehouse.duckdb"
    shutil.copy(fixture_db_master, db)
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{APP}/oauth2callback"\n'
        'cookie_secret = "en-lang-slumpad-hemlighet-bara-for-testerna-0123456789"\n'
        'client_id = "arbetsmal-test"\n'
        'client_secret = "hemligt"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with started_app(folder, db, reference_dir, APP_PORT, "127.0.0.1", secrets):
        yield db


@pytest.fixture
def tab(browser):
    """A fresh browser (no cookies) for each test."""
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def wait_for_login_page(page) -> None:
    page.get_by_role("button", name="Logga in").wait_for(timeout=WAIT)
    wait_for_app(page, timeout=WAIT)


def log_in(page, user: str, landing: str = "Översikt") -> None:
    page.goto(APP)
    wait_for_login_page(page)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{PROVIDER}/**", timeout=WAIT)  # the provider's own login form
    page.get_by_role("button", name=user, exact=True).click()
    page.wait_for_url(f"{APP}/**", timeout=WAIT)
    page.get_by_role("heading", name=landing).first.wait_for(timeout=WAIT)
    wait_for_app(page, timeout=WAIT)


def nav_links(page) -> list[str]:
    nav = page.locator("[data-testid='stSidebarNav']")
    # each link's text is its icon's name, then its title
    return [t.strip().splitlines()[-1] for t in nav.locator("a").all_inner_texts()]


def assert_login_page_only(page) -> None:
    assert page.get_by_role("heading", name="Arbetsmål").count() == 1
    assert page.locator("[data-testid='stMetric']").count() == 0
    assert page.locator("[data-testid='stFileUploader']").count() == 0
    assert nav_links(page) == []


def test_anonymous_visitors_get_the_login_page_only(login_app, tab):
    tab.goto(APP)
    wait_for_login_page(tab)
    assert_login_page_only(tab)
    assert "Logga in med ditt konto i kommunen" in tab.inner_text("body")
    for path in ("importera", "datakvalitet", "export"):
        tab.goto(f"{APP}/{path}")
        wait_for_login_page(tab)
        assert_login_page_only(tab)


def test_a_user_without_role_is_told_so_and_sees_nothing_else(login_app, tab):
    log_in(tab, "olle", landing="Ingen behörighet")
    body = tab.inner_text("[data-testid='stMain']")
    assert "Du är inloggad som Olle Obehörig." in body
    assert tab.locator("[data-testid='stMetric']").count() == 0
    assert nav_links(tab) == []


def test_a_reader_can_neither_see_nor_reach_the_upload(login_app, tab):
    stored_before = query(login_app, "select count(*) from ingest_log")[0][0]
    log_in(tab, "lisa")
    assert "Lisa Läsare (läsare)" in tab.inner_text("[data-testid='stSidebar']")
    links = nav_links(tab)
    assert "Översikt" in links and "Datakvalitet" in links
    assert "Importera filer" not in links
    tab.goto(f"{APP}/importera")
    tab.locator("[data-testid='stMain'] h1").first.wait_for(timeout=WAIT)
    wait_for_app(tab, timeout=WAIT)
    assert tab.get_by_role("heading", name="Importera filer").count() == 0
    assert tab.locator("[data-testid='stFileUploader']").count() == 0
    # Datakvalitet without the audit trail
    tab.goto(f"{APP}/datakvalitet")
    tab.get_by_role("heading", name="Inläsningslogg").wait_for(timeout=WAIT)
    wait_for_app(tab, timeout=WAIT)
    assert tab.get_by_role("heading", name="Logg: vem gjorde vad").count() == 0
    assert query(login_app, "select count(*) from ingest_log")[0][0] == stored_before


def test_an_analyst_stores_a_file_and_the_trail_names_them(login_app, tab, tmp_path):
    log_in(tab, "anna")
    assert "Anna Analytiker (analytiker)" in tab.inner_text("[data-testid='stSidebar']")
    assert "Importera filer" in nav_links(tab)
    tab.goto(f"{APP}/importera")
    tab.get_by_role("heading", name="Importera filer").wait_for(timeout=WAIT)
    wait_for_app(tab, timeout=WAIT)
    file = tmp_path / UPLOAD_NAME
    file.write_text(UPLOAD, encoding="utf-8")
    tab.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(file))
    store = tab.get_by_role("button", name=f"Lagra {UPLOAD_NAME}")
    store.wait_for(timeout=WAIT)
    wait_for_app(tab, timeout=WAIT)
    store.click()
    tab.get_by_text("Lagrad som anställningar").wait_for(timeout=WAIT)
    wait_for_app(tab, timeout=WAIT)

    tab.goto(f"{APP}/datakvalitet")
    tab.get_by_role("heading", name="Logg: vem gjorde vad").wait_for(timeout=WAIT)
    wait_for_app(tab, timeout=WAIT)
    grid = tab.locator("[data-testid='stDataFrame']").last  # the page's last table
    grid.scroll_into_view_if_needed()  # the grid draws the rows it shows
    grid.locator("td", has_text="anna@kommunen.se").first.wait_for(state="attached", timeout=WAIT)
    cells = [c.strip() for c in grid.locator("td").all_text_contents()]
    assert cells[1:6] == ["anna@kommunen.se", "analytiker", "appen", "Fil lagrad", UPLOAD_NAME]
    assert query(
        login_app,
        "select actor, role, source, action, subject from audit_log order by audit_id desc limit 1",
    ) == [("anna@kommunen.se", "analytiker", "app", "fil_lagrad", UPLOAD_NAME)]


def test_logout_ends_the_session(login_app, tab):
    log_in(tab, "anna")
    tab.locator("[data-testid='stSidebar']").get_by_role("button", name="Logga ut").click()
    # the provider's end-of-session page (OIDC RP-initiated logout), then back to the app
    tab.wait_for_url(f"{PROVIDER}/**", timeout=WAIT)
    tab.get_by_role("button", name="End session").click()
    tab.wait_for_url(f"{APP}/**", timeout=WAIT)
    wait_for_login_page(tab)
    assert_login_page_only(tab)
    tab.goto(f"{APP}/datakvalitet")
    wait_for_login_page(tab)
    assert_login_page_only(tab)


@pytest.fixture(scope="module")
def app_without_login(tmp_path_factory, reference_dir, fixture_db_master):
    """Two apps without login: one on every network address, one on 127.0.0.1 only."""
    folder = tmp_path_factory.mktemp("no_login_app")
    db = folder / "warehouse.duckdb"
    shutil.copy(fixture_db_master, db)
    no_secrets = folder / "saknas" / "secrets.toml"  # none: no [auth]
    with (
        started_app(folder, db, reference_dir, OPEN_PORT, "0.0.0.0", no_secrets),
        started_app(folder, db, reference_dir, LOCAL_PORT, "127.0.0.1", no_secrets),
    ):
        yield


def test_without_login_on_a_network_address_no_data_is_shown(app_without_login, tab):
    for path in ("", "/importera", "/datakvalitet"):
        tab.goto(f"http://127.0.0.1:{OPEN_PORT}{path}")
        tab.get_by_role("heading", name="Arbetsmål visar inga uppgifter").wait_for(timeout=WAIT)
        wait_for_app(tab, timeout=WAIT)
        body = tab.inner_text("[data-testid='stMain']")
        assert "Appen är startad på adressen `0.0.0.0`" in body or "adressen 0.0.0.0" in body
        assert "ingen inloggning är konfigurerad" in body
        assert "Så konfigurerar du inloggning" in body and ".streamlit/secrets.toml" in body
        assert tab.locator("[data-testid='stMetric']").count() == 0
        assert tab.locator("[data-testid='stFileUploader']").count() == 0
        assert nav_links(tab) == []


def test_without_login_on_this_computer_the_sidebar_says_local_mode(app_without_login, tab):
    tab.goto(f"http://127.0.0.1:{LOCAL_PORT}")
    tab.get_by_role("heading", name="Översikt").first.wait_for(timeout=WAIT)
    wait_for_app(tab, timeout=WAIT)
    assert "Lokalt läge, ingen inloggning" in tab.inner_text("[data-testid='stSidebar']")
    assert tab.locator("[data-testid='stMetric']").count() > 0
    assert "Importera filer" in nav_links(tab)


def test_without_login_behind_a_proxy_no_data_is_shown(app_without_login, browser):
    """A request that came through a proxy (X-Forwarded-For) is not this computer's user."""
    context = browser.new_context(extra_http_headers={"X-Forwarded-For": "10.20.30.40"})
    try:
        tab = context.new_page()
        tab.goto(f"http://127.0.0.1:{LOCAL_PORT}")
        tab.get_by_role("heading", name="Arbetsmål visar inga uppgifter").wait_for(timeout=WAIT)
        wait_for_app(tab, timeout=WAIT)
        assert "via en annan adress eller en proxy" in tab.inner_text("[data-testid='stMain']")
        assert tab.locator("[data-testid='stMetric']").count() == 0
    finally:
        context.close()
