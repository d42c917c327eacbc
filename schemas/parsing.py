"""How values are written in delivered files: header names, months, numbers, ja/nej, kön.

Pure functions without I/O. Every `parse_*` function either returns the typed value or raises
`ValueError` whose message is a short Swedish sentence meant for the user (the caller adds file,
row and column). The personal-data guard is `schemas.guard`.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from schemas import guard

MONTH_NAMES_SV: list[str] = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip

# Full names and the abbreviations Swedish Excel and exports use (`sept` is common in prose).
_MONTH_BY_NAME: dict[str, int] = {name: i for i, name in enumerate(MONTH_NAMES_SV, start=1)}
_MONTH_BY_NAME.update(
    {abbr: i for i, abbr in enumerate(
        ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        start=1,
    )}
)  # fmt: skip
_MONTH_BY_NAME["sept"] = 9

TOTAL_ROW_LABELS: frozenset[str] = frozenset({"totalt", "summa", "total", "hela_kommunen"})

#: Months and years before this are rejected as input errors.
EARLIEST_YEAR = 2000

_MONTH_FORMAT_MESSAGE = "Månaden måste skrivas som 2025-03, 202503 eller mars 2025."
_NOT_A_NUMBER = "Värdet måste vara ett tal."
_MIXED_SEPARATORS = (
    "Talet får bara ha ett decimaltecken (komma eller punkt). "
    "Skriv tusental med mellanslag, t.ex. 1 234 567 eller 1 234,50."
)

# Spaces that Excel and Swedish locales put between groups of thousands.
_THOUSANDS = " \u00a0\u202f"
_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
_MINUS = "-\u2212\u2013"
#: The message for a negative count, wherever a count is read (hires, SoS exports).
NEGATIVE_COUNT = "Antal kan inte vara negativt."


def normalize_name(text: str) -> str:
    """Return the comparable form of a header or reference name.

    Trims (also BOM, non-breaking spaces and surrounding quotes), casefolds, removes diacritics
    (å/ä→a, ö→o, é→e, ü→u) and turns every run of spaces, `_` and dashes into one `_`, without a
    leading or trailing `_`: `"Från försörjningsstöd"` → `"fran_forsorjningsstod"`. A `%` reads
    as the word `procent`: `"Varav minst 75 %"` = `"varav minst 75 procent"`.
    """
    text = str(text).replace("\ufeff", "").strip().strip(_QUOTES).casefold()
    text = text.replace("%", " procent ")
    # NFKD splits å/ä/ö/é/ü into a base letter and a combining mark, which is then dropped.
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"[\s_\-\u2010-\u2015]+", "_", text)
    return text.strip("_")


_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})")
_NAME_YEAR = re.compile(r"([^\W\d_]+)\.?[\s\-/]*(\d{4})")
_YEAR_NAME = re.compile(r"(\d{4})[\s\-/]+([^\W\d_]+)\.?")
# Swedish Excel shows a date cell formatted `mmm-åå` as `mar-25` and writes that to CSV.
_NAME_SHORT_YEAR = re.compile(r"([^\W\d_]+)\.?-(\d{2})")


def parse_month(text: str, current_month: date) -> date:
    """Return the first day of the month written in `text`.

    Accepts `2025-03`, `2025-3`, `2025-03-01` (any day of the month, also with a time such as
    `2025-03-01 00:00:00`), `202503`, `mars 2025`, `mar 2025`, `mar. 2025`, `2025 mars` and
    Excel's `mar-25`; month names and abbreviations are Swedish and case-insensitive. Rejects a
    month after `current_month` and a month before year 2000.
    """
    s = " ".join(str(text).split()).casefold()
    year = month = None
    if m := _ISO_MONTH.fullmatch(s) or _COMPACT.fullmatch(s):
        year, month = int(m[1]), int(m[2])
    elif m := _ISO_DATE.fullmatch(s):
        year, month = int(m[1]), int(m[2])
        try:
            date(year, month, int(m[3]))
        except ValueError:
            raise ValueError(_MONTH_FORMAT_MESSAGE) from None
    elif m := _NAME_YEAR.fullmatch(s):
        year, month = int(m[2]), _MONTH_BY_NAME.get(m[1])
    elif m := _YEAR_NAME.fullmatch(s):
        year, month = int(m[1]), _MONTH_BY_NAME.get(m[2])
    elif m := _NAME_SHORT_YEAR.fullmatch(s):
        year, month = 2000 + int(m[2]), _MONTH_BY_NAME.get(m[1])
    if year is None or month is None or not 1 <= month <= 12:
        raise ValueError(_MONTH_FORMAT_MESSAGE)
    if year < EARLIEST_YEAR:
        raise ValueError(f"Månaden {year:04d}-{month:02d} ligger före år {EARLIEST_YEAR}.")
    first = date(year, month, 1)
    if first > date(current_month.year, current_month.month, 1):
        raise ValueError(f"Månaden {year:04d}-{month:02d} ligger efter innevarande månad.")
    return first


def parse_year(text: str, current_year: int) -> int:
    """Return the year written in `text` (`2025`, or Excel's `2025.0`).

    The year must lie between 2000 and `current_year + 1` (targets may be set for next year).
    """
    m = re.fullmatch(r"(\d{4})(?:[.,]0+)?", str(text).strip())
    if not m:
        raise ValueError("Året måste skrivas med fyra siffror, t.ex. 2025.")
    year = int(m[1])
    if year < EARLIEST_YEAR:
        raise ValueError(f"Året {year} ligger före år {EARLIEST_YEAR}.")
    if year > current_year + 1:
        raise ValueError(f"Året {year} ligger för långt fram: senast {current_year + 1} går.")
    return year


_INTEGER_PART = rf"[0-9]{{1,3}}(?:[{_THOUSANDS}][0-9]{{3}})+|[0-9]+"
_NUMBER = re.compile(rf"(?P<int>{_INTEGER_PART})(?:[.,](?P<dec>[0-9]+))?")
_NUMBER_CHARS = frozenset("0123456789.," + _THOUSANDS + _MINUS)


def _foreign_character(text: str) -> str | None:
    """The first character of a number's text that is neither an ASCII digit nor one of the
    documented signs and separators, named (`”٣” (ARABIC-INDIC DIGIT THREE)`), or None. Only
    characters that pass for part of a number are named (digits of other scripts, invisible
    characters, other spaces, dashes and marks); a word (`två`) is simply not a number."""
    if text.isascii() or any(unicodedata.category(c).startswith("L") for c in text):
        return None
    for char in text:
        if char not in _NUMBER_CHARS and not char.isascii():
            name = unicodedata.name(char, f"U+{ord(char):04X}")
            shown = char if char.isprintable() else f"U+{ord(char):04X}"
            return f"\u201d{shown}\u201d ({name})"
    return None


def _parse_decimal(text: str, not_a_number: str) -> tuple[Decimal, bool]:
    """Parse a Swedish-written number into (absolute value, is_negative).

    Thousands may be separated by (non-breaking) spaces in groups of three; the one decimal mark
    may be a comma or a point. Two marks (`1,234.50`, `1.234.567`) are rejected as ambiguous
    rather than guessed, since `1.234` means 1,234 in some locales and 1.234 in others.
    """
    s = str(text).strip()
    if not s:
        raise ValueError("Värdet saknas.")
    if foreign := _foreign_character(s):
        raise ValueError(
            f"Talet innehåller tecknet {foreign}. Skriv tal med siffrorna 0–9, mellanslag "
            "mellan tusental och komma eller punkt som decimaltecken."
        )
    negative = s[0] in _MINUS
    if negative:
        s = s[1:].lstrip()
    if s.count(",") + s.count(".") > 1 and re.fullmatch(rf"[\d.,{_THOUSANDS}]+", s):
        raise ValueError(_MIXED_SEPARATORS)
    m = _NUMBER.fullmatch(s)
    if not m:
        raise ValueError(not_a_number)
    digits = re.sub(f"[{_THOUSANDS}]", "", m["int"]) + ("." + m["dec"] if m["dec"] else "")
    try:
        value = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise ValueError(not_a_number) from None
    return value, negative and value != 0


def parse_whole_number(text: str) -> int:
    """Return the whole number ≥ 0 in `text`: `1 234`, `1\u00a0234`, `0`, Excel's `12,0`/`12.0`."""
    value, negative = _parse_decimal(text, _NOT_A_NUMBER)
    if negative:
        raise ValueError(NEGATIVE_COUNT)
    if value != value.to_integral_value():
        raise ValueError("Värdet måste vara ett heltal.")
    return int(value)


def parse_amount(text: str) -> float:
    """Return the amount ≥ 0 in kronor: `1 234,50`, `1234.5`, `12 000 000`, also `1 234 kr`."""
    s = re.sub(r"\s*(?:kr\.?|sek|:-)$", "", str(text).strip(), flags=re.IGNORECASE)
    value, negative = _parse_decimal(s, "Beloppet måste vara ett tal i kronor, t.ex. 1 234,50.")
    if negative:
        raise ValueError("Beloppet får inte vara negativt.")
    return float(value)


_KON = {
    "kvinna": "kvinna", "kvinnor": "kvinna", "k": "kvinna",
    "man": "man", "m": "man",
    "": "uppgift saknas", "uppgift_saknas": "uppgift saknas",
}  # fmt: skip
_JA_NEJ = {"ja": "ja", "nej": "nej", "": "uppgift saknas", "uppgift_saknas": "uppgift saknas"}


def parse_kon(text: str) -> str:
    """Return `kvinna`, `man` or `uppgift saknas` (for an empty cell); `K`/`M` are accepted."""
    # normalize_name turns "män" into "man", so the plural is accepted with the singular.
    key = normalize_name(text).rstrip(".")
    if key not in _KON:
        raise ValueError("Kön måste vara kvinna eller man (K eller M), eller lämnas tomt.")
    return _KON[key]


def parse_ja_nej(text: str) -> str:
    """Return `ja`, `nej` or `uppgift saknas` (for an empty cell)."""
    key = normalize_name(text)
    if key not in _JA_NEJ:
        raise ValueError("Värdet måste vara ja eller nej, eller lämnas tomt.")
    return _JA_NEJ[key]


# The personal-data guard lives in `schemas.guard` (every separator and digit form,
# samordningsnummer); these names stay for the callers that import them from here.
looks_like_personnummer = guard.looks_like_personnummer
might_contain_personnummer = guard.might_contain_personnummer


def is_total_label(text: str) -> bool:
    """True for `Totalt`, `Summa`, `Total` and `Hela kommunen` in any case or spacing."""
    return normalize_name(text) in TOTAL_ROW_LABELS
