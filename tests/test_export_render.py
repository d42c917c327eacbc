"""Charts drawn on the server by Kaleido: one browser for the module, PNG at scale 2 or more,
SVG with the title and Swedish numbers, PDF, and a Swedish message without a browser."""

from __future__ import annotations

import re
from datetime import date

import plotly.graph_objects as go
import pytest

from pipelines.outputs.render import (
    NO_BROWSER_MESSAGE,
    ChartRenderer,
    RenderUnavailable,
    browser_available,
    png_size,
)
from pipelines.present.charts.export_style import source_line, style_for_export

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def renderer():
    with ChartRenderer() as shared:
        yield shared


@pytest.fixture(scope="module")
def figure() -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=["jan", "feb", "mar"],
            y=[1234, 2000, 2.5],
            name="Hushåll",
            text=["1234", "2000", "2.5"],
            texttemplate="%{y:,.1f}",
        )
    )
    fig.add_trace(go.Scatter(x=["jan", "feb", "mar"], y=[1000, 1500, 1800], name="I fjol"))
    source = source_line("Källa: testdata", date(2026, 9, 15), publication=True, masked=True)
    return style_for_export(
        fig, title="Biståndshushåll 2026", subtitle="Januari–mars 2026", source=source
    )


def test_export_style(figure):
    assert figure.layout.width == 900 and figure.layout.height == 500
    assert figure.layout.separators == ",\u00a0"
    assert figure.layout.xaxis.separatethousands and figure.layout.yaxis.separatethousands
    # Two series told apart without colour: the line has a dash, the bar is the only bar.
    assert figure.data[1].line.dash == "solid"
    texts = [a.text for a in figure.layout.annotations]
    assert any(t.startswith("Källa: testdata. Uttag 2026-09-15.") for t in texts)
    assert any("X: värdet visas inte (röjandekontroll)." in t for t in texts)


def test_source_line_marks_the_internal_version():
    line = source_line("Källa: x", date(2026, 9, 15), publication=False)
    assert line == "Källa: x. Uttag 2026-09-15. Intern version (exakta tal), inte för publicering."


def test_png_has_the_size_of_the_figure_times_the_scale(renderer, figure):
    png = renderer.render(figure, "png", width=900, height=500, scale=2)
    assert png_size(png) == (1800, 1000)
    # A scale below 2 is raised to 2 (print quality).
    assert png_size(renderer.render(figure, "png", width=300, height=200, scale=1)) == (600, 400)


def test_svg_holds_the_title_and_swedish_numbers(renderer, figure):
    svg = renderer.render(figure, "svg", width=900, height=500).decode("utf-8")
    assert svg.startswith("<svg")
    assert "Biståndshushåll 2026" in svg
    assert "Januari–mars 2026" in svg
    texts = [
        t.replace("&nbsp;", NBSP).replace("&#160;", NBSP)
        for t in re.findall(r">([^<>]+)</text>", svg)
    ]
    assert f"1{NBSP}234,0" in texts  # the bar's label: thousands space, decimal comma
    assert "2,5" in texts
    assert f"1{NBSP}500" in texts or f"1{NBSP}000" in texts  # an axis tick with four digits
    assert renderer.renders >= 1


def test_pdf(renderer, figure):
    pdf = renderer.render(figure, "pdf", width=900, height=500)
    assert pdf.startswith(b"%PDF")


def test_without_a_browser_the_message_is_swedish(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/finns/inte/chromium")
    assert not browser_available()
    with pytest.raises(RenderUnavailable) as caught:
        ChartRenderer().start()
    assert str(caught.value) == NO_BROWSER_MESSAGE
    assert "Chromium" in NO_BROWSER_MESSAGE and "kameraikonen" in NO_BROWSER_MESSAGE
