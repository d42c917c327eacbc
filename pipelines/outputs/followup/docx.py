"""The follow-up as a Word document (python-docx), ready to paste into the report of the program
för social hållbarhet: the generated summary, the goal in figures, and every chart as a picture
(PNG at scale 2) with its source line and its table, then the disclosure notes and definitions.
Without a browser to draw the charts, the document is written with the tables and says so.
"""

from __future__ import annotations

import io

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pipelines.domain.forecast import FORECAST_EXPLANATION, STATUS_EXPLANATION
from pipelines.outputs import render
from pipelines.outputs.followup.collect import FollowUp

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: The text width of an A4 page with 2,5 cm margins.
PICTURE_WIDTH = Cm(16)
GREY = RGBColor(0x55, 0x55, 0x55)
#: The document's language: Word checks spelling and a screen reader reads in Swedish.
LANGUAGE = "sv-SE"


def _swedish(doc) -> None:
    """Swedish as the language of every text (the defaults and the Normal style) and in the
    document's properties; Word's blank template says en-US."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    for rpr in (
        defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")),
        doc.styles["Normal"].element.get_or_add_rPr(),
    ):
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), LANGUAGE)
    doc.core_properties.language = LANGUAGE


def _picture(doc, png: bytes, description: str) -> None:
    """A picture with its alternative text (Word's "Alt text": `descr` of the drawing)."""
    shape = doc.add_picture(io.BytesIO(png), width=PICTURE_WIDTH)
    shape._inline.docPr.set("descr", description)


def docx_name(year: int, publication: bool) -> str:
    """`uppfoljning_2026_publicering.docx`."""
    return f"uppfoljning_{year}_{'publicering' if publication else 'intern'}.docx"


def _note(doc, text: str, *, italic: bool = True) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = italic
    run.font.size = Pt(9)
    run.font.color.rgb = GREY


def _table(doc, frame: pd.DataFrame) -> None:
    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The first row is the header row: repeated on every page and read as headers.
    header_props = table.rows[0]._tr.get_or_add_trPr()
    header_props.append(OxmlElement("w:tblHeader"))
    for cell, heading in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(heading))
        run.bold = True
        run.font.size = Pt(9)
    for values in frame.itertuples(index=False):
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.add_run("" if value is None else str(value)).font.size = Pt(9)
            if index:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()


def document_bytes(followup: FollowUp, images: dict[tuple[str, str], bytes] | None) -> bytes:
    """The Word document as bytes, from a follow-up and its PNG images (None: no pictures)."""
    doc = Document()
    _swedish(doc)
    doc.core_properties.title = followup.title
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)

    doc.add_heading(followup.title, level=0)
    lead = doc.add_paragraph()
    lead.add_run(followup.version_label).bold = True
    lead.add_run(f". Uttag {followup.uttag.isoformat()}.")
    if not followup.publication:
        _note(
            doc,
            "Exakta tal för internt bruk. Använd publiceringsversionen i rapporter som publiceras.",
            italic=False,
        )
    if images is None:
        _note(doc, render.NO_BROWSER_MESSAGE, italic=False)
    for note in followup.missing:
        _note(doc, f"Observera: {note}", italic=False)

    doc.add_heading("Sammanfattning", level=1)
    for paragraph in followup.paragraphs:
        doc.add_paragraph(paragraph)
    _note(doc, "Texten är skriven automatiskt utifrån siffrorna.")

    if followup.key_figures is not None:
        doc.add_heading("Målet i siffror", level=1)
        _table(doc, followup.key_figures.display())

    doc.add_heading("Diagram och tabeller", level=1)
    for chart in followup.charts:
        doc.add_heading(chart.title, level=2)
        if chart.subtitle:
            doc.add_paragraph(chart.subtitle)
        png = images.get((chart.key, "png")) if images else None
        if png:
            alt = ". ".join(t.rstrip(".") for t in (chart.title, chart.subtitle) if t)
            _picture(doc, png, f"Diagram: {alt}. Siffrorna står i tabellen under diagrammet.")
        _note(doc, chart.source)
        _table(doc, chart.table.display())
    if followup.tables:
        _note(
            doc,
            "Tabeller utan diagram ("
            + ", ".join(t.name for t in followup.tables)
            + ") finns i Excel-filen i uppföljningspaketet.",
        )

    doc.add_heading("Röjandekontroll", level=1)
    for note in followup.notes:
        doc.add_paragraph(note, style="List Bullet")
    doc.add_heading("Prognos och status", level=1)
    doc.add_paragraph(FORECAST_EXPLANATION.replace("**", ""))
    doc.add_paragraph(STATUS_EXPLANATION.replace("**", ""))
    doc.add_heading("Definitioner", level=1)
    for row in followup.catalogue.itertuples():
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{row.namn} ({row.enhet}): ").bold = True
        paragraph.add_run(f"{row.definition} Källa: {row.kalla}.")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
