"""The monthly nyckeltalsrapport: every figure for fixture month 2026-08 (against 2026-07 and
2025-08), the generated text, a month with missing data, and the Excel and PDF files.

Expected figures by hand from tests/fixtures/README.md:
- hires 2026: 16 a month counting toward the goal (KK 2, BSF 6, VOF 6, ASF 2, MF 0), none in
  July: 112 through August; targets 200 (ASF 19, BSF 74, KK 19, MF 18, VOF 70 decided);
- the forecast's seasonal pattern from 2025 (5 a month, July 0, plus half a hire per month):
  shares 5.5/61 and 0.5/61 for July; through August 39/61 observed, 22/61 remaining, so the
  expected year is 112 + 112.5 · 22/39;
- försörjningsstöd: hushåll 1 980 (aug 2026), 1 970 (jul 2026), 2 080 (aug 2025); utbetalt
  = hushåll × 10 000 kr; barnhushåll 800, långvarigt 900, avslutade 200 (60 arbete, 20 studier).
"""

from __future__ import annotations

import io
import math
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from pipelines import warehouse
from pipelines.cli import main
from pipelines.ingest.comments import save_comment
from pipelines.ingest.store import ingest_bytes
from pipelines.outputs.report.files import (
    build_report,
    excel_bytes,
    pdf_bytes,
    write_report_files,
)
from pipelines.outputs.report.pdf import CHARTS_MISSING
from pipelines.present import report_text
from pipelines.queries.forecast import goal_forecast

AUG = date(2026, 8, 1)
NBSP = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), plain("\n".join(page.extract_text() for page in reader.pages))


def ingest(lines: list[str], name: str) -> None:
    result = ingest_bytes(("\n".join(lines) + "\n").encode(), name, source="test")
    assert result.outcome == "lagrad", [f.format() for f in result.findings]


# --- the report's figures ------------------------------------------------------------------------


def test_goal_status_after_august(fixture_db):
    goal = build_report(AUG).goal
    assert (goal.year, goal.month, goal.last_month) == (2026, 8, 8)
    assert goal.hires_month == 16
    assert goal.hires_ytd == 112
    assert goal.target == 200
    assert goal.expected == pytest.approx(112 + 112.5 * 22 / 39)
    assert goal.needed_per_month == pytest.approx((200 - 112) / 4)
    assert goal.probability < 0.30 and goal.status == "efter"
    with warehouse.read() as con:  # the last month's report is the forecast module's own
        fc = goal_forecast(con, 2026)
    assert (goal.low, goal.high, goal.probability) == (fc.low, fc.high, fc.probability)


def test_goal_status_as_it_stood_after_may(fixture_db):
    goal = build_report(date(2026, 5, 1)).goal
    assert goal.hires_month == 16 and goal.hires_ytd == 80 and goal.last_month == 5
    # January–May observed 5 · 5.5 = 27.5 of 61; June–December 5.5 + 0.5 + 5 · 5.5 = 33.5.
    assert goal.expected == pytest.approx(80 + 80.5 * 33.5 / 27.5)
    assert goal.needed_per_month == pytest.approx(120 / 7)


def test_table_per_forvaltning(fixture_db):
    table = build_report(AUG).forvaltningar.set_index("kod")
    # By status (Efter first), then by name (issue 18): never by the hidden code.
    expected = {  # kod: hires in august, so far this year, target, kind
        "BSF": (6, 42, 74, "beraknat"),
        "MF": (0, 0, 18, "beraknat"),
        "VOF": (6, 42, 70, "beslutat"),
        "ASF": (2, 14, 19, "beraknat"),
        "KK": (2, 14, 19, "beraknat"),
        "": (16, 112, 200, "beslutat"),
    }
    assert list(table.index) == list(expected)
    for kod, (month, ytd, target, kind) in expected.items():
        row = table.loc[kod]
        assert (row["hires_month"], row["hires_ytd"], row["target"], row["target_kind"]) == (
            month,
            ytd,
            target,
            kind,
        ), kod
        assert row["share"] == pytest.approx(ytd / target), kod
    assert table.loc["", "namn"] == "Hela kommunen"
    assert table.loc["", "status"] == "efter"
    with warehouse.read() as con:
        for kod in ("ASF", "BSF", "KK", "MF", "VOF"):
            assert table.loc[kod, "status"] == goal_forecast(con, 2026, kod).status, kod


