"""A real upload through the import page in Chromium, stored with the button, after which the
Översikt and Datakvalitet pages show the new figure.

This test writes to the app's warehouse, so it starts an app of its own on a private copy of the
fixture warehouse (the session's shared app serves other tests that assert the fixture figures).
Figures by hand (tests/fixtures/README.md): 2026 has 112 hires counting toward the goal through
August, KK 2 of them in August; the upload sets KK's August to 12, so the year has 122.
"""

from __future__ import annotations

import pytest

from conftest import ARTIFACTS, wait_for_app

pytestmark = pytest.mark.browser

UPLOAD_NAME = "rattelse_kk_augusti.csv"
UPLOAD = (
    "Månad;Förvaltning;Anställningsform;Antal;Kön;Målgrupp;Från försörjningsstöd\n"
    "2026-08;KK;lonestod;12;kvinna;utrikesfodd_vuxen;ja\n"
)


@pytest.fixture(scope="module")
def own_app_url(app_on_a_copy):
    """The app on its own copy of the fixture warehouse (this module writes to it)."""
    return app_on_a_copy("import_app")


def open_page(page, url: str, title: str, last_heading: str | None = None) -> None:
    """Open a page and wait until its script has drawn it: its title and, when given, the
    heading of its last section are there, and the script is done."""
    page.goto(url)
    for heading in (title, last_heading) if last_heading else (title,):
        page.get_by_role("heading", name=heading).first.wait_for(timeout=30_000)
    wait_for_app(page)


def assert_no_error_box(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert page.get_by_text("Page not found").count() == 0  # Streamlit's own dialog


def grid_cells(dataframe) -> list[str]:
    """The body cells of an st.dataframe, from the accessible table inside its canvas."""
    return [text.strip() for text in dataframe.locator("td").all_text_contents()]


def metric_value(page, label: str) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_upload_store_and_see_the_new_figure(own_app_url, page, tmp_path):
    # The start page first: on a fresh server, a page URL opened before app.py has run once is
    # served from pages/ directly (without app.py's navigation and wide layout).
    open_page(page, own_app_url, "Översikt")
    assert metric_value(page, "Anställda hittills") == "112"

    open_page(page, f"{own_app_url}/importera", "Importera filer")
    assert_no_error_box(page)
    assert "Största filstorlek: 20 MB per fil." in page.inner_text("body")
    file = tmp_path / UPLOAD_NAME
    file.write_bytes(UPLOAD.encode("utf-8"))
    page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(file))
    store = page.get_by_role("button", name=f"Lagra {UPLOAD_NAME}")
    store.wait_for(timeout=30_000)
    wait_for_app(page)
    body = page.inner_text("body")
    assert "Vad lagringen ändrar" in body and "Kontrollerad utan fel" in body
    assert_no_error_box(page)
    screenshot(page, "import_preview.png")
    # The grid is drawn on a canvas; its accessible table holds the same cells as text.
    assert grid_cells(page.locator("[data-testid='stDataFrame']").last) == [
        "augusti 2026",
        "KK – Kommunkontoret",
        "2",
        "12",
        "+10",
        "Ersätts",
    ]

    store.click()
    page.get_by_text("Lagrad som anställningar").wait_for(timeout=30_000)
    wait_for_app(page)
    body = page.inner_text("body")
    assert "inläsning 5" in body and "1 ersatt del" in body
    assert page.get_by_role("button", name=f"Lagra {UPLOAD_NAME}").count() == 0
    assert_no_error_box(page)
    screenshot(page, "import_stored.png")

    # Översikt is the default page, served at the root (its url path gives "Page not found").
    open_page(page, own_app_url, "Översikt")
    assert metric_value(page, "Anställda hittills") == "122"
    assert_no_error_box(page)
    screenshot(page, "import_oversikt_after.png")

    open_page(page, f"{own_app_url}/datakvalitet", "Datakvalitet", "Inläsningslogg")
    assert metric_value(page, "Rättade siffror 2026") == "1"
    assert metric_value(page, "Saknade leveranser, augusti 2026") == "0"
    assert_no_error_box(page)
    screenshot(page, "datakvalitet.png")


def test_the_file_uploader_speaks_swedish(app_url, page):
    """Streamlit writes the uploader's button and size line in English; the page's CSS shows
    Swedish in their place, for the eye and for a screen reader (the button's name)."""
    open_page(page, f"{app_url}/importera", "Importera filer")
    dropzone = page.locator("[data-testid='stFileUploaderDropzone']")
    assert dropzone.get_by_role("button", name="Välj filer", exact=True).is_visible()
    assert dropzone.get_by_role("button", name="Upload", exact=True).count() == 0
    instructions = dropzone.locator("[data-testid='stFileUploaderDropzoneInstructions'] > div")
    after = "e => getComputedStyle(e, '::after').content"
    assert instructions.evaluate(after) == '"Högst 20 MB per fil · CSV, TXT, XLSX"'
    assert not instructions.locator("span").first.is_visible()  # "20MB per file • …"
