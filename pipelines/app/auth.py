"""Who may do what in the app: login, roles, the safe local mode, and the server-side refusals.

- **Login** is Streamlit's own (`st.login`, OpenID Connect: Entra ID, Keycloak, any standard
  provider), configured in `.streamlit/secrets.toml` under `[auth]` as Streamlit documents it.
- **Roles** come from the ID token's claims (a group or role claim), mapped to `lasare`,
  `analytiker` and `administrator` in one file: `deploy/roller.toml`, or the file named by
  `ARBETSMAL_ROLLER`. Each role may do what the one before it may, and more (`GRANTS`).
- **Without `[auth]`** the app is in local mode: every right, for the person at this computer,
  but only when the server listens on a loopback address (127.0.0.1) and the browser reached it
  directly (no proxy in between). Otherwise the app shows no data, only how to set up login.
- `gate()` (first thing in app.py) decides who is here and, for anyone who may see nothing,
  shows the login page, the no-role page or the refusal, and stops the script.
- Pages call `require()` and `allowed()` before an action: the check runs on the server, so a
  hand-made request cannot store a file the page does not offer.
- `actor()` is who the audit trail names; `record_export()` and `recorded_download()` write
  the trail's line for an export built in the app.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import streamlit as st

from pipelines import config
from pipelines.app.session_expiry import EXPIRED_MESSAGE, NAME_FALLBACK_CLAIMS, expired
from pipelines.ingest import audit
from schemas.vocabulary import role_label

LASARE, ANALYTIKER, ADMINISTRATOR = "lasare", "analytiker", "administrator"
#: The roles, lowest first; a user with several groups gets the highest of their roles.
ROLES = (LASARE, ANALYTIKER, ADMINISTRATOR)
#: The local mode's role (no login, on the developer's own computer): every right.
LOKAL = "lokal"
ROLE_MAP_ENV = "ARBETSMAL_ROLLER"
DEFAULT_ROLE_MAP = config.PROJECT_ROOT / "deploy" / "roller.toml"
#: A cookie secret shorter than this is refused (Streamlit signs the login cookie with it).
MIN_COOKIE_SECRET = 32


class Permission(StrEnum):
    """What a role may do."""

    SEE = "se"  # every page, the public export
    STORE_FILES = "lagra_filer"  # upload and store files
    COMMENT = "kommentera"  # write and change the report's comment
    INTERNAL_EXPORT = "intern_export"  # the exact (undisclosed) follow-up package
    AUDIT_TRAIL = "se_logg"  # the audit trail on Datakvalitet
    TARGETS = "mal_och_referensdata"  # store a target (mal) file, reference data


GRANTS: dict[str, frozenset[Permission]] = {
    LASARE: frozenset({Permission.SEE}),
    ANALYTIKER: frozenset(
        {
            Permission.SEE,
            Permission.STORE_FILES,
            Permission.COMMENT,
            Permission.INTERNAL_EXPORT,
            Permission.AUDIT_TRAIL,
        }
    ),
    ADMINISTRATOR: frozenset(Permission),
    LOKAL: frozenset(Permission),
}

#: Pages (url path in app.py) that need more than `SEE`; they are left out of the navigation.
PAGE_PERMISSIONS: dict[str, Permission] = {"importera": Permission.STORE_FILES}

REFUSALS: dict[Permission, str] = {
    Permission.SEE: "Du har inte behörighet att se Arbetsmål.",
    Permission.STORE_FILES: "Att ladda upp och lagra filer kräver rollen analytiker eller "
    "administratör.",
    Permission.COMMENT: "Att skriva kommentarer kräver rollen analytiker eller administratör.",
    Permission.INTERNAL_EXPORT: "Det interna uppföljningspaketet (exakta tal) kräver rollen "
    "analytiker eller administratör.",
    Permission.AUDIT_TRAIL: "Loggen över vem som gjort vad visas för analytiker och "
    "administratörer.",
    Permission.TARGETS: "Mål och referensdata ändras av en administratör.",
}


class RoleMapError(ValueError):
    """The role mapping file is missing or wrong; the message is Swedish."""


@dataclass(frozen=True)
class RoleMap:
    """The role mapping: which claims hold groups, which name the user, group → role."""

    group_claims: tuple[str, ...]
    name_claims: tuple[str, ...]
    groups: Mapping[str, str]
    path: Path


def role_map_path() -> Path:
    """The role mapping file: `ARBETSMAL_ROLLER`, else `deploy/roller.toml`."""
    return Path(os.environ.get(ROLE_MAP_ENV) or DEFAULT_ROLE_MAP)


def _strings(value: Any, where: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RoleMapError(f"{path.name}: {where} ska vara en lista med texter.")
    return tuple(v.strip() for v in value)


@functools.lru_cache(maxsize=8)
def _parse_role_map(path: Path, _mtime_ns: int) -> RoleMap:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RoleMapError(f"Rollfilen {path} kan inte läsas.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RoleMapError(f"Rollfilen {path.name} är inte giltig TOML: {exc}.") from exc
    token = data.get("token", {})
    roles = data.get("roller")
    if not isinstance(token, dict) or not isinstance(roles, dict) or not roles:
        raise RoleMapError(f"Rollfilen {path.name} saknar avsnitten [token] och [roller].")
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise RoleMapError(
            f"Rollfilen {path.name} nämner okända roller ({', '.join(unknown)}); "
            f"rollerna heter {', '.join(ROLES)}."
        )
    groups: dict[str, str] = {}
    for role in ROLES:  # lowest first: a group named under two roles gives the higher
        for group in _strings(roles.get(role, []), f"roller.{role}", path):
            groups[group] = role
    return RoleMap(
        group_claims=_strings(token.get("grupper", ["roles", "groups"]), "token.grupper", path),
        name_claims=_strings(
            token.get("namn", ["preferred_username", "email", "name", "sub"]), "token.namn", path
        ),
        groups=groups,
        path=path,
    )


def load_role_map(path: Path | None = None) -> RoleMap:
    """The role mapping, read again whenever the file changes. Raises `RoleMapError`."""
    path = Path(path or role_map_path())
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise RoleMapError(
            f"Rollfilen {path} finns inte. Den anger vilka grupper i inloggningen som ger "
            "vilken roll (se docs/drift.md)."
        ) from exc
    return _parse_role_map(path, mtime)


def _claim(claims: Mapping[str, Any], dotted: str) -> Any:
    value: Any = claims
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def role_for(claims: Mapping[str, Any], role_map: RoleMap) -> str | None:
    """The highest role that the user's groups give, or None."""
    found: set[str] = set()
    for name in role_map.group_claims:
        value = _claim(claims, name)
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list | tuple):
            found.update(str(v) for v in value)
    roles = {role_map.groups[g] for g in found if g in role_map.groups}
    return max(roles, key=ROLES.index) if roles else None