def test_key_figures_against_july_and_last_august(fixture_db):
    report = build_report(AUG)
    rows = report.fs_figures.set_index("nyckeltal")
    assert report.fs_status == "preliminar"
    assert rows.loc["hushall", ["varde", "foregaende_manad", "foregaende_ar"]].tolist() == [
        1980,
        1970,
        2080,
    ]
    assert rows.loc["hushall", "forandring_manad"] == 10
    assert rows.loc["hushall", "forandring_ar_pct"] == pytest.approx(-100 / 2080)
    assert rows.loc["utbetalt", ["varde", "foregaende_manad", "foregaende_ar"]].tolist() == [
        19_800_000,
        19_700_000,
        20_800_000,
    ]
    assert rows.loc["andel_avslut_arbete", "varde"] == pytest.approx(0.3)
    assert report_text.notes(report) == ()
    assert report.savings.estimate_kr == pytest.approx(42 * 10_000 * 4)


def test_generated_text(fixture_db):
    report = build_report(AUG)
    goal_text, fs_text = report_text.paragraphs(report)
    assert "1" + NBSP + "980" in fs_text and "4,8" + NBSP + "%" in fs_text
    assert plain(fs_text) == (
        "I augusti 2026 fick 1 980 hushåll försörjningsstöd, 100 färre än i augusti 2025 "
        "(−4,8 %) och 10 fler än i juli 2026 (+0,5 %). "
        "Av hushållen hade 800 (40,4 %) barn och 900 (45,5 %) långvarigt bistånd. "
        "Utbetalt försörjningsstöd var 19,8 mnkr (10 000 kr per hushåll), 1,0 mnkr mindre än "
        "i augusti 2025 (−4,8 %). "
        "200 hushåll avslutades, varav 60 till arbete (30,0 %) och 20 till studier. "
        "Siffrorna för augusti 2026 är preliminära: avslutsorsaker kan rapporteras upp till "
        "fyra månader sent."
    )
    goal_text = plain(goal_text)
    assert goal_text.startswith(
        "I augusti 2026 anställdes 16 personer som står långt från arbetsmarknaden."
    )
    assert "112" in goal_text and "200" in goal_text and "175" in goal_text
    assert goal_text.endswith(
        "Hittills under 2026 har 42 personer anställts från försörjningsstöd; under samma tid "
        "avslutades 480 hushåll till arbete. Uppskattat försörjningsstöd som inte längre "
        "behöver betalas ut resten av året: 1,7 mnkr."
    )


# --- a month with missing data -------------------------------------------------------------------


@pytest.fixture
def gappy_db(empty_db):
    """Hires: january from every förvaltning, february from KK only, march from none.
    Försörjningsstöd: january and march (february missing), no earlier year."""
    ingest(["Månad;Förvaltning;Anställningsform;Antal;Från försörjningsstöd",
            "2026-01;KK;lonestod;2;ja", "2026-01;BSF;nystartsjobb;3;nej",
            "2026-01;VOF;lonestod;0;", "2026-01;ASF;lonestod;0;", "2026-01;MF;lonestod;0;",
            "2026-02;KK;lonestod;2;ja"], "anstallningar.csv")  # fmt: skip
    ingest(["Månad;Hushåll;Utbetalt", "2026-01;100;1000000", "2026-03;120;1200000"], "fs.csv")
    return empty_db


def test_a_missing_month_says_so(gappy_db):
    report = build_report(date(2026, 2, 1))
    assert report.fs_status == "saknas"
    assert all(math.isnan(v) for v in report.fs_figures["varde"])
    assert [plain(n) for n in report_text.notes(report)] == [  # issue 24: "Preliminär" first
        "Preliminär: alla förvaltningars leveranser för februari 2026 är inte inne. Saknas: "
        "Arbetsmarknads- och socialförvaltningen, Barn- och skolförvaltningen, "
        "Miljöförvaltningen, Vård- och omsorgsförvaltningen.",
        "Försörjningsstöd för februari 2026 är inte inrapporterat.",
    ]
    assert (
        report_text.paragraphs(report)[1]
        == "Försörjningsstöd för februari 2026 är inte inrapporterat."
    )
    assert report.goal.hires_month == 2 and report.goal.hires_ytd == 7
    table = report.forvaltningar.set_index("kod")
    assert table.loc["KK", "hires_month"] == 2
    assert table["hires_month"].isna().to_dict() == {
        "ASF": True,
        "BSF": True,
        "KK": False,
        "MF": True,
        "VOF": True,
        "": False,
    }

    pages, text = pdf_text(pdf_bytes(report, charts=False))
    assert pages == 3
    assert "Observera: Försörjningsstöd för februari 2026 är inte inrapporterat." in text
    book = load_workbook(io.BytesIO(excel_bytes(report)))
    summary = [c.value for c in book["Sammanfattning"]["A"] if c.value]
    assert "Observera: Försörjningsstöd för februari 2026 är inte inrapporterat." in summary
    assert book["Försörjningsstöd"]["C2"].value is None  # missing, not 0


