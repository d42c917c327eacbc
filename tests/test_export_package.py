"""The follow-up package and the Word document on the fixture warehouse (tests/fixtures/README.md):
the ZIP's files, the images, the Excel tables read back, the README and the DOCX.

Expected figures for 2026 (January–August, July without hires), by hand from the fixture rules:
KK and ASF 2 hires a month (14 each), BSF and VOF 6 (42 each), MF 0; 16 a month, 112 in all;
targets ASF 19, BSF 74, KK 19, MF 18, VOF 70 (decided). Hires from försörjningsstöd: KK 2 + VOF 4
= 6 a month, 42 in all; endings to work 60 every month. Households 1 910 … 1 980.
"""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from conftest import TODAY
from pipelines.cli import main
from pipelines.outputs.followup.bundle import build_bundle
from pipelines.outputs.followup.collect import collect_followup
from pipelines.outputs.followup.docx import document_bytes
from pipelines.outputs.followup.package import followup_zip
from pipelines.outputs.render import ChartRenderer, png_size

NBSP = "\u00a0"
KEYS = [
    "01_mal_manad_for_manad",
    "02_jamfort_med_tidigare_ar",
    "03_andel_av_maltalet",
    "04_forvaltning_och_manad",
    "05_anstallningsform",
    "06_malgrupp",
    "07_kon",
    "08_fran_forsorjningsstod",
    "09_hushall",
    "10_barnhushall",
    "11_langvarigt",
    "12_utbetalt",
    "13_avslut_arbete",
    "14_i_arbetsmarknadsinsats",
    "15_fran_forsorjningsstod_till_arbete",
]
MONTHS = ["Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti"]


