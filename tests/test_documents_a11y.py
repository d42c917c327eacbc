"""Published documents are accessible (issue 17): the monthly report's PDF is tagged (language,
title shown by the reader, a structure tree with headings, paragraphs, tables as tables and the
charts as figures with their text alternatives, in reading order); the follow-up's Word document
is in Swedish and every picture has a description."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from pipelines.outputs.followup.collect import collect_followup
from pipelines.outputs.followup.docx import document_bytes
from pipelines.outputs.report.files import build_report, pdf_bytes
from pipelines.outputs.report.pdf import CHART_ALT

AUG = date(2026, 8, 1)


def structure(node, out: list) -> list:
    """The structure tree's elements in reading order: (type, alt text or None)."""
    node = node.get_object()
    kids = node.get("/K")
    if node.get("/S") is not None:
        out.append((str(node["/S"]), node.get("/Alt")))
    if isinstance(kids, list):
        for kid in kids:
            if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
                structure(kid, out)
    elif kids is not None and hasattr(kids, "get_object") and hasattr(kids.get_object(), "get"):
        structure(kids, out)
    return out


@pytest.mark.render  # pdf_bytes draws the charts with Kaleido
def test_monthly_report_pdf_is_tagged(fixture_db):
    reader = PdfReader(io.BytesIO(pdf_bytes(build_report(AUG))))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert reader.metadata.title == "Nyckeltalsrapport augusti 2026"
    elements = structure(root["/StructTreeRoot"], [])
    kinds = [kind for kind, _ in elements]
    assert kinds[:3] == ["/Document", "/H1", "/P"]  # the title, then the introduction
    assert kinds.count("/H2") >= 5 and kinds.count("/P") >= 5
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert figures == [
        CHART_ALT["hushall"],
        CHART_ALT["forvaltningar"],
        CHART_ALT["fran_forsorjningsstod"],
    ]


def _children(node) -> list:
    kids = node.get_object().get("/K")
    kids = kids if isinstance(kids, list) else [kids]
    return [k.get_object() for k in kids if hasattr(k, "get_object") and "/S" in k.get_object()]


def test_monthly_report_pdf_tables_are_tagged_as_tables(fixture_db):
    """Every table of the report is `/Table` → `/TR` → `/TH` (the heading row, scope column;
    each row's first cell, scope row) and `/TD`; each cell's marked content is found through
    the parent tree on its own page (MCIDs 0, 1, 2 … per page), so a reader can read it."""
    reader = PdfReader(io.BytesIO(pdf_bytes(build_report(AUG), charts=False)))
    root = reader.trailer["/Root"]
    document = _children(root["/StructTreeRoot"])[0]
    tables = [e for e in _children(document) if e["/S"] == "/Table"]
    # The goal, försörjningsstöd, förvaltningar, hires and endings (no charts), procurement.
    assert len(tables) >= 4
    goal_rows = _children(tables[0])
    assert {str(r["/S"]) for r in goal_rows} == {"/TR"}
    heading = _children(goal_rows[0])
    assert [str(c["/S"]) for c in heading] == ["/TH", "/TH"]
    assert [str(c["/A"]["/Scope"]) for c in heading] == ["/Column", "/Column"]
    first = _children(goal_rows[1])
    assert [str(c["/S"]) for c in first] == ["/TH", "/TD"]
    assert str(first[0]["/A"]["/Scope"]) == "/Row"
    for table in tables:  # as many cells in every row as headings in the first
        widths = {len(_children(row)) for row in _children(table)}
        assert len(widths) == 1, widths

    numbers = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parents = {numbers[i]: numbers[i + 1] for i in range(0, len(numbers), 2)}
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        mcids = [int(m) for m in re.findall(r"<</MCID (\d+)>> BDC", content)]
        assert mcids == list(range(len(mcids)))
        elements = parents[page["/StructParents"]]
        assert len(elements) == len(mcids)
        for mcid, element in enumerate(elements):
            element = element.get_object()
            assert element["/K"] in (mcid, [mcid])
            assert element.raw_get("/Pg").idnum == page.indirect_reference.idnum
        assert content.count(" BDC") + content.count(" BMC") == content.count("EMC")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_followup_word_document_is_swedish_with_alt_text(fixture_db):
    followup = collect_followup(2026, publication=True)
    images = {(chart.key, "png"): _png() for chart in followup.charts}
    doc = Document(io.BytesIO(document_bytes(followup, images)))
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert defaults.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "sv-SE"
    assert doc.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "sv-SE"
    assert doc.core_properties.language == "sv-SE"
    assert doc.core_properties.title == followup.title
    descriptions = [shape._inline.docPr.get("descr") for shape in doc.inline_shapes]
    assert len(descriptions) == len(followup.charts) == 15
    first = followup.charts[0]
    assert descriptions[0].startswith(f"Diagram: {first.title}")
    assert all(d.endswith("Siffrorna står i tabellen under diagrammet.") for d in descriptions)
    header = doc.tables[0].rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None


def test_excel_files_have_a_title_and_print_on_a4_one_page_wide(fixture_db):
    from openpyxl import load_workbook

    from pipelines.outputs.report.files import excel_bytes

    book = load_workbook(io.BytesIO(excel_bytes(build_report(AUG))))
    assert book.properties.title and book.properties.language == "sv-SE"
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert (setup.fitToWidth, setup.fitToHeight, setup.paperSize) == (1, 0, 9)
        wide = sheet.max_column > 6
        assert setup.orientation == ("landscape" if wide else "portrait"), sheet.title
