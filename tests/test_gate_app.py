"""The app never shows a traceback to users (issue 13): `client.showErrorDetails = "none"` in
.streamlit/config.toml and deploy/config.toml, a value the installed Streamlit accepts; a
failing script served with those settings shows the browser no detail, and the traceback goes to
the server's log for the operator."""

from __future__ import annotations

import re
import shutil
import tomllib

import pytest
from streamlit import config as st_config

from benchmarks.launch import Server
from conftest import ROOT


def test_users_never_see_a_traceback() -> None:
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = settings["client"]["showErrorDetails"]
    assert value == "none"
    assert value == st_config.ShowErrorDetailsConfigOptions.NONE.value


def test_deploy_settings_hide_tracebacks_too() -> None:
    settings = tomllib.loads((ROOT / "deploy" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["showErrorDetails"] == "none"


@pytest.mark.browser
def test_an_error_shows_no_traceback_in_the_browser_and_is_logged(tmp_path, browser) -> None:
    """A script that fails, served with the project's settings: the browser shows no exception
    text, path or traceback; the server's log has the traceback for the operator."""
    (tmp_path / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", tmp_path / ".streamlit" / "config.toml")
    script = tmp_path / "fel.py"
    script.write_text(
        "import streamlit as st\n"
        "st.title('Sidan')\n"
        "raise RuntimeError('hemlig detalj i /srv/arbetsmal/warehouse.duckdb')\n",
        encoding="utf-8",
    )
    server = Server(script, {"PYTHONPATH": str(ROOT)}, tmp_path / "server.log", cwd=tmp_path)
    with server:
        context = browser.new_context(viewport={"width": 1000, "height": 800})
        tab = context.new_page()
        tab.goto(server.url)
        tab.wait_for_selector("[data-testid='stException']", timeout=30_000)
        shown = tab.inner_text("[data-testid='stApp']")
        context.close()
    assert "Sidan" in shown
    for secret in ("hemlig detalj", "/srv/arbetsmal", "RuntimeError", "Traceback", "fel.py"):
        assert secret not in shown, secret
    logged = re.sub(r"\x1b\[[0-9;]*m", "", server.log_file.read_text(encoding="utf-8"))  # colours
    assert "Traceback" in logged and "RuntimeError: hemlig detalj" in logged
