"""Small helpers shared by the tests: input files, warehouse queries, the command line in this
process, pages under AppTest."""

from __future__ import annotations

import io
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from io import BytesIO
from pathlib import Path

import duckdb
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent.parent / "pages"

HIRES_HEADER = "Månad;Förvaltning;Anställningsform;Antal;Kön;Målgrupp;Från försörjningsstöd"
FS_HEADER = (
    "Månad;Hushåll;Barnhushåll;Vuxna;Barn;Unga vuxna;Långvarigt;Utbetalt;Nya hushåll;"
    "Avslutade hushåll;Avslut arbete;Avslut studier;I arbetsmarknadsinsats"
)


def csv_bytes(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows: list[list], sheet: str = "Blad1") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def snapshot(db: Path) -> dict[str, list]:
    """Every data table's rows (the ingest log aside): to assert that nothing changed."""
    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            "slice_version",
            "anstallningar_version",
            "forsorjningsstod_version",
            "mal_version",
        ]
        return {t: sorted(map(str, con.execute(f"select * from {t}").fetchall())) for t in tables}
    finally:
        con.close()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def current_hires(db: Path) -> dict[tuple, int]:
    """{(YYYY-MM, forvaltning, anstallningsform, kon, malgrupp, fran_fs): antal} of current rows."""
    rows = query(
        db,
        "select strftime(manad, '%Y-%m'), forvaltning, anstallningsform, kon, malgrupp, "
        "fran_forsorjningsstod, antal from anstallningar_current",
    )
    return {tuple(r[:6]): r[6] for r in rows}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The command line (`pipelines.cli.main`) in this process, with its output and exit status
    as `python -m pipelines ARGS` would give them (argparse's exit on wrong usage included)."""
    from pipelines.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def run_page(page: str, *, timeout: int = 60, **params: str) -> AppTest:
    """`pages/<page>` run once with AppTest and the given query parameters; fails on any
    exception the page raised."""
    at = AppTest.from_file(str(PAGES / page), default_timeout=timeout)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric_values(at: AppTest) -> dict[str, str]:
    """Every `st.metric` of a page run: label → value as shown."""
    return {m.label: m.value for m in at.metric}
