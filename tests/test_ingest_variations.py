"""Every variation the contract accepts, with the stored figures asserted exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import FS_HEADER, HIRES_HEADER, csv_bytes, current_hires, query, xlsx_bytes
from pipelines.ingest.store import ingest_bytes

UNKNOWN = "uppgift saknas"


def _stored(db, content: bytes, name: str):
    result = ingest_bytes(content, name)
    assert result.outcome == "lagrad", [f.format() for f in result.findings]
    return result


def test_windows_1252_with_names_instead_of_codes(empty_db):
    content = csv_bytes(
        [
            HIRES_HEADER,
            "2026-03;Vård- och omsorgsförvaltningen;Lönebidrag/lönestöd;4;Kvinna;Övrig;Ja",
            "2026-03;kommunkontoret;NYSTARTSJOBB;1;M;;nej",
        ],
        encoding="cp1252",
    )
    result = _stored(empty_db, content, "cp1252.csv")
    assert current_hires(empty_db) == {
        ("2026-03", "VOF", "lonestod", "kvinna", "ovrig", "ja"): 4,
        ("2026-03", "KK", "nystartsjobb", "man", UNKNOWN, "nej"): 1,
    }
    assert query(empty_db, "select encoding, delimiter from ingest_log") == [("cp1252", ";")]
    assert result.months == ["2026-03"]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiters_and_bom(empty_db, delimiter):
    lines = [
        HIRES_HEADER.replace(";", delimiter),
        delimiter.join(["2026-02", "KK", "osa", "3", "", "", ""]),
    ]
    _stored(empty_db, csv_bytes(lines, encoding="utf-8-sig"), "bom.csv")
    assert current_hires(empty_db) == {("2026-02", "KK", "osa", UNKNOWN, UNKNOWN, UNKNOWN): 3}


@pytest.mark.parametrize(
    "spelling",
    ["2026-03", "2026-03-01", "202603", "mars 2026", "mar 2026", "2026 mars", "Mars 2026"],
)
def test_month_spellings(empty_db, spelling):
    _stored(empty_db, csv_bytes([HIRES_HEADER, f"{spelling};KK;lonestod;2;;;"]), "m.csv")
    assert list(current_hires(empty_db)) == [
        ("2026-03", "KK", "lonestod", UNKNOWN, UNKNOWN, UNKNOWN)
    ]


def test_title_rows_total_row_and_header_spelling(empty_db):
    content = csv_bytes(
        [
            "Anställningar av personer långt från arbetsmarknaden",
            "Uttag 2026-04-02",
            "",
            " MÅNAD ;förvaltning;ANSTÄLLNINGSFORM;Antal ;kön;Målgrupp;Från_försörjningsstöd",
            "2026-03;KK;lonestod;2;;;",
            "2026-03;VOF;lonestod;5;;;",
            "2026-03;Summa;;7;;;",
        ]
    )
    result = _stored(empty_db, content, "titel.csv")
    assert result.rows == 2
    assert sum(current_hires(empty_db).values()) == 7


def test_total_row_per_month_is_checked_against_its_month(empty_db):
    content = csv_bytes(
        [
            HIRES_HEADER,
            "2026-02;KK;lonestod;2;;;",
            "2026-02;Totalt;;2;;;",
            "2026-03;KK;lonestod;5;;;",
            "2026-03;Totalt;;5;;;",
        ]
    )
    _stored(empty_db, content, "totalt.csv")
    assert sum(current_hires(empty_db).values()) == 7


def test_excel_with_title_row_dates_and_summa_line(empty_db):
    from datetime import datetime

    content = xlsx_bytes(
        [
            ["Anställningar 2026"],
            HIRES_HEADER.split(";"),
            [datetime(2026, 1, 1), "BSF", "nystartsjobb", 3, "kvinna", "uvas", "ja"],
            [datetime(2026, 1, 1), "BSF", "lonestod", 1.0, "man", None, None],
            ["Summa", None, None, 4, None, None, None],
        ]
    )
    _stored(empty_db, content, "export.xlsx")
    assert current_hires(empty_db) == {
        ("2026-01", "BSF", "nystartsjobb", "kvinna", "uvas", "ja"): 3,
        ("2026-01", "BSF", "lonestod", "man", UNKNOWN, UNKNOWN): 1,
    }


def test_excel_sheet_named_after_the_kind_is_chosen(empty_db):
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Info"
    book.active.append(["Den här fliken är ingen data"])
    sheet = book.create_sheet("Anställningar")
    sheet.append(HIRES_HEADER.split(";"))
    sheet.append(["2026-03", "MF", "osa", 1, None, None, None])
    buffer = BytesIO()
    book.save(buffer)
    result = ingest_bytes(buffer.getvalue(), "flikar.xlsx", kind="anstallningar")
    assert result.outcome == "lagrad", [f.format() for f in result.findings]
    assert current_hires(empty_db) == {("2026-03", "MF", "osa", UNKNOWN, UNKNOWN, UNKNOWN): 1}


def test_forsorjningsstod_amounts_with_comma_and_spaces(empty_db):
    content = csv_bytes(
        [
            FS_HEADER,
            "januari 2026;2 010;800;2 700;2 000;300;900;21\u00a0345\u00a0678,50;180;200;60;20;350",
            "2026-02;2020;;;;;;21345678.25;;;;;",
        ]
    )
    _stored(empty_db, content, "fs.csv")
    rows = query(
        empty_db,
        "select strftime(manad, '%Y-%m'), hushall, barnhushall, utbetalt, "
        "avslut_arbete from forsorjningsstod_current order by manad",
    )
    assert rows == [
        ("2026-01", 2010, 800, Decimal("21345678.50"), 60),
        ("2026-02", 2020, None, Decimal("21345678.25"), None),
    ]


def test_unknown_column_is_a_warning_and_not_stored(empty_db):
    content = csv_bytes([HIRES_HEADER + ";Kommentar", "2026-03;KK;lonestod;2;;;;hej"])
    result = _stored(empty_db, content, "extra.csv")
    warnings = [f for f in result.findings if not f.is_error]
    assert [(w.column, w.message) for w in warnings] == [
        ("Kommentar", "Okänd kolumn: den lagras inte.")
    ]
    assert sum(current_hires(empty_db).values()) == 2


def test_optional_columns_may_be_left_out(empty_db):
    _stored(
        empty_db,
        csv_bytes(["Månad;Förvaltning;Anställningsform;Antal", "2026-03;KK;osa;0"]),
        "min.csv",
    )
    assert current_hires(empty_db) == {("2026-03", "KK", "osa", UNKNOWN, UNKNOWN, UNKNOWN): 0}


def test_mal_empty_forvaltning_is_the_whole_municipality(empty_db):
    _stored(empty_db, csv_bytes(["År;Förvaltning;Mål", "2026;;220", "2026;VOF;70"]), "mal.csv")
    assert query(empty_db, "select ar, forvaltning, mal from mal_current order by forvaltning") == [
        (2026, "", 220),
        (2026, "VOF", 70),
    ]


def test_forced_kind(empty_db):
    result = ingest_bytes(csv_bytes(["År;Mål", "2026;210"]), "x.csv", kind="mal")
    assert result.outcome == "lagrad"
    wrong = ingest_bytes(csv_bytes(["År;Mål", "2026;210"]), "y.csv", kind="anstallningar")
    assert wrong.outcome == "avvisad"
    assert "Hittade ingen rubrikrad" in wrong.findings[0].message
