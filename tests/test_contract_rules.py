"""Every rule of the data contract, broken by a file: the Swedish message, where it points, and a
warehouse left exactly as it was (only a log line is added)."""

from __future__ import annotations

import pytest

from helpers import FS_HEADER, HIRES_HEADER, csv_bytes, query, snapshot, xlsx_bytes
from pipelines.ingest.store import ingest_bytes

GOOD_HIRES = "2026-03;KK;lonestod;2;kvinna;uvas;ja"
GOOD_FS = "2026-03;2000;800;2700;2000;300;900;20 000 000,00;180;200;60;20;350"

# (id, lines after the header, expected message fragment, expected Excel row, expected column)
HIRES_CASES = [
    ("manad_saknas", [";KK;lonestod;2;;;"], "Värde saknas i en obligatorisk kolumn", 2, "Månad"),
    ("manad_oläslig", ["mars;KK;lonestod;2;;;"], "Månaden måste skrivas som", 2, "Månad"),
    ("manad_framtid", ["2026-10;KK;lonestod;2;;;"], "ligger efter innevarande månad", 2, "Månad"),
    ("manad_fore_2000", ["1999-12;KK;lonestod;2;;;"], "före år 2000", 2, "Månad"),
    ("okand_forvaltning", ["2026-03;XYZ;lonestod;2;;;"], "Okänd förvaltning", 2, "Förvaltning"),
    (
        "forvaltning_ej_giltig",
        ["2025-05;SOF;lonestod;2;;;"],
        "Förvaltningen fanns inte under den månaden",
        2,
        "Förvaltning",
    ),
    (
        "okand_anstallningsform",
        ["2026-03;KK;praktik;2;;;"],
        "Okänd anställningsform",
        2,
        "Anställningsform",
    ),
    ("antal_negativt", ["2026-03;KK;lonestod;-3;;;"], "Antal kan inte vara negativt", 2, "Antal"),
    ("antal_decimal", ["2026-03;KK;lonestod;2,5;;;"], "måste vara ett heltal", 2, "Antal"),
    ("antal_text", ["2026-03;KK;lonestod;två;;;"], "måste vara ett tal", 2, "Antal"),
    (
        "antal_saknas",
        ["2026-03;KK;lonestod;;;;"],
        "Värde saknas i en obligatorisk kolumn",
        2,
        "Antal",
    ),
    ("kon_okant", ["2026-03;KK;lonestod;2;x;;"], "Kön måste vara kvinna eller man", 2, "Kön"),
    ("malgrupp_okand", ["2026-03;KK;lonestod;2;;pensionär;"], "Okänd målgrupp", 2, "Målgrupp"),
    (
        "fran_fs_okant",
        ["2026-03;KK;lonestod;2;;;kanske"],
        "ja eller nej",
        2,
        "Från försörjningsstöd",
    ),
    ("dubblett", [GOOD_HIRES, GOOD_HIRES], "Samma kombination", 3, None),
    (
        "summa_fel",
        [GOOD_HIRES, "2026-03;VOF;lonestod;1;;;", "2026-03;Summa;;4;;;"],
        "Summeringsraden stämmer inte",
        4,
        "Antal",
    ),
]

FS_CASES = [
    (
        "barnhushall_over_hushall",
        ["2026-03;2000;2500;2700;2000;300;900;1000;180;200;60;20;350"],
        "Barnhushåll får inte vara fler än hushåll",
        2,
        "Barnhushåll",
    ),
    (
        "langvarigt_over_hushall",
        ["2026-03;2000;800;2700;2000;300;2100;1000;180;200;60;20;350"],
        "Långvarigt får inte vara fler än hushåll",
        2,
        "Långvarigt",
    ),
    (
        "avslut_over_avslutade",
        ["2026-03;2000;800;2700;2000;300;900;1000;180;200;150;60;350"],
        "Avslut till arbete och studier",
        2,
        "Avslut arbete",
    ),
    (
        "utbetalt_negativt",
        ["2026-03;2000;800;2700;2000;300;900;-5;180;200;60;20;350"],
        "Beloppet får inte vara negativt",
        2,
        "Utbetalt",
    ),
    (
        "utbetalt_saknas",
        ["2026-03;2000;800;2700;2000;300;900;;180;200;60;20;350"],
        "Värde saknas i en obligatorisk kolumn",
        2,
        "Utbetalt",
    ),
    ("manad_dubblett", [GOOD_FS, GOOD_FS], "Samma kombination av månad", 3, None),
]

MAL_CASES = [
    ("mal_noll", ["2026;KK;0"], "större än 0", 2, "Mål"),
    ("ar_oläsligt", ["20x6;KK;10"], "Året måste skrivas med fyra siffror", 2, "År"),
    ("forvaltning_ej_giltig_ar", ["2025;SOF;10"], "fanns inte under det året", 2, "Förvaltning"),
    ("dubblett", ["2026;KK;10", "2026;Kommunkontoret;12"], "Samma kombination", 3, None),
]


def _assert_rejected(db, content: bytes, name: str, fragment: str, row, column):
    before = snapshot(db)
    result = ingest_bytes(content, name)
    assert result.outcome == "avvisad"
    errors = [f for f in result.findings if f.is_error]
    matching = [f for f in errors if fragment in f.message]
    assert matching, [f.format() for f in errors]
    assert matching[0].file == name
    if row is not None:
        assert any(f.row == row for f in matching), [f.format() for f in matching]
    if column is not None:
        assert any(f.column == column for f in matching), [f.format() for f in matching]
    assert snapshot(db) == before
    assert query(db, "select outcome from ingest_log order by ingest_id desc limit 1") == [
        ("avvisad",)
    ]


