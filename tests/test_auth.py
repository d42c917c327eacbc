"""Login and roles (pipelines/app/auth.py): the role mapping, what each role may do, the checks
of the login configuration, the local mode's address rule, and the app through AppTest as an
anonymous visitor, a user without role, a reader, an analyst and in local mode."""

from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from helpers import HIRES_HEADER, csv_bytes, query
from pipelines.app import auth

SECRETS = {
    "auth": {
        "redirect_uri": "http://localhost:8630/oauth2callback",
        "cookie_secret": "testhemlighet-som-ar-minst-trettiotva-tecken-lang",
        "client_id": "arbetsmal-test",
        "client_secret": "hemligt",
        "server_metadata_url": "http://localhost:8631/.well-known/openid-configuration",
    }
}


def claims(*groups: str, email: str = "anna@kommunen.se", name: str = "Anna Analytiker") -> dict:
    return {"is_logged_in": True, "email": email, "name": name, "sub": "anna", "groups": [*groups]}


READER = claims("arbetsmal-lasare", email="lisa@kommunen.se", name="Lisa Läsare")
ANALYST = claims("arbetsmal-analytiker")


# --- the role mapping -------------------------------------------------------------------------


def test_the_shipped_role_map_gives_each_group_its_role():
    role_map = auth.load_role_map(ROOT / "deploy" / "roller.toml")
    assert role_map.group_claims == ("roles", "groups")
    assert dict(role_map.groups) == {
        "arbetsmal-lasare": "lasare",
        "arbetsmal-analytiker": "analytiker",
        "arbetsmal-administrator": "administrator",
    }
    assert auth.role_for(READER, role_map) == "lasare"
    assert auth.role_for(claims("arbetsmal-lasare", "arbetsmal-analytiker"), role_map) == (
        "analytiker"
    )
    assert auth.role_for({"roles": "arbetsmal-administrator"}, role_map) == "administrator"
    assert auth.role_for(claims("annan-grupp"), role_map) is None
    assert auth.role_for({"email": "x@kommunen.se"}, role_map) is None


def test_nested_claims_and_the_name_claim(tmp_path):
    path = tmp_path / "roller.toml"
    path.write_text(
        '[token]\ngrupper = ["realm_access.roles"]\nnamn = ["preferred_username", "sub"]\n'
        '[roller]\nanalytiker = ["analys"]\nadministrator = ["analys-admin"]\n',
        encoding="utf-8",
    )
    role_map = auth.load_role_map(path)
    token = {"realm_access": {"roles": ["analys", "analys-admin"]}, "sub": "abc-123"}
    assert auth.role_for(token, role_map) == "administrator"
    assert auth.name_for(token, role_map) == "abc-123"
    assert auth.name_for({"preferred_username": " lisa ", "sub": "x"}, role_map) == "lisa"
    assert auth.name_for({}, role_map) == "okänd användare"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[roller]\nchef = ['x']\n", "nämner okända roller (chef)"),
        ("[roller]\nlasare = [1, 2]\n", "roller.lasare ska vara en lista med texter"),
        ("[token]\n", "saknar avsnitten [token] och [roller]"),
        ("roller = [", "är inte giltig TOML"),
    ],
)
def test_a_wrong_role_map_is_refused_in_swedish(tmp_path, text, words):
    path = tmp_path / "roller.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(auth.RoleMapError, match=re.escape(words)):
        auth.load_role_map(path)


def test_a_missing_role_map_says_where_it_was_looked_for(tmp_path, monkeypatch):
    monkeypatch.setenv("ARBETSMAL_ROLLER", str(tmp_path / "saknas.toml"))
    with pytest.raises(auth.RoleMapError, match="saknas.toml finns inte"):
        auth.load_role_map()


def test_each_role_may_do_what_the_one_before_may_and_more():
    granted = {role: auth.GRANTS[role] for role in auth.ROLES}
    assert granted["lasare"] == {auth.Permission.SEE}
    assert granted["lasare"] < granted["analytiker"] < granted["administrator"]
    assert auth.Permission.STORE_FILES in granted["analytiker"]
    assert auth.Permission.AUDIT_TRAIL in granted["analytiker"]
    assert auth.Permission.TARGETS not in granted["analytiker"]
    assert granted["administrator"] == set(auth.Permission) == auth.GRANTS[auth.LOKAL]
    nobody = auth.Access("utan_roll", "anna", "Anna", None)
    assert not any(nobody.can(p) for p in auth.Permission)
    assert not auth.Access("stoppad", role="administrator").can(auth.Permission.SEE)


