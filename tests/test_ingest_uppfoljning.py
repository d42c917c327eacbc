"""The kind `uppfoljning` at entry (issue 27): every rule of the contract refused with a Swedish
message and nothing stored, a personal identity number in any column refused and never echoed,
a row for a follow-up point not yet reached refused, the cohort against the stored hires a
warning naming both figures, and the template uploaded unchanged refused.

The fixture warehouse's 2025 hires (tests/fixtures/README.md): KK, BSF and ASF 1 a month, VOF 2
(March 5 of all forms). Today 2026-09-15."""

from __future__ import annotations

import pytest

from conftest import ROOT
from helpers import csv_bytes, query
from pipelines.ingest.store import ingest_bytes
from schemas.kinds import CONTRACTS

HEADER = ";".join(f.label for f in CONTRACTS["uppfoljning"].fields)
GOOD = "2025-01;VOF;6;2;2;2;1;0"
TABLES = ("slice_version", "uppfoljning_version")


def _state(db) -> dict[str, list]:
    state = {t: sorted(map(str, query(db, f"select * from {t}"))) for t in TABLES}
    state["lagrade"] = query(db, "select count(*) from ingest_log where outcome = 'lagrad'")
    return state


def _ingest(lines: list[str], name: str = "uppfoljning.csv"):
    return ingest_bytes(csv_bytes(lines), name, kind="uppfoljning", source="test")


def test_the_header_is_the_contracts(fixture_db):
    assert HEADER == (
        "Anställningsmånad;Förvaltning;Uppföljning;Anställda;Kvar i anställning;"
        "I arbete eller studier;Med försörjningsstöd före;Med försörjningsstöd vid uppföljning"
    )


def test_a_good_row_is_stored_without_warning(fixture_db):
    result = _ingest([HEADER, GOOD, "2025-01;ASF;12;1;1;;;"])
    assert result.outcome == "lagrad", [f.format() for f in result.findings]
    assert result.findings == []
    assert query(
        fixture_db,
        "select forvaltning, uppfoljning, anstallda, kvar_i_anstallning, i_arbete_eller_studier "
        "from uppfoljning_current order by forvaltning",
    ) == [("ASF", 12, 1, 1, None), ("VOF", 6, 2, 2, 2)]