@pytest.fixture(scope="module")
def module_db(tmp_path_factory, reference_dir, fixture_db_master):
    """A copy of the fixture warehouse for the whole module (the package is drawn once)."""
    path = tmp_path_factory.mktemp("export") / "warehouse.duckdb"
    shutil.copy(fixture_db_master, path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARBETSMAL_DB", str(path))
        mp.setenv("ARBETSMAL_REFERENCE", str(reference_dir))
        mp.setenv("ARBETSMAL_TODAY", TODAY)
        yield path


@pytest.fixture(scope="module")
def package(module_db, tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("paket")
    with ChartRenderer() as renderer:
        bundle = build_bundle(2026, publication=True, document=False, renderer=renderer)
    path = bundle.write(out)[0]
    assert path.name == "uppfoljning_2026_publicering.zip"
    return zipfile.ZipFile(path)


def sheet_rows(book, name: str) -> dict[str, list]:
    """The table of a sheet as {first cell: the row's values}, from the header row on."""
    rows = list(book[name].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] is None and i > 0) + 1
    return {r[0]: list(r) for r in rows[start:]}


def test_zip_lists_every_chart_as_png_and_svg_the_workbook_and_the_readme(package):
    expected = {"README.txt", "tabeller_2026.xlsx"}
    expected |= {f"diagram/{key}.{fmt}" for key in KEYS for fmt in ("png", "svg")}
    # Open data: the key figures, every chart's table and the table of all figures as CSV.
    open_files = {n for n in package.namelist() if n.startswith("oppna_data/")}
    assert {"oppna_data/datapackage.json", "oppna_data/dcat.jsonld"} <= open_files
    assert len(open_files) == 2 + 1 + len(KEYS) + 1
    assert set(package.namelist()) == expected | open_files


def test_images_have_print_size_and_the_svg_swedish_text(package):
    assert png_size(package.read("diagram/01_mal_manad_for_manad.png")) == (1800, 960)
    for key in KEYS:
        width, height = png_size(package.read(f"diagram/{key}.png"))
        assert width == 1800 and height >= 560 and height % 2 == 0
    svg = package.read("diagram/01_mal_manad_for_manad.svg").decode().replace("&nbsp;", NBSP)
    assert "Anställningar 2026 mot målet 200" in svg
    assert "Januari–augusti 2026" in svg
    assert "Uttag 2026-09-15." in svg
    money = package.read("diagram/12_utbetalt.svg").decode().replace("&nbsp;", NBSP)
    assert f"20{NBSP}000{NBSP}000{NBSP}kr" in money  # the axis starts at zero
    heat = package.read("diagram/04_forvaltning_och_manad.svg").decode()
    assert heat.count(">X<") == 14  # KK's and ASF's 2 a month, seven months each
    assert "X: värdet visas inte (röjandekontroll)." in heat


def test_excel_holds_every_table_masked_for_publication(package):
    book = load_workbook(io.BytesIO(package.read("tabeller_2026.xlsx")))
    assert book.sheetnames[:2] == ["Om exporten", "Målet"]
    assert "Definitioner" in book.sheetnames
    heat = sheet_rows(book, "04 Förvaltning och månad")
    assert heat["Förvaltning"] == [
        "Förvaltning",
        "jan",
        "feb",
        "mar",
        "apr",
        "maj",
        "jun",
        "jul",
        "aug",
        "Totalt",
    ]
    assert heat["Kommunkontoret"][1:] == ["X"] * 6 + [0, "X", 14]
    assert heat["Arbetsmarknads- och socialförvaltningen"][1:] == ["X"] * 6 + [0, "X", 14]
    assert heat["Barn- och skolförvaltningen"][1:] == [6] * 6 + [0, 6, 42]
    assert heat["Miljöförvaltningen"][1:] == [0] * 8 + [0]
    assert heat["Totalt"][1:] == [16] * 6 + [0, 16, 112]

    forvaltningar = sheet_rows(book, "03 Förvaltningar")
    assert forvaltningar["Kommunkontoret"][1:3] == [14, 19]
    assert forvaltningar["Vård- och omsorgsförvaltningen"][1:4] == [42, 70, "beslutat"]
    assert forvaltningar["Hela kommunen"][1:3] == [112, 200]

    progress = sheet_rows(book, "01 Målet månad för månad")
    assert [progress[m][1] for m in MONTHS] == [16] * 6 + [0, 16]
    assert [progress[m][2] for m in MONTHS] == [16, 32, 48, 64, 80, 96, 96, 112]

    link = sheet_rows(book, "15 Från försörjningsstöd")
    assert [link[m][1] for m in MONTHS] == [6] * 6 + [0, 6]
    assert [link[m][2] for m in MONTHS] == [60] * 8
    assert link["Hela perioden"][1:3] == [42, 480]

    households = sheet_rows(book, "09 Biståndshushåll")
    assert [households[m][1] for m in MONTHS] == [1910, 1920, 1930, 1940, 1950, 1960, 1970, 1980]
    assert households["Januari"][2] == 2010  # january 2025

    goal = sheet_rows(book, "Målet")
    assert goal["Anställda mot målet hittills"][1] == "112"
    assert goal["Årets mål"][1] == "200"
    assert goal["Andel av målet"][1] == f"56{NBSP}%"
    assert goal["Varav från försörjningsstöd"][1] == "42"


def test_readme_lists_files_definitions_version_and_dates(package):
    text = package.read("README.txt").decode("utf-8")
    assert text.startswith("Uppföljning 2026: anställningar och försörjningsstöd")
    assert "Publiceringsversion (röjandekontrollerad)" in text
    assert "Uttag: 2026-09-15" in text
    assert "Anställningar till och med: augusti 2026." in text
    assert "Försörjningsstöd till och med: augusti 2026." in text
    for name in package.namelist():
        assert f"- {name}:" in text
    assert "X: värdet visas inte (röjandekontroll)." in text
    assert "Noll (0) visas" in text
    assert "Röjandekontrollen gäller hela paketet på en gång" in text
    assert "Granskning: innan paketet skrevs prövades det som en utomstående" in text
    assert "Inget dolt tal kan räknas fram" in text
    assert (
        "- Biståndshushåll (hushåll): Hushåll som fått utbetalt ekonomiskt bistånd "
        "(försörjningsstöd) under månaden."
    ) in text
    assert "Status bygger på sannolikheten" in text


def test_docx_has_summary_tables_and_every_chart(package, module_db):
    followup = collect_followup(2026, publication=True)
    images = {
        (name[8:-4], "png"): package.read(name)
        for name in package.namelist()
        if name.endswith(".png")
    }
    doc = Document(io.BytesIO(document_bytes(followup, images)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "Uppföljning 2026: anställningar och försörjningsstöd"
    assert paragraphs[1] == "Publiceringsversion (röjandekontrollerad). Uttag 2026-09-15."
    summary = next(p for p in paragraphs if p.startswith("Till och med augusti 2026"))
    assert summary.startswith(
        "Till och med augusti 2026 har 112 personer anställts, 56\u00a0% av årets mål på 200."
    )
    assert any(p.startswith(f"I augusti 2026 fick 1{NBSP}980 hushåll") for p in paragraphs)
    assert "Anställningar per förvaltning och månad 2026" in paragraphs
    assert len(doc.inline_shapes) == len(KEYS)
    key_figures = doc.tables[0]
    assert [c.text for c in key_figures.rows[1].cells] == ["Anställda mot målet hittills", "112"]
    heat = next(
        t
        for t in doc.tables
        if t.rows[0].cells[0].text == "Förvaltning" and t.rows[0].cells[1].text == "jan"
    )
    kk = next(r for r in heat.rows if r.cells[0].text == "Kommunkontoret")
    assert [c.text for c in kk.cells][1:] == ["X"] * 6 + ["0", "X", "14"]


def test_docx_without_a_browser_keeps_tables_and_says_so(module_db, tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/finns/inte/chromium")
    doc = Document(io.BytesIO(build_bundle(2026, publication=True).document))
    assert len(doc.inline_shapes) == 0
    assert any(p.text.startswith("Bilder kan inte skapas på servern") for p in doc.paragraphs)
    assert len(doc.tables) == 1 + len(KEYS)


def test_internal_version_has_exact_figures_and_says_so(module_db):
    followup = collect_followup(2026, publication=False)
    archive = zipfile.ZipFile(io.BytesIO(followup_zip(followup, None)))
    assert set(archive.namelist()) == {"README.txt", "tabeller_2026.xlsx"}
    text = archive.read("README.txt").decode()
    assert "Intern version (exakta tal)" in text and "Diagrammen saknas i paketet" in text
    book = load_workbook(io.BytesIO(archive.read("tabeller_2026.xlsx")))
    heat = sheet_rows(book, "04 Förvaltning och månad")
    assert heat["Kommunkontoret"][1:] == [2] * 6 + [0, 2, 14]
    assert all("Intern version (exakta tal)" in c.source for c in followup.charts)


def test_command_writes_zip_and_docx(module_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BROWSER_PATH", "/finns/inte/chromium")  # fast: no pictures
    assert main(["export", "--year", "2026", "--out", str(tmp_path), "--intern"]) == 0
    assert (tmp_path / "uppfoljning_2026_intern.zip").is_file()
    assert (tmp_path / "uppfoljning_2026_intern.docx").is_file()
    out = capsys.readouterr().out
    assert "Intern version (exakta tal), 15 diagram (utan bilder)." in out
    assert "Observera: Bilder kan inte skapas på servern" in out