def test_comparisons_with_missing_months_say_so(gappy_db):
    report = build_report(date(2026, 3, 1))
    assert plain(report_text.notes(report)[0]).startswith("Preliminär: alla förvaltningars")
    assert plain(report_text.notes(report)[1]) == (  # issue 24: after the "Preliminär" note
        "Anställningar för mars 2026 är inte inrapporterade: målets siffror gäller till och "
        "med februari 2026."
    )
    assert report.goal.hires_month is None and report.goal.hires_ytd == 7
    assert plain(report_text.paragraphs(report)[1]).startswith(
        "I mars 2026 fick 120 hushåll försörjningsstöd, jämförelse med mars 2025 saknas och "
        "jämförelse med februari 2026 saknas."
    )


# --- files ---------------------------------------------------------------------------------------


def test_excel_file(fixture_db):
    book = load_workbook(io.BytesIO(excel_bytes(build_report(AUG))))
    assert book.sheetnames == [
        "Sammanfattning",
        "Målet",
        "Försörjningsstöd",
        "Förvaltningar",
        "Från försörjningsstöd",
        "Kommentarer",
    ]
    assert book["Sammanfattning"]["A1"].value == "Nyckeltalsrapport augusti 2026"

    goal = book["Målet"]
    assert goal["A1"].value == "Mått" and goal["B1"].value == "Värde"
    assert [goal[f"B{r}"].value for r in range(2, 5)] == [16, 112, 200]
    assert goal["B2"].number_format == "#,##0"
    assert goal["B5"].value == pytest.approx(0.56) and goal["B5"].number_format == "0 %"
    assert goal["B6"].value == 175
    assert [goal[f"A{r}"].value for r in (7, 8, 9)] == [
        "Troligt intervall, lägst",
        "Troligt intervall, högst",
        "Sannolikhet att nå målet",
    ]
    assert goal["B9"].value < 0.30 and goal["B9"].number_format == "0 %"
    assert goal["B10"].value == 22
    assert goal["B11"].value == "✗ Efter"

    fs = book["Försörjningsstöd"]
    assert fs["C1"].value == "Augusti 2026"
    assert fs["A2"].value == "Biståndshushåll"
    assert [fs[f"{c}2"].value for c in "CDEGH"] == [1980, 1970, 10, 2080, -100]
    assert fs["C2"].number_format == "#,##0"
    assert fs["I2"].value == pytest.approx(-100 / 2080)
    assert fs["J2"].value == pytest.approx(23980 / 12)
    utbetalt = next(
        r for r in fs.iter_rows(min_row=2) if r[0].value == "Utbetalt ekonomiskt bistånd"
    )
    assert utbetalt[2].value == 19_800_000 and utbetalt[2].number_format == '#,##0 "kr"'
    share = next(r for r in fs.iter_rows(min_row=2) if r[0].value == "Andel barnhushåll")
    assert share[2].value == pytest.approx(800 / 1980) and share[2].number_format == "0.0 %"
    assert share[7].value == 1.9  # 40,4 % − 38,5 %, as shown (the exact 1,94 too)

    f = book["Förvaltningar"]
    rows = [[c.value for c in row] for row in f.iter_rows(min_row=2)]
    assert [r[0] for r in rows][-1] == "Hela kommunen"
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == [
        ("BSF", 6, 42, 74),
        ("MF", 0, 0, 18),
        ("VOF", 6, 42, 70),
        ("ASF", 2, 14, 19),
        ("KK", 2, 14, 19),
        (None, 16, 112, 200),
    ]
    assert rows[2][5] == "beslutat" and rows[0][5] == "beräknat"
    assert rows[5][6] == pytest.approx(0.56)

    s = book["Från försörjningsstöd"]
    assert [s[f"B{r}"].value for r in range(2, 10)] == [6, 6, 6, 6, 6, 6, 0, 6]
    estimate = next(r for r in s.iter_rows() if r[0].value and "Uppskattat" in r[0].value)
    assert estimate[1].value == 1_680_000
    assert book["Kommentarer"].max_row == 1


