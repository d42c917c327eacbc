"""Issue 26: a file that is not what its name says gets a message saying what it is: an
OpenDocument spreadsheet, a Word document, a zip archive renamed .xlsx, a Strict Open XML
workbook. Through the CLI: the Swedish message, exit code 1, the warehouse unchanged."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from helpers import snapshot
from pipelines import cli


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _strict() -> bytes:
    """A workbook as Excel saves it in Strict Open XML: the namespaces of ISO 29500 Strict."""
    wb = Workbook()
    wb.active.append(["Månad", "Förvaltning", "Anställningsform", "Antal"])
    buffer = io.BytesIO()
    wb.save(buffer)
    out = {}
    with zipfile.ZipFile(buffer) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            out[name] = data.replace(
                b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                b"http://purl.oclc.org/ooxml/spreadsheetml/main",
            )
    return _zip(out)


FILES = {
    "ods": (
        _zip(
            {
                "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                "content.xml": b"<office:document-content/>",
            }
        ),
        "Filen har filändelsen .xlsx men är ett OpenDocument-kalkylark (.ods",
    ),
    "docx": (
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        "Filen har filändelsen .xlsx men är ett Word-dokument (.docx).",
    ),
    "zip": (
        _zip({"anstallningar.csv": b"Manad;Antal\n"}),
        "Filen har filändelsen .xlsx men är ett vanligt zip-arkiv, ingen Excel-arbetsbok.",
    ),
    "strict": (_strict(), "Arbetsboken är sparad i formatet Strikt Open XML"),
}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_a_renamed_file_is_named_for_what_it_is(kind, fixture_db, capsys, tmp_path) -> None:
    content, message = FILES[kind]
    path = tmp_path / "anstallningar.xlsx"
    path.write_bytes(content)
    before = snapshot(fixture_db)
    status = cli.main(["ingest", str(path)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert status == 1
    assert message in out, out
    assert "Dela upp filen" not in out and "inga datarader" not in out
    assert snapshot(fixture_db) == before
    if kind == "strict":
        assert "spara den som vanlig Excel-arbetsbok (.xlsx)" in out
