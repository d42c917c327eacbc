"""Contracts with employment requirements through the real pipeline: the register and its
follow-up stored and versioned, every bad input rejected with a Swedish message and nothing
changed, the `sysselsattning` command's exact output, and the 200-goal left untouched.

Figures: tests/sysselsattning_data.py derives every one."""

from __future__ import annotations

import json
import shutil

import pytest
from sysselsattning_data import (
    AVTAL_HEADER,
    AVTAL_ROWS,
    EXPECTED_JSON,
    FOLLOWUP_HEADER,
    FOLLOWUP_ROWS,
)

from conftest import TODAY
from helpers import csv_bytes, query, run_cli, xlsx_bytes
from pipelines.config import pointing_at
from pipelines.ingest.store import ingest_bytes
from pipelines.queries.sysselsattning import as_json, year_followup

TABLES = ("slice_version", "avtal_version", "sysselsattning_version")


def _state(db) -> dict[str, list]:
    return {t: sorted(map(str, query(db, f"select * from {t}"))) for t in TABLES}


def _store_all() -> None:
    for name, lines in (
        ("avtal.csv", [AVTAL_HEADER, *AVTAL_ROWS]),
        ("uppfoljning.csv", [FOLLOWUP_HEADER, *FOLLOWUP_ROWS]),
    ):
        result = ingest_bytes(csv_bytes(lines), name, source="test")
        assert result.outcome == "lagrad", [f.format() for f in result.findings]


@pytest.fixture(scope="module")
def contracts_master(tmp_path_factory, reference_dir):
    """The register and its follow-up stored once per module; each test gets a copy."""
    path = tmp_path_factory.mktemp("avtal") / "warehouse.duckdb"
    with pointing_at(path, reference_dir, TODAY):
        _store_all()
    return path


@pytest.fixture
def contracts_db(empty_db, contracts_master):
    shutil.copy(contracts_master, empty_db)
    return empty_db


# --- stored and assessed ---------------------------------------------------------------------


def test_register_and_followup_give_the_derived_figures(contracts_db):
    assert as_json(year_followup(2026)) == EXPECTED_JSON


