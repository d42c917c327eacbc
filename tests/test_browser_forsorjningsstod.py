"""Försörjningsstöd and Månadsrapport in Chromium: the key figures as a user sees them, and the
report downloaded as Excel and PDF from the page.

Figures by hand (tests/fixtures/README.md): august 2026 hushåll 1 980 (2 080 a year earlier),
utbetalt 19,8 mnkr, 42 hires from försörjningsstöd in 2026, 112 hires of a target of 200.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import ARTIFACTS, wait_for_app

pytestmark = pytest.mark.browser

NBSP = "\u00a0"


def open_page(page, url: str, heading: str) -> str:
    page.goto(url)
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    wait_for_app(page, timeout=60_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert page.locator("[data-testid='stAlertContentWarning']").count() == 0
    # The one notice the fixture may show: no Socialstyrelsen statistics stored to compare with.
    for notice in page.locator("[data-testid='stAlert']").all_inner_texts():
        assert notice.startswith("Ingen statistik från Socialstyrelsen är inläst ännu"), notice
    return page.locator("[data-testid='stMain']").inner_text().replace(NBSP, " ")


def test_forsorjningsstod_page(app_url, page):
    text = open_page(page, f"{app_url}/forsorjningsstod", "Augusti 2026")
    for expected in ["Försörjningsstöd", "1 980", "−100 (−4,8 %)", "19,8 mnkr", "40,4 %",
                     "Preliminär", "42", "480", "1,7 mnkr", "1 680 000 kr"]:  # fmt: skip
        assert expected in text, expected
    assert page.locator(".js-plotly-plot").count() == 2
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "forsorjningsstod.png"), full_page=True)


def test_manadsrapport_page_and_downloads(app_url, page, tmp_path):
    text = open_page(page, f"{app_url}/manadsrapport", "Nyckeltalsrapport augusti 2026")
    for expected in ["I augusti 2026 anställdes 16 personer", "112", "200", "175", "✗ Efter",
                     "Per förvaltning", "1 980", "19,8 mnkr", "Kommentar"]:  # fmt: skip
        assert expected in text, expected
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "manadsrapport.png"), full_page=True)

    # The exact (internal) version: the committee's version hides counts 1–4 (issue 25).
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Intern Excel").click()
    download = info.value
    assert download.suggested_filename == "nyckeltalsrapport_2026-08_intern.xlsx"
    xlsx = tmp_path / download.suggested_filename
    download.save_as(xlsx)
    book = load_workbook(xlsx)
    assert [book["Målet"][f"B{r}"].value for r in (2, 3, 4)] == [16, 112, 200]
    assert book["Försörjningsstöd"]["C2"].value == 1980

    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Intern PDF").click()
    download = info.value
    assert download.suggested_filename == "nyckeltalsrapport_2026-08_intern.pdf"
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert len(reader.pages) == 4  # the internal mark's running header takes its room
    pages = [p.extract_text().replace(NBSP, " ") for p in reader.pages]
    assert all("Internt – innehåller små tal" in text for text in pages)
    pdf_text = "\n".join(pages)
    assert "I augusti 2026 fick 1 980 hushåll" in pdf_text
    assert "Diagrammen kunde inte ritas" not in pdf_text
    assert page.locator("[data-testid='stException']").count() == 0
