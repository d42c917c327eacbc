"""The monthly report as files: Excel (`report_excel`) and PDF (`report_pdf`, A4, with its charts),
from the same `MonthlyReport` as the page (the command `python -m pipelines report` writes them).

The PDF's charts are drawn by the one renderer (`pipelines.outputs.render`), one browser for the
batch. When Chromium cannot draw them, the PDF is still written, with the tables and a note that
the charts are missing.

`write_report_files` writes the committee's version by default (`protected`, `public`: every
hidden count an X, recorded in the release ledger as kind `rapport`); with `intern=True` the
exact version, marked "Internt – innehåller små tal, lämnas inte ut" on every page and sheet and
not recorded as a release.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime
from pathlib import Path

import plotly.graph_objects as go

from pipelines.formatting import month_key
from pipelines.outputs import render
from pipelines.outputs.report import public_write as public
from pipelines.outputs.report.excel import excel_bytes
from pipelines.outputs.report.pdf import write_pdf
from pipelines.outputs.report.protected import ProtectedReport, protect_report, record_report
from pipelines.present.charts.base import EXPORT_WIDTH
from pipelines.present.charts.forsorjningsstod import (
    forvaltning_chart,
    fs_trend_chart,
    hires_endings_chart,
)
from pipelines.queries.base import snapshot
from pipelines.queries.release import earlier_releases
from pipelines.queries.report import MonthlyReport, monthly_report

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


def chart_images(charts: list[tuple[str, go.Figure, int]]) -> dict[str, bytes] | None:
    """PNG images of the charts (scale 2, print quality) from one renderer, or None when
    Chromium cannot draw them (the PDF then says the charts are missing)."""
    try:
        with render.batch() as renderer:
            return {
                name: renderer.render(fig, "png", width=EXPORT_WIDTH, height=height, scale=2)
                for name, fig, height in charts
            }
    except render.RenderUnavailable as exc:
        log.warning("charts could not be drawn for the PDF: %s", exc)
        return None


# --- building and writing -----------------------------------------------------------------------


def build_report(month: date, db: Path | None = None) -> MonthlyReport:
    """The report for `month`, read directly (no Streamlit cache): for the command line."""
    with snapshot(db) as con:
        return monthly_report.direct(con, month)


def pdf_bytes(
    report: MonthlyReport, *, charts: bool = True, stamp: str | None = None, intern: bool = False
) -> bytes:
    """The report as an A4 PDF; without charts when `charts` is False or Chromium fails.
    `stamp`: the approval line on every page (None: "Utkast – inte fastställd"); `intern`:
    the exact version, marked as internal on every page."""
    images = chart_images(report_charts(report)) if charts else None
    return write_pdf(report, images, generated_at=datetime.now(), stamp=stamp, intern=intern)


def protected_report(report: MonthlyReport, db: Path | None = None) -> ProtectedReport:
    """The committee's version of `report`, protected against every release in the release
    ledger (raises `disclosure.CannotProtect`, in Swedish, when it cannot be)."""
    with snapshot(db) as con:
        history = earlier_releases.direct(con)
    return protect_report(report, history)


def public_files(protected: ProtectedReport, stamp: str | None = None) -> tuple[bytes, bytes]:
    """The committee's version as (xlsx, pdf) bytes."""
    return public.excel_bytes(protected, stamp), public.pdf_bytes(protected, stamp)


def write_report_files(
    month: date, out_dir: Path, db: Path | None = None, *, intern: bool = False
) -> tuple[Path, Path]:
    """Write `nyckeltalsrapport_YYYY-MM.xlsx` and `.pdf` into `out_dir` (the committee's
    version, recorded in the release ledger), or with `intern` `…_intern.xlsx` and `.pdf`
    (exact, marked internal, not recorded); returns both paths. A committee's version that
    cannot be protected raises `disclosure.CannotProtect` before anything is written.

    Atomic as a pair (issue 26): both files are built in memory, written under temporary names
    in `out_dir` and flushed to disk, and only then renamed to their names, one right after the
    other; a run killed before that leaves neither (and no half-written file), and the
    temporary files of a failed run are removed."""
    report = build_report(month, db)
    stem = file_stem(report.month) + ("_intern" if intern else "")
    if intern:
        contents = excel_bytes(report, intern=True), pdf_bytes(report, intern=True)
    else:
        protected = protected_report(report, db)
        contents = public_files(protected)
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx, pdf = out_dir / f"{stem}.xlsx", out_dir / f"{stem}.pdf"
    write_pair({xlsx: contents[0], pdf: contents[1]})
    if not intern:
        record_report(protected, f"{stem} (xlsx, pdf)", db=db)
    return xlsx, pdf


def write_pair(files: dict[Path, bytes]) -> None:
    """Write every file under a temporary name in its folder, then rename them all."""
    temporary: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            partial = path.with_name(f".{path.name}.{os.getpid()}.delvis")
            temporary[path] = partial
            with open(partial, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        for path, partial in temporary.items():
            os.replace(partial, path)
    finally:
        for partial in temporary.values():
            partial.unlink(missing_ok=True)