def test_cli_prints_exactly_the_issue_format(contracts_db):
    result = run_cli("sysselsattning", "--year", "2026", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stdout == json.dumps(EXPECTED_JSON, ensure_ascii=False) + "\n"
    assert result.stdout.startswith(
        '{"year": 2026, "avtal": [{"avtal": "2025-044", "leverantor": "Skånska Transport AB", '
        '"forvaltning": "VOF", "villkor": "sysselsattningskrav", "krav_heltidsmanader": 6, '
        '"utfort_heltidsmanader": 5.5, "andel": 0.9167, "forsta_anstallning": "i_tid", '
        '"status": "uppfyllt_75"}, '
    )
    assert result.stdout.endswith(
        '"totalt": {"paborjade_anstallning": 4, "paborjade_larling": 1, "paborjade_praktik": 6}}\n'
    )


def test_cli_readable_output_in_swedish(contracts_db):
    result = run_cli("sysselsattning", "--year", "2026")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Sysselsättningskrav 2026, uppföljt till och med augusti 2026"
    assert lines[4] == (
        "  2026-017 Lunds Städservice AB (KK, sysselsättningskrav): 13,5 av 24 heltidsmånader "
        "(56\u00a0%); första anställning: ✓ I tid; status: → Pågår"
    )
    assert lines[-2] == (
        "Under 2026 (till och med augusti 2026) har upphandlingar med sysselsättningskrav gett "
        "4 anställningar, 1 lärlingsanställning och 6 praktikplatser som påbörjats."
    )


def test_a_year_before_the_contracts_is_empty(contracts_db):
    assert as_json(year_followup(2024)) == {
        "year": 2024,
        "avtal": [],
        "totalt": {"paborjade_anstallning": 0, "paborjade_larling": 0, "paborjade_praktik": 0},
    }


def test_2025_judges_as_of_december_2025(contracts_db):
    # Only 2025-044 runs in 2025; followed up through 2025-12: 1,0 of 6, first start in time.
    document = as_json(year_followup(2025))
    assert document["avtal"] == [
        {
            **EXPECTED_JSON["avtal"][0],
            "utfort_heltidsmanader": 1.0,
            "andel": 0.1667,
            "status": "pagar",
        }
    ]
    assert document["totalt"]["paborjade_anstallning"] == 1


def test_nothing_of_it_changes_the_200_goal(fixture_db):
    before = run_cli("summary", "--year", "2026", "--json")
    assert before.returncode == 0, before.stderr
    _store_all()
    after = run_cli("summary", "--year", "2026", "--json")
    assert after.stdout == before.stdout
    assert json.loads(after.stdout)["hires"] == json.loads(before.stdout)["hires"]


# --- versions ------------------------------------------------------------------------------


def test_a_register_file_replaces_only_the_contracts_it_names(contracts_db):
    changed = AVTAL_ROWS[3].replace(";24;uvas", ";18;uvas")  # 2026-017: 24 → 18 months
    result = ingest_bytes(csv_bytes([AVTAL_HEADER, changed]), "avtal_rattelse.csv")
    assert result.outcome == "lagrad"
    assert [(c.slice_key, c.old_total, c.new_total) for c in result.changes] == [
        ("avtal=2026-017", 24.0, 18.0)
    ]
    rows = query(contracts_db, "select avtal, krav_heltidsmanader from avtal_current order by 1")
    assert rows == [
        ("2025-044", 6),
        ("2026-003", 0),  # no requirement (dialogue term)
        ("2026-009", 10),
        ("2026-017", 18),
        ("2026-021", 12),
        ("2026-030", 0),
    ]
    # The earlier version is kept, marked as replaced.
    history = query(
        contracts_db,
        "select ingest_id, replaced_by from slice_version "
        "where kind = 'avtal' and slice_key = 'avtal=2026-017' order by ingest_id",
    )
    assert history == [(1, 3), (3, None)]
    # 13,5 of 18 = 0,75 but no early end after 75 %: still running.
    row = next(r for r in year_followup(2026).avtal if r.avtal == "2026-017")
    assert (row.bedomning.andel, row.bedomning.status) == (0.75, "pagar")


def test_a_followup_file_replaces_each_month_of_a_contract(contracts_db):
    # August of 2026-017 again, now with 2,0: 13,5 − 1,5 + 2,0 = 14,0.
    result = ingest_bytes(
        csv_bytes([FOLLOWUP_HEADER, "2026-08;2026-017;anstallning;0;2;2,0;;"]), "aug.csv"
    )
    assert [(c.slice_key, c.old_total, c.new_total) for c in result.changes] == [
        ("manad=2026-08;avtal=2026-017", 1.5, 2.0)
    ]
    row = next(r for r in year_followup(2026).avtal if r.avtal == "2026-017")
    assert row.bedomning.utfort_heltidsmanader == 14.0
    # Other contracts' months untouched.
    assert as_json(year_followup(2026))["avtal"][0] == EXPECTED_JSON["avtal"][0]


def test_the_follow_up_as_a_workbook_with_percent_header(contracts_db):
    rows = [
        ["Månad", "Avtal", "Platstyp", "Påbörjade", "Pågående", "Heltidsmånader",
         "Avslutade i förtid", "Varav minst 75 %"],
        ["2026-08", "2026-021", "anställning", 1, 1, 0.5, 1, 1],
    ]  # fmt: skip
    result = ingest_bytes(xlsx_bytes(rows), "uppfoljning.xlsx")
    assert result.outcome == "lagrad", [f.format() for f in result.findings]
    stored = query(
        contracts_db,
        "select platstyp, heltidsmanader, varav_minst_75_procent from sysselsattning_current "
        "where avtal = '2026-021' and manad = '2026-08-01'",
    )
    assert [(p, float(h), v) for p, h, v in stored] == [("anstallning", 0.5, 1)]


# --- bad input: a Swedish message, nothing changed ---------------------------------------------

FOLLOWUP_CASES = [
    (
        "okant_avtal",
        "2026-08;2099-001;anstallning;1;1;1,0;;",
        "Avtalet finns inte i avtalsregistret.",
        "Avtal",
    ),
    (
        "okant_avtal_nastan_ratt",
        "2026-08;2026 017;anstallning;1;1;1,0;;",
        "Avtalet finns inte i avtalsregistret.",
        "Avtal",
    ),
    (
        "fore_avtalets_start",
        "2026-04;2026-021;anstallning;1;1;1,0;;",
        "Månaden ligger utanför avtalets tid (2026-05–2027-04).",
        "Månad",
    ),
    (
        "efter_avtalets_slut",
        "2026-07;2025-044;anstallning;0;1;1,0;;",
        "Månaden ligger utanför avtalets tid (2025-10–2026-06).",
        "Månad",
    ),
    (
        "fler_heltidsmanader_an_platser",
        "2026-08;2026-017;anstallning;0;2;2,5;;",
        "Heltidsmånader får inte vara fler än pågående platser",
        "Heltidsmånader",
    ),
    (
        "fler_paborjade_an_pagaende",
        "2026-08;2026-017;anstallning;3;2;1,0;;",
        "Pågående får inte vara färre än påbörjade",
        "Pågående",
    ),
    (
        "varav_fler_an_avslutade",
        "2026-08;2026-017;anstallning;0;2;1,0;1;2",
        "Varav minst 75 % får inte vara fler än avslutade i förtid.",
        "Varav minst 75 %",
    ),
    (
        "okand_platstyp",
        "2026-08;2026-017;traineeplats;0;2;1,0;;",
        "Platstypen måste vara anstallning, larling eller praktik.",
        "Platstyp",
    ),
    (
        "tre_decimaler",
        "2026-08;2026-017;anstallning;0;2;1,125;;",
        "Heltidsmånader anges med högst två decimaler",
        "Heltidsmånader",
    ),
    (
        "for_stort_tal",
        "2026-08;2026-017;anstallning;0;2000000000;99999999,5;;",
        "Talet är för stort: högst 1\u00a0000\u00a0000 heltidsmånader på en rad.",
        "Heltidsmånader",
    ),
    (
        "framtida_manad",
        "2026-10;2026-017;anstallning;0;2;1,0;;",
        "ligger efter innevarande månad",
        "Månad",
    ),
]


@pytest.mark.parametrize(
    ("line", "message", "column"),
    [case[1:] for case in FOLLOWUP_CASES],
    ids=[case[0] for case in FOLLOWUP_CASES],
)
def test_bad_followup_is_rejected_and_changes_nothing(contracts_db, line, message, column):
    before = _state(contracts_db)
    result = ingest_bytes(csv_bytes([FOLLOWUP_HEADER, line]), "fel.csv")
    assert result.outcome == "avvisad"
    errors = [f for f in result.findings if f.is_error]
    assert any(message in f.message and f.column == column and f.row == 2 for f in errors), [
        f.format() for f in errors
    ]
    assert _state(contracts_db) == before


def test_unknown_contract_hint_names_the_stored_id(contracts_db):
    result = ingest_bytes(
        csv_bytes([FOLLOWUP_HEADER, "2026-08;2026 017;anstallning;1;2;1,0;;"]), "fel.csv"
    )
    (finding,) = [f for f in result.findings if f.is_error]
    assert finding.hint == "Menar du 2026-017? Skriv id:t exakt som i avtalsregistret."
    assert finding.value == "2026 017"


def test_followup_before_any_register_is_rejected(empty_db):
    result = ingest_bytes(csv_bytes([FOLLOWUP_HEADER, *FOLLOWUP_ROWS[:2]]), "uppf.csv")
    assert result.outcome == "avvisad"
    assert {f.message for f in result.findings if f.is_error} == {
        "Avtalet finns inte i avtalsregistret."
    }
    assert query(empty_db, "select count(*) from sysselsattning_version") == [(0,)]


AVTAL_CASES = [
    (
        "krav_saknas",
        "2026-040;Snöröjning;Vinterdrift AB;KK;sysselsattningskrav;2026-01;2026-12;;",
        "Ett avtal med sysselsattningskrav måste ange krav heltidsmånader.",
        "Krav heltidsmånader",
    ),
    (
        "slut_fore_start",
        "2026-040;Snöröjning;Vinterdrift AB;KK;dialog;2026-06;2026-01;;",
        "Slutmånaden får inte ligga före startmånaden.",
        "Slutmånad",
    ),
    (
        "okant_villkor",
        "2026-040;Snöröjning;Vinterdrift AB;KK;social hänsyn;2026-01;2026-12;;",
        "Villkoret måste vara dialog, sysselsattningskrav eller bonus.",
        "Villkor",
    ),
    (
        "krav_noll",
        "2026-040;Snöröjning;Vinterdrift AB;KK;sysselsattningskrav;2026-01;2026-12;0;",
        "Kravet måste vara ett heltal större än 0.",
        "Krav heltidsmånader",
    ),
    (
        "leverantor_ar_en_person",
        "2026-040;Snöröjning;Anna Svensson;KK;dialog;2026-01;2026-12;;",
        "Leverantören ser ut som en persons namn.",
        "Leverantör",
    ),
    (
        "namn_i_benamning",
        "2026-040;Snöröjning, kontakt Anna Svensson;Vinterdrift AB;KK;dialog;2026-01;2026-12;;",
        "Benämningen ser ut att innehålla en persons namn.",
        "Benämning",
    ),
    (
        "e_postadress",
        "2026-040;Snöröjning;kontakt@vinterdrift.se;KK;dialog;2026-01;2026-12;;",
        "Ange inga e-postadresser",
        "Leverantör",
    ),
    (
        "okand_forvaltning",
        "2026-040;Snöröjning;Vinterdrift AB;XYZ;dialog;2026-01;2026-12;;",
        "Okänd förvaltning",
        "Förvaltning",
    ),
    (
        "forvaltning_upphord",
        "2026-040;Snöröjning;Vinterdrift AB;SOF;dialog;2024-01;2026-12;;",
        "Förvaltningen fanns inte under avtalstiden",
        "Förvaltning",
    ),
    (
        "ogiltigt_id",
        "2026;017;Snöröjning;Vinterdrift AB;KK;dialog;2026-01;2026-12;;",
        "",
        None,
    ),
    (
        "for_langt_fram",
        "2026-040;Snöröjning;Vinterdrift AB;KK;dialog;2026-01;2050-12;;",
        "Månaden ligger för långt fram: senast december 2041.",
        "Slutmånad",
    ),
]


@pytest.mark.parametrize(
    ("line", "message", "column"),
    [case[1:] for case in AVTAL_CASES],
    ids=[case[0] for case in AVTAL_CASES],
)
def test_bad_register_is_rejected_and_changes_nothing(contracts_db, line, message, column):
    before = _state(contracts_db)
    result = ingest_bytes(csv_bytes([AVTAL_HEADER, line]), "fel.csv")
    assert result.outcome == "avvisad"
    errors = [f for f in result.findings if f.is_error]
    if column is not None:
        assert any(message in f.message and f.column == column for f in errors), [
            f.format() for f in errors
        ]
    assert _state(contracts_db) == before


def test_duplicate_contract_in_one_register_file(contracts_db):
    result = ingest_bytes(csv_bytes([AVTAL_HEADER, AVTAL_ROWS[0], AVTAL_ROWS[0]]), "dubbel.csv")
    assert result.outcome == "avvisad"
    assert any("Samma kombination av avtal" in f.message for f in result.findings)


@pytest.mark.parametrize(
    ("header", "line", "where"),
    [
        (FOLLOWUP_HEADER, "2026-08;2026-017;anstallning;0;2;1,0;;19850101-1234", "cell"),
        (
            AVTAL_HEADER,
            "2026-040;Snöröjning 850101-1234;Vinterdrift AB;KK;dialog;2026-01;2026-12;;",
            "cell",
        ),
    ],
    ids=["personnummer_i_uppfoljning", "personnummer_i_avtal"],
)
def test_a_personal_identity_number_anywhere_rejects_the_file(contracts_db, header, line, where):
    before = _state(contracts_db)
    result = ingest_bytes(csv_bytes([header, line]), "fel.csv")
    assert result.outcome == "avvisad"
    text = " ".join(f.format() for f in result.findings)
    assert "personnummer" in text.lower()
    assert "1234" not in text  # never echoed
    assert _state(contracts_db) == before


@pytest.mark.parametrize("column", ["Namn", "Deltagare", "Personnummer", "E-post", "Kontaktperson"])
def test_a_column_naming_people_rejects_the_file(contracts_db, column):
    before = _state(contracts_db)
    lines = [f"{FOLLOWUP_HEADER};{column}", "2026-08;2026-017;anstallning;0;2;1,0;;;Kalle"]
    result = ingest_bytes(csv_bytes(lines), "fel.csv")
    assert result.outcome == "avvisad"
    (finding,) = [f for f in result.findings if f.is_error]
    assert finding.message.startswith("Kolumnen ser ut att innehålla personuppgifter.")
    assert finding.column == column
    assert _state(contracts_db) == before


def test_an_ordinary_extra_column_is_only_a_warning(contracts_db):
    lines = [f"{FOLLOWUP_HEADER};Anteckning", "2026-08;2026-017;anstallning;0;2;1,5;;;ok"]
    result = ingest_bytes(csv_bytes(lines), "extra.csv")
    assert result.outcome in ("lagrad", "redan_lagrad")
    assert [f.message for f in result.findings] == ["Okänd kolumn: den lagras inte."]


# --- the upload page's preview ---------------------------------------------------------------


def test_preview_of_a_register_and_a_followup(empty_db):
    from pipelines.ingest.preview import preview_upload

    register = preview_upload(csv_bytes([AVTAL_HEADER, *AVTAL_ROWS]), "avtal.csv")
    assert register.ok and register.kind_label == "avtal"
    assert list(register.changes_table.columns) == [
        "Avtal",
        "Lagrat nu",
        "Nytt",
        "Skillnad",
        "Ändring",
    ]
    assert register.changes_table.iloc[3].tolist() == ["2026-017", "–", "24", "–", "Ny"]
    assert register.facts["Månader"] == "oktober 2025 – januari 2028"
    _store_all()
    correction = preview_upload(
        csv_bytes([FOLLOWUP_HEADER, "2026-08;2026-017;anstallning;0;2;2,0;;"]), "aug.csv"
    )
    assert correction.changes_table.iloc[0].tolist() == [
        "augusti 2026",
        "2026-017",
        "1,50",
        "2",
        "+0,50",
        "Ersätts",
    ]


def test_preview_of_a_register_with_errors_reads_its_months(empty_db):
    from pipelines.ingest.preview import preview_upload

    preview = preview_upload(
        csv_bytes([AVTAL_HEADER, "2026-040;Snöröjning;Anna Svensson;KK;dialog;2026-01;2026-12;;"]),
        "fel.csv",
    )
    assert not preview.ok
    assert preview.errors["Fel"].iloc[0].startswith("Leverantören ser ut som en persons namn.")
    assert preview.facts["Månader"] == "januari 2026 – december 2026"


def test_check_command_uses_the_stored_register(contracts_db, tmp_path):
    bad = tmp_path / "uppfoljning.csv"
    bad.write_bytes(csv_bytes([FOLLOWUP_HEADER, "2026-08;2099-001;anstallning;1;1;1,0;;"]))
    result = run_cli("check", str(bad))
    assert result.returncode == 1
    assert "uppfoljning.csv: avvisad, 1 fel. Ingenting ändrades." in result.stdout
    assert "Avtalet finns inte i avtalsregistret." in result.stdout
