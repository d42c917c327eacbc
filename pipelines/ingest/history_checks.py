"""The confirmation a figure far outside its history needs before it is stored (issue 26).

The warning is the kind's check against the stored history (`schemas.anstallningar`: a month
whose hires for a förvaltning lie far outside the months already stored for it); it ends with
`CONFIRM_NOTE`. Storing such a file without confirmation is refused (`unconfirmed`), with a
Swedish sentence saying how to confirm: the import page's checkbox, or `--confirm` on the
command line. Confirmation is given for a block of code with `confirmed()` (a context variable,
so the storing functions keep their signatures).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from schemas import anstallningar
from schemas.findings import Finding, error

#: How every warning that needs confirmation ends; `needs_confirmation` looks for it (the
#: warning itself is the kind's check against the stored history, `schemas.anstallningar`).
CONFIRM_NOTE = anstallningar.CONFIRM_NOTE
#: The import page's checkbox.
CONFIRM_LABEL = "Jag har kontrollerat siffrorna"
UNCONFIRMED_APP = (
    "Filen lagrades inte: en siffra ligger långt utanför historiken och måste bekräftas. "
    f"Kontrollera siffran och kryssa i ”{CONFIRM_LABEL}” innan du lagrar."
)
UNCONFIRMED_CLI = (
    "Filen lagrades inte: en siffra ligger långt utanför historiken och måste bekräftas. "
    "Kontrollera siffran och kör kommandot igen med --confirm om den stämmer."
)

_confirmed: ContextVar[bool] = ContextVar("history_confirmed", default=False)


@contextmanager
def confirmed(yes: bool = True) -> Iterator[None]:
    """Within the block, warnings that need confirmation are confirmed (`yes`)."""
    token = _confirmed.set(yes)
    try:
        yield
    finally:
        _confirmed.reset(token)


def needs_confirmation(findings: list[Finding]) -> bool:
    return any(not f.is_error and f.message.endswith(CONFIRM_NOTE) for f in findings)


def unconfirmed(validated, source: str, late: list[Finding] = ()) -> list[Finding]:
    """An error that stops storing when a warning (of the file, or `late` ones found in the
    write transaction) needs confirmation and none was given."""
    findings = [*validated.findings, *late]
    if not validated.ok or _confirmed.get() or not needs_confirmation(findings):
        return []
    first = next(f for f in findings if not f.is_error and f.message.endswith(CONFIRM_NOTE))
    what = first.message.removesuffix(CONFIRM_NOTE).strip()
    message = UNCONFIRMED_CLI if source == "cli" else UNCONFIRMED_APP
    return [error(f"{message} {what}", file=validated.file_name)]
