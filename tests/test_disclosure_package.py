"""The public follow-up package as an outsider sees it: for the fixture warehouse's years, every
hidden count's smallest and largest value consistent with everything the package shows (the
attacker's integer programs), checked to pin nothing and narrow no count of 1–4; the published
numbers equal the exact ones; charts mark what they hide; a package that cannot be protected is
refused in Swedish with nothing written; and the demo data's gender breakdown keeps both
Kvinna and Man."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from conftest import TODAY
from helpers import run_page
from pipelines import warehouse
from pipelines.cli import main
from pipelines.domain import disclosure
from pipelines.domain.disclosure_audit import SMALL_MAX, SMALL_MIN
from pipelines.outputs.followup import coarse, published
from pipelines.outputs.followup.collect import _read, collect_followup
from pipelines.present.charts.export_style import HIDDEN_NAME

YEARS = (2024, 2025, 2026)


@pytest.fixture(scope="module")
def module_db(tmp_path_factory, reference_dir, fixture_db_master):
    path = tmp_path_factory.mktemp("rojande") / "warehouse.duckdb"
    shutil.copy(fixture_db_master, path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ARBETSMAL_DB", str(path))
        mp.setenv("ARBETSMAL_REFERENCE", str(reference_dir))
        mp.setenv("ARBETSMAL_TODAY", TODAY)
        yield path


@pytest.fixture(scope="module")
def packages(module_db):
    """{year: (public follow-up, internal follow-up, ledger of the exact figures)}."""
    out = {}
    for year in YEARS:
        with warehouse.read() as con:
            data = _read(con, year)
        public = collect_followup(year, publication=True)
        if public.chart("04_forvaltning_och_manad").table.name == "Förvaltning och kvartal":
            data = {**data, "heatmap": coarse.quarters(data["heatmap"])}  # issue 25: by quarter
        ledger = published.package_ledger(data, year)
        out[year] = (public, collect_followup(year, publication=False), ledger)
    return out


def coarse_months(column: str) -> list[str]:
    """The month columns of the internal table that a quarter column ("Kv 3") sums."""
    from pipelines.formatting import MONTHS_SHORT

    return [MONTHS_SHORT[m - 1] for m in coarse.months_of(int(column.split()[-1]))]


def tables_of(followup) -> list:
    tables = [followup.key_figures, *(c.table for c in followup.charts), *followup.tables]
    return [t for t in tables if t is not None]


@pytest.mark.parametrize("year", YEARS)
def test_the_attacker_recovers_nothing_and_narrows_no_small_count(packages, year):
    public, _, ledger = packages[year]
    protection = disclosure.protect(ledger)
    findings, summary = published.audit_shown(ledger, protection, tables_of(public))
    assert findings == []
    ranges = summary["ranges"]
    cells = list(published.shown_cells(tables_of(public)))
    marked = {k for k, v in cells if disclosure.is_mark(v)}
    numbers = {k for k, v in cells if not disclosure.is_mark(v)}
    assert not marked & numbers  # hidden in one place is hidden everywhere
    exact = [k for k in marked if ranges[k][0] == ranges[k][1]]
    narrowed = [
        k
        for k, v in ledger.values.items()
        if SMALL_MIN <= v <= SMALL_MAX and not (ranges[k][0] <= 1 and ranges[k][1] >= 4)
    ]
    assert exact == [] and narrowed == []
    # No count of 1–4 is shown as a number anywhere.
    assert not [k for k in numbers if SMALL_MIN <= ledger.values[k] <= SMALL_MAX]
    assert public.audit is not None and public.audit["dolda"] == len(marked)


@pytest.mark.parametrize("year", YEARS)
def test_published_numbers_are_the_exact_ones_or_marked(packages, year):
    public, internal, ledger = packages[year]
    assert [c.key for c in public.charts] == [c.key for c in internal.charts]
    for mine, exact in zip(public.charts, internal.charts, strict=True):
        keys = mine.table.keys
        if keys is None:  # an amount in kronor, not a count
            assert mine.key.endswith("utbetalt"), mine.key
            continue
        for column in keys.columns:
            for index, key in keys[column].items():
                if key is None:
                    continue
                shown = mine.table.frame.at[index, column]
                if column not in exact.table.frame:  # a quarter (issue 25): the exact is its sum
                    assert mine.table.name == "Förvaltning och kvartal", (mine.key, column)
                    months = [m for m in coarse_months(column) if m in exact.table.frame]
                    true = exact.table.frame.loc[index, months].sum()
                else:
                    true = exact.table.frame.at[index, column]
                assert ledger.values[key] == float(true), (mine.key, column, index)
                assert disclosure.is_mark(shown) or float(shown) == float(true), (
                    mine.key,
                    column,
                    index,
                )


def test_2026_hides_the_small_förvaltningar_in_every_table_and_chart(packages):
    public, _, _ = packages[2026]
    heat = public.chart("04_forvaltning_och_manad").table.frame.set_index("Förvaltning")
    assert heat.loc["Kommunkontoret"].tolist() == ["X"] * 6 + [0, "X", 14]
    assert heat.loc["Totalt"].tolist() == [16] * 6 + [0, 16, 112]
    progress = public.chart("01_mal_manad_for_manad").table.frame
    assert progress["Anställda"].tolist()[:8] == [16] * 6 + [0, 16]


def test_a_chart_with_a_hidden_value_carries_the_mark(packages):
    public, _, _ = packages[2025]
    masked = [c for c in public.charts if c.table.masked]
    assert masked
    for chart in masked:
        if chart.key.endswith("forvaltning_och_manad"):
            assert "X" in [t for row in chart.figure.data[0].text for t in row]
            continue
        names = [t.name for t in chart.figure.data]
        assert HIDDEN_NAME in names, chart.key
        marks = [t for t in chart.figure.data if t.name == HIDDEN_NAME and t.text]
        assert marks and all(set(t.text) == {"<b>X</b>"} for t in marks)
        legend = [
            t
            for t in chart.figure.data
            if t.name == HIDDEN_NAME and not t.text and t.showlegend is not False
        ]
        assert len(legend) == (0 if chart.figure.layout.showlegend is False else 1)
        assert "X: värdet visas inte (röjandekontroll)." in chart.source


def test_a_hidden_bar_is_marked_where_the_bar_would_be():
    from pipelines.domain.disclosure import Ledger, protect
    from pipelines.outputs.followup import goal_charts

    ledger = Ledger()
    ledger.add(("ar", 2026, "c", 3), 40, required=True)
    for kod, n in (("lonestod", 20), ("osa", 3), ("ordinarie", 17)):
        ledger.add(("mix", "anstallningsform", kod), n)
    ledger.total(
        ("ar", 2026, "c", 3),
        [("mix", "anstallningsform", k) for k in ("lonestod", "osa", "ordinarie")],
    )
    b = goal_charts.Builder(2026, True, pd.Timestamp(TODAY).date(), protect(ledger))
    data = pd.DataFrame(
        {
            "kod": ["lonestod", "ordinarie", "osa"],
            "label": ["Lönebidrag/lönestöd", "Ordinarie anställning", "Offentligt skyddat arbete"],
            "hires": [20, 17, 3],
            "share": [0.5, 0.425, 0.075],
        }
    )
    chart = goal_charts.mix(b, "anstallningsform", data, 3)
    assert chart.table.frame["Anställda"].tolist() == [20, "X", "X", 40]
    mark = next(t for t in chart.figure.data if t.name == HIDDEN_NAME and t.text)
    assert sorted(mark.y) == ["Offentligt skyddat arbete", "Ordinarie anställning"]
    assert list(mark.x) == [0, 0] and list(mark.text) == ["<b>X</b>"] * 2


def test_a_package_that_cannot_be_protected_is_refused_and_nothing_is_written(
    empty_db, tmp_path, monkeypatch, capsys
):
    from pipelines.ingest.store import ingest_file

    monkeypatch.setenv("BROWSER_PATH", "/finns/inte/chromium")
    hires = tmp_path / "anstallningar_2026.csv"
    hires.write_text(
        "Månad;Förvaltning;Anställningsform;Antal;Kön;Målgrupp;Från försörjningsstöd\n"
        "2026-01;KK;lonestod;2;kvinna;utrikesfodd_vuxen;ja\n"
        "2026-02;BSF;nystartsjobb;1;man;uvas;nej\n",
        encoding="utf-8",
    )
    assert ingest_file(hires, source="test").outcome == "lagrad"
    out = tmp_path / "ut"
    assert main(["export", "--year", "2026", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "Publiceringsversionen kan inte skyddas: Årets antal anställningar (2026) är 1–4"
    )
    assert "Inget publikt paket skrevs." in err
    assert not out.exists() or not any(out.iterdir())
    # The internal version is still there for staff.
    assert main(["export", "--year", "2026", "--out", str(out), "--intern"]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "uppfoljning_2026_intern.docx",
        "uppfoljning_2026_intern.zip",
    ]


def test_the_demo_gender_chart_shows_both_kvinna_and_man(demo_db):
    public = collect_followup(2026, publication=True)
    kon = public.chart("07_kon")
    rows = kon.table.frame.set_index("Kön")["Anställda"]
    assert not disclosure.is_mark(rows["Kvinna"]) and not disclosure.is_mark(rows["Man"])
    assert rows["Uppgift saknas"] == "X"
    # Man 74 and Kvinna 59 are shown rounded to 5, and the note says so.
    assert (rows["Man"], rows["Kvinna"]) == (75, 60)
    assert "avrundade till närmaste 5" in kon.subtitle
    assert kon.table.note == "Antalen är avrundade till närmaste 5 (röjandekontroll)."
    bars = kon.figure.data[0]
    assert {"Kvinna", "Man"} <= set(bars.y)
    assert public.audit is not None


def test_the_workbook_keeps_numbers_as_shown_and_readable_sheet_names(packages):
    from io import BytesIO

    from openpyxl import load_workbook

    from pipelines.outputs.followup.package import workbook

    public, _, _ = packages[2026]
    book = load_workbook(BytesIO(workbook(public)))
    assert all(len(name) <= 31 for name in book.sheetnames)
    assert "11 Långvarigt bistånd" in book.sheetnames
    assert "Försörjningsstöd, nyckeltal" in book.sheetnames
    rows = list(book["01 Målet månad för månad"].iter_rows(values_only=True))
    january = next(r for r in rows if r[0] == "Januari")
    assert january[3] == 16.7  # 200 / 12, shown with one decimal, stored as shown
    months = [r[1] for r in rows if r[0] in ("Januari", "Juli", "Augusti", "December")]
    assert months == [16, 0, 16, None]


def test_a_leak_in_any_table_stops_the_public_package(module_db, monkeypatch):
    # A table that forgot to hide one förvaltning's month: the audit of what the package shows
    # catches it, and the package is not made.
    from pipelines.outputs.followup import goal_charts

    show = goal_charts.Builder.show

    def leaky(self, key, value):
        return value if key == ("forv", "KK", 3) else show(self, key, value)

    monkeypatch.setattr(goal_charts.Builder, "show", leaky)
    with pytest.raises(disclosure.CannotProtect) as caught:
        collect_followup(2026, publication=True)
    message = caught.value.message
    assert message.startswith("Publiceringsversionen stoppades av röjandekontrollen")
    assert "Inget publikt paket skrevs." in message
    assert "Kommunkontoret, mars 2026" in message


def test_the_export_page_says_why_a_package_cannot_be_published(empty_db, tmp_path):
    from pipelines.ingest.store import ingest_file

    hires = tmp_path / "anstallningar_2026.csv"
    hires.write_text(
        "Månad;Förvaltning;Anställningsform;Antal;Kön;Målgrupp;Från försörjningsstöd\n"
        "2026-01;KK;lonestod;3;kvinna;utrikesfodd_vuxen;ja\n",
        encoding="utf-8",
    )
    assert ingest_file(hires, source="test").outcome == "lagrad"
    at = run_page("export.py")
    errors = [e.value for e in at.error]
    assert len(errors) == 1
    assert errors[0].startswith(
        "Publiceringsversionen kan inte skyddas: Årets antal anställningar (2026) är 1–4"
    )
    assert not at.get("download_button")
    assert not any("Paketet innehåller" in m.value for m in at.markdown)
