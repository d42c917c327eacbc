"""The app never shows a traceback to users (issue 13): `client.showErrorDetails = "none"` in
.streamlit/config.toml, a value the installed Streamlit accepts; the traceback goes to the log."""

from __future__ import annotations

import tomllib

from streamlit import config as st_config

from conftest import ROOT


def test_users_never_see_a_traceback() -> None:
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = settings["client"]["showErrorDetails"]
    assert value == "none"
    assert value == st_config.ShowErrorDetailsConfigOptions.NONE.value
