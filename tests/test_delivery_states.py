"""Issue 24: deliveries, month states and a final year (`pipelines.domain.delivery`), at their
edges, from the warehouse (`pipelines.queries.delivery`) and in `summary --json`; and the demo's
December delivered by 4 of 11 förvaltningar, on 6 December 2026 and on 20 January 2027."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime

import pytest

from conftest import ROOT
from pipelines import config
from pipelines.domain.delivery import (
    DeliveryState,
    Forvaltning,
    MonthState,
    completeness,
    delivery_state,
    goal_wording,
    month_status,
    year_months,
)

DEC = date(2026, 12, 1)
OCT = date(2026, 10, 1)
KK = Forvaltning("KK", date(2000, 1, 1), None)
SOF = Forvaltning("SOF", date(2000, 1, 1), date(2023, 2, 28))
ASF = Forvaltning("ASF", date(2023, 3, 1), None)


# --- the rule, at its edges ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 31), DeliveryState.VANTAS),  # the month has not ended
        (date(2027, 1, 1), DeliveryState.VANTAS),  # ended today
        (date(2027, 1, 10), DeliveryState.VANTAS),  # ended 9 days ago: within 10 days' grace
        (date(2027, 1, 11), DeliveryState.SAKNAS),  # ended 10 days ago: due
        (date(2027, 3, 1), DeliveryState.SAKNAS),
    ],
)
def test_a_delivery_not_in_is_expected_until_the_grace_period_has_passed(today, expected):
    assert delivery_state(DEC, False, today, 10) is expected


def test_a_grace_period_of_0_makes_a_delivery_due_the_day_after_the_month():
    assert delivery_state(DEC, False, date(2026, 12, 31), 0) is DeliveryState.VANTAS
    assert delivery_state(DEC, False, date(2027, 1, 1), 0) is DeliveryState.SAKNAS


def test_a_stored_slice_is_delivered_whenever_it_came():
    assert delivery_state(DEC, True, date(2026, 12, 6), 10) is DeliveryState.LEVERERAD


def test_a_month_delivered_before_it_ends_stays_open_then_becomes_complete():
    delivered = {("KK", DEC), ("ASF", DEC)}
    before = month_status(DEC, [KK, ASF, SOF], delivered, date(2026, 12, 20), 10)
    assert before.state is MonthState.OPPEN and not before.complete
    after = month_status(DEC, [KK, ASF, SOF], delivered, date(2027, 1, 1), 10)
    assert after.state is MonthState.KOMPLETT and after.complete


def test_a_forvaltning_not_valid_in_the_month_is_never_missing():
    # SOF ended 2023-02-28: expected in February 2023, not in March; ASF the other way round.
    march = month_status(date(2023, 3, 1), [KK, SOF, ASF], {("KK", date(2023, 3, 1))},
                         date(2023, 6, 1), 10)  # fmt: skip
    assert [(d.kod, d.state) for d in march.deliveries] == [
        ("ASF", DeliveryState.SAKNAS),
        ("KK", DeliveryState.LEVERERAD),
    ]
    feb = month_status(date(2023, 2, 1), [KK, SOF, ASF], {("KK", date(2023, 2, 1))},
                       date(2023, 6, 1), 10)  # fmt: skip
    assert [d.kod for d in feb.missing] == ["SOF"]
    assert feb.missing[0].days_overdue == 82  # due 11 March 2023, today 1 June: 20 + 30 + 31 + 1


def test_a_month_missing_a_delivery_after_it_ended_is_preliminary():
    status = month_status(DEC, [KK, ASF], {("KK", DEC)}, date(2027, 1, 5), 10)
    assert status.state is MonthState.PRELIMINAR and not status.complete
    assert status.missing == []  # ASF is still expected, not missing


def test_approval_and_a_correction_after_it():
    approved = datetime(2026, 11, 10, 9, 0)
    delivered = {("KK", OCT), ("ASF", OCT)}
    kwargs = {"approved_at": approved}
    assert (
        month_status(OCT, [KK, ASF], delivered, date(2026, 12, 1), 10, **kwargs).state
        is MonthState.FASTSTALLD
    )
    before = month_status(
        OCT, [KK, ASF], delivered, date(2026, 12, 1), 10,
        last_replaced_at=datetime(2026, 11, 9), **kwargs,
    )  # fmt: skip
    assert before.state is MonthState.FASTSTALLD  # replaced before the approval: approved as is
    after = month_status(
        OCT, [KK, ASF], delivered, date(2026, 12, 1), 10,
        last_replaced_at=datetime(2026, 11, 10, 9, 1), **kwargs,
    )  # fmt: skip
    assert after.state is MonthState.ANDRAD and after.state.label == "ändrad efter fastställande"
    assert after.complete  # still every delivery in


def test_a_year_is_final_only_when_every_month_is_complete():
    delivered = {(f.kod, m) for f in (KK, ASF) for m in [date(2026, i, 1) for i in range(1, 13)]}
    partial = delivered - {("ASF", DEC)}
    months = year_months(2026, [KK, ASF, SOF], partial, date(2027, 1, 20), 10)
    total = completeness(2026, months)
    assert (total.final, total.complete_through) == (False, date(2026, 11, 1))
    assert [(d.kod, d.month, d.days_overdue) for d in total.missing] == [("ASF", DEC, 9)]
    assert completeness(2026, months, "KK").final is True
    assert completeness(2026, months, "ASF").delivered_months == 11
    done = completeness(2026, year_months(2026, [KK, ASF], delivered, date(2027, 1, 1), 0))
    assert (done.final, done.complete_through, done.missing) == (True, DEC, ())


def test_what_may_be_said_of_the_target():
    assert goal_wording(reached=True, final=False) == "preliminart_natt"
    assert goal_wording(reached=True, final=True) == "natt"
    assert goal_wording(reached=False, final=False) == "ej_avgjort"  # never "inte nått"
    assert goal_wording(reached=False, final=True) == "inte_natt"


def test_states_are_enums_with_swedish_words():
    assert [s.label for s in MonthState] == [
        "öppen", "preliminär", "komplett", "fastställd", "ändrad efter fastställande",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        MonthState("okand")


@pytest.mark.parametrize("value", ["-1", "2.5", "tio", "１０"])
def test_a_grace_period_that_is_not_whole_days_stops_with_a_swedish_message(monkeypatch, value):
    monkeypatch.setenv("ARBETSMAL_GRACE_DAYS", value)
    with pytest.raises(config.ConfigError, match="ARBETSMAL_GRACE_DAYS måste vara ett helt antal"):
        config.grace_days()


def test_the_grace_period_is_read_from_the_environment(monkeypatch):
    assert config.grace_days() == 10
    monkeypatch.setenv("ARBETSMAL_GRACE_DAYS", " 0 ")
    assert config.grace_days() == 0


# --- from the warehouse ---------------------------------------------------------------------------


def test_the_fixture_warehouse_is_complete_through_august(fixture_db):
    from pipelines.queries.delivery import year_status
    from pipelines.queries.summary import year_summary

    status = year_status(2026)
    assert status.total.complete_through == date(2026, 8, 1)
    assert status.month(7).state is MonthState.KOMPLETT  # July: only rows with antal 0
    assert status.month(9).state is MonthState.OPPEN
    summary = year_summary(2026)
    assert (summary["complete_through"], summary["final"], summary["missing"]) == (
        "2026-08",
        False,
        [],
    )
    assert year_summary(2025)["final"] is True


# --- the demo, December from 4 of 11 förvaltningar ------------------------------------------------

FOUR = ("KK", "BSF", "VOF", "KFF")


@pytest.fixture(scope="module")
def demo_december(tmp_path_factory):
    """The demo as on 6 December 2026 (through November), then December from 4 förvaltningar:
    KK with hires, the other three with a row of antal 0 (a delivery of zeros)."""
    folder = tmp_path_factory.mktemp("demo_december")
    db = folder / "demo.duckdb"
    mp = pytest.MonkeyPatch()
    mp.setenv("ARBETSMAL_DB", str(db))
    mp.setenv("ARBETSMAL_REFERENCE", str(ROOT / "data" / "reference"))
    mp.setenv("ARBETSMAL_TODAY", "2026-12-06")
    from pipelines.demo import run_demo
    from pipelines.ingest.store import ingest_bytes

    run_demo(out_dir=folder / "files")
    lines = ["Månad;Förvaltning;Anställningsform;Antal;Kön;Målgrupp;Från försörjningsstöd"]
    lines.append("2026-12;KK;lonestod;3;kvinna;utrikesfodd_vuxen;ja")
    lines += [f"2026-12;{kod};lonestod;0;kvinna;utrikesfodd_vuxen;nej" for kod in FOUR[1:]]
    result = ingest_bytes("\n".join(lines).encode(), "december.csv", source="test")
    assert result.outcome == "lagrad", result.findings
    mp.undo()
    return db


@pytest.fixture
def december_db(demo_december, tmp_path, monkeypatch):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_december, db)
    monkeypatch.setenv("ARBETSMAL_DB", str(db))
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(ROOT / "data" / "reference"))
    return db


def _summary_json(capsys, today: str, monkeypatch) -> dict:
    from pipelines.cli import main

    monkeypatch.setenv("ARBETSMAL_TODAY", today)
    assert main(["summary", "--year", "2026", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_on_6_december_the_year_is_preliminary_and_nothing_is_missing_yet(
    december_db, capsys, monkeypatch
):
    summary = _summary_json(capsys, "2026-12-06", monkeypatch)
    assert (summary["final"], summary["complete_through"], summary["missing"]) == (
        False,
        "2026-11",
        [],
    )
    assert summary["last_month"] == "2026-12"  # the existing key is unchanged
    kff = next(f for f in summary["forvaltningar"] if f["kod"] == "KFF")
    assert (kff["final"], kff["complete_through"], kff["missing"]) == (False, "2026-11", [])


def test_on_20_january_the_seven_others_are_missing(december_db, capsys, monkeypatch):
    summary = _summary_json(capsys, "2027-01-20", monkeypatch)
    others = ["ASF", "LRV", "MF", "SBK", "SF", "TF", "UBF"]
    assert summary["missing"] == [{"kod": k, "month": "2026-12"} for k in others]
    assert (summary["final"], summary["complete_through"]) == (False, "2026-11")
    by_kod = {f["kod"]: f for f in summary["forvaltningar"]}
    assert by_kod["KFF"]["final"] is True and by_kod["KFF"]["complete_through"] == "2026-12"
    assert by_kod["TF"]["missing"] == [{"kod": "TF", "month": "2026-12"}]
    assert by_kod["TF"]["final"] is False
    from pipelines.present.summary_text import format_summary

    line = format_summary(summary).splitlines()[1]
    assert line.startswith(
        "Preliminärt: alla förvaltningar har levererat till och med november 2026. "
        "7 leveranser saknas: ASF december 2026, LRV december 2026,"
    )


def _table_04(book) -> dict[str, list]:
    rows = list(book["04 Förvaltning och månad"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Förvaltning")
    header = list(rows[start])
    return {r[0]: dict(zip(header, r, strict=False)) for r in rows[start + 1 :] if r[0]}


def test_export_intern_marks_the_missing_december_cells_never_0(december_db, tmp_path, monkeypatch):
    import io
    import zipfile

    from openpyxl import load_workbook

    from pipelines.cli import main

    monkeypatch.setenv("ARBETSMAL_TODAY", "2027-01-20")
    monkeypatch.setenv("BROWSER_PATH", "/finns/inte/chromium")  # fast: tables, no pictures
    assert (
        main(["export", "--year", "2026", "--out", str(tmp_path), "--intern", "--utan-word"]) == 0
    )
    archive = zipfile.ZipFile(tmp_path / "uppfoljning_2026_intern.zip")
    book = load_workbook(io.BytesIO(archive.read("tabeller_2026.xlsx")))
    table = _table_04(book)
    names = {
        "ASF": "Arbetsmarknads- och socialförvaltningen", "LRV": "Renhållningsverket",
        "MF": "Miljöförvaltningen", "SBK": "Stadsbyggnadskontoret",
        "SF": "Serviceförvaltningen", "TF": "Tekniska förvaltningen",
        "UBF": "Utbildningsförvaltningen",
    }  # fmt: skip
    for name in names.values():
        assert table[name]["dec"] == "..", name
        assert isinstance(table[name]["nov"], int)
    assert table["Kommunkontoret"]["dec"] == 3
    assert table["Kultur- och fritidsförvaltningen"]["dec"] == 0  # a delivery of zeros
    sheet = book["04 Förvaltning och månad"]
    notes = [r[0] for r in sheet.iter_rows(values_only=True) if isinstance(r[0], str)]
    assert any(n.startswith("7 leveranser saknas: .. = uppgift saknas") for n in notes)
    assert "Januari–december 2026 (preliminärt)" in notes  # never "Hela 2026"


def test_the_report_of_a_preliminary_december_says_so_and_names_the_missing(
    december_db, monkeypatch
):
    from pipelines.outputs.report.files import build_report
    from pipelines.present import report_text

    monkeypatch.setenv("ARBETSMAL_TODAY", "2027-01-20")
    report = build_report(DEC)
    first = report_text.notes(report)[0]
    assert first.startswith("Preliminär: alla förvaltningars leveranser för december 2026")
    assert "Saknas: Arbetsmarknads- och socialförvaltningen, Miljöförvaltningen," in first
    summary = " ".join(report_text.paragraphs(report))
    assert "Målet nåddes" not in summary and "inte nått" not in summary
    assert "än under januari–november 2025" in summary  # the same complete months
    assert report.savings.months_remaining == 1  # December counts itself, never × 0
    assert report.savings.estimate_kr > 0


def test_pages_numbers_on_6_december(december_db, monkeypatch):
    from pipelines.present.narrative import goal_summary_text
    from pipelines.queries.goal import year_overview, years_side_by_side

    monkeypatch.setenv("ARBETSMAL_TODAY", "2026-12-06")
    overview = year_overview(2026)
    assert overview.forecast.complete is False and overview.final is False
    assert overview.forecast.probability not in (0.0, None)
    assert overview.compared_months == 11  # against January–November 2025, not all of 2025
    text = goal_summary_text(overview)
    assert "nåddes" not in text and "Siffrorna är preliminära" in text
    kff = year_overview(2026, "KFF")
    assert kff.forecast.complete is False
    side = years_side_by_side("KFF").set_index("ar")
    assert side.loc[2026, "months_reported"] == 12 and side.loc[2025, "months_reported"] == 12
    whole = years_side_by_side().set_index("ar")
    assert whole.loc[2026, "months_reported"] == 11  # December: 4 of 11 förvaltningar


def test_datakvalitet_waits_the_grace_period_before_calling_a_delivery_missing(
    fixture_db, monkeypatch
):
    from pipelines.queries import quality
    from pipelines.queries.delivery import missing_deliveries

    monkeypatch.setenv("ARBETSMAL_TODAY", "2026-10-10")  # September ended 9 days ago
    assert quality.missing_deliveries(date(2026, 9, 1)).empty
    assert missing_deliveries() == []
    monkeypatch.setenv("ARBETSMAL_TODAY", "2026-10-11")
    assert len(quality.missing_deliveries(date(2026, 9, 1))) == 6  # 5 förvaltningar + fs
    assert [(d.kod, d.days_overdue) for d in missing_deliveries()] == [
        ("ASF", 0), ("BSF", 0), ("KK", 0), ("MF", 0), ("VOF", 0),
    ]  # fmt: skip


def test_the_heat_map_draws_a_missing_delivery_apart_and_the_period_is_not_hela():
    import pandas as pd

    from pipelines.outputs.followup.goal_charts import period_text
    from pipelines.present.charts.goal_forvaltning import heatmap_chart
    from pipelines.present.goal_tables import heatmap_display, heatmap_note

    heat = pd.DataFrame({"kod": ["KK", "TF"], "namn": ["Kommunkontoret", "Tekniska"]})
    heat[11] = pd.array([2, 1], dtype="Int64")
    heat[12] = pd.array([3, pd.NA], dtype="Int64")
    heat["total"] = [5, 1]
    heat.attrs["missing"] = 1
    fig = heatmap_chart(heat)
    cells, grey, marks = fig.data
    assert cells.z[1][0] == 1 and str(cells.z[1][1]) == "nan"  # never drawn as 0
    assert grey.z[1] == [None, 1.0] and grey.showscale is False  # a grey cell of its own
    assert (list(marks.x), list(marks.y), list(marks.text)) == (["dec"], ["Tekniska"], [".."])
    assert marks.name == ".. uppgift saknas" and marks.marker.symbol == "x-thin-open"
    assert heatmap_display(heat)["dec"].tolist() == ["3", ".."]
    assert heatmap_note(heat).startswith("1 leverans saknas: `..` = uppgift saknas")
    assert period_text(2026, 12, final=False) == "januari–december 2026 (preliminärt)"
    assert period_text(2026, 12) == "hela 2026"
