"""The import page's logic: preview (nothing written), store on request, rejections, duplicates.

Expected figures come from tests/fixtures/README.md: in 2026 KK has 2 hires a month (0 in
July), MF 0 every month; försörjningsstöd 2026-08 has 1 980 households.
"""

from __future__ import annotations

from datetime import date

from conftest import FIXTURES
from helpers import FS_HEADER, HIRES_HEADER, csv_bytes, query, snapshot, xlsx_bytes
from pipelines.ingest import preview as imports
from pipelines.ingest import preview_text as texts
from pipelines.queries import quality
from pipelines.queries.status import warehouse_state

NBSP = "\u00a0"
PNR = "850101-1234"
CORRECTION = [HIRES_HEADER, "2026-03;KK;lonestod;5;kvinna;;ja", "2026-09;MF;lonestod;1;;;"]


def log_lines(db) -> list[tuple]:
    return query(db, "select file_name, outcome, source from ingest_log order by ingest_id")


def test_valid_file_preview_shows_exact_figures_and_writes_nothing(fixture_db):
    before = snapshot(fixture_db)
    preview = imports.preview_upload(csv_bytes(CORRECTION), "rattelse.csv")
    assert preview.ok and preview.can_store and not preview.already_stored
    assert preview.facts == {
        "Filtyp": "anställningar",
        "Format": "CSV",
        "Teckenkodning": "UTF-8",
        "Avgränsare": "semikolon",
        "Rubrikrad": "rad 1",
        "Rader": "2",
        "Månader": "mars 2026 – september 2026",
        "Antal månader": "2",
        "Förvaltningar": "KK, MF",
        "Fel": "0",
        "Varningar": "0",
    }
    assert preview.changes_table.to_dict("records") == [
        {"Månad": "mars 2026", "Förvaltning": "KK – Kommunkontoret", "Lagrat nu": "2",
         "Nytt": "5", "Skillnad": "+3", "Ändring": "Ersätts"},
        {"Månad": "september 2026", "Förvaltning": "MF – Miljöförvaltningen", "Lagrat nu": "–",
         "Nytt": "1", "Skillnad": "–", "Ändring": "Ny"},
    ]  # fmt: skip
    assert preview.summary == [
        "2 rader anställningar för mars 2026 – september 2026.",
        "Att lagra filen lägger till 1 ny del, ersätter 1 del med ändrade siffror och 0 delar "
        "med samma siffror.",
        "En ändrad del byts ut helt: lagringen tar bort 1 lagrad rad och lägger in 1 ny rad i "
        "deras ställe.",
    ]
    assert preview.errors.empty and preview.warnings.empty
    assert snapshot(fixture_db) == before
    assert len(log_lines(fixture_db)) == 4  # the fixture's four files, nothing more


def test_forsorjningsstod_preview_compares_households(fixture_db):
    content = csv_bytes([FS_HEADER, "2026-08;2 000;800;2700;2000;300;900;20 000 000,00;;;;;"])
    preview = imports.preview_upload(content, "fs_augusti.csv")
    assert preview.ok
    assert preview.changes_table.to_dict("records") == [
        {"Månad": "augusti 2026", "Lagrat nu": f"1{NBSP}980", "Nytt": f"2{NBSP}000",
         "Skillnad": "+20", "Ändring": "Ersätts"},
    ]  # fmt: skip


