"""The accessibility building blocks without a browser (issue 17): Streamlit's words that
`pipelines/app/a11y.py` puts in Swedish still exist in the installed Streamlit (an upgrade that
renames one fails here, not silently on screen), the accessible HTML table, a chart's text
alternative and its dark-theme copy."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit

from pipelines.app import a11y
from pipelines.present.charts import base, palette
from pipelines.present.html_table import html_table, is_figure

STREAMLIT_JS = "\n".join(
    path.read_text(encoding="utf-8", errors="replace")
    for path in (Path(streamlit.__file__).parent / "static" / "static" / "js").glob("*.js")
)

#: Labels the app's own code or the browser gives, not Streamlit's bundle.
NOT_IN_BUNDLE = {"Upload"}  # the uploader button's word comes from Streamlit's Python side


def test_every_english_word_is_still_streamlits():
    missing = [
        english
        for english in a11y.SWEDISH
        if english not in NOT_IN_BUNDLE and english not in STREAMLIT_JS
    ]
    assert missing == []


def test_the_script_carries_every_word_and_sets_the_language():
    script = a11y.script()
    assert 'document.documentElement.lang = "sv"' in script
    assert '"Skip to main content": "Hoppa till sidans innehåll"' in script
    assert '"Running...": "Arbetar …"' in script
    assert '"Stop": "Avbryt"' in script


def test_html_table_has_caption_headers_and_right_aligned_figures():
    frame = pd.DataFrame(
        {
            "Månad": ["jan", "feb"],
            "Anställda": ["1\u00a0234", "5"],
            "Andel": ["2,4\u00a0%", "–"],
            "Not": ["<b>", ""],
        }
    )
    html = html_table(frame, caption="Anställda 2026")
    assert "<caption>Anställda 2026</caption>" in html
    assert '<th scope="col">Månad</th><th scope="col" class="num">Anställda</th>' in html
    assert '<th scope="row">jan</th><td class="num">1\u00a0234</td>' in html
    assert '<td class="num">–</td><td class="short"></td>' in html
    assert '<td class="short">&lt;b&gt;</td>' in html  # text, never markup
    assert 'role="region" aria-label="Anställda 2026"' in html


def test_is_figure():
    assert all(is_figure(t) for t in ["12 345", "2,4 %", "−3", "+10", "–", "19 800 000 kr"])
    assert not any(is_figure(t) for t in ["VOF", "✓ I fas", "jan 2026", "2026-01"])


def _figure() -> go.Figure:
    fig = go.Figure(
        [
            base.line_trace([1, 2], [3, 4], name="Utfall", color=palette.UTFALL),
            base.line_trace([1, 2], [5, 6], name="Mål", color=palette.MAL, dash="dash"),
        ]
    )
    return base.apply_style(
        fig, title="Anställningar 2026", subtitle="Hela kommunen", source="Källa"
    )


def test_alt_text_names_the_chart_and_its_series():
    assert base.alt_text(_figure()) == (
        "Diagram: Anställningar 2026. Hela kommunen. Visar Utfall, Mål."
    )
    assert base.alt_text(go.Figure()) == "Diagram: Diagram."


def test_dark_copy_is_readable_and_leaves_the_original():
    fig = _figure()
    dark = base.dark(fig)
    assert dark.layout.paper_bgcolor == dark.layout.plot_bgcolor == "rgba(0,0,0,0)"
    assert dark.layout.font.color == base.DARK_TEXT
    assert dark.data[1].line.color == base.DARK_TEXT  # the black target line made light
    assert dark.data[0].line.color == palette.UTFALL
    assert dark.layout.annotations[0].font.color == base.DARK_MUTED  # the grey source line
    assert fig.data[1].line.color == palette.MAL and fig.layout.paper_bgcolor is None


def test_for_screen_writes_title_and_source_as_text_and_wraps_long_labels():
    fig = go.Figure(
        go.Bar(x=[0.74, 0.57], y=["Arbetsmarknads- och socialförvaltningen", "KK"], orientation="h")
    )
    base.apply_style(fig, title="Andel av måltalet 2026", subtitle="Status", source="Källa: X.")
    screen = base.for_screen(fig)
    assert (screen.title, screen.subtitle, screen.notes) == (
        "Andel av måltalet 2026",
        "Status",
        ["Källa: X."],
    )
    assert screen.figure.layout.title.text is None and not screen.figure.layout.annotations
    assert list(screen.figure.layout.yaxis.ticktext) == [
        "Arbetsmarknads-<br>och<br>socialförvaltningen",
        "KK",
    ]
    assert fig.layout.title.text.startswith("<b>Andel")  # the export's figure is untouched
    heat = go.Figure(go.Heatmap(z=[[1, 2]], x=["jan", "feb"], y=["KK"], texttemplate="%{z}"))
    assert base.for_screen(heat).figure.data[0].showscale is False
    # Month labels on one line (a phone turns them on their side), two in the export.
    months = go.Figure(go.Scatter(x=[0, 1], y=[1, 2]))
    months.update_xaxes(tickvals=[0, 1], ticktext=["dec<br>2025", "jan<br>2026"])
    assert list(base.for_screen(months).figure.layout.xaxis.ticktext) == ["dec 2025", "jan 2026"]
    assert list(months.layout.xaxis.ticktext) == ["dec<br>2025", "jan<br>2026"]
    # A source line wrapped for the export reads as one text on screen, with its spaces.
    wrapped = go.Figure(go.Bar(x=[1], y=[1]))
    base.apply_style(wrapped, title="T", source="Källa: A. Uttag 2026-12-01.<br>X: dolt.")
    assert base.for_screen(wrapped).notes == ["Källa: A. Uttag 2026-12-01. X: dolt."]