def name_for(claims: Mapping[str, Any], role_map: RoleMap) -> str:
    """The user's login name (for the audit trail): the first name claim of the role file that
    is set, else the name, the e-mail address or the subject, in that order."""
    for name in dict.fromkeys((*role_map.name_claims, *NAME_FALLBACK_CLAIMS)):
        value = _claim(claims, name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "okänd användare"


# --- the mode: local, logged in, anonymous, without role, stopped ---------------------------


@dataclass(frozen=True)
class Access:
    """Who is here and what they may do.

    `state`: `lokal` (no login configured, this computer only), `inloggad`, `anonym` (login
    configured, not logged in), `utan_roll` (logged in, no role), `stoppad` (the app may show
    nothing: `reason` says why and what to do, in Swedish markdown), `utgangen` (the login's ID
    token has expired: `reason` says so, and the page offers a new login)."""

    state: str
    name: str = ""
    display_name: str = ""
    role: str | None = None
    reason: str = ""

    def can(self, permission: Permission) -> bool:
        if self.state not in ("lokal", "inloggad") or self.role is None:
            return False
        return permission in GRANTS.get(self.role, frozenset())

    @property
    def actor(self) -> audit.Actor:
        return audit.Actor(self.name or "okänd", self.role or "", "app")


def _secrets_auth_section() -> Mapping[str, Any] | None:
    """The `[auth]` section of the secrets (None: login not configured)."""
    secrets = st.secrets
    if not secrets.load_if_toml_exists():
        return None
    section = secrets.get("auth")
    return section if isinstance(section, Mapping) and section else None


def _provider(section: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any] | None]:
    """The provider to log in with: the unnamed one (keys directly under `[auth]`) or the first
    named one (`[auth.<namn>]`)."""
    if "client_id" in section:
        return None, section
    for name, value in section.items():
        if isinstance(value, Mapping) and "client_id" in value:
            return str(name), value
    return None, None


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    host = host.strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_of(header: str) -> str:
    header = header.strip()
    if header.startswith("["):  # [::1]:8501
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


_PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-forwarded-host", "x-real-ip")


def _headers() -> dict[str, str]:
    try:
        return {k.lower(): v for k, v in st.context.headers.items()}
    except Exception:  # noqa: BLE001 - no browser session (bare run)
        return {}


