"""The committed templates: there, with the contract's Swedish headers, example rows that fit the
reference lists, an instruction sheet, and exactly what `write_templates` produces today."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from pipelines import config
from pipelines.outputs.templates import write_templates
from schemas.reference_lists import load_reference

COMMITTED = config.TEMPLATES_DIR
# The contract's headers, as DATA-CONTRACT.md and the user guide write them.
HEADERS = {
    "anstallningar": [
        "Månad", "Förvaltning", "Anställningsform", "Antal", "Kön", "Målgrupp",
        "Från försörjningsstöd",
    ],
    "forsorjningsstod": [
        "Månad", "Hushåll", "Barnhushåll", "Vuxna", "Barn", "Unga vuxna", "Långvarigt",
        "Utbetalt", "Nya hushåll", "Avslutade hushåll", "Avslut arbete", "Avslut studier",
        "I arbetsmarknadsinsats",
    ],
    "mal": ["År", "Förvaltning", "Mål"],
    "uppfoljning": [
        "Anställningsmånad", "Förvaltning", "Uppföljning", "Anställda", "Kvar i anställning",
        "I arbete eller studier", "Med försörjningsstöd före",
        "Med försörjningsstöd vid uppföljning",
    ],
}  # fmt: skip
REQUIRED = {
    "anstallningar": {"Månad", "Förvaltning", "Anställningsform", "Antal"},
    "forsorjningsstod": {"Månad", "Hushåll", "Utbetalt"},
    "mal": {"År", "Mål"},
    "uppfoljning": {
        "Anställningsmånad", "Förvaltning", "Uppföljning", "Anställda", "Kvar i anställning",
    },
}  # fmt: skip


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel shows å/ä/ö right"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


#: Kinds whose template is a statistics export: a title above the header, lines below the data.
EXPORT_KINDS = ["sos_manad"]
#: Contracts with sysselsättningskrav and their follow-up (tests/test_templates_sysselsattning.py).
REGISTER_KINDS = ["avtal", "sysselsattning"]


def test_one_csv_and_one_xlsx_per_kind_are_committed() -> None:
    assert sorted(p.name for p in COMMITTED.iterdir()) == sorted(
        f"mall_{kind}.{ext}"
        for kind in [*HEADERS, *EXPORT_KINDS, *REGISTER_KINDS]
        for ext in ("csv", "xlsx")
    )


def test_the_socialstyrelsen_template_is_an_export_the_reader_accepts() -> None:
    from pipelines.ingest.sos import validate_sos

    rows = _csv_rows(COMMITTED / "mall_sos_manad.csv")
    assert rows[0] == ["Ekonomiskt bistånd, Antal hushåll"]
    assert rows[1][:3] == ["Region", "År", "Januari"] and rows[1][-1] == "December"
    assert rows[-1] == ["Socialstyrelsens statistikdatabas 2025-10-05"]
    for name in ("mall_sos_manad.csv", "mall_sos_manad.xlsx"):
        validated = validate_sos((COMMITTED / name).read_bytes(), name)
        assert validated.ok, [f.format() for f in validated.findings]
        assert len(validated.frame) == 36


@pytest.mark.parametrize("kind", list(HEADERS))
def test_csv_template_has_the_contract_header_and_examples(kind: str) -> None:
    rows = _csv_rows(COMMITTED / f"mall_{kind}.csv")
    assert rows[0] == HEADERS[kind]
    assert 2 <= len(rows) - 1 <= 3
    assert all(len(row) == len(HEADERS[kind]) for row in rows)


@pytest.mark.parametrize("kind", list(HEADERS))
def test_xlsx_template_has_the_header_and_an_instruction_sheet(kind: str) -> None:
    workbook = openpyxl.load_workbook(COMMITTED / f"mall_{kind}.xlsx")
    assert workbook.sheetnames[1] == "Instruktioner"
    data = workbook.worksheets[0]
    assert [c.value for c in data[1]] == HEADERS[kind]
    assert 2 <= data.max_row - 1 <= 3
    guide = [row for row in workbook["Instruktioner"].iter_rows(values_only=True)]
    start = guide.index(("Kolumn", "Obligatorisk", "Regel"))
    columns = guide[start + 1 :]
    assert [row[0] for row in columns] == HEADERS[kind]
    assert {row[0] for row in columns if row[1] == "ja"} == REQUIRED[kind]
    assert {row[1] for row in columns} == {"ja", "nej"}
    assert all(row[2] for row in columns), "every column has its rule"
    assert any("personuppgifter" in (row[0] or "") for row in guide[:start])


def test_example_rows_use_codes_from_the_reference() -> None:
    ref = load_reference(config.DEFAULT_REFERENCE_DIR)
    hires = _csv_rows(COMMITTED / "mall_anstallningar.csv")[1:]
    assert all(ref.match_forvaltning(row[1]) == row[1] for row in hires)
    assert all(ref.match_anstallningsform(row[2]) == row[2] for row in hires)
    assert all(ref.match_malgrupp(row[5]) == row[5] for row in hires if row[5])
    assert [row[3] for row in hires] == ["2", "1", "0"]
    targets = _csv_rows(COMMITTED / "mall_mal.csv")[1:]
    # Example rows are marked, so a template stored unchanged is rejected (issue 18).
    assert targets == [["Exempel 2025", "", "200"], ["Exempel 2025", "VOF", "60"]]
    fs = _csv_rows(COMMITTED / "mall_forsorjningsstod.csv")[1]
    assert fs[:2] == ["Exempel 2025-01", "2 412"]
    assert fs[7] == "26 734 512,50"


def test_regenerating_gives_the_committed_bytes(tmp_path: Path) -> None:
    written = write_templates(tmp_path)
    assert [p.name for p in written] == [
        "mall_anstallningar.csv", "mall_anstallningar.xlsx", "mall_forsorjningsstod.csv",
        "mall_forsorjningsstod.xlsx", "mall_mal.csv", "mall_mal.xlsx", "mall_sos_manad.csv",
        "mall_sos_manad.xlsx", "mall_avtal.csv", "mall_avtal.xlsx", "mall_sysselsattning.csv",
        "mall_sysselsattning.xlsx", "mall_uppfoljning.csv", "mall_uppfoljning.xlsx",
    ]  # fmt: skip
    for path in written:
        assert path.read_bytes() == (COMMITTED / path.name).read_bytes(), (
            f"{path.name} differs: run `python -m pipelines.outputs.templates` and commit the result"
        )


@pytest.mark.parametrize("name", ["mall_anstallningar.csv", "mall_anstallningar.xlsx", "mall_mal.csv",
                                  "mall_mal.xlsx", "mall_forsorjningsstod.csv",
                                  "mall_forsorjningsstod.xlsx"])  # fmt: skip
def test_a_template_uploaded_unchanged_is_rejected_with_a_clear_message(empty_db, name):
    from pipelines.ingest.store import ingest_file
    from schemas.values import EXAMPLE_ERROR

    result = ingest_file(COMMITTED / name, source="test")
    assert result.outcome == "avvisad"
    assert result.findings and all(EXAMPLE_ERROR in f.message for f in result.findings)


def test_the_excel_templates_offer_the_valid_values_as_drop_down_lists() -> None:
    book = openpyxl.load_workbook(COMMITTED / "mall_anstallningar.xlsx")
    assert book.sheetnames == ["Anställningar", "Instruktioner", "Giltiga värden"]
    lists = {str(v.sqref): v.formula1 for v in book.worksheets[0].data_validations.dataValidation}
    assert lists == {
        "B2:B1001": "'Giltiga värden'!$A$2:$A$13",
        "C2:C1001": "'Giltiga värden'!$D$2:$D$9",
        "E2:E1001": "'Giltiga värden'!$G$2:$G$3",
        "F2:F1001": "'Giltiga värden'!$J$2:$J$6",
        "G2:G1001": "'Giltiga värden'!$M$2:$M$3",
    }
    values = book["Giltiga värden"]
    assert [values.cell(r, 1).value for r in (1, 2)] == ["Förvaltning: kod", "KK"]
    assert [values.cell(r, 4).value for r in (1, 2)] == ["Anställningsform: kod", "lonestod"]
    assert values.cell(2, 5).value == "Lönebidrag/lönestöd"
    targets = openpyxl.load_workbook(COMMITTED / "mall_mal.xlsx")
    (only,) = targets.worksheets[0].data_validations.dataValidation
    assert str(only.sqref) == "B2:B1001"
