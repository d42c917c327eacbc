"""The text gate (schemas/guard.py): personal numbers in every form, echoes made visible and cut,
free texts admitted or refused with a Swedish sentence that never echoes them."""

from __future__ import annotations

import pytest

from schemas import guard

FORMS = [
    "850101-1234",
    "850101+1234",
    "8501011234",
    "850101 1234",
    "850101\u00a01234",  # non-breaking space
    "850101 - 1234",
    "850101\u22121234",  # minus sign
    "850101\u20141234",  # em dash
    "850101\u20131234",  # en dash
    "850101\u20101234",  # hyphen
    "850101\uff0d1234",  # full-width hyphen-minus
    "\uff18\uff15\uff10\uff11\uff10\uff11\uff0d\uff11\uff12\uff13\uff14",  # full-width digits
    "\uff18\uff15\uff10\uff11\uff10\uff111234",
    "850161-1234",  # samordningsnummer: day 01 + 60
    "850191-1234",  # samordningsnummer: day 31 + 60
    "19850161-1234",
    "19850101-1234",
    "198501011234",
    "20121231-0000",
    "18991231+1234",
    "850101\u200b-1234",  # a zero-width space between the digits
    "85010\u00ad1-1234",  # a soft hyphen inside the date
    "Kontakt: Anna 850101-1234, tel. 123",
    "x8501011234y",
]

NOT_FORMS = [
    "12 345 678",
    "1 234 567 890",
    "202503",
    "2025-03-01",
    "2025-03-01 00:00:00",
    "20250301",
    "12345678",
    "1234567890",  # month 34
    "851301-1234",  # month 13
    "850100-1234",  # day 00
    "850140-1234",  # day 40
    "850192-1234",  # day 92
    "212000-1234",  # an organisation number (month 20)
    "18501011234",  # 11 digits
    "1985010112345",  # 13 digits
    "30850101-1234",  # century 30
    "8501011234,50",  # an amount
    "0,8501011234",
    "2026-03;KK;lonestod;1234",
    "",
]


@pytest.mark.parametrize("text", FORMS)
def test_every_form_of_a_personal_number_is_found(text: str) -> None:
    assert guard.looks_like_personnummer(text)
    assert guard.might_contain_personnummer(f"a;b\n{text};c\n")
    assert guard.REDACTED in guard.redact(text)


@pytest.mark.parametrize("text", NOT_FORMS)
def test_amounts_months_and_codes_are_not_personal_numbers(text: str) -> None:
    assert not guard.looks_like_personnummer(text)
    assert guard.redact(text) == text


def test_redact_keeps_the_rest_of_the_text() -> None:
    assert guard.redact("Anna 850101-1234 och 19850161 1234.") == (
        "Anna [personnummer borttaget] och [personnummer borttaget]."
    )


def test_visible_never_echoes_a_personal_number() -> None:
    for text in FORMS:
        shown = guard.visible(f"Ring {text}")
        assert guard.REDACTED in shown
        assert not guard.looks_like_personnummer(shown)


def test_visible_cuts_to_sixty_characters() -> None:
    assert guard.visible("x" * 59) == "x" * 59
    assert guard.visible("x" * 60) == "x" * 60
    assert guard.visible("x" * 61) == "x" * 59 + "…"
    assert len(guard.visible("y" * 10_000)) == guard.MAX_ECHO


def test_visible_names_control_characters_and_look_alike_letters() -> None:
    assert guard.visible("KK\x00") == "KK⟨NUL⟩"
    assert guard.visible("a\tb\nc\x07") == "a⟨tabb⟩b⟨radbrytning⟩c⟨U+0007⟩"
    assert guard.visible("K\u200bK") == "K⟨U+200B⟩K"
    assert guard.visible("\u041a\u041a") == "⟨kyrilliskt К⟩⟨kyrilliskt К⟩"
    assert guard.visible("\u03a1") == "⟨grekiskt Ρ⟩"
    assert guard.visible("\uff2b") == "⟨helbrett Ｋ⟩"
    # Swedish letters and a non-breaking space are shown as they are.
    assert guard.visible("Miljöförvaltningen 1\u00a0234") == "Miljöförvaltningen 1\u00a0234"


def test_visible_cuts_between_markers_never_inside_one() -> None:
    shown = guard.visible("\u041a" * 40)
    assert shown.endswith("⟩…") and len(shown) <= guard.MAX_ECHO


def test_unusual_characters_says_what_the_user_cannot_see() -> None:
    assert guard.unusual_characters("KK") is None
    assert guard.unusual_characters("Miljö") is None
    assert guard.unusual_characters("KK\x00") == (
        "Värdet innehåller styrtecken (U+0000), som inte syns men gör att det inte känns igen."
    )
    assert guard.unusual_characters("\u041aK") == (
        "Värdet innehåller bokstäver från ett annat alfabet (kyrilliskt К), som inte syns men "
        "gör att det inte känns igen."
    )


def test_admit_returns_the_stripped_text() -> None:
    assert guard.admit("  Bra månad.\nFler anställda.  ", multiline=True) == (
        "Bra månad.\nFler anställda."
    )
    assert guard.admit("Ann\u200bika", what="Namnet") == "Annika"


@pytest.mark.parametrize("text", FORMS)
def test_admit_refuses_a_personal_number_without_echoing_it(text: str) -> None:
    with pytest.raises(guard.GateError) as caught:
        guard.admit(f"Ring {text}", what="Kommentaren", multiline=True)
    message = str(caught.value)
    assert message == (
        "Kommentaren innehåller något som ser ut som ett personnummer eller samordningsnummer. "
        "Personuppgifter får inte laddas upp eller sparas: ta bort personnummer och "
        "samordningsnummer."
    )
    assert caught.value.codes == ["personnummer"]
    assert isinstance(caught.value, ValueError)


def test_admit_refuses_control_characters_and_line_breaks_in_a_name() -> None:
    with pytest.raises(guard.GateError) as caught:
        guard.admit("Ann\x00a\nB", what="Namnet")
    assert str(caught.value) == (
        "Namnet innehåller styrtecken som inte får sparas (⟨NUL⟩, ⟨radbrytning⟩)."
    )
    assert guard.admit("rad 1\nrad 2", multiline=True) == "rad 1\nrad 2"


def test_admit_refuses_a_text_too_long() -> None:
    with pytest.raises(guard.GateError) as caught:
        guard.admit("x" * 10_001, what="Kommentaren", multiline=True, max_length=10_000)
    assert str(caught.value) == "Kommentaren får innehålla högst 10\u00a0000 tecken."


def test_admit_name_redacts_and_cuts_a_file_name() -> None:
    name = guard.admit_name("anstallningar 850101-1234\x00.csv")
    assert name == "anstallningar [personnummer borttaget]⟨NUL⟩.csv"
    long = guard.admit_name("a" * 1000 + ".csv")
    assert len(long) == 200
    assert long == "a" * 195 + "….csv"
