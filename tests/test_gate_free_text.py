"""Issue 26: free text (leverantör, benämning) is stored as the user wrote it, with a warning
that names what it hides: letters of two alphabets in one word, invisible or bidirectional
characters, a formula-like start (`=`, `+`, `-`, `@`), which no field refuses for an unrelated
reason. A real e-mail address is still refused."""

from __future__ import annotations

import pytest
from sysselsattning_data import AVTAL_HEADER

from helpers import query
from pipelines.ingest.store import ingest_bytes
from pipelines.ingest.validate import validate_bytes
from schemas.free_text import text_warnings

ROW = "2026-050;{benamning};{leverantor};KK;dialog;2026-01;2026-12;;"


def _avtal(benamning: str = "Städtjänster", leverantor: str = "Lunds Städ AB") -> bytes:
    row = ROW.format(benamning=benamning, leverantor=leverantor)
    return (AVTAL_HEADER + "\n" + row + "\n").encode("utf-8")


def _warnings(content: bytes) -> list[str]:
    validated = validate_bytes(content, "avtal.csv")
    assert not validated.errors, [f.message for f in validated.errors]
    return [f.message for f in validated.findings if not f.is_error]


def test_a_cyrillic_letter_in_a_supplier_is_named_and_stored_as_written(empty_db) -> None:
    supplier = "Lunds Städservice \u0410B"  # Cyrillic А
    warnings = _warnings(_avtal(leverantor=supplier))
    assert warnings == [
        "Ordet ”⟨kyrilliskt А⟩B” blandar kyrilliska och latinska bokstäver: det ser likadant "
        "ut som ett vanligt ord men räknas som ett annat."
    ]
    assert ingest_bytes(_avtal(leverantor=supplier), "avtal.csv").outcome == "lagrad"
    assert query(empty_db, "select leverantor from avtal_version") == [(supplier,)]


def test_a_zero_width_space_is_named_not_removed(empty_db) -> None:
    text = "Städ\u200btjänster"
    warnings = _warnings(_avtal(benamning=text))
    assert warnings == [
        "Texten innehåller osynliga tecken eller riktningstecken: U+200B (zero width space). "
        "De sparas som de står; ta bort dem om de inte ska vara där."
    ]
    ingest_bytes(_avtal(benamning=text), "avtal.csv")
    assert query(empty_db, "select benamning from avtal_version") == [(text,)]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_formula_like_start_is_accepted_with_one_warning(start) -> None:
    warnings = _warnings(_avtal(leverantor=f"{start}Lunds Städ AB"))
    assert warnings == [
        f"Texten börjar med {start}, kan tolkas som formel i Excel; skrivs som text."
    ]


def test_an_e_mail_address_is_still_refused() -> None:
    validated = validate_bytes(_avtal(leverantor="anna.svensson@example.se"), "avtal.csv")
    assert [f.message for f in validated.errors] == [
        "Ange inga e-postadresser: filen får inte innehålla personuppgifter."
    ]


def test_bidi_controls_are_named() -> None:
    assert text_warnings("Städ\u202eAB") == [
        "Texten innehåller osynliga tecken eller riktningstecken: U+202E "
        "(right-to-left override). De sparas som de står; ta bort dem om de inte ska vara där."
    ]
