"""The Export page with AppTest on the fixture warehouse: year, version, the data's months, the
package built (without a browser, so quickly) and the charts listed for single downloads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from helpers import metric_values

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "export.py")


def test_page_shows_the_year_the_version_and_every_chart(fixture_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    values = metric_values(at)
    assert values["Anställningar till och med"] == "augusti 2026"
    assert values["Försörjningsstöd till och med"] == "augusti 2026"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", values["Senaste inlästa fil"])
    assert at.selectbox(key="qp_ar").value == 2026
    captions = [c.value for c in at.caption]
    assert "Publiceringsversion (röjandekontrollerad)." in captions
    assert "X: värdet visas inte (röjandekontroll)." in captions
    assert any("Paketet innehåller 15 diagram" in m.value for m in at.markdown)
    charts = at.selectbox[1]
    assert charts.label == "Diagram" and len(charts.options) == 15
    assert charts.options[0] == "Anställningar 2026 mot målet 200"
    assert [b.label for b in at.get("download_button")] == [
        "Ladda ner PNG",
        "Ladda ner SVG",
        "Ladda ner PDF",
    ]
    summary = " ".join(m.value for m in at.markdown)
    assert "Till och med augusti 2026 har 112 personer anställts" in summary


def test_internal_version_is_labelled(fixture_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    at.radio[0].set_value("intern").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "Intern version (exakta tal)." in captions
    assert not any("1–4" in c for c in captions if c.startswith("Värden"))


@pytest.mark.render  # the package tries Kaleido (and finds no Chromium)
def test_without_a_browser_the_page_says_so_and_still_builds_the_files(fixture_db, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/finns/inte/chromium")
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception
    texts = " ".join(m.value for m in at.markdown)
    assert "**Diagrammen kan inte sparas som bilder här.**" in texts
    assert "kameraikonen" in texts
    at.button[0].click().run()
    assert not at.exception
    texts = " ".join(m.value for m in at.markdown)
    assert "**Filerna skapades utan diagram.**" in texts
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == ["Ladda ner paketet (ZIP)", "Ladda ner Word-dokumentet"]


def test_empty_warehouse(empty_db):
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert any("Inga uppgifter är inlästa ännu" in m.value for m in at.markdown)