# --- the login configuration and the local mode's address rule -------------------------------


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"cookie_secret": "kort"}, "är för kort"),
        ({"client_secret": ""}, "saknas `client_secret`"),
        ({"redirect_uri": "http://localhost:8630/"}, "ska sluta med `/oauth2callback`"),
        (
            {"redirect_uri": "http://arbetsmal.kommunen.se/oauth2callback"},
            "ska börja med `https://`",
        ),
    ],
)
def test_a_half_done_login_configuration_is_refused(change, words):
    section = {**SECRETS["auth"], **change}
    assert words in auth._login_problem(section)


def test_a_complete_login_configuration_passes_also_with_a_named_provider():
    assert auth._login_problem(SECRETS["auth"]) is None
    shared = {k: SECRETS["auth"][k] for k in ("redirect_uri", "cookie_secret")}
    provider = {k: v for k, v in SECRETS["auth"].items() if k not in shared}
    named = {**shared, "entra": provider}
    assert auth._login_problem(named) is None
    assert auth._provider(named) == ("entra", provider)
    assert auth._provider(SECRETS["auth"])[0] is None


def test_a_role_map_without_groups_stops_the_login(tmp_path, monkeypatch):
    path = tmp_path / "roller.toml"
    path.write_text("[roller]\nlasare = []\n", encoding="utf-8")
    monkeypatch.setenv("ARBETSMAL_ROLLER", str(path))
    assert "ger ingen grupp någon roll" in auth._login_problem(SECRETS["auth"])


@pytest.mark.parametrize(
    ("address", "headers", "refused"),
    [
        ("127.0.0.1", {"Host": "localhost:8501"}, False),
        ("127.0.0.1", {"Host": "127.0.0.1:8501"}, False),
        ("::1", {"Host": "[::1]:8501"}, False),
        ("localhost", {"Host": "localhost"}, False),
        ("0.0.0.0", {"Host": "127.0.0.1:8501"}, True),
        (None, {"Host": "localhost:8501"}, True),
        ("10.1.2.3", {"Host": "10.1.2.3:8501"}, True),
        ("127.0.0.1", {"Host": "arbetsmal.kommunen.se"}, True),
        ("127.0.0.1", {"Host": "localhost:8501", "X-Forwarded-For": "10.9.8.7"}, True),
        ("0.0.0.0", {}, False),  # no browser connection (a page run in a test): nothing served
    ],
)
def test_local_mode_serves_only_this_computer(monkeypatch, address, headers, refused):
    monkeypatch.setattr(auth, "_headers", lambda: {k.lower(): v for k, v in headers.items()})
    real = st.get_option
    monkeypatch.setattr(
        auth.st, "get_option", lambda key: address if key == "server.address" else real(key)
    )
    problem = auth._local_problem()
    assert (problem is not None) == refused
    if refused:
        assert "ingen inloggning är konfigurerad" in problem
        assert "Så konfigurerar du inloggning" in problem


# --- the app through AppTest --------------------------------------------------------------------


