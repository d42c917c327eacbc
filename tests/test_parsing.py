"""How values are written: every accepted spelling, and the Swedish message of every rejection."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import guard
from schemas.parsing import (
    MONTH_NAMES_SV,
    TOTAL_ROW_LABELS,
    is_total_label,
    looks_like_personnummer,
    normalize_name,
    parse_amount,
    parse_ja_nej,
    parse_kon,
    parse_month,
    parse_whole_number,
    parse_year,
)

CURRENT = date(2026, 5, 1)
MONTH_FORMAT = "Månaden måste skrivas som 2025-03, 202503 eller mars 2025."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Från försörjningsstöd", "fran_forsorjningsstod"),
        (" Månad ", "manad"),
        ("Unga-vuxna", "unga_vuxna"),
        ("unga_vuxna", "unga_vuxna"),
        ("UNGA   VUXNA", "unga_vuxna"),
        ("Vård- och omsorgsförvaltningen", "vard_och_omsorgsforvaltningen"),
        ("\ufeffmånad", "manad"),
        ('"Antal"', "antal"),
        ("\u00a0Anställningsform\u00a0", "anstallningsform"),
        ("Kön", "kon"),
        ("Café Müller", "cafe_muller"),
        ("_år_", "ar"),
        ("Hela - kommunen", "hela_kommunen"),
        ("", ""),
    ],
)
def test_normalize_name(text: str, expected: str) -> None:
    assert normalize_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025-03",
        "2025-3",
        "2025-03-01",
        "2025-03-31",
        "2025-03-01 00:00:00",
        "2025-03-01T00:00:00",
        "202503",
        "mars 2025",
        "Mars 2025",
        "MARS 2025",
        "mar 2025",
        "Mar. 2025",
        "2025 mars",
        "2025 Mar",
        "mar-25",
        " 2025-03 ",
        "mars\u00a02025",
    ],
)
def test_parse_month_accepts_march_2025(text: str) -> None:
    assert parse_month(text, CURRENT) == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("text", "month"),
    [(f"{name} 2025", i) for i, name in enumerate(MONTH_NAMES_SV, start=1)]
    + [
        (f"{abbr} 2025", i)
        for i, abbr in enumerate(
            ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
            start=1,
        )
    ]
    + [("sept 2025", 9), ("Okt. 2025", 10), ("2025 december", 12)],
)
def test_parse_month_names(text: str, month: int) -> None:
    assert parse_month(text, CURRENT) == date(2025, month, 1)


def test_parse_month_current_month_is_allowed() -> None:
    assert parse_month("2026-05", CURRENT) == date(2026, 5, 1)
    assert parse_month("2026-05", date(2026, 5, 31)) == date(2026, 5, 1)


@pytest.mark.parametrize(
    "text", ["", "mars", "2025", "2025-13", "2025-00", "2025-02-30", "march 2025", "3/2025", "x"]
)
def test_parse_month_rejects_unreadable(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_month(text, CURRENT)
    assert str(info.value) == MONTH_FORMAT


def test_parse_month_rejects_future_and_old_months() -> None:
    with pytest.raises(ValueError) as info:
        parse_month("2027-01", CURRENT)
    assert str(info.value) == "Månaden 2027-01 ligger efter innevarande månad."
    with pytest.raises(ValueError) as info:
        parse_month("juni 2026", CURRENT)
    assert str(info.value) == "Månaden 2026-06 ligger efter innevarande månad."
    with pytest.raises(ValueError) as info:
        parse_month("199912", CURRENT)
    assert str(info.value) == "Månaden 1999-12 ligger före år 2000."


@pytest.mark.parametrize(("text", "year"), [("2025", 2025), ("2025.0", 2025), (" 2027 ", 2027)])
def test_parse_year(text: str, year: int) -> None:
    assert parse_year(text, 2026) == year


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25", "Året måste skrivas med fyra siffror, t.ex. 2025."),
        ("år 2025", "Året måste skrivas med fyra siffror, t.ex. 2025."),
        ("2025.5", "Året måste skrivas med fyra siffror, t.ex. 2025."),
        ("1999", "Året 1999 ligger före år 2000."),
        ("2028", "Året 2028 ligger för långt fram: senast 2027 går."),
    ],
)
def test_parse_year_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_year(text, 2026)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("12", 12),
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1\u202f234", 1234),
        ("1 234 567", 1234567),
        ("12,0", 12),
        ("12.0", 12),
        (" 7 ", 7),
        ("-0", 0),
    ],
)
def test_parse_whole_number(text: str, value: int) -> None:
    assert parse_whole_number(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-3", "Antal kan inte vara negativt."),
        ("\u22123", "Antal kan inte vara negativt."),
        ("2,5", "Värdet måste vara ett heltal."),
        ("2.5", "Värdet måste vara ett heltal."),
        ("tre", "Värdet måste vara ett tal."),
        ("12 st", "Värdet måste vara ett tal."),
        ("1 23", "Värdet måste vara ett tal."),
        ("", "Värdet saknas."),
    ],
)
def test_parse_whole_number_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_whole_number(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("1234.5", 1234.5),
        ("1234,5", 1234.5),
        ("12 000 000", 12_000_000.0),
        ("0", 0.0),
        ("1 234 kr", 1234.0),
        ("99,99", 99.99),
    ],
)
def test_parse_amount(text: str, value: float) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,234.50", "Talet får bara ha ett decimaltecken (komma eller punkt)."),
        ("1.234,50", "Talet får bara ha ett decimaltecken (komma eller punkt)."),
        ("1.234.567", "Talet får bara ha ett decimaltecken (komma eller punkt)."),
        ("-100", "Beloppet får inte vara negativt."),
        ("mycket", "Beloppet måste vara ett tal i kronor, t.ex. 1 234,50."),
    ],
)
def test_parse_amount_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_amount(text)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("kvinna", "kvinna"),
        ("Kvinna", "kvinna"),
        ("K", "kvinna"),
        ("k", "kvinna"),
        ("man", "man"),
        ("Man", "man"),
        ("M", "man"),
        ("", "uppgift saknas"),
        ("Uppgift saknas", "uppgift saknas"),
    ],
)
def test_parse_kon(text: str, value: str) -> None:
    assert parse_kon(text) == value


def test_parse_kon_rejects() -> None:
    with pytest.raises(ValueError) as info:
        parse_kon("annat")
    assert str(info.value) == "Kön måste vara kvinna eller man (K eller M), eller lämnas tomt."


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ja", "ja"),
        ("JA", "ja"),
        ("Nej", "nej"),
        ("", "uppgift saknas"),
        ("uppgift saknas", "uppgift saknas"),
    ],
)
def test_parse_ja_nej(text: str, value: str) -> None:
    assert parse_ja_nej(text) == value


def test_parse_ja_nej_rejects() -> None:
    with pytest.raises(ValueError) as info:
        parse_ja_nej("kanske")
    assert str(info.value) == "Värdet måste vara ja eller nej, eller lämnas tomt."


def test_parsing_finds_personal_numbers_by_the_gate() -> None:
    """One rule, one home: every form and non-form is tested in tests/test_gate_guard.py."""
    assert looks_like_personnummer is guard.looks_like_personnummer


def test_total_labels() -> None:
    assert TOTAL_ROW_LABELS == {"totalt", "summa", "total", "hela_kommunen"}
    for text in ["Totalt", "SUMMA", " total ", "Hela kommunen", "hela_kommunen"]:
        assert is_total_label(text)
    assert not is_total_label("Vård- och omsorgsförvaltningen")
    assert not is_total_label("")


def test_month_names() -> None:
    assert MONTH_NAMES_SV[0] == "januari"
    assert MONTH_NAMES_SV[2] == "mars"
    assert MONTH_NAMES_SV[11] == "december"
    assert len(MONTH_NAMES_SV) == 12


def _swedish(number: int) -> str:
    """`1234567` → `1 234 567` with non-breaking spaces, as Swedish Excel writes it."""
    return f"{number:,}".replace(",", "\u00a0")


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_whole_number_round_trip(number: int, separator: str) -> None:
    assert parse_whole_number(_swedish(number)) == number
    assert parse_whole_number(f"{number:,}".replace(",", separator)) == number
    assert parse_whole_number(str(number)) == number


@given(st.integers(min_value=0, max_value=10**13), st.booleans())
def test_amount_round_trip(cents: int, comma: bool) -> None:
    text = f"{_swedish(cents // 100)}{',' if comma else '.'}{cents % 100:02d}"
    assert parse_amount(text) == float(Decimal(cents) / 100)
    assert parse_amount(text) == cents / 100


@given(st.integers(min_value=1, max_value=10**12))
def test_negative_numbers_are_rejected(number: int) -> None:
    with pytest.raises(ValueError, match="negativt"):
        parse_whole_number("-" + _swedish(number))
    with pytest.raises(ValueError, match="negativt"):
        parse_amount("-" + _swedish(number) + ",50")
