"""The goal chart builders (pipelines/charts/goal.py, goal_forvaltning.py) from the fixture warehouse's marts: the
right numbers in the traces, Swedish separators, status told by word and symbol too."""

from __future__ import annotations

import pytest

from pipelines import warehouse
from pipelines.present.charts import goal as charts
from pipelines.present.charts import goal_forvaltning as forvaltning_charts
from pipelines.present.charts.base import SEPARATORS
from pipelines.queries import goal, goal_forvaltning


@pytest.fixture
def con(fixture_db):
    with warehouse.read() as connection:
        yield connection


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_progress_chart(con):
    progress = goal.monthly_progress.direct(con, 2026)
    fig = charts.progress_chart(progress, interval=(163, 188), title="T", subtitle="S", source="K")
    assert fig.layout.separators == SEPARATORS
    bars = trace(fig, "Anställda per månad")
    assert list(bars.y[:8]) == [16, 16, 16, 16, 16, 16, 0, 16]
    assert list(trace(fig, "Utfall, ackumulerat").y[:8]) == [16, 32, 48, 64, 80, 96, 96, 112]
    assert trace(fig, "Mål, rak linje").y[-1] == pytest.approx(200)
    end = trace(fig, "Prognosintervall (80 %)")
    assert end.y[0] == pytest.approx(112 + 112.5 * 22 / 39)
    assert end.y[0] + end.error_y.array[0] == pytest.approx(188)
    assert end.y[0] - end.error_y.arrayminus[0] == pytest.approx(163)
    assert fig.layout.title.text.startswith("<b>T</b>")


def test_years_chart(con):
    fig = charts.years_chart(goal.years_cumulative.direct(con, 2026), current_year=2026)
    assert [t.name for t in fig.data] == ["2025", "2026", "Mål 2026, rak linje"]
    assert trace(fig, "2025").y[-1] == 55
    assert trace(fig, "2026").text[-1] == "<b>2026</b>"  # labelled, not told by colour alone


def test_heatmap_chart(con):
    heat = goal_forvaltning.forvaltning_heatmap.direct(con, 2026)
    fig = forvaltning_charts.heatmap_chart(heat, title="H")
    assert list(fig.data[0].x) == ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug"]
    assert list(fig.data[0].y)[1] == "Barn- och skolförvaltningen"
    assert list(fig.data[0].z[1]) == [6, 6, 6, 6, 6, 6, 0, 6]
    assert fig.data[0].texttemplate == "%{z:,.0f}"  # the count in every cell


def test_share_of_target_chart_names_the_status(con):
    table = goal_forvaltning.forvaltning_table.direct(con, 2026)
    fig = forvaltning_charts.share_of_target_chart(table)
    labels = {a.y: a.text for a in fig.layout.annotations}
    assert labels["Vård- och omsorgsförvaltningen"] == "✗ Efter"
    assert labels["Kommunkontoret"] == "✓ I fas"
    bar = fig.data[0]
    assert dict(zip(bar.y, bar.text, strict=True))["Vård- och omsorgsförvaltningen"] == "60\u00a0%"


def test_mix_chart(con):
    mix = goal_forvaltning.forvaltning_mix.direct(con, 2026, "kon", "VOF")
    fig = forvaltning_charts.mix_chart(mix, title="Kön")
    assert list(fig.data[0].y) == ["Man", "Kvinna"]  # the largest on top
    assert list(fig.data[0].text) == ["14 (33\u00a0%)", "28 (67\u00a0%)"]
