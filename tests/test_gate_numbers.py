"""Issue 26: number columns take ASCII digits with the documented separators only; any other
character is an error that names it, a negative count says so, also in a Socialstyrelsen
export. Through the CLI: message, exit code, an unchanged warehouse."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import snapshot
from pipelines import cli
from pipelines.ingest.store import ingest_bytes
from schemas import parsing

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_sos_manad import SAMPLE, sample_rows, xlsx  # noqa: E402

HEADER = "Månad;Förvaltning;Anställningsform;Antal\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("٣", "Talet innehåller tecknet ”٣” (ARABIC-INDIC DIGIT THREE)."),
        ("１２", "Talet innehåller tecknet ”１” (FULLWIDTH DIGIT ONE)."),
        ("1\u200b2", "Talet innehåller tecknet ”U+200B” (ZERO WIDTH SPACE)."),
        ("۱۲", "Talet innehåller tecknet ”۱” (EXTENDED ARABIC-INDIC DIGIT ONE)."),
        ("-5", "Antal kan inte vara negativt."),
    ],
)
def test_a_count_with_other_digits_is_refused_naming_the_character(text, message) -> None:
    with pytest.raises(ValueError) as caught:
        parsing.parse_whole_number(text)
    assert str(caught.value).startswith(message)


def test_the_documented_forms_still_read() -> None:
    assert [parsing.parse_whole_number(t) for t in ("12", "1 234", "1\u00a0234", "12,0", "−0")] == [
        12,
        1234,
        1234,
        12,
        0,
    ]
    assert parsing.parse_amount("1 234,50 kr") == 1234.5


def test_the_cli_refuses_arabic_digits_and_a_negative_count(fixture_db, capsys, tmp_path) -> None:
    path = tmp_path / "anstallningar.csv"
    path.write_text(HEADER + "2026-03;KK;lonestod;٣\n2026-03;BSF;lonestod;-5\n", encoding="utf-8")
    before = snapshot(fixture_db)
    status = cli.main(["ingest", str(path)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert status == 1
    assert "Talet innehåller tecknet ”٣” (ARABIC-INDIC DIGIT THREE)" in out
    assert "Antal kan inte vara negativt." in out
    assert "Ingenting ändrades." in out
    assert snapshot(fixture_db) == before


def test_minus_five_in_a_socialstyrelsen_export_is_a_negative_count(empty_db) -> None:
    rows = sample_rows()
    lund = next(i for i, row in enumerate(rows) if row[:2] == ["Lund", "2024"])
    rows[lund][2] = "-5"
    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    before = snapshot(empty_db)
    result = ingest_bytes(xlsx(rows), "sos_lund.xlsx")
    assert result.outcome == "avvisad"
    errors = [f.message for f in result.findings if f.is_error]
    assert errors == ["Antal kan inte vara negativt."], errors
    assert snapshot(empty_db) == before


def test_a_socialstyrelsen_value_after_the_extraction_date_is_refused(empty_db) -> None:
    rows = sample_rows()
    lund = next(i for i, row in enumerate(rows) if row[:2] == ["Lund", "2025"])
    rows[lund][2 + 10] = 1100  # November 2025; the export was taken out 2025-10-05
    ingest_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    before = snapshot(empty_db)
    result = ingest_bytes(xlsx(rows), "sos_lund.xlsx")
    assert result.outcome == "avvisad"
    errors = [f.message for f in result.findings if f.is_error]
    assert errors == [
        "Månaden 2025-11 har ett värde, men exporten togs ut 2025-10-05: ett värde för en "
        "senare månad kan inte komma från Socialstyrelsen."
    ], errors
    assert snapshot(empty_db) == before