CASES = [
    ("okand_uppfoljning", "2025-01;VOF;9;2;2;2;1;0",
     "Uppföljning ska vara 6, 12 eller 24.", "Uppföljning"),
    ("anstallda_noll", "2025-01;VOF;6;0;0;0;0;0",
     "Anställda ska vara större än 0.", "Anställda"),
    ("negativt_antal", "2025-01;VOF;6;2;-1;2;1;0",
     "Antal kan inte vara negativt.", "Kvar i anställning"),
    ("kvar_fler_an_anstallda", "2025-01;VOF;6;2;3;3;1;0",
     "Kvar i anställning får inte vara större än antalet anställda i kohorten.",
     "Kvar i anställning"),
    ("fs_fore_fler_an_anstallda", "2025-01;VOF;6;2;2;2;3;0",
     "Med försörjningsstöd före får inte vara större än antalet anställda i kohorten.",
     "Med försörjningsstöd före"),
    ("fs_vid_fler_an_anstallda", "2025-01;VOF;6;2;2;2;1;3",
     "Med försörjningsstöd vid uppföljning får inte vara större än antalet anställda i kohorten.",
     "Med försörjningsstöd vid uppföljning"),
    ("arbete_farre_an_kvar", "2025-01;VOF;6;2;2;1;1;0",
     "I arbete eller studier ska vara minst kvar i anställning och högst anställda.",
     "I arbete eller studier"),
    ("arbete_fler_an_anstallda", "2025-01;VOF;6;2;2;3;1;0",
     "I arbete eller studier ska vara minst kvar i anställning och högst anställda.",
     "I arbete eller studier"),
    ("uppfoljning_ej_uppnadd", "2026-03;VOF;6;6;6;6;1;0",
     "Uppföljningsmånaden (anställningsmånad + uppföljning) har inte tagit slut än",
     "Anställningsmånad"),
    ("tolv_manader_ej_uppnadd", "2025-09;VOF;12;2;2;2;1;0",
     "Uppföljningsmånaden (anställningsmånad + uppföljning) har inte tagit slut än",
     "Anställningsmånad"),
    ("forvaltning_ej_giltig", "2023-06;SOF;6;1;1;1;0;0", "Förvaltningen fanns inte under den månaden (enligt referenslistans giltighetsdatum).", "Förvaltning"),
    ("okand_forvaltning", "2025-01;Hamnförvaltningen;6;2;2;2;1;0", "Okänd förvaltning. Ange en kod eller ett namn ur referenslistan", "Förvaltning"),
    ("fel_manad", "2025-13;VOF;6;2;2;2;1;0", "Månaden måste skrivas som 2025-03, 202503 eller mars 2025.", "Anställningsmånad"),
    ("decimaltal", "2025-01;VOF;6;2;1,5;2;1;0", "Värdet måste vara ett heltal.", "Kvar i anställning"),
    ("kvar_saknas", "2025-01;VOF;6;2;;2;1;0", "Värde saknas i en obligatorisk kolumn.", "Kvar i anställning"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "message", "column"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_every_rule_refuses_the_file_in_swedish_and_stores_nothing(
    fixture_db, line, message, column
):
    before = _state(fixture_db)
    result = _ingest([HEADER, line])
    assert result.outcome == "avvisad"
    errors = [f for f in result.findings if f.is_error]
    assert any(message in f.message and f.column == column and f.row == 2 for f in errors), [
        f.format() for f in errors
    ]
    assert _state(fixture_db) == before


def test_the_same_cohort_and_point_twice_is_refused(fixture_db):
    before = _state(fixture_db)
    result = _ingest([HEADER, GOOD, GOOD.replace(";2;2;2;", ";2;1;2;")])
    assert result.outcome == "avvisad"
    assert any(
        "Samma kombination av anställningsmånad, förvaltning, uppföljning finns på flera rader"
        in f.message
        for f in result.findings
        if f.is_error
    ), [f.format() for f in result.findings]
    assert _state(fixture_db) == before


def test_a_missing_required_column_is_refused(fixture_db):
    before = _state(fixture_db)
    header = HEADER.replace("Kvar i anställning;", "")
    result = _ingest([header, "2025-01;VOF;6;2;2;1;0"])
    assert result.outcome == "avvisad"
    assert any(
        "Hittade ingen rubrikrad" in f.message
        and (f.hint or "").endswith("men saknar ”kvar i anställning”.")
        for f in result.findings
        if f.is_error
    ), [f.format() for f in result.findings]
    assert _state(fixture_db) == before


@pytest.mark.parametrize("column", range(8))
def test_a_personal_identity_number_in_any_column_is_refused_and_not_echoed(fixture_db, column):
    before = _state(fixture_db)
    cells = GOOD.split(";")
    cells[column] = "19850101-1234"
    result = _ingest([HEADER, ";".join(cells)])
    assert result.outcome == "avvisad"
    text = " ".join(f.format() for f in result.findings)
    assert "personnummer" in text.lower()
    assert "1234" not in text
    assert _state(fixture_db) == before


@pytest.mark.parametrize("column", ["Personnummer", "Namn"])
def test_a_column_naming_people_is_refused(fixture_db, column):
    before = _state(fixture_db)
    result = _ingest([f"{HEADER};{column}", f"{GOOD};x"])
    assert result.outcome == "avvisad"
    (finding,) = [f for f in result.findings if f.is_error]
    assert finding.message.startswith("Kolumnen ser ut att innehålla personuppgifter.")
    assert finding.column == column
    assert _state(fixture_db) == before


def test_a_cohort_unlike_the_stored_hires_is_a_warning_naming_both(fixture_db):
    result = _ingest([HEADER, "2025-01;VOF;6;3;2;2;1;0", "2025-07;KK;6;1;1;1;0;0"])
    assert result.outcome == "lagrad"
    warnings = [f for f in result.findings if f.severity == "varning"]
    assert [(f.row, f.column, f.message) for f in warnings] == [
        (2, "Anställda", "Kohorten VOF 2025-01 har 3 anställda i filen, men 2 anställningar är "
         "lagrade för samma månad och förvaltning."),
        (3, "Anställda", "Kohorten KK 2025-07 har 1 anställda i filen, men 0 anställningar är "
         "lagrade för samma månad och förvaltning."),
    ]  # fmt: skip
    assert not any(f.is_error for f in result.findings)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_template_uploaded_unchanged_is_refused(fixture_db, suffix):
    before = _state(fixture_db)
    path = ROOT / "data" / "templates" / f"mall_uppfoljning.{suffix}"
    result = ingest_bytes(path.read_bytes(), path.name, kind="uppfoljning", source="test")
    assert result.outcome == "avvisad"
    assert any(
        "Raden är ett exempel ur mallen." in f.message for f in result.findings if f.is_error
    ), [f.format() for f in result.findings]
    assert _state(fixture_db) == before
