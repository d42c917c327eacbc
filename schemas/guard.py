"""The one gate for text that enters: personal identity numbers, control characters, look-alike
letters, length.

Every entry point passes its texts through here: the cells and headers of a delivered file, its
file name and sheet names, a report comment and its author, the reference data. Pure functions,
standard library only:

- `looks_like_personnummer(text)` finds a Swedish personnummer or samordningsnummer in any form:
  6 or 8 date digits, then no separator or up to three of `-`, `+`, `_`, `.`, `/`, any dash
  (Unicode category Pd), the minus sign U+2212, their full-width and small forms, spaces (also
  non-breaking); digits may be full-width (`８５０１０１`), Arabic-Indic (`٨٥٠١٠١`) or of any other
  script (every Unicode decimal digit is read as one); samordningsnummer add 60 to the day;
  invisible formatting characters (zero-width space, soft hyphen) between the digits are ignored.
- `strip_format_codes(text)` reads a header or footer as it prints (`491203&B-&B4521`).
- `redact(text)` replaces each such number by `[personnummer borttaget]`: what may be kept in a
  log of a text that held one.
- `visible(text)` is how a value is echoed back (in findings, the ingest log, pages): personal
  numbers redacted, control and invisible characters shown by name, letters from other
  alphabets that look like Latin ones shown as what they are, cut to `MAX_ECHO` characters.
- `admit(text, what=…)` is the gate for a free text that will be stored (a comment, a name, a
  reference value): the text, stripped, or `GateError` with a Swedish sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: An echoed value (in a message, the ingest log, a page) is at most this many characters long.
MAX_ECHO = 60
REDACTED = "[personnummer borttaget]"
PERSONAL_DATA_MESSAGE = (
    "Personuppgifter får inte laddas upp eller sparas: ta bort personnummer och samordningsnummer."
)

# Separators a person or a system puts between the date and the last four digits: every dash
# of Unicode (category Pd: `-`, U+2010–U+2015, `－`, `﹣`, `〜` …), the minus sign, `+`, `_`, `.`,
# `/`, their full-width and small forms, and any space (also non-breaking and ideographic).
# (tests/test_gate_round2.py checks that every Pd character of this Python's Unicode is here).
SEPARATOR_CHARS = (
    "-\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b"
    "\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead"  # Pd
    "+_./\u2212\u2044\u2215\u2024\u2027\ufe52\ufe62\uff0b\uff0e\uff0f\uff3f"
)
_SEPARATOR = "[\\s" + re.escape(SEPARATOR_CHARS) + "]"
# `\d` matches every Unicode decimal digit (full-width `８` included); int() reads them all.
_PERSONNUMMER = re.compile(rf"(?<!\d)(\d{{8}}|\d{{6}})({_SEPARATOR}{{0,3}})(\d{{4}})(?!\d)")
# Characters of category Cf (format: zero-width space, soft hyphen, BOM, direction marks).
_INVISIBLE = re.compile(r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\n\r\u2028\u2029]")
_SPECIAL_NAMES = {
    "\t": "tabb",
    "\n": "radbrytning",
    "\r": "vagnretur",
    "\x00": "NUL",
    "\x1b": "ESC",
    "\x7f": "DEL",
    "\u00a0": None,  # a non-breaking space shows as a space: no need to name it
}
_SCRIPT_WORDS = {
    "CYRILLIC": "kyrilliskt",
    "GREEK": "grekiskt",
    "ARMENIAN": "armeniskt",
    "CHEROKEE": "cherokesiskt",
    "FULLWIDTH LATIN": "helbrett",
    "MATHEMATICAL": "matematiskt",
    "LATIN LETTER SMALL CAPITAL": "kapitäl",
}


def _strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text) if not text.isascii() else text


def _plausible(date_digits: str) -> bool:
    """True when 6 or 8 date digits are a plausible birth date (samordningsnummer: day + 60)."""
    digits = "".join(str(int(d)) for d in date_digits)  # any script's digits as ASCII
    if len(digits) == 8:
        if digits[:2] not in ("18", "19", "20"):
            return False
        digits = digits[2:]
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def _inside_decimal(s: str, start: int, end: int) -> bool:
    """A digit run that is the integer or fraction part of a decimal number is an amount."""
    after = s[end : end + 2]
    before = s[max(0, start - 2) : start]
    return bool(re.fullmatch(r"[.,]\d", after) or re.fullmatch(r"\d[.,]", before))


def _matches(s: str) -> list[re.Match[str]]:
    found = []
    for m in _PERSONNUMMER.finditer(s):
        if not m[2] and _inside_decimal(s, m.start(), m.end()):
            continue
        if _plausible(m[1]):
            found.append(m)
    return found


def looks_like_personnummer(text: object) -> bool:
    """True when `text` holds something shaped like a personnummer or samordningsnummer.

    The check digit is not required, so the guard errs on the side of rejecting. Amounts with
    thousands separators (`1 234 567`), months (`202503`), dates (`2025-03-01`), organisation
    numbers (`212000-1234`: month 20) and decimal numbers (`8501011234,50`) are not flagged.
    """
    s = _strip_invisible(str(text))
    if len(s) < 10:
        return False
    return bool(_matches(s))


def might_contain_personnummer(text: str) -> bool:
    """A fast pre-check over a whole file's text: False guarantees that no cell of it
    `looks_like_personnummer` (delimiters and line breaks between cells only add candidates);
    True means the cells must be checked one by one."""
    return _PERSONNUMMER.search(_strip_invisible(text)) is not None


# Excel's format codes in a header or footer: `&B` bold, `&"Arial,Fet"` a font, `&12` a size,
# `&K00FF00` a colour, `&P` the page number, `&&` a literal `&`.
_FORMAT_CODE = re.compile(
    r'&(?:"[^"\x00]{0,100}"|K[0-9A-Fa-f]{6}|K\d\d[+-]\d{3}|\d{1,3}(?!\d)|[A-Za-z])'
)


def strip_format_codes(text: str) -> str:
    """The text of an Excel header or footer as it prints: format codes (`&B`, `&"Arial,Fet"`,
    `&12`, `&K00FF00`) removed, `&&` read as `&`, so `491203&B-&B4521` reads `491203-4521`."""
    if "&" not in text:
        return text
    return _FORMAT_CODE.sub("", text.replace("&&", "\x01")).replace("\x01", "&")


def redact(text: object) -> str:
    """`text` with every personal number replaced by `[personnummer borttaget]`."""
    s = str(text)
    if len(s) < 10 or not looks_like_personnummer(s):
        return s
    s = _strip_invisible(s)
    for m in reversed(_matches(s)):
        s = s[: m.start()] + REDACTED + s[m.end() :]
    return s


def _describe(char: str) -> str | None:
    """How a character is shown in an echo, or None to show it as it is."""
    if char in _SPECIAL_NAMES:
        name = _SPECIAL_NAMES[char]
        return f"⟨{name}⟩" if name else None
    if char.isascii() and (char.isprintable() or char == " "):
        return None
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return f"⟨U+{ord(char):04X}⟩"
    if category.startswith("L") or category == "Nd":
        name = unicodedata.name(char, "")
        for prefix, word in _SCRIPT_WORDS.items():
            if name.startswith(prefix):
                return f"⟨{word} {char}⟩"
        if category == "Nd" and not char.isascii():
            return f"⟨{char}⟩"
    return None


def visible(text: object, limit: int = MAX_ECHO) -> str:
    """The value as it may be echoed: personal numbers redacted, control characters, invisible
    characters and look-alike letters (Cyrillic `К` beside Latin `K`, full-width letters) shown
    by name, cut to `limit` characters (ending in `…` when cut)."""
    s = redact(text)
    if s.isascii() and s.isprintable():
        return s if len(s) <= limit else s[: limit - 1] + "…"
    tokens = [_describe(char) or char for char in s]
    if sum(map(len, tokens)) <= limit:
        return "".join(tokens)
    out: list[str] = []
    length = 0
    for token in tokens:  # whole markers only: never `⟨kyrill…`
        if length + len(token) > limit - 1:
            break
        out.append(token)
        length += len(token)
    return "".join(out) + "…"


def unusual_characters(text: object) -> str | None:
    """A Swedish sentence naming the control characters, invisible characters and look-alike
    letters in `text` (what makes a value differ from what the user sees), or None."""
    s = str(text)
    if s.isascii() and s.isprintable():
        return None
    controls, invisible, lookalike = [], [], []
    for char in dict.fromkeys(s):
        if char in "\t\n\r" or char == "\u00a0":
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            controls.append(f"U+{ord(char):04X}")
        elif category in ("Cf", "Zl", "Zp"):
            invisible.append(f"U+{ord(char):04X}")
        else:
            shown = _describe(char)
            if shown and category.startswith("L"):
                lookalike.append(shown.strip("⟨⟩"))
    parts = []
    if controls:
        parts.append(f"styrtecken ({', '.join(controls[:5])})")
    if invisible:
        parts.append(f"osynliga tecken ({', '.join(invisible[:5])})")
    if lookalike:
        parts.append(f"bokstäver från ett annat alfabet ({', '.join(lookalike[:5])})")
    if not parts:
        return None
    joined = ", ".join(parts[:-1]) + " och " + parts[-1] if len(parts) > 1 else parts[0]
    return f"Värdet innehåller {joined}, som inte syns men gör att det inte känns igen."


@dataclass(frozen=True)
class Problem:
    """One reason the gate refuses a text: `code` is stable, `message` Swedish."""

    code: str  # personnummer | styrtecken | for_lang | tom
    message: str


class GateError(ValueError):
    """A text the gate refuses: `str(error)` is one Swedish sentence, never echoing the text."""

    def __init__(self, problems: list[Problem]):
        super().__init__(" ".join(p.message for p in problems))
        self.problems = problems

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


def inspect(
    text: object, *, what: str = "Värdet", multiline: bool = False, max_length: int | None = None
) -> list[Problem]:
    """Every reason to refuse `text` (empty list: it may enter). `what` names the text in the
    messages (`Kommentaren`, `Namnet`, `Filnamnet`); line breaks and tabs are allowed only when
    `multiline`; `max_length` counts characters after stripping."""
    s = str(text)
    problems: list[Problem] = []
    if looks_like_personnummer(s):
        problems.append(
            Problem(
                "personnummer",
                f"{what} innehåller något som ser ut som ett personnummer eller "
                f"samordningsnummer. {PERSONAL_DATA_MESSAGE}",
            )
        )
    controls = set(_CONTROL.findall(s))
    if not multiline:
        controls |= set(_LINE_BREAKS.findall(s)) | ({"\t"} if "\t" in s else set())
    if controls:
        names = ", ".join(sorted(_describe(c) or f"⟨U+{ord(c):04X}⟩" for c in controls))
        problems.append(
            Problem(
                "styrtecken",
                f"{what} innehåller styrtecken som inte får sparas ({names}).",
            )
        )
    if max_length is not None and len(s.strip()) > max_length:
        problems.append(
            Problem(
                "for_lang",
                f"{what} får innehålla högst {max_length:,} tecken.".replace(",", "\u00a0"),
            )
        )
    return problems


def admit(
    text: object,
    *,
    what: str = "Värdet",
    multiline: bool = False,
    max_length: int | None = None,
    keep_invisible: bool = False,
) -> str:
    """The gate for a free text that will be stored: `text` stripped (and without invisible
    formatting characters, unless `keep_invisible`: a delivered free text is stored as the user
    confirmed it, with a warning naming them, `schemas.free_text`), or `GateError` (a
    ValueError) whose message never echoes it."""
    s = "" if text is None else str(text)
    problems = inspect(s, what=what, multiline=multiline, max_length=max_length)
    if problems:
        raise GateError(problems)
    return s.strip() if keep_invisible else _strip_invisible(s).strip()


def admit_name(text: object, *, limit: int = 200) -> str:
    """A file or sheet name as it may be kept (in the ingest log, on pages): personal numbers
    redacted, control characters shown by name, at most `limit` characters with a file name's
    extension kept. Never raises: whether a personal number in the name rejects the file is the
    caller's decision (`looks_like_personnummer` on the original name)."""
    shown = visible(text, limit=10_000)
    if len(shown) <= limit:
        return shown
    stem, dot, suffix = shown.rpartition(".")
    if dot and stem and 0 < len(suffix) <= 10:
        return visible(stem, limit=limit - len(suffix) - 1) + "." + suffix
    return visible(shown, limit=limit)


# --- headers that name a person ---------------------------------------------------------------

#: Normalised header words that name a person (or a way to reach one).
_PERSONAL_HEADERS = frozenset(
    {
        "namn", "fornamn", "efternamn", "personnamn", "person", "personer", "personnummer",
        "pnr", "samordningsnummer", "deltagare", "deltagarnamn", "anstalld", "anstallda_namn",
        "medarbetare", "praktikant", "larlingens_namn", "kontaktperson", "handlaggare",
        "e_post", "epost", "mejl", "mail", "email", "telefon", "telefonnummer", "mobil",
        "adress", "postadress", "fodelsedatum", "alder",
    }
)  # fmt: skip


def names_a_person(column: str) -> bool:
    """Whether a normalised header (`e_post`, `deltagarnamn`) names a person or a way to reach
    one: such a column is never stored (see `Contract.refuse_personal_columns`)."""
    parts = set(column.split("_"))
    return column in _PERSONAL_HEADERS or bool(
        parts & {"namn", "personnummer", "fornamn", "efternamn", "epost", "telefon"}
    )
