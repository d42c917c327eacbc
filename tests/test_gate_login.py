"""Issue 26: an expired ID token ends the session with a Swedish message and a new login
(Streamlit does not check `exp`); the audit trail names the user by the role file's claim, else
by name, e-mail or subject, in that order."""

from __future__ import annotations

from types import SimpleNamespace

from pipelines.app import auth
from pipelines.app.session_expiry import EXPIRED_MESSAGE, LEEWAY_SECONDS, expired


def test_exp_in_the_past_is_expired() -> None:
    assert expired({"exp": 1_000}, now=1_000 + LEEWAY_SECONDS)
    assert not expired({"exp": 1_000}, now=1_000 + LEEWAY_SECONDS - 1)
    assert not expired({}, now=10**10)  # nothing to check
    assert not expired({"exp": "1000"}, now=10**10)
    assert not expired({"exp": True}, now=10**10)


def _role_map(tmp_path):
    path = tmp_path / "roller.toml"
    path.write_text(
        '[token]\ngrupper = ["groups"]\nnamn = ["preferred_username"]\n'
        '[roller]\nanalytiker = ["analys"]\n',
        encoding="utf-8",
    )
    return auth.load_role_map(path)


def test_the_user_is_named_by_name_email_or_subject_in_that_order(tmp_path) -> None:
    role_map = _role_map(tmp_path)
    claims = {"name": "Lisa Berg", "email": "lisa@lund.se", "sub": "abc"}
    assert auth.name_for(claims, role_map) == "Lisa Berg"
    assert auth.name_for({"email": "lisa@lund.se", "sub": "abc"}, role_map) == "lisa@lund.se"
    assert auth.name_for({"sub": "abc"}, role_map) == "abc"
    assert auth.name_for({"preferred_username": "lisa", **claims}, role_map) == "lisa"
    assert auth.name_for({}, role_map) == "okänd användare"


def test_an_expired_token_ends_the_session(tmp_path, monkeypatch) -> None:
    role_map = _role_map(tmp_path)
    claims = {"is_logged_in": True, "sub": "abc", "groups": ["analys"], "exp": 1_000}
    monkeypatch.setattr(auth, "_secrets_auth_section", lambda: {"redirect_uri": "x"})
    monkeypatch.setattr(auth, "_login_problem", lambda section: None)
    monkeypatch.setattr(auth, "load_role_map", lambda: role_map)
    monkeypatch.setattr(auth.st, "user", SimpleNamespace(to_dict=lambda: dict(claims)))
    here = auth.access()
    assert here.state == "utgangen"
    assert here.reason == EXPIRED_MESSAGE
    assert not here.can(auth.Permission.SEE)
    claims["exp"] = 10**12  # a token still valid
    assert auth.access().state == "inloggad"
