"""No personal number anywhere after trying every route in (issue 13): files with one in a
cell, a header, a sheet name or the file name (every separator and digit form), the upload
preview, a report comment and its author, the reference data. Then the warehouse (every text
column of every table, the ingest log included), the pages (AppTest) and the exports (the
follow-up package and the monthly report) are walked for anything that looks like one."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from helpers import run_page
from pipelines import cli
from schemas import guard
from schemas.findings import RejectedFile

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
PNR = "850101-1234"


def _texts_of_warehouse(db: Path) -> list[tuple[str, str, str]]:
    """(table, column, value) of every text value in every table of the warehouse."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = con.execute(
            "select table_name, column_name from information_schema.columns "
            "where data_type in ('VARCHAR', 'JSON') and table_schema = 'main' "
            "and table_name in (select table_name from duckdb_tables())"
        ).fetchall()
        found = []
        for table, column in columns:
            for (value,) in con.execute(f'select distinct "{column}" from "{table}"').fetchall():
                if value is not None:
                    found.append((table, column, str(value)))
        return found
    finally:
        con.close()


def _personal(texts) -> list:
    return [t for t in texts if guard.looks_like_personnummer(t[-1]) or "850101" in t[-1]]


def _try_every_route(db: Path, tmp_path: Path, capsys) -> None:
    # Files: a cell in every form, a header, a sheet name; and the file's own name.
    for path in sorted(BAD.glob("pnr_*")):
        assert cli.main(["ingest", str(path)]) == 1
    named = tmp_path / f"anstallningar {PNR}.csv"
    shutil.copy(BAD.parent / "warehouse" / "mal_2026.csv", named)
    assert cli.main(["ingest", str(named)]) == 1
    # The upload page's preview (what it shows before anything is stored).
    from pipelines.ingest.preview import preview_upload

    for path in sorted(BAD.glob("pnr_*")):
        preview = preview_upload(path.read_bytes(), f"{PNR} {path.name}")
        shown = [preview.file_name, *preview.summary, preview.errors.to_string()]
        assert not _personal([(text,) for text in shown])
    # A report comment and its author.
    from pipelines.ingest.comments import save_comment

    for text, author in ((f"Ring {PNR}", "Anna"), ("Bra månad", f"Anna {PNR}")):
        with pytest.raises(ValueError, match="personnummer eller samordningsnummer"):
            save_comment(date(2026, 8, 1), text, author, db=db)
    save_comment(date(2026, 8, 1), "Bra månad.", "Anna Analytiker", db=db)
    # Reference data: a förvaltning's name holding a personal number is refused whole.
    reference = tmp_path / "reference"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data" / "reference", reference)
    lines = (reference / "forvaltningar.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(";", f" {PNR};", 2).replace(f" {PNR};", ";", 1)
    (reference / "forvaltningar.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from schemas.reference_lists import load_reference

    with pytest.raises(RejectedFile) as caught:
        load_reference(reference)
    assert "personnummer" in str(caught.value) and PNR not in str(caught.value)
    capsys.readouterr()


@pytest.mark.slow
def test_no_personal_number_anywhere_after_every_route(fixture_db, tmp_path, capsys):
    _try_every_route(fixture_db, tmp_path, capsys)

    # The warehouse: every text value of every table, the ingest log's names and messages.
    texts = _texts_of_warehouse(fixture_db)
    assert any(table == "ingest_log" for table, _, _ in texts)
    assert _personal(texts) == []
    names = [v for t, c, v in texts if t == "ingest_log" and c == "file_name"]
    assert "anstallningar [personnummer borttaget].csv" in names

    # The pages, as a user sees them.
    for page in ("datakvalitet.py", "importera.py", "manadsrapport.py", "oversikt.py"):
        at = run_page(page)
        shown = [e.value for e in at.markdown] + [e.value for e in at.caption]
        shown += [str(e.value) for e in at.error] + [str(e.value) for e in at.warning]
        shown += [e.value.to_string() for e in at.dataframe] + [str(e.value) for e in at.table]
        shown += [e.value for e in at.html]  # the accessible tables
        assert _personal([(page, str(text)) for text in shown]) == []

    # The exports: the follow-up package and the monthly report, every text inside.
    out = tmp_path / "export"
    out.mkdir()
    assert cli.main(["export", "--year", "2026", "--out", str(out), "--utan-word"]) == 0
    assert cli.main(["report", "--month", "2026-08", "--out", str(out)]) == 0
    capsys.readouterr()
    found = []
    for path in out.rglob("*"):
        if path.suffix in (".zip", ".xlsx", ".docx"):
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
                for member in archive.namelist():
                    data = archive.read(member)
                    if member.endswith((".xlsx", ".docx")):  # a workbook inside the package
                        with zipfile.ZipFile(io.BytesIO(data)) as inner:
                            data = b"".join(inner.read(m) for m in inner.namelist())
                    found.append((path.name, member, data.decode("utf-8", "ignore")))
        elif path.is_file():
            found.append((path.name, "", path.read_bytes().decode("utf-8", "ignore")))
    assert found
    assert [(f, m) for f, m, text in found if "850101" in text] == []
