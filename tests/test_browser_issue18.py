"""Issue 18 in Debian's Chromium: a click on a name in the förvaltning table opens the förvaltning;
approving the monthly report stores its PDF, and a later correction leaves the approved PDF
exactly as it was (the page shows the difference and offers a new version). Screenshots under
tests/artifacts/ (git-ignored).

Figures by hand (tests/fixtures/README.md): BSF is first by status (Efter, then by name); 112 hires
through August 2026; a correction that makes VOF's August 10 instead of 6 gives 116.
"""

from __future__ import annotations

import hashlib
import shutil
import time

import duckdb
import pytest

from conftest import ARTIFACTS, running_app, wait_for_app
from helpers import HIRES_HEADER, csv_bytes

pytestmark = pytest.mark.browser

ERRORS = "[data-testid='stException']"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def open_page(page, url: str, ready_text: str) -> None:
    page.goto(url)
    wait_for_app(page, 120_000)
    page.get_by_text(ready_text, exact=False).first.wait_for(timeout=120_000)
    wait_for_app(page, 120_000)


def test_a_click_on_a_name_opens_the_forvaltning(app_url, page):
    page.goto(app_url)  # the root first: it registers the app's navigation in the server
    wait_for_app(page, 120_000)
    open_page(page, f"{app_url}/forvaltningar?ar=2026", "Alla förvaltningar 2026")
    # The first row is Barn- och skolförvaltningen (Efter first, by name); its name is a link.
    first = page.locator("table.a11y-table tbody th a").first
    assert first.inner_text() == "Barn- och skolförvaltningen (BSF)"
    first.click()
    page.get_by_role("heading", name="Barn- och skolförvaltningen 2026").wait_for(timeout=120_000)
    wait_for_app(page, 120_000)
    assert "forvaltning=BSF" in page.url
    # The select box shows the chosen förvaltning too.
    chosen = page.get_by_role("combobox", name="Förvaltning")
    assert chosen.input_value() == "Barn- och skolförvaltningen (BSF)"
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "issue18_forvaltning_name_click.png")


def _stored_pdf(db, version: int) -> bytes:
    for _ in range(100):  # the app may hold the file for a moment
        try:
            con = duckdb.connect(str(db), read_only=True)
        except duckdb.Error:
            time.sleep(0.2)
            continue
        try:
            row = con.execute(
                "select pdf from rapport_faststalld where manad = '2026-08-01' and version = ?",
                [version],
            ).fetchone()
            return bytes(row[0])
        finally:
            con.close()
    raise AssertionError("the warehouse stayed locked")


def test_approve_then_a_correction_leaves_the_approved_pdf_unchanged(
    tmp_path, reference_dir, fixture_db_master, browser
):
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(fixture_db_master, db)
    with running_app(tmp_path, db, reference_dir) as url:
        context = browser.new_context(
            viewport={"width": 1400, "height": 2400}, locale="sv-SE", accept_downloads=True
        )
        page = context.new_page()
        page.goto(url)
        wait_for_app(page, 120_000)
        open_page(page, f"{url}/manadsrapport?manad=2026-08", "Fastställ rapporten")
        page.get_by_label("Fastställs av (ditt namn)").fill("Anna Analytiker")
        page.get_by_role("button", name="Fastställ rapporten").click()
        page.get_by_text("av Anna Analytiker (version 1)").first.wait_for(timeout=180_000)
        wait_for_app(page, 120_000)
        approved = _stored_pdf(db, 1)
        assert approved.startswith(b"%PDF")

        # A correction arrives after the approval: VOF's August 6 → 10.
        from pipelines.config import pointing_at
        from pipelines.ingest.store import ingest_bytes

        with pointing_at(db, reference_dir, "2026-09-15"):
            result = ingest_bytes(
                csv_bytes([HIRES_HEADER, "2026-08;VOF;lonestod;10;kvinna;utrikesfodd_ung;ja"]),
                "anstallningar_VOF_2026-08_rattelse.csv",
                source="test",
            )
        assert result.outcome == "lagrad"

        open_page(page, f"{url}/manadsrapport?manad=2026-08", "Siffrorna har ändrats")
        text = page.inner_text("[data-testid='stMain']").replace("\u00a0", " ")
        assert "Anställda hittills i år: 112 → 116 (+4)" in text
        assert page.get_by_role("button", name="Fastställ en ny version").count() == 1
        with page.expect_download() as download:
            page.get_by_role("button", name="Fastställd PDF (version 1)").click()
        path = download.value.path()
        downloaded = open(path, "rb").read()
        # Exactly the approved bytes, though the figures have changed since.
        assert hashlib.sha256(downloaded).digest() == hashlib.sha256(approved).digest()
        assert _stored_pdf(db, 1) == approved
        assert page.locator(ERRORS).count() == 0
        screenshot(page, "issue18_manadsrapport_after_correction.png")
        context.close()


def test_a_near_miss_in_an_upload_gets_a_suggestion(app_url, page, tmp_path):
    # Only a check: a file with errors is never stored, so the shared app stays as it was.
    file = tmp_path / "nara.csv"
    file.write_bytes(csv_bytes([HIRES_HEADER, "2026-03;Vård och omsorg;Lönebidrag;2;;;"]))
    page.goto(app_url)
    wait_for_app(page, 120_000)
    open_page(page, f"{app_url}/importera", "Importera filer")
    page.set_input_files("[data-testid='stFileUploaderDropzoneInput']", str(file))
    page.get_by_text("Fel i filen").first.wait_for(timeout=120_000)
    wait_for_app(page, 120_000)
    text = page.inner_text("[data-testid='stMain']").replace("\u00a0", " ")
    # In full, not cut off in a grid, with the list's own words suggested.
    assert "Menade du ”Vård- och omsorgsförvaltningen” (VOF)?" in text
    assert "Menade du ”Lönebidrag/lönestöd” (lonestod)?" in text
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "issue18_import_suggestions.png")