SETUP_HELP = (
    "**Så konfigurerar du inloggning** (steg för steg i `docs/drift.md`):\n\n"
    "1. Registrera Arbetsmål i kommunens identitetstjänst (Entra ID, Keycloak eller en annan "
    "OpenID Connect-tjänst) med omdirigeringsadressen `https://<appens adress>/oauth2callback`.\n"
    "2. Skriv in uppgifterna i `.streamlit/secrets.toml` under `[auth]`: `redirect_uri`, "
    "`cookie_secret` (minst 32 slumpmässiga tecken), `client_id`, `client_secret` och "
    "`server_metadata_url`.\n"
    "3. Ange i `deploy/roller.toml` vilka grupper som ger rollerna läsare, analytiker och "
    "administratör.\n"
    "4. Starta om appen.\n\n"
    "**För att arbeta på den här datorn utan inloggning:** starta med `make run`, som bara "
    "lyssnar på adressen 127.0.0.1."
)


def _local_problem() -> str | None:
    """Why local mode (no login) may not serve this request, or None when it may."""
    headers = _headers()
    if not headers:  # no browser connection: a test run of a page, nothing served
        return None
    address = st.get_option("server.address")
    if not _is_loopback(address):
        where = f"adressen `{address}`" if address else "alla nätverksadresser"
        return (
            f"Appen är startad på {where}, så den kan nås från andra datorer, men ingen "
            "inloggning är konfigurerad. Då kunde vem som helst som når adressen läsa siffrorna, "
            "lagra filer och skriva kommentarer, så appen visar ingenting.\n\n" + SETUP_HELP
        )
    if not _is_loopback(_host_of(headers.get("host", ""))) or any(
        h in headers for h in _PROXY_HEADERS
    ):
        return (
            "Appen nås via en annan adress eller en proxy, men ingen inloggning är "
            "konfigurerad. Utan inloggning visar appen bara uppgifter för den som sitter vid "
            "datorn där den körs.\n\n" + SETUP_HELP
        )
    return None


def _login_problem(section: Mapping[str, Any]) -> str | None:
    """What is wrong with the `[auth]` configuration or the role mapping, or None."""
    from streamlit.auth_util import is_authlib_installed

    missing = [k for k in ("redirect_uri", "cookie_secret") if not section.get(k)]
    provider = _provider(section)[1]
    if provider is None:
        missing.append("client_id")
    else:
        missing += [
            k for k in ("client_id", "client_secret", "server_metadata_url") if not provider.get(k)
        ]
    if missing:
        return (
            "Inloggningen är inte färdigkonfigurerad: i `.streamlit/secrets.toml` saknas "
            f"{', '.join(f'`{k}`' for k in missing)} under `[auth]`.\n\n" + SETUP_HELP
        )
    if not is_authlib_installed():
        return "Inloggningen kräver paketet Authlib. Installera om programmet med `make setup`."
    if len(str(section["cookie_secret"])) < MIN_COOKIE_SECRET:
        return (
            f"`cookie_secret` i `.streamlit/secrets.toml` är för kort: den ska vara minst "
            f"{MIN_COOKIE_SECRET} slumpmässiga tecken (till exempel utdata från "
            '`python -c "import secrets; print(secrets.token_urlsafe(48))"`).'
        )
    redirect = str(section["redirect_uri"])
    if not redirect.endswith("/oauth2callback"):
        return "`redirect_uri` i `.streamlit/secrets.toml` ska sluta med `/oauth2callback`."
    scheme, _, rest = redirect.partition("://")
    if scheme != "https" and not _is_loopback(_host_of(rest.split("/", 1)[0])):
        return (
            "`redirect_uri` ska börja med `https://`: inloggningens kakor får inte gå okrypterat "
            "över nätet. Ställ appen bakom en proxy med TLS (se `docs/drift.md`)."
        )
    if st.get_option("server.trustedUserHeaders"):
        return (
            "`server.trustedUserHeaders` är satt: då kunde användaruppgifter komma från "
            "HTTP-huvuden i stället för inloggningen. Ta bort inställningen."
        )
    try:
        role_map = load_role_map()
    except RoleMapError as exc:
        return str(exc)
    if not role_map.groups:
        return f"Rollfilen {role_map.path.name} ger ingen grupp någon roll."
    return None


def access() -> Access:
    """Who is here now (read again at every call: cheap)."""
    section = _secrets_auth_section()
    if section is None:
        problem = _local_problem()
        if problem:
            return Access("stoppad", reason=problem)
        user = audit.os_user()
        return Access("lokal", name=user, display_name=user, role=LOKAL)
    problem = _login_problem(section)
    if problem:
        return Access("stoppad", reason=problem)
    claims = st.user.to_dict()
    if not claims.get("is_logged_in"):
        return Access("anonym")
    if expired(claims):  # Streamlit does not check the ID token's `exp` (issue 26)
        return Access("utgangen", reason=EXPIRED_MESSAGE)
    role_map = load_role_map()
    name = name_for(claims, role_map)
    display = claims.get("name") if isinstance(claims.get("name"), str) else None
    role = role_for(claims, role_map)
    return Access("inloggad" if role else "utan_roll", name, display or name, role)