def test_store_writes_once_and_every_mart_shows_the_new_figures(fixture_db):
    files_before = warehouse_state()["files_stored"]
    hires_before = quality.completeness(2026, date(2026, 8, 1))
    kk_march = (hires_before["forvaltning"] == "KK") & (hires_before["month"] == 3)
    assert files_before == 4 and hires_before[kk_march]["antal"].tolist() == [2]

    preview = imports.preview_upload(csv_bytes(CORRECTION), "rattelse.csv")
    result = imports.store_upload(preview)
    assert result.outcome == "lagrad" and result.ingest_id == 5
    assert imports.result_text(result) == (
        "Lagrad som anställningar (inläsning 5): 2 rader, 1 ny del och 1 ersatt del. "
        "Alla sidor visar nu de nya siffrorna."
    )
    assert log_lines(fixture_db)[-1] == ("rattelse.csv", "lagrad", "app")
    # No cache clearing: the @mart cache is keyed by the warehouse version.
    assert warehouse_state()["files_stored"] == 5
    hires_after = quality.completeness(2026, date(2026, 8, 1))
    assert hires_after[kk_march]["antal"].tolist() == [5]
    assert imports.stored_changes_table(result)["Skillnad"].tolist() == ["+3", "–"]

    again = imports.preview_upload(csv_bytes(CORRECTION), "rattelse_igen.csv")
    assert again.already_stored and not again.can_store
    assert again.earlier.ingest_id == 5 and again.earlier.file_name == "rattelse.csv"


def test_duplicate_of_a_stored_file_says_so_and_changes_nothing(fixture_db):
    content = (FIXTURES / "warehouse" / "mal_2026.csv").read_bytes()
    preview = imports.preview_upload(content, "mal_2026_kopia.csv")
    assert preview.ok and preview.already_stored and not preview.can_store
    assert preview.earlier.ingest_id == 4 and preview.earlier.file_name == "mal_2026.csv"
    assert preview.summary[0].startswith("Filen är redan inläst (inläsning 4, ")
    assert preview.summary[0].endswith("som ”mal_2026.csv”). Att lagra den igen ändrar ingenting.")
    assert preview.changes_table.to_dict("records") == [
        {"År": "2026", "Förvaltning": "VOF – Vård- och omsorgsförvaltningen", "Lagrat nu": "70",
         "Nytt": "70", "Skillnad": "0", "Ändring": "Oförändrad"},
    ]  # fmt: skip
    before = snapshot(fixture_db)
    result = imports.store_upload(preview)
    assert result.outcome == "redan_lagrad" and result.earlier_ingest_id == 4
    assert imports.result_text(result).startswith("Filen var redan inläst (inläsning 4, ")
    assert snapshot(fixture_db) == before


def test_invalid_file_gives_an_error_table_and_only_a_log_line(fixture_db):
    content = csv_bytes([HIRES_HEADER, "2026-03;XX;lonestod;2;;;", "2026-04;KK;lonestod;-1;;;"])
    preview = imports.preview_upload(content, "fel.csv")
    assert not preview.ok and not preview.can_store
    assert list(preview.errors.columns) == ["Rad", "Kolumn", "Värde", "Fel", "Så rättar du"]
    cells = preview.errors[["Rad", "Kolumn", "Värde"]].values.tolist()
    assert cells == [["2", "Förvaltning", "XX"], ["3", "Antal", "-1"]]
    assert all(preview.errors["Fel"].str.len() > 0)
    assert all(preview.errors["Så rättar du"].str.len() > 0)
    assert preview.facts["Fel"] == "2"
    # Facts only from the values that could be read (XX is not a förvaltning).
    assert (preview.facts["Förvaltningar"], preview.facts["Månader"]) == (
        "KK",
        "mars 2026 – april 2026",
    )
    assert preview.summary == [
        "Filen har 2 fel och kan inte lagras. Ingenting har sparats: rätta felen i filen och "
        "ladda upp den igen."
    ]
    assert preview.changes_table.empty
    before = snapshot(fixture_db)
    result = imports.record_rejection(preview)
    assert result.outcome == "avvisad"
    assert snapshot(fixture_db) == before
    assert log_lines(fixture_db)[-1] == ("fel.csv", "avvisad", "app")
    assert imports.record_rejection(imports.preview_upload(csv_bytes(CORRECTION), "ok.csv")) is None


