"""Whether a login's ID token has expired (issue 26).

Streamlit keeps the ID token's claims in its login cookie and exposes them as `st.user`
(`iss`, `sub`, `email`, `name`, `iat`, `exp`, …), but it never checks `exp`: a session would
outlive its token. `expired(claims)` says whether the token's `exp` (seconds since 1970, UTC)
has passed, with `LEEWAY_SECONDS` for clocks that differ a little; a token without `exp`
is not treated as expired (nothing to check). `EXPIRED_MESSAGE` is what the user reads, on a
page with a button to log in again (`pipelines.app.auth.gate`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

LEEWAY_SECONDS = 30
EXPIRED_MESSAGE = (
    "Din inloggning har gått ut. Logga in igen för att fortsätta: ingenting du har sparat går "
    "förlorat."
)
#: The claims that name a user in the audit trail when the role file names none that is set,
#: in this order: the name, the e-mail address, the subject (the provider's id of the user).
NAME_FALLBACK_CLAIMS = ("name", "email", "sub")


def expired(claims: Mapping[str, Any], now: float | None = None) -> bool:
    """True when the claims' `exp` lies in the past (beyond the leeway)."""
    exp = claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return False
    return (time.time() if now is None else now) >= exp + LEEWAY_SECONDS
