"""The monthly report as an A4 PDF (fpdf2, DejaVu Sans), readable when printed in black and white:
black text, ruled tables, status as word and symbol, charts told apart by dash and pattern.

Page 1: summary, notes, the goal and the analyst's comment. Page 2: försörjningsstöd (table and
trend chart). Page 3: förvaltningar (table and chart) and hires from försörjningsstöd.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace
from fpdf.prefs import ViewerPreferences
from fpdf.structure_tree import StructElem, StructureTreeBuilder
from fpdf.table import Table

from pipelines.domain.forecast import FORECAST_EXPLANATION, STATUS_EXPLANATION
from pipelines.formatting import fmt_month
from pipelines.outputs.render import png_size
from pipelines.outputs.report import outcomes, sysselsattning
from pipelines.present import report_changes, report_text
from pipelines.present.comparison import compact_table, source_line
from pipelines.present.report_tables import (
    forvaltning_table,
    fs_month_table,
    goal_rows,
    hires_endings_table,
)
from pipelines.queries.forsorjningsstod import MISSING_NOTE, PRELIMINARY_NOTE

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
#: Text alternatives of the charts (PDF/UA, WCAG 1.1.1): what each shows; its figures are in the
#: table beside it.
CHART_ALT = {
    "hushall": "Diagram: biståndshushåll månad för månad. Månadens siffror står i tabellen ovan.",
    "forvaltningar": (
        "Diagram: anställningar hittills i år per förvaltning mot förvaltningens mål. "
        "Siffrorna står i tabellen ovan."
    ),
    "fran_forsorjningsstod": (
        "Diagram: anställda från försörjningsstöd och hushåll som avslutats till arbete, "
        "månad för månad i år."
    ),
}
CHARTS_MISSING = (
    "Diagrammen kunde inte ritas (webbläsaren Chromium saknas eller svarade inte). "
    "Tabellerna innehåller samma siffror."
)


def _plain(text: str) -> str:
    """Markdown emphasis of the shared explanations (**I fas**) as plain text."""
    return text.replace("**", "").replace(" %", "\u00a0%")


class _Cell(StructElem):
    """A structure element with attributes (`/A`: a header cell's `/Scope`)."""

    __slots__ = ("a",)

    def __init__(self, *args, attributes: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.a = attributes


class NestedStructureTree(StructureTreeBuilder):
    """fpdf2 2.8.9's structure tree is flat (every element a child of `/Document`, only images
    tagged by fpdf2 itself) and has no table structure. This one also holds elements inside
    elements (`/Table` → `/TR` → `/TH`, `/TD`): it writes every descendant, and numbers the
    marked content of a page by the page's entries in the parent tree (one per MCID), wherever
    in the tree their element sits."""

    def next_mcid_for_page(self, page_number: int) -> int:
        spid = self.spid_per_page_number.get(page_number)
        if spid is None:
            return 0
        return sum(1 for element in self.struct_tree_root.parent_tree.nums[spid] if element.k)

    def __iter__(self):
        yield self.struct_tree_root
        yield self.doc_struct_elem
        yield self.struct_tree_root.parent_tree
        stack = list(reversed(self.doc_struct_elem.k))
        while stack:
            element = stack.pop()
            yield element
            stack += reversed([kid for kid in element.k if isinstance(kid, StructElem)])


class TaggedTable(Table):
    """fpdf2's table with its structure (PDF/UA, WCAG 1.3.1): `/Table` with a `/TR` per row,
    the heading row's cells `/TH` (scope column), each row's first cell `/TH` (scope row), the
    others `/TD`. Headings repeated on a later page are artifacts (read once)."""

    def __init__(self, pdf: ReportPdf, *args, **kwargs) -> None:
        super().__init__(pdf, *args, **kwargs)
        self._pdf = pdf
        self._element: StructElem | None = None
        self._row: StructElem | None = None
        self._headings_done: set[int] = set()

    def _render_table_row(self, i, row_layout_info, cell_x_positions, **kwargs) -> None:
        repeated = i < self._num_heading_rows and i in self._headings_done
        if repeated:
            self._row = None
            self._pdf._out("/Artifact BMC")
        else:
            if self._element is None:
                self._element = self._pdf.structure_element("/Table", None)
            self._row = self._pdf.structure_element("/TR", self._element)
        super()._render_table_row(i, row_layout_info, cell_x_positions, **kwargs)
        if repeated:
            self._pdf._out("EMC")
        elif i < self._num_heading_rows:
            self._headings_done.add(i)

    def _render_table_cell(self, i, j, cell, row_height, cell_height_info=None, **kwargs):
        if cell_height_info is None or self._row is None:  # measuring, or a repeated heading
            return super()._render_table_cell(i, j, cell, row_height, cell_height_info, **kwargs)
        heading = i < self._num_heading_rows
        kind = "/TH" if heading or j == 0 else "/TD"
        scope = "/Column" if heading else "/Row" if j == 0 else None
        with self._pdf.tagged(kind, parent=self._row, scope=scope):
            return super()._render_table_cell(i, j, cell, row_height, cell_height_info, **kwargs)


class ReportPdf(FPDF):
    def __init__(
        self,
        title: str,
        generated_at: datetime,
        stamp: str = report_text.DRAFT,
        mark: str | None = None,
    ):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report_title = title
        self.generated_at = generated_at
        #: "Fastställd <date> av <name>, version N" or "Utkast – inte fastställd", on every page.
        self.stamp = stamp
        #: The internal version's mark (`report_text.INTERN_MARK`), at the top of every page.
        self.mark = mark
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(title)
        self.set_author("Arbetsmål")
        self.set_lang("sv")
        self.struct_builder = NestedStructureTree()  # tables as tables (`TaggedTable`)
        # A reader's window shows the title, not the file name (PDF/UA).
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)

    def structure_element(
        self,
        struct_type: str,
        parent: StructElem | None,
        mcid: int | None = None,
        scope: str | None = None,
    ) -> StructElem:
        """A new element of the structure tree on this page, in reading order: a child of
        `parent`, or of the document when None; with `mcid`, the content marked by it."""
        builder = self.struct_builder
        spid = builder.spid_per_page_number.setdefault(self.page, len(builder.spid_per_page_number))
        element = _Cell(
            struct_type=struct_type,
            parent=builder.doc_struct_elem if parent is None else parent,
            kids=[] if mcid is None else [mcid],
            page_number=self.page,
            attributes=f"<</O /Table /Scope {scope}>>" if scope else None,
        )
        element.pg = self.pages[self.page]  # the page object (fpdf2 sets it only at top level)
        (builder.doc_struct_elem if parent is None else parent).k.append(element)
        if mcid is not None:
            builder.struct_tree_root.parent_tree.nums[spid].append(element)
            self.pages[self.page].struct_parents = spid
        self._set_min_pdf_version("1.4")  # due to /MarkInfo
        return element

    @contextmanager
    def tagged(
        self, struct_type: str, *, parent: StructElem | None = None, scope: str | None = None
    ) -> Iterator[None]:
        """What is written inside becomes one element of the PDF's structure tree (`/H1`, `/H2`,
        `/P`, a table's `/TD`), in reading order. fpdf2 2.8.9 tags only images itself (`/Figure`
        with their alt text); this marks the content the same way. It must stay on one page."""
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self.structure_element(struct_type, parent, mcid, scope)
        self._out(f"{struct_type} <</MCID {mcid}>> BDC")
        yield
        self._out("EMC")

    def fits(self, text: str, size: float) -> bool:
        """Whether `text` at `size` fits on the rest of this page (then it can be tagged whole)."""
        height = self.multi_cell(0, size * 0.5, text, dry_run=True, output="HEIGHT")
        return self.get_y() + height <= self.page_break_trigger

    def header(self) -> None:
        if not self.mark:
            return
        self.set_font(FONT, "B", 9)
        self._out("/Artifact BMC")  # the running header is not read as content
        self.set_text_color(192, 0, 0)
        self.cell(0, 5, self.mark, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self._out("EMC")
        self.ln(1)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, "B", 8)
        self._out("/Artifact BMC")  # the running footer is not read as content
        self.cell(0, 4, self.stamp, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 8)
        self.cell(
            0,
            5,
            f"{self.report_title} · skapad {self.generated_at:%Y-%m-%d %H:%M} · "
            f"sida {self.page_no()} av {{nb}}",
            align="C",
        )
        self._out("EMC")

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(2)
        self.set_font(FONT, "B", size)
        if not self.fits(text, size):
            self.add_page()
        with self.tagged("/H1" if size > 13 else "/H2"):
            self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def paragraph(self, text: str, size: float = 10) -> None:
        self.set_font(FONT, "", size)
        if self.fits(text, size):
            with self.tagged("/P"):
                self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        else:  # across a page break: left untagged rather than a broken structure
            self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def frame_table(
        self, frame: pd.DataFrame, widths: tuple[float, ...], size: float = 8.5, right_from: int = 1
    ) -> None:
        """A ruled table, tagged as a table (`TaggedTable`); columns from `right_from` on are
        right-aligned (numbers)."""
        self.set_font(FONT, "", size)
        heading = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
        table = TaggedTable(
            self,
            col_widths=widths,
            line_height=size * 0.55,
            headings_style=heading,
            text_align="LEFT",
            padding=1,
        )
        row = table.row()
        for index, column in enumerate(frame.columns):
            row.cell(str(column), align="RIGHT" if index >= right_from else "LEFT")
        for values in frame.itertuples(index=False):
            row = table.row()
            for index, value in enumerate(values):
                row.cell(str(value), align="RIGHT" if index >= right_from else "LEFT")
        table.render()
        self.ln(3)

    def text_height(self, text: str, size: float, *, bold: bool = False) -> float:
        """The height of `text` written by `paragraph` (or `heading` when bold) at `size`."""
        self.set_font(FONT, "B" if bold else "", size)
        return self.multi_cell(0, size * 0.5, text, dry_run=True, output="HEIGHT")

    def keep_together(self, height_mm: float) -> None:
        """Start a new page unless `height_mm` fits on this one, when it fits on a new page:
        a block (a comment and its signature) is not split with a line or two left behind."""
        room = self.page_break_trigger - self.t_margin
        if self.get_y() + height_mm > self.page_break_trigger and height_mm <= room:
            self.add_page()

    def new_section(self) -> None:
        """A new page for the next section, unless this page (not the first) is still mostly
        empty: then the section follows on it (no page holding a few lines only)."""
        if self.page > 1 and self.get_y() < self.t_margin + (self.page_break_trigger / 3):
            self.ln(4)
        else:
            self.add_page()

    def keep_space(self, height_mm: float) -> None:
        """Start a new page unless `height_mm` fits on this one (keeps a heading with its chart)."""
        if self.get_y() + height_mm > self.page_break_trigger:
            self.add_page()

    def chart_height(self, height_px: int) -> float:
        return self.epw * height_px / 900

    def chart(self, image: bytes | None, height_px: int, alt: str) -> None:
        """The chart across the text width in its own proportions (never squashed), made
        smaller when it is taller than a page. `height_px` only estimates it before drawing."""
        if image is None:
            return
        width_px, real_height_px = png_size(image)
        width = self.epw
        height = width * real_height_px / width_px
        room = self.page_break_trigger - self.t_margin - 2
        if height > room:
            width, height = width * room / height, room
        self.keep_space(height)
        x = self.l_margin + (self.epw - width) / 2
        self.image(io.BytesIO(image), x=x, w=width, h=height, alt_text=alt)
        self.ln(2)


COMMENT_HEADING = "Analytikerns kommentar"


def _comment(pdf: ReportPdf, report) -> None:
    """The analyst's comment with its heading and signature, kept on one page when it fits on
    one (the signature never alone on a page)."""
    latest = report.comments.latest
    if latest:
        signature = f"{latest.author}, {latest.saved_at:%Y-%m-%d %H:%M} (version {latest.version})."
        height = (
            3 + pdf.text_height(COMMENT_HEADING, 13, bold=True) + 1
            + pdf.text_height(latest.text, 10) + 1.5
            + pdf.text_height(signature, 8) + 1.5
        )  # fmt: skip
        pdf.keep_together(height)
    pdf.heading(COMMENT_HEADING)
    if latest:
        pdf.paragraph(latest.text)
        pdf.paragraph(signature, 8)
    else:
        pdf.paragraph("Ingen kommentar är skriven för månaden.", 9)


def write_pdf(
    report,
    images: dict[str, bytes] | None,
    *,
    generated_at: datetime,
    stamp: str | None = None,
    intern: bool = False,
) -> bytes:
    """The PDF's bytes. `images`: the charts' PNGs by name, or None when they could not be drawn.
    `stamp`: the approval line of every page (`report_text.approval_stamp`); a draft without.
    `intern`: the exact version, `report_text.INTERN_MARK` at the top and foot of every page."""
    stamp = stamp or report_text.DRAFT
    mark = report_text.INTERN_MARK if intern else None
    pdf = ReportPdf(
        report_text.title(report), generated_at, f"{mark} · {stamp}" if mark else stamp, mark
    )
    pdf.add_page()
    pdf.heading(report_text.title(report), 18)
    pdf.paragraph(
        "Månadens mål för anställningar av personer som står långt från "
        "arbetsmarknaden, och försörjningsstödet (ekonomiskt bistånd).",
        9,
    )
    for note in report_text.notes(report):
        pdf.set_font(FONT, "B", 10)
        with pdf.tagged("/P"):  # first on page 1: it fits
            pdf.multi_cell(
                0,
                5,
                f"Observera: {note}",
                border=1,
                padding=1.5,
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.ln(1.5)
    pdf.heading("Sammanfattning")
    for paragraph in report_text.paragraphs(report):
        pdf.paragraph(paragraph)
    since = report_changes.since_lines_for(report)
    if since:
        pdf.heading("Sedan förra fastställda månaden", 11)
        for line in since:
            pdf.paragraph(line, 9)
    pdf.heading(f"Målet {report.goal.year}")
    pdf.frame_table(
        pd.DataFrame(goal_rows(report.goal), columns=["Mått", "Värde"]), (3, 1), size=9.5
    )
    pdf.paragraph(_plain(STATUS_EXPLANATION) + " " + FORECAST_EXPLANATION, 8)
    _comment(pdf, report)

    pdf.new_section()
    pdf.heading(f"Försörjningsstöd {fmt_month(report.month)}")
    pdf.frame_table(
        fs_month_table(report.fs_figures), (3.0, 1.4, 1.4, 1.7, 1.4, 1.7, 1.4), size=7.5
    )
    pdf.paragraph(PRELIMINARY_NOTE + " " + MISSING_NOTE, 8)
    if images is None:
        pdf.paragraph(CHARTS_MISSING, 9)
    else:
        pdf.chart(images.get("hushall"), 430, CHART_ALT["hushall"])

    if report.jamforelse is not None and not report.jamforelse.empty:
        pdf.add_page()
        pdf.heading(f"Jämfört med riket, länet och liknande kommuner {report.month.year}")
        table = compact_table(report.jamforelse)
        widths = (1.3,) + (1.5,) * (len(table.columns) - 1)
        pdf.frame_table(table, widths, size=7)
        pdf.paragraph(
            "Socialstyrelsens antal hushåll; inom parentes förändringen mot samma månad året "
            "innan. X (sekretess) och – (saknas) visas som sådana, aldrig som noll. ! = "
            "avvikelse: mer än 15 % från medlet av månaden före och efter. "
            + source_line(report.jamforelse),
            8,
        )

    pdf.add_page()
    pdf.heading("Förvaltningar")
    pdf.frame_table(
        forvaltning_table(report.forvaltningar), (3.2, 1.4, 1.1, 0.8, 1.1, 1.1, 1.2), size=8
    )
    if images is not None:
        pdf.chart(images.get("forvaltningar"), 420, CHART_ALT["forvaltningar"])
    pdf.keep_space(pdf.chart_height(400) + 12 if images is not None else 60)
    pdf.heading("Från försörjningsstöd till arbete")
    if images is not None:
        pdf.chart(images.get("fran_forsorjningsstod"), 400, CHART_ALT["fran_forsorjningsstod"])
    else:
        pdf.frame_table(hires_endings_table(report.savings.monthly), (1.2, 1.6, 1.2, 1.0), size=8)
    pdf.paragraph(report_text.savings_assumption(report.savings), 8)
    sysselsattning.pdf_section(pdf, report.sysselsattning)  # procurement (issue 16)
    outcomes.pdf_section(pdf, report.utfall)  # what became of those hired (issue 27)
    return bytes(pdf.output())
