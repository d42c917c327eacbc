"""The Export page in Chromium: build the package, download it and one chart as PNG."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import ARTIFACTS, wait_for_app
from pipelines.outputs.render import png_size

pytestmark = pytest.mark.browser


def download_button(page, label: str):
    return page.locator("[data-testid='stDownloadButton'] button", has_text=label)


def test_export_page_downloads_the_package_and_a_chart(app_url, page, tmp_path):
    page.goto(f"{app_url}/export")
    page.get_by_role("heading", name="Diagram ett och ett").wait_for(timeout=180_000)
    wait_for_app(page, timeout=180_000)
    text = page.inner_text("body")
    assert "Export" in text
    assert "augusti 2026" in text
    assert "Paketet innehåller 15 diagram" in text
    assert "Publiceringsversion (röjandekontrollerad)" in text

    page.get_by_role("button", name="Skapa paket och Word-dokument").click()
    zip_button = download_button(page, "Ladda ner paketet (ZIP)")
    zip_button.wait_for(state="visible", timeout=600_000)
    wait_for_app(page, timeout=600_000)
    with page.expect_download(timeout=120_000) as info:
        zip_button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "uppfoljning_2026_publicering.zip"
    names = zipfile.ZipFile(path).namelist()
    assert "README.txt" in names and "tabeller_2026.xlsx" in names
    assert sum(n.endswith(".png") for n in names) == 15
    assert sum(n.endswith(".svg") for n in names) == 15

    with page.expect_download(timeout=300_000) as info:
        download_button(page, "Ladda ner PNG").click()
    assert info.value.suggested_filename == "01_mal_manad_for_manad.png"
    png = tmp_path / "chart.png"
    info.value.save_as(png)
    assert png_size(png.read_bytes()) == (1800, 960)

    with page.expect_download(timeout=120_000) as info:
        download_button(page, "Ladda ner Word-dokumentet").click()
    assert info.value.suggested_filename == "uppfoljning_2026_publicering.docx"
    assert zipfile.is_zipfile(io.BytesIO(open(info.value.path(), "rb").read()))

    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlert']").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "export.png"), full_page=True)