def run_app(user: dict | None, secrets: dict | None = SECRETS, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if secrets:
        at.secrets = secrets
    if user is not None:
        at.user = user
    at.run()
    if page:
        at.switch_page(str(ROOT / page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "markdown", "caption", "text", "info", "error", "warning", "success")
        for e in getattr(at, kind)
    ]
    return "\n".join(map(str, parts + [b.label for b in at.button]))


def test_anonymous_visitors_see_only_the_login_page(fixture_db):
    at = run_app({"is_logged_in": False})
    assert [t.value for t in at.title] == ["Arbetsmål"]
    assert [b.label for b in at.button] == ["Logga in"]
    assert not at.metric and not at.dataframe and not at.table
    # the login page is the only page there is (a deep link lands on it: test_browser_login)
    with pytest.raises(ValueError, match=r"Known pages: \['Logga in'\]"):
        at.switch_page(str(ROOT / "pages" / "oversikt.py"))


def test_a_user_without_role_sees_only_that_they_have_none(fixture_db):
    at = run_app(claims("annan-grupp", name="Olle Obehörig"))
    assert [t.value for t in at.title] == ["Ingen behörighet"]
    assert "Du är inloggad som Olle Obehörig." in texts(at)
    assert "har ingen roll i Arbetsmål" in texts(at)
    assert [b.label for b in at.button] == ["Logga ut"]
    assert not at.metric and not at.dataframe


def test_a_half_configured_login_shows_no_data(fixture_db):
    broken = {"auth": {**SECRETS["auth"], "cookie_secret": "kort"}}
    at = run_app(ANALYST, secrets=broken)
    assert [t.value for t in at.title] == ["Arbetsmål visar inga uppgifter"]
    assert "`cookie_secret` i `.streamlit/secrets.toml` är för kort" in texts(at)
    assert not at.metric and not at.button


def test_a_reader_sees_the_pages_but_not_the_upload(fixture_db):
    at = run_app(READER)
    assert at.title[0].value == "Översikt" and at.metric
    assert "Lisa Läsare (läsare)" in texts(at)
    # the import page is not in the navigation (a link to it lands on the first page)
    at.switch_page(str(ROOT / "pages" / "datakvalitet.py")).run()
    assert at.title[0].value == "Datakvalitet"
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(str(ROOT / "pages" / "importera.py"))


def test_the_import_page_refuses_a_reader_on_the_server(fixture_db):
    """The page run directly (as Streamlit does for a deep link before app.py has run): the
    check in the page itself refuses, and no uploader is ever drawn."""
    at = AppTest.from_file(str(ROOT / "pages" / "importera.py"), default_timeout=60)
    at.secrets, at.user = SECRETS, READER
    at.run()
    assert [e.value for e in at.error] == [auth.REFUSALS[auth.Permission.STORE_FILES]]
    assert not at.get("file_uploader") and not at.button


UPLOAD = csv_bytes([HIRES_HEADER, "2026-08;KK;lonestod;12;kvinna;utrikesfodd_vuxen;ja"])


def test_an_analyst_stores_a_file_in_their_name_and_a_reader_cannot(fixture_db):
    at = AppTest.from_file(str(ROOT / "pages" / "importera.py"), default_timeout=60)
    at.secrets, at.user = SECRETS, ANALYST
    at.run()
    at.file_uploader(key="uploads").set_value([("rattelse.csv", UPLOAD, "text/csv")])
    at.run()
    store = [b for b in at.button if (b.key or "").startswith("store-file-")]
    assert len(store) == 1
    before = query(fixture_db, "select count(*) from ingest_log")[0][0]

    # the same session, now as a reader (a role taken away, or a hand-made click): refused
    at.user = READER
    store[0].click().run()
    assert query(fixture_db, "select count(*) from ingest_log")[0][0] == before
    assert auth.REFUSALS[auth.Permission.STORE_FILES] in texts(at)

    at.user = ANALYST
    at.run()
    [b for b in at.button if (b.key or "").startswith("store-file-")][0].click().run()
    assert not at.exception
    rows = query(
        fixture_db,
        "select actor, role, source, action, subject from audit_log order by audit_id",
    )
    assert rows[-1] == ("anna@kommunen.se", "analytiker", "app", "fil_lagrad", "rattelse.csv")


def test_an_analyst_may_not_store_targets(fixture_db):
    targets = csv_bytes(["År;Förvaltning;Mål", "2027;VOF;75"])
    for user, can in ((ANALYST, False), (claims("arbetsmal-administrator"), True)):
        at = AppTest.from_file(str(ROOT / "pages" / "importera.py"), default_timeout=60)
        at.secrets, at.user = SECRETS, user
        at.run()
        at.file_uploader(key="uploads").set_value([("mal_2027.csv", targets, "text/csv")])
        at.run()
        store = [b for b in at.button if (b.key or "").startswith("store-file-")]
        assert bool(store) == can
        if not can:
            assert auth.REFUSALS[auth.Permission.TARGETS] in texts(at)


def test_local_mode_says_so_in_the_sidebar_and_allows_everything(fixture_db):
    at = run_app(None, secrets=None)
    assert at.title[0].value == "Översikt"
    assert "Lokalt läge, ingen inloggning" in [c.value for c in at.sidebar.caption]
    at = run_app(None, secrets=None, page="pages/importera.py")
    assert at.title[0].value == "Importera filer" and at.get("file_uploader")


# --- the production settings file ---------------------------------------------------------------


def test_the_production_settings_are_streamlit_options_with_safe_values():
    import tomllib

    from streamlit import config as st_config

    production = tomllib.loads((ROOT / "deploy" / "config.toml").read_text(encoding="utf-8"))
    development = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    options = st_config.get_config_options()
    flat = {f"{s}.{k}": v for s, keys in production.items() for k, v in keys.items()}
    assert sorted(k for k in flat if k not in options) == []  # every key is a Streamlit option
    assert flat["server.fileWatcherType"] == "none"
    assert flat["client.showErrorDetails"] == "none"
    assert flat["client.toolbarMode"] == "viewer"
    assert flat["server.headless"] is True and flat["server.runOnSave"] is False
    assert auth._is_loopback(flat["server.address"])  # behind the proxy on the same server
    assert flat["server.maxUploadSize"] == development["server"]["maxUploadSize"]
    assert "server.trustedUserHeaders" not in flat
    # the developer's settings: only this computer
    assert development["server"]["address"] == "127.0.0.1"