@pytest.mark.parametrize("case", HIRES_CASES, ids=[c[0] for c in HIRES_CASES])
def test_hires_rule_broken(fixture_db, case):
    _, lines, fragment, row, column = case
    _assert_rejected(
        fixture_db, csv_bytes([HIRES_HEADER, *lines]), "fel.csv", fragment, row, column
    )


@pytest.mark.parametrize("case", FS_CASES, ids=[c[0] for c in FS_CASES])
def test_forsorjningsstod_rule_broken(fixture_db, case):
    _, lines, fragment, row, column = case
    _assert_rejected(fixture_db, csv_bytes([FS_HEADER, *lines]), "fs.csv", fragment, row, column)


@pytest.mark.parametrize("case", MAL_CASES, ids=[c[0] for c in MAL_CASES])
def test_mal_rule_broken(fixture_db, case):
    _, lines, fragment, row, column = case
    _assert_rejected(
        fixture_db, csv_bytes(["År;Förvaltning;Mål", *lines]), "mal.csv", fragment, row, column
    )


def test_every_error_is_collected_not_only_the_first(fixture_db):
    content = csv_bytes(
        [
            HIRES_HEADER,
            "2026-03;XYZ;lonestod;2;;;",
            "2026-03;KK;lonestod;-1;;;",
            "2026-13;KK;lonestod;1;;;",
        ]
    )
    result = ingest_bytes(content, "flera.csv")
    rows = sorted({f.row for f in result.findings if f.is_error})
    assert rows == [2, 3, 4]


def test_a_wrong_summa_row_is_reported_beside_other_errors(fixture_db):
    # Row 2's förvaltning is unknown, but its Antal is read: the parts of Antal are 2 + 3 = 5, so
    # the Summa row's 9 is wrong, and says so in the same round (issue 18).
    content = csv_bytes(
        [HIRES_HEADER, "2026-03;XYZ;lonestod;2;;;", "2026-03;KK;lonestod;3;;;", "Summa;;;9;;;"]
    )
    result = ingest_bytes(content, "summa.csv")
    errors = {(f.row, f.column): f.message for f in result.findings if f.is_error}
    assert errors[(2, "Förvaltning")].startswith("Okänd förvaltning.")
    assert errors[(4, "Antal")] == "Summeringsraden stämmer inte med summan av raderna (5)."


def test_a_summa_row_over_a_broken_count_says_nothing_of_its_sum(fixture_db):
    content = csv_bytes([HIRES_HEADER, "2026-03;KK;lonestod;x;;;", "Summa;;;9;;;"])
    result = ingest_bytes(content, "summa.csv")
    assert [(f.row, f.column) for f in result.findings if f.is_error] == [(2, "Antal")]


def test_error_row_is_the_excel_row_after_title_rows(fixture_db):
    content = csv_bytes(
        ["Anställningar mars 2026", "", HIRES_HEADER, GOOD_HIRES, "2026-03;VOF;lonestod;-2;;;"]
    )
    result = ingest_bytes(content, "titel.csv")
    [finding] = [f for f in result.findings if f.is_error]
    assert (finding.row, finding.column, finding.value) == (5, "Antal", "-2")
    assert finding.format().startswith("Fel (titel.csv, rad 5, kolumn ”Antal”, värde ”-2”)")


def test_personnummer_rejects_the_whole_file_without_echoing_it(fixture_db):
    content = csv_bytes([HIRES_HEADER, GOOD_HIRES, "2026-03;VOF;lonestod;1;;;19850312-1234"])
    before = snapshot(fixture_db)
    result = ingest_bytes(content, "pnr.csv")
    assert result.outcome == "avvisad"
    text = " ".join(f.format() for f in result.findings)
    assert "personnummer" in text.lower()
    assert "1234" not in text and "850312" not in text
    assert snapshot(fixture_db) == before
    logged = query(fixture_db, "select messages from ingest_log order by ingest_id desc limit 1")
    assert "850312" not in logged[0][0]


def test_header_only_file_is_an_error(fixture_db):
    _assert_rejected(fixture_db, csv_bytes([HIRES_HEADER]), "tom.csv", "inga datarader", None, None)


def test_file_without_header_is_an_error(fixture_db):
    _assert_rejected(
        fixture_db, csv_bytes(["a;b;c", "1;2;3"]), "fel.csv", "Hittade ingen rubrikrad", None, None
    )


def test_wrong_file_type_is_an_error(fixture_db):
    before = snapshot(fixture_db)
    result = ingest_bytes(b"%PDF-1.4 ...", "rapport.pdf")
    assert result.outcome == "avvisad"
    assert any(".xlsx" in f.message or ".csv" in f.message for f in result.findings)
    assert snapshot(fixture_db) == before


def test_only_total_rows_is_an_error(fixture_db):
    _assert_rejected(
        fixture_db,
        csv_bytes([HIRES_HEADER, "2026-03;Summa;;4;;;"]),
        "summa.csv",
        "bara summeringsrader",
        None,
        None,
    )


def test_excel_with_an_error_points_at_the_excel_row(fixture_db):
    content = xlsx_bytes(
        [
            ["Anställningar"],
            [],
            HIRES_HEADER.split(";"),
            ["2026-03", "KK", "lonestod", 2, None, None, None],
            ["2026-03", "KK", "okänd", 1, None, None, None],
        ]
    )
    result = ingest_bytes(content, "fel.xlsx")
    [finding] = [f for f in result.findings if f.is_error]
    assert (finding.row, finding.column) == (5, "Anställningsform")
