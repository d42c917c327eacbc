"""Issue 26: a personal number anywhere a person can write in a workbook refuses it. A workbook
is generated here with text in every such place (a defined name, a data-validation list and
message, a hyperlink and its target, a comment, a chart title, a custom number format, a header,
document properties, a custom XML part), marked `PLATS`; every part of the package that holds
the mark (the parts are enumerated, not listed) gets a personal number instead, and each such
workbook is refused without echoing it. The file name's separators are tried through the CLI."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from helpers import query, snapshot
from pipelines import cli
from pipelines.ingest.read import parts
from pipelines.ingest.read.workbook import open_workbook
from schemas import guard
from schemas.findings import RejectedFile

MARK = "PLATS"
PNR = "491203-4521"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def marked_workbook() -> bytes:
    """A small hires workbook with `PLATS` in every place a person writes text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Anställningar"
    ws.append(["Månad", "Förvaltning", "Anställningsform", "Antal"])
    ws.append(["2026-03", "KK", "lonestod", 2])
    ws.append(["2026-03", "BSF", "lonestod", 3])
    wb.defined_names["Kontakt"] = DefinedName("Kontakt", attr_text=f'"{MARK}"')
    validation = DataValidation(type="list", formula1=f'"{MARK},Nej"', prompt=MARK)
    validation.add("E2")
    ws.add_data_validation(validation)
    ws["F1"].hyperlink = f"https://example.se/{MARK}"
    ws["F1"].value = "Länk"
    ws["A1"].comment = Comment(f"Fråga {MARK}", "Granskare")
    ws["D2"].number_format = f'"{MARK}" 0'
    ws.oddHeader.center.text = f"Lund {MARK}"
    chart = BarChart()
    chart.title = MARK
    chart.add_data(Reference(ws, min_col=4, min_row=1, max_row=3), titles_from_data=True)
    ws.add_chart(chart, "H2")
    wb.properties.creator = MARK
    wb.properties.title = MARK
    buffer = io.BytesIO()
    wb.save(buffer)
    # A custom XML part (openpyxl writes none): copied into a new archive with the rest.
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("customXml/item1.xml", f"<uppgifter><kontakt>{MARK}</kontakt></uppgifter>")
    return out.getvalue()


def _replace_in(content: bytes, part: str, new: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                data = data.replace(MARK.encode(), new.encode(), 1)
            target.writestr(info, data)
    return out.getvalue()


def _marked_parts() -> list[str]:
    with zipfile.ZipFile(io.BytesIO(marked_workbook())) as archive:
        return [i.filename for i in archive.infolist() if MARK.encode() in archive.read(i)]


def test_the_generated_workbook_has_text_in_every_kind_of_part() -> None:
    marked = _marked_parts()
    for expected in (
        "xl/workbook.xml",  # the defined name
        "xl/worksheets/sheet1.xml",  # data validation, header
        "xl/worksheets/_rels/sheet1.xml.rels",  # the hyperlink's target
        "xl/styles.xml",  # the number format
        "xl/charts/chart1.xml",  # the chart's title
        "docProps/core.xml",  # creator and title
        "customXml/item1.xml",
    ):
        assert expected in marked
    assert any("comments" in name for name in marked)
    # Unmarked, the workbook passes the gate.
    open_workbook(marked_workbook(), "anstallningar.xlsx")


@pytest.mark.parametrize("part", _marked_parts())
@pytest.mark.parametrize(
    "planted",
    [PNR, "491203_4521", "４９１２０３－４５２１", "٤٩١٢٠٣/٤٥٢١", "491203&amp;B-&amp;B4521"],
)
def test_a_personal_number_in_any_written_part_refuses_the_workbook(part, planted) -> None:
    content = _replace_in(marked_workbook(), part, planted)
    with pytest.raises(RejectedFile) as caught:
        open_workbook(content, "anstallningar.xlsx")
    message = caught.value.findings[0].message
    assert "innehåller något som ser ut som ett personnummer" in message, message
    assert "4521" not in message and "491203" not in message


def test_the_header_is_read_as_it_prints() -> None:
    content = marked_workbook()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        marks = archive.read("xl/worksheets/sheet1.xml").count(MARK.encode())
    for _ in range(marks - 1):  # the header's mark is the sheet's last
        content = _replace_in(content, "xl/worksheets/sheet1.xml", "x")
    content = _replace_in(content, "xl/worksheets/sheet1.xml", "491203&amp;B-&amp;B4521")
    assert parts.find_personal_number(content) == "sidhuvud eller sidfot"


def test_numbers_in_neighbouring_texts_are_not_one_personal_number() -> None:
    # Two cached chart values (491203 and 4521) and an amount with decimals stay apart.
    content = _replace_in(marked_workbook(), "xl/charts/chart1.xml", "491203</a:t><a:t>4521")
    assert parts.find_personal_number(content) is None
    content = _replace_in(marked_workbook(), "customXml/item1.xml", "1 234 567,50")
    assert parts.find_personal_number(content) is None


def test_rich_text_runs_are_read_as_one_text() -> None:
    runs = '491203</a:t></a:r><a:r><a:rPr b="1"/><a:t>-4521'
    content = _replace_in(marked_workbook(), "xl/charts/chart1.xml", runs)
    assert parts.find_personal_number(content) == "diagram"


def test_every_dash_of_unicode_is_a_separator() -> None:
    import sys
    import unicodedata

    dashes = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Pd"]
    assert set(dashes) <= set(guard.SEPARATOR_CHARS)
    for dash in dashes:
        assert guard.looks_like_personnummer(f"491203{dash}4521")


@pytest.mark.parametrize(
    "name",
    [
        "anstallningar_491203_4521.csv",
        "anstallningar 491203.4521.csv",
        "anstallningar_４９１２０３＿４５２１.csv",
        "anstallningar_٤٩١٢٠٣-٤٥٢١.csv",
    ],
)
def test_a_personal_number_in_a_file_name_with_any_separator(name, fixture_db, capsys, tmp_path):
    path = tmp_path / name
    shutil.copy(FIXTURES / "warehouse" / "mal_2026.csv", path)
    before = snapshot(fixture_db)
    log_before = query(fixture_db, "select count(*) from ingest_log")[0][0]
    status = cli.main(["ingest", str(path)])
    captured = capsys.readouterr()
    out = (captured.out + captured.err).replace(str(tmp_path), "")
    assert status == 1
    assert "Filnamnet innehåller något som ser ut som ett personnummer." in out
    assert "Ingenting ändrades." in out
    assert snapshot(fixture_db) == before
    logged = query(
        fixture_db, "select file_name, messages from ingest_log where ingest_id > ?", [log_before]
    )
    audited = query(fixture_db, "select * from audit_log")
    for text in [out, *map(str, logged), *map(str, audited)]:
        assert not guard.looks_like_personnummer(text), text
        assert "4521" not in text
