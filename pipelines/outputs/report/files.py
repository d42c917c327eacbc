"""The monthly report as files: Excel (`report_excel`) and PDF (`report_pdf`, A4, with its charts),
from the same `MonthlyReport` as the page; and the command `python -m pipelines report`.

The PDF's charts are drawn by Plotly through Kaleido (Debian's Chromium), one browser for the
batch. When Chromium cannot draw them, the PDF is still written, with the tables and a note that
the charts are missing.
"""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import plotly.graph_objects as go

from pipelines import config, warehouse
from pipelines.formatting import fmt_month, month_key
from pipelines.outputs.report.excel import excel_bytes
from pipelines.outputs.report.pdf import write_pdf
from pipelines.present.charts.base import EXPORT_WIDTH
from pipelines.present.charts.forsorjningsstod import (
    forvaltning_chart,
    fs_trend_chart,
    hires_endings_chart,
)
from pipelines.queries.report import MonthlyReport, monthly_report, report_months

log = logging.getLogger(__name__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"


def file_stem(month: date) -> str:
    return f"nyckeltalsrapport_{month_key(month)}"


# --- charts ------------------------------------------------------------------------------------


def report_charts(report: MonthlyReport) -> list[tuple[str, go.Figure, int]]:
    """The report's charts as (name, figure, height in px), in the order of the PDF."""
    trend = fs_trend_chart(report.fs_trend, "hushall", title="Biståndshushåll månad för månad")
    forvaltningar = forvaltning_chart(report.forvaltningar, report.month)
    hires = hires_endings_chart(report.savings.monthly, report.month.year)
    return [
        ("hushall", trend, 430),
        ("forvaltningar", forvaltningar, int(forvaltningar.layout.height or 420)),
        ("fran_forsorjningsstod", hires, 400),
    ]


_kaleido_lock = threading.Lock()


@contextmanager
def _chart_server() -> Iterator[None]:
    """One Kaleido (Chromium) for a batch of images; left running if someone else started it."""
    import kaleido

    with _kaleido_lock:
        started = False
        if not kaleido._global_server.is_running():  # noqa: SLF001 (no public query exists)
            kaleido.start_sync_server(silence_warnings=True)
            started = True
        try:
            yield
        finally:
            if started:
                kaleido.stop_sync_server(silence_warnings=True)


def chart_images(charts: list[tuple[str, go.Figure, int]]) -> dict[str, bytes] | None:
    """PNG images of the charts (scale 2, print quality), or None when Chromium cannot draw."""
    import kaleido

    try:
        images = {}
        with _chart_server():
            for name, fig, height in charts:
                images[name] = kaleido.calc_fig_sync(
                    fig.to_dict(),
                    opts={"format": "png", "width": EXPORT_WIDTH, "height": height, "scale": 2},
                )
        return images
    except Exception as exc:  # noqa: BLE001 (any failure of the browser only loses the charts)
        log.warning("charts could not be drawn for the PDF: %s", exc)
        return None


# --- building and writing -----------------------------------------------------------------------


def build_report(month: date, db: Path | None = None) -> MonthlyReport:
    """The report for `month`, read directly (no Streamlit cache): for the command line."""
    with warehouse.read(db) as con:
        return monthly_report.direct(con, month)


def pdf_bytes(report: MonthlyReport, *, charts: bool = True) -> bytes:
    """The report as an A4 PDF; without charts when `charts` is False or Chromium fails."""
    images = chart_images(report_charts(report)) if charts else None
    return write_pdf(report, images, generated_at=datetime.now())


def write_report_files(month: date, out_dir: Path, db: Path | None = None) -> tuple[Path, Path]:
    """Write `nyckeltalsrapport_YYYY-MM.xlsx` and `.pdf` into `out_dir`; returns both paths."""
    report = build_report(month, db)
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx = out_dir / f"{file_stem(report.month)}.xlsx"
    pdf = out_dir / f"{file_stem(report.month)}.pdf"
    xlsx.write_bytes(excel_bytes(report))
    pdf.write_bytes(pdf_bytes(report))
    return xlsx, pdf


# --- command line -------------------------------------------------------------------------------


def _parse_month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"ogiltig månad {text!r}: skriv den som ÅÅÅÅ-MM, till exempel 2026-08"
        ) from exc


def cmd_report(args: argparse.Namespace) -> int:
    """`python -m pipelines report [--month YYYY-MM] --out DIR`."""
    month = args.month
    if month is None:
        with warehouse.read() as con:
            months = report_months.direct(con)
        if not months:
            print("Databasen har inga inlästa månader: ingen rapport skapades.")
            return 1
        month = months[0]
    if month > config.current_month():
        print(f"{fmt_month(month, capital=True)} har inte börjat: ingen rapport skapades.")
        return 2
    xlsx, pdf = write_report_files(month, Path(args.out))
    print(f"Nyckeltalsrapport för {fmt_month(month)}:")
    print(f"  {xlsx}")
    print(f"  {pdf}")
    return 0


def add_report_parser(subparsers) -> argparse.ArgumentParser:
    """Add the `report` command to the command line's subparsers."""
    p = subparsers.add_parser("report", help="skriv månadens nyckeltalsrapport som Excel och PDF")
    p.add_argument(
        "--month",
        type=_parse_month,
        metavar="ÅÅÅÅ-MM",
        help="rapportens månad (standard: den senast inrapporterade)",
    )
    p.add_argument("--out", required=True, metavar="MAPP", help="mapp att skriva filerna i")
    p.set_defaults(func=cmd_report)
    return p
