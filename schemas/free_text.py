"""What a free text (a supplier, a benämning, a comment) may hide, as Swedish warnings (issue 26).

A free text is stored as the user wrote and confirmed it: nothing is removed silently. What a
reader would not see, or Excel would not show as written, is said in a warning instead:

- a word that mixes alphabets (`АB` with a Cyrillic `А` beside a Latin `B`: it looks like `AB`
  but is another supplier to every search and sum), naming the letters;
- invisible characters: zero-width spaces and joiners, soft hyphens, bidirectional controls
  (`U+202E` turns the text around on screen), named with their Unicode names;
- a text that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return): accepted, and
  every writer of the product writes it as text (`pipelines.outputs.workbook`).

Pure: standard library and `schemas.guard` only.
"""

from __future__ import annotations

import unicodedata

from schemas import guard

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS_SHOWN = {"\t": "en tabb", "\r": "en vagnretur"}
_SCRIPT_WORDS = {
    "LATIN": "latinska",
    "CYRILLIC": "kyrilliska",
    "GREEK": "grekiska",
    "ARMENIAN": "armeniska",
    "CHEROKEE": "cherokesiska",
    "FULLWIDTH": "helbreda",
    "MATHEMATICAL": "matematiska",
    "ARABIC": "arabiska",
    "HEBREW": "hebreiska",
}


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    return first or None


def formula_warning(text: str) -> str | None:
    """`Texten börjar med =, kan tolkas som formel i Excel; skrivs som text.` or None."""
    if text[:1] and text[0] in FORMULA_STARTS:
        shown = _STARTS_SHOWN.get(text[0], text[0])
        return f"Texten börjar med {shown}, kan tolkas som formel i Excel; skrivs som text."
    return None


def mixed_script_warning(text: str) -> str | None:
    """A sentence naming the first word that mixes alphabets, or None."""
    for word in text.split():
        scripts = {s for s in map(_script, word) if s}
        if len(scripts) > 1:
            names = " och ".join(sorted(_SCRIPT_WORDS.get(s, s.casefold()) for s in scripts))
            return (
                f"Ordet ”{guard.visible(word, limit=40)}” blandar {names} bokstäver: det ser "
                "likadant ut som ett vanligt ord men räknas som ett annat."
            )
    return None


def invisible_warning(text: str) -> str | None:
    """A sentence naming the invisible and direction-changing characters in `text`, or None."""
    found = [
        c
        for c in dict.fromkeys(text)
        if unicodedata.category(c) in ("Cf", "Zl", "Zp") or c in "\u180e\u115f\u1160\u3164"
    ]
    if not found:
        return None
    names = ", ".join(
        f"U+{ord(c):04X} ({unicodedata.name(c, 'okänt tecken').casefold()})" for c in found[:5]
    )
    return (
        f"Texten innehåller osynliga tecken eller riktningstecken: {names}. De sparas som de "
        "står; ta bort dem om de inte ska vara där."
    )


def text_warnings(text: object) -> list[str]:
    """Every warning for one free text, in a fixed order (formula, mixed alphabets, invisible)."""
    s = "" if text is None else str(text)
    if s.isascii() and s.isprintable():
        warning = formula_warning(s)
        return [warning] if warning else []
    return [w for w in (formula_warning(s), mixed_script_warning(s), invisible_warning(s)) if w]
