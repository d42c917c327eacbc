"""Parsers for one cell, as the kind contracts use them (text in, typed value or ValueError out).

They wrap `schemas.parsing` (how values are written) and the reference lists (which codes exist).
Every ValueError carries a short Swedish sentence for the user.
"""

from __future__ import annotations

import difflib
from datetime import date

import pandas as pd

from schemas import parsing
from schemas.contract import ParseContext

#: How the templates mark their example rows (`Exempel 2025-01`): such a row is never stored.
EXAMPLE_MARK = "Exempel"
EXAMPLE_ERROR = (
    "Raden är ett exempel ur mallen. Ersätt exempelraderna med egna uppgifter eller ta bort dem, "
    "och läs in filen igen."
)


def _not_an_example(text: str) -> None:
    if str(text).strip().lower().startswith(EXAMPLE_MARK.lower()):
        raise ValueError(EXAMPLE_ERROR)


def month(text: str, ctx: ParseContext) -> date:
    _not_an_example(text)
    return parsing.parse_month(text, ctx.current_month)


def year(text: str, ctx: ParseContext) -> int:
    _not_an_example(text)
    return parsing.parse_year(text, ctx.current_month.year)


def whole_number(text: str, ctx: ParseContext) -> int:
    return parsing.parse_whole_number(text)


def positive_whole_number(text: str, ctx: ParseContext) -> int:
    value = parsing.parse_whole_number(text)
    if value <= 0:
        raise ValueError("Målet måste vara ett heltal större än 0.")
    return value


def amount(text: str, ctx: ParseContext) -> float:
    return parsing.parse_amount(text)


def kon(text: str, ctx: ParseContext) -> str:
    return parsing.parse_kon(text)


def ja_nej(text: str, ctx: ParseContext) -> str:
    return parsing.parse_ja_nej(text)


def did_you_mean(text: str, listing: pd.DataFrame) -> str:
    """` Menade du ”Kultur- och fritidsförvaltningen” (KFF)?` for a near miss of a code or a name
    of `listing` (columns kod, namn), compared written the same way (case, å/ä/ö, punctuation);
    '' when nothing is close. Only the list's own words are echoed, never the cell."""
    key = parsing.normalize_name(text)
    if not key:
        return ""
    candidates: dict[str, tuple[str, str]] = {}
    for kod, namn in zip(listing["kod"], listing["namn"], strict=True):
        candidates.setdefault(parsing.normalize_name(namn), (kod, namn))
        candidates.setdefault(parsing.normalize_name(kod), (kod, namn))
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.6)
    if not close:
        # A name written short ("Kultur och fritid"): the start of exactly one name.
        starts = {v for k, v in candidates.items() if len(key) >= 4 and k.startswith(key)}
        if len(starts) != 1:
            return ""
        kod, namn = starts.pop()
    else:
        kod, namn = candidates[close[0]]
    return f" Menade du \u201d{namn}\u201d ({kod})?"


def _look_up(text: str, code: str | None, listing: pd.DataFrame, message: str) -> str:
    """The code a reference look-up found, or a ValueError with the list's codes and the
    nearest match (`message` says what is unknown; `{codes}` stands for the codes)."""
    if code is None:
        codes = ", ".join(listing["kod"])
        raise ValueError(message.format(codes=codes) + did_you_mean(text, listing))
    return code


def forvaltning(text: str, ctx: ParseContext) -> str:
    listing = ctx.reference.forvaltningar
    return _look_up(
        text,
        ctx.reference.match_forvaltning(text),
        listing,
        "Okänd förvaltning. Ange en kod eller ett namn ur referenslistan ({codes}).",
    )


def forvaltning_or_whole(text: str, ctx: ParseContext) -> str:
    """A förvaltning, or '' for the whole municipality (an empty cell or `Hela kommunen`)."""
    if not text.strip() or parsing.normalize_name(text) in {"hela_kommunen", "kommunen", "totalt"}:
        return ""
    return forvaltning(text, ctx)


def anstallningsform(text: str, ctx: ParseContext) -> str:
    return _look_up(
        text,
        ctx.reference.match_anstallningsform(text),
        ctx.reference.anstallningsformer,
        "Okänd anställningsform. Använd en av: {codes}.",
    )


def malgrupp(text: str, ctx: ParseContext) -> str:
    if not text.strip() or parsing.normalize_name(text) == "uppgift_saknas":
        return "uppgift saknas"
    return _look_up(
        text,
        ctx.reference.match_malgrupp(text),
        ctx.reference.malgrupper,
        "Okänd målgrupp. Använd en av: {codes}, eller lämna tomt.",
    )