def login_provider() -> str | None:
    """The provider name to pass to `st.login` (None: the unnamed provider)."""
    section = _secrets_auth_section() or {}
    return _provider(section)[0]


# --- what the pages call ---------------------------------------------------------------------


def allowed(permission: Permission) -> bool:
    """True when the person here may do this (checked on the server)."""
    return access().can(permission)


def require(permission: Permission = Permission.SEE) -> Access:
    """Stop the page with a Swedish message unless the person here may do this."""
    here = access()
    if not here.can(permission):
        st.error(REFUSALS[permission], icon=":material/lock:")
        st.stop()
    return here


def actor() -> audit.Actor:
    """Who the audit trail names for an action in the app now."""
    return access().actor


def record_export(subject: str, detail: str | None = None) -> None:
    """Write the audit line of an export built in the app now."""
    audit.record_now(audit.EXPORT_BUILT, subject, detail, actor=actor())


def recorded_download(
    build: Callable[[], bytes], subject: str, detail: str | None = None
) -> Callable[[], bytes]:
    """A deferred download (`st.download_button(data=…)`) that writes its audit line when the
    file is built, on the click. Who clicks is taken now, in the page's run."""
    who = actor()

    def build_and_record() -> bytes:
        data = build()
        audit.record_now(audit.EXPORT_BUILT, subject, detail, actor=who)
        return data

    return build_and_record


def may_open(here: Access, url_path: str) -> bool:
    """Whether a page (by its url path in app.py) belongs in this person's navigation."""
    return here.can(PAGE_PERMISSIONS.get(url_path, Permission.SEE))


# --- the pages for those who may see nothing, and the sidebar -------------------------------


def _login_page() -> None:
    st.title("Arbetsmål")
    st.write(
        "Arbetsmål följer kommunens mål om anställningar och försörjningsstödet, månad för "
        "månad. Logga in med ditt konto i kommunen för att se uppgifterna."
    )
    if st.button("Logga in", type="primary", icon=":material/login:"):
        st.login(login_provider())


def _no_role_page(here: Access) -> None:
    st.title("Ingen behörighet")
    st.text(f"Du är inloggad som {here.display_name}.")
    st.write(
        "Ditt konto har ingen roll i Arbetsmål, så du kan inte se några uppgifter här. "
        "Be den som förvaltar Arbetsmål i kommunen om behörighet: du behöver vara med i en "
        "grupp för läsare, analytiker eller administratörer."
    )
    if st.button("Logga ut", icon=":material/logout:"):
        st.logout()


def _expired_page(here: Access) -> None:
    st.title("Arbetsmål")
    st.warning(here.reason, icon=":material/timer_off:")
    if st.button("Logga in igen", type="primary", icon=":material/login:"):
        st.login(login_provider())


def _stopped_page(here: Access) -> None:
    st.title("Arbetsmål visar inga uppgifter")
    st.warning(here.reason, icon=":material/lock:")


def gate() -> Access:
    """Call first in app.py. Returns who is here when they may see the app; otherwise shows the
    login page, the no-role page or the refusal as the only page, and stops the script."""
    here = access()
    if here.state in ("lokal", "inloggad"):
        return here

    def logga_in() -> None:
        _login_page()

    def ingen_behorighet() -> None:
        _no_role_page(here)

    def stoppad() -> None:
        _stopped_page(here)

    def utgangen() -> None:
        _expired_page(here)

    page, title = {
        "anonym": (logga_in, "Logga in"),
        "utan_roll": (ingen_behorighet, "Ingen behörighet"),
        "stoppad": (stoppad, "Arbetsmål"),
        "utgangen": (utgangen, "Logga in igen"),
    }[here.state]
    st.navigation(
        [st.Page(page, title=title, url_path=page.__name__, default=True)], position="hidden"
    ).run()
    st.stop()
    return here  # not reached


def sidebar(here: Access) -> None:
    """Who is logged in, with the logout button; or that the app runs in local mode."""
    with st.sidebar:
        if here.state == "lokal":
            st.caption("Lokalt läge, ingen inloggning", help=_LOCAL_HELP)
            return
        st.caption("Inloggad som")
        st.text(f"{here.display_name} ({role_label(here.role)})")
        if st.button("Logga ut", key="auth-logout", icon=":material/logout:"):
            st.logout()


_LOCAL_HELP = (
    "Appen körs utan inloggning och svarar bara på den här datorn (127.0.0.1). "
    "Alla ändringar loggas med datorns användarnamn. För att köra på kommunens nät: "
    "se docs/drift.md."
)