@pytest.mark.render  # pdf_bytes draws the charts with Kaleido
def test_pdf_file_with_charts(fixture_db):
    pages, text = pdf_text(pdf_bytes(build_report(AUG)))
    assert pages == 3
    for expected in [
        "Nyckeltalsrapport augusti 2026",
        "I augusti 2026 fick 1 980 hushåll",
        "2 080",
        "19 800 000 kr",
        "−1 000 000 kr",
        "1 998",
        "+1,9 %-enheter",
        "Vård- och omsorgsförvaltningen",
        "✗ Efter",
        "✓ I fas",
        "1,7 mnkr",
        "sida 3 av 3",
    ]:
        assert expected in text, expected
    assert CHARTS_MISSING not in text


def test_pdf_charts_keep_their_proportions():
    """A chart is placed in its own width-to-height ratio (the förvaltning chart was squashed to
    a fixed height), and one taller than a page is made smaller, not cut or stretched."""
    from datetime import datetime

    from PIL import Image

    from pipelines.outputs.report.pdf import ReportPdf

    def png(width: int, height: int) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
        return buffer.getvalue()

    pdf = ReportPdf("Prov", datetime(2026, 9, 15))
    placed = []
    draw = pdf.image

    def record(image, *args, **kwargs):
        placed.append((kwargs["w"], kwargs["h"]))
        return draw(image, *args, **kwargs)

    pdf.image = record
    pdf.add_page()
    pdf.chart(png(1800, 1560), 420, "Ett högt diagram")  # 12 förvaltningar: 780 px at scale 2
    pdf.chart(png(1000, 4000), 420, "Ett diagram högre än sidan")
    (w1, h1), (w2, h2) = placed
    assert w1 == pytest.approx(pdf.epw) and h1 / w1 == pytest.approx(1560 / 1800)
    assert h2 / w2 == pytest.approx(4.0) and h2 <= pdf.page_break_trigger - pdf.t_margin
    assert len(PdfReader(io.BytesIO(bytes(pdf.output()))).pages) == 2


def test_pdf_without_charts_says_so(fixture_db):
    pages, text = pdf_text(pdf_bytes(build_report(AUG), charts=False))
    assert pages == 3
    assert plain(CHARTS_MISSING).split(" (")[0] in text


def test_comment_is_in_the_report_and_its_files(fixture_db):
    save_comment(AUG, "Första tanken.", "Anna Analytiker")
    save_comment(AUG, "Färre hushåll än i fjol, men fler långvariga.", "Anna Analytiker")
    report = build_report(AUG)
    assert report.comments.latest.text == "Färre hushåll än i fjol, men fler långvariga."
    assert len(report.comments.history) == 2
    book = load_workbook(io.BytesIO(excel_bytes(report)))
    sheet = book["Kommentarer"]
    assert [sheet[f"A{r}"].value for r in (2, 3)] == [2, 1]
    assert sheet["D3"].value == "Första tanken."
    _, text = pdf_text(pdf_bytes(report, charts=False))
    assert "Färre hushåll än i fjol, men fler långvariga." in text
    assert "Anna Analytiker" in text


def test_command_line_writes_both_files(fixture_db, tmp_path, capsys):
    # default: the last month (the exact version: the committee's is tests/test_report_protected)
    assert main(["report", "--intern", "--out", str(tmp_path / "ut")]) == 0
    xlsx = tmp_path / "ut" / "nyckeltalsrapport_2026-08_intern.xlsx"
    pdf = tmp_path / "ut" / "nyckeltalsrapport_2026-08_intern.pdf"
    assert xlsx.exists() and pdf.exists()
    assert str(pdf) in capsys.readouterr().out
    assert load_workbook(xlsx)["Målet"]["B3"].value == 112
    pages, text = pdf_text(pdf.read_bytes())
    assert pages == 4 and "1 980" in text  # the internal mark's running header takes its room
    assert text.count("Internt – innehåller små tal") == 8  # header and footer of 4 pages

    assert main(["report", "--month", "2026-10", "--out", str(tmp_path)]) == 2  # not begun
    with pytest.raises(SystemExit):
        main(["report", "--month", "augusti", "--out", str(tmp_path)])


def test_write_report_files_for_an_earlier_month(fixture_db, tmp_path):
    xlsx, pdf = write_report_files(date(2026, 5, 1), tmp_path, intern=True)
    assert xlsx.name == "nyckeltalsrapport_2026-05_intern.xlsx"
    assert load_workbook(xlsx)["Målet"]["B3"].value == 80
    assert "I maj 2026 fick 1 950 hushåll" in pdf_text(pdf.read_bytes())[1]
