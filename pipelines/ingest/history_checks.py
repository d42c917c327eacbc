"""Hires against a förvaltning's own history, and the confirmation it then needs (issue 26).

`hires_history_findings(con, validated)`: a month whose hires for a förvaltning lie far outside
the months already stored for it (more than `FACTOR` times the most it has had in a month, and
at least `MIN_GAP` more) is a warning that names the history (median and most), and that needs
confirmation. Storing such a file without confirmation is refused (`unconfirmed`), with a
Swedish sentence saying how to confirm: the import page's checkbox, or `--confirm` on the
command line. Confirmation is given for a block of code with `confirmed()` (a context variable,
so the storing functions keep their signatures). At least `MIN_MONTHS` stored months are needed
before a history says anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

import numpy as np

from pipelines.formatting import fmt_int
from schemas.findings import Finding, error, warning

FACTOR = 5
MIN_GAP = 25
MIN_MONTHS = 6
#: How every warning that needs confirmation ends; `needs_confirmation` looks for it.
CONFIRM_NOTE = "Stämmer siffran, bekräfta att filen ska lagras."
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


def hires_history_findings(con, validated) -> list[Finding]:
    """The warnings for a hires file's months far outside each förvaltning's stored months."""
    frame = validated.frame
    if not validated.ok or validated.kind != "anstallningar" or frame is None or frame.empty:
        return []
    sums = frame.groupby(["forvaltning", "manad"], sort=True)["antal"].sum()
    months = sorted({m for m in frame["manad"] if isinstance(m, date)})
    stored = con.execute(
        "select forvaltning, manad, sum(antal)::BIGINT from anstallningar_current "
        "where manad not in (select unnest(?::DATE[])) group by all",
        [months],
    ).fetchall()
    history: dict[str, list[int]] = {}
    for forvaltning, _, total in stored:
        history.setdefault(forvaltning, []).append(int(total))
    findings = []
    for (forvaltning, month), total in sums.items():
        past = history.get(forvaltning, [])
        if len(past) < MIN_MONTHS:
            continue
        most, median = max(past), float(np.median(past))
        if total > FACTOR * most and total >= most + MIN_GAP:
            findings.append(
                warning(
                    f"Anställningar för {forvaltning} {month:%Y-%m} ({fmt_int(int(total))}) ligger "
                    f"långt utanför förvaltningens historik: median {fmt_int(round(median))}, "
                    f"högst {fmt_int(most)} per månad under {len(past)} lagrade månader. "
                    + CONFIRM_NOTE,
                    file=validated.file_name,
                    hint="Kontrollera att antalet är rätt och inte t.ex. ett löpnummer eller en "
                    "summa för flera månader.",
                )
            )
    return findings


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