def test_windows_1252_excel_export_with_title_row_and_total_line(fixture_db):
    text = (
        "Anställningar augusti 2026\r\n"
        "Månad;Förvaltning;Anställningsform;Antal;Kön\r\n"
        "augusti 2026;Kommunkontoret;Lönebidrag/lönestöd;3;K\r\n"
        "augusti 2026;Miljöförvaltningen;Lönebidrag/lönestöd;1;M\r\n"
        "Summa;;;4;\r\n"
    )
    preview = imports.preview_upload(text.encode("cp1252"), "Anställningar aug.csv")
    assert preview.ok, preview.errors
    facts = preview.facts
    assert (facts["Teckenkodning"], facts["Avgränsare"], facts["Rubrikrad"]) == (
        "Windows-1252",
        "semikolon",
        "rad 2",
    )
    assert (facts["Rader"], facts["Månader"], facts["Förvaltningar"]) == (
        "2",
        "augusti 2026",
        "KK, MF",
    )
    assert facts["Summeringsrader"] == "rad 5"
    table = preview.changes_table[["Förvaltning", "Lagrat nu", "Nytt", "Skillnad"]]
    assert table.values.tolist() == [
        ["KK – Kommunkontoret", "2", "3", "+1"],
        ["MF – Miljöförvaltningen", "0", "1", "+1"],
    ]
    assert "Summeringsraderna stämmer med summan av raderna och lagras inte (rad 5)." in (
        preview.summary
    )
    wrong_total = text.replace("Summa;;;4;", "Summa;;;5;").encode("cp1252")
    rejected = imports.preview_upload(wrong_total, "Anställningar aug.csv")
    assert rejected.errors[["Rad", "Kolumn", "Värde"]].values.tolist() == [["5", "Antal", "5"]]


def test_xlsx_with_title_row(fixture_db):
    content = xlsx_bytes(
        [
            ["Försörjningsstöd augusti 2026"],
            ["Månad", "Hushåll", "Utbetalt"],
            ["2026-08", 1990, 19_900_000],
        ],
        sheet="Försörjningsstöd",
    )
    preview = imports.preview_upload(content, "fs.xlsx")
    assert preview.ok, preview.errors
    assert (preview.facts["Format"], preview.facts["Kalkylblad"], preview.facts["Rubrikrad"]) == (
        "Excel",
        "Försörjningsstöd",
        "rad 2",
    )
    assert preview.changes_table[["Lagrat nu", "Nytt", "Skillnad"]].values.tolist() == [
        [f"1{NBSP}980", f"1{NBSP}990", "+10"]
    ]


def test_personal_data_is_rejected_without_echoing_the_number(fixture_db):
    content = csv_bytes([HIRES_HEADER, f"2026-03;KK;lonestod;1;{PNR};;"])
    preview = imports.preview_upload(content, "personer.csv")
    assert not preview.ok
    shown = " ".join(preview.errors.astype(str).values.ravel().tolist() + preview.summary)
    assert "personnummer" in shown and PNR not in shown and "1234" not in shown
    imports.record_rejection(preview)
    messages = query(fixture_db, "select messages from ingest_log order by ingest_id desc")[0][0]
    assert "personnummer" in messages and PNR not in messages


def test_escape_markdown_neutralises_links_and_formatting():
    name = "[klicka](https://example.org) **fet** <b>x</b> :red[röd] $x$.csv"
    escaped = texts.escape_markdown(name)
    for raw in ("[klicka]", "](", "**", "<b>", ":red[", "$x$"):
        assert raw not in escaped
    assert escaped.replace("\\", "") == name


def test_templates_and_column_guide():
    files = texts.template_files("anstallningar")
    assert [(f.file_name, f.label) for f in files] == [
        ("mall_anstallningar.csv", "Mall som CSV"),
        ("mall_anstallningar.xlsx", "Mall som Excel"),
    ]
    assert files[0].data.decode("utf-8-sig").startswith(HIRES_HEADER)
    guide = texts.contract_guide("forsorjningsstod")
    assert guide["Kolumn"].tolist()[:3] == ["Månad", "Hushåll", "Barnhushåll"]
    assert guide["Obligatorisk"].tolist()[:3] == ["ja", "ja", "nej"]
