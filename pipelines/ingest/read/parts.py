"""The personal-number guard over every part of a workbook package (issue 26).

A .xlsx is a zip of XML parts, and a person can write text into many of them besides the cells:
defined names (`workbook.xml`), data-validation lists and messages, hyperlinks, formulas,
headers and footers (the sheets), link targets (`.rels`), chart titles (`charts/`), text boxes
(`drawings/`), custom XML (`customXml/`), number formats (`styles.xml`), comments and notes,
document properties. The parts are not listed by hand: every member of the archive is
enumerated, and every one that is XML (images, printer settings and other binary parts are not)
is read, a chunk at a time, for

- its member name (a part named after a person),
- every text node: runs of rich text (`<r><t>491203</t></r><r><t>-4521</t></r>`) are joined
  into one text first, as Excel shows them, while other neighbouring texts (two cells, two
  cached chart values) stay apart,
- every attribute value (a defined name's `name`, a hyperlink's `display` and `tooltip`, a
  number format's `formatCode`, a relation's `Target`, a drawing's `descr`), each on its own;
  namespace declarations and GUIDs (`{0000…}`) are left out,

after XML character references are resolved (`&#45;` is `-`) and the format codes of headers
and footers are stripped (`491203&B-&B4521` is `491203-4521`: `schemas.guard.strip_format_codes`).
Each text is matched by `schemas.guard` alone, so numbers in two neighbouring texts never make
one personal number. Memory stays at a chunk per part (`_CHUNK`), whatever the part's size.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from pipelines.ingest.read.delimited import rejected
from schemas import guard

_CHUNK = 1 << 20
_SEP = "\x00"  # between two texts: neither a digit nor a separator, so no match crosses it
_TAG = re.compile(r"<[^>]*>")
# Attribute values of 10 characters or more (a shorter one cannot hold a personal number).
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"<]{10,})"|'([^'<]{10,})')""")
_GUID = re.compile(r"\{[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}")
_SHEET_DATA_START = re.compile(rb"<(?:\w+:)?sheetData\b[^>]*>")
_FORMULA = re.compile(rb"<f\b[^>]*>([^<]*)</f>")
_PREFIXED_FORMULA = re.compile(rb"<\w+:f\b[^>]*>([^<]*)</\w+:f>")
_SHARED_STRINGS = re.compile(rb"<(?:\w+:)?sst\b")
# The tags between two runs of rich text (SpreadsheetML `r`/`t`, DrawingML `a:r`/`a:t`).
_RUN_JOIN = re.compile(
    r"</(?:\w+:)?t>\s*</(?:\w+:)?r>\s*<(?:\w+:)?r(?:\s[^>]*)?>"
    r"(?:\s*<(?:\w+:)?rPr\b[^>]*/>|\s*<(?:\w+:)?rPr\b.{0,4000}?</(?:\w+:)?rPr>)?"
    r"\s*<(?:\w+:)?t(?:\s[^>]*)?>",
    re.S,
)

_HINT = (
    "Ta bort uppgiften i Excel och ladda upp filen igen. Personuppgifter får inte finnas "
    "någonstans i arbetsboken: inte i celler, formler, namn, datavalidering, länkar, kommentarer, "
    "diagram, textrutor, talformat, dokumentegenskaper, sidhuvud eller sidfot."
)


def _where(name: str, after_header_footer: bool) -> str:
    """Where in the workbook a part is, in the words of Excel's menus (never the part's name)."""
    lower = name.casefold()
    if lower.startswith("xl/worksheets/") and lower.endswith(".xml"):
        if after_header_footer:
            return "sidhuvud eller sidfot"
        return "kalkylblad (formler, datavalidering, hyperlänkar eller andra inställningar)"
    if lower.endswith(".rels"):
        return "länkar (t.ex. en hyperlänks adress)"
    for part, where in (
        ("comments", "kommentarer eller egenskaper"),
        ("threadedcomment", "kommentarer eller egenskaper"),
        ("persons/", "kommentarer eller egenskaper"),
        ("docprops/", "kommentarer eller egenskaper"),
        ("vmldrawing", "kommentarer eller egenskaper"),
        ("xl/workbook.xml", "definierade namn eller inställningar"),
        ("styles.xml", "talformat eller format"),
        ("charts/", "diagram"),
        ("drawings/", "textrutor, former eller bilder"),
        ("customxml/", "anpassade XML-data"),
        ("sharedstrings.xml", "celltexter"),
    ):
        if part in lower:
            return where
    return "delar"


def _is_xml(head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def _texts(chunk: str) -> str:
    """The chunk's texts and attribute values, each on its own, separated by `_SEP`."""
    chunk = _RUN_JOIN.sub("", chunk)
    values = [
        _GUID.sub(_SEP, double or single)
        for key, double, single in _ATTRIBUTE.findall(chunk)
        if not (key == "xmlns" or key.startswith("xmlns:"))
    ]
    flat = _SEP.join(values) + _SEP + _TAG.sub(_SEP, chunk)
    return guard.strip_format_codes(html.unescape(flat))


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The part as text, in pieces that end between two tags (`><`), so no tag and no text is
    cut in two (a text without tags longer than a few chunks is cut where it has to be)."""
    with archive.open(info) as stream:
        data = stream.read(_CHUNK)
        if not _is_xml(data[:64]):
            return
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # XML in UTF-16 (never from Excel)
            text = (data + stream.read(4 * _CHUNK)).decode("utf-16", "replace")
            yield text.encode("utf-8")
            return
        carry = b""
        while data:
            buffer = carry + data
            cut = buffer.rfind(b"><") + 1
            if cut <= 0 and len(buffer) < 4 * _CHUNK:
                carry, data = buffer, stream.read(_CHUNK)
                continue
            cut = cut if cut > 0 else len(buffer)
            yield buffer[:cut]
            carry, data = buffer[cut:], stream.read(_CHUNK)
        if carry:
            yield carry


def _formulas(cells: bytes) -> str:
    """The formulas among a sheet's cells (their values are read by the readers)."""
    if b"f>" not in cells:
        return ""
    found = _FORMULA.findall(cells) if b"<f" in cells else []
    if b":f" in cells:
        found += _PREFIXED_FORMULA.findall(cells)
    return html.unescape(_SEP.join(f.decode("utf-8", "replace") for f in found))


def _pieces(chunk: bytes, state: dict[str, bool]):
    """(text, kind) of a chunk: `cells` between a sheet's `<sheetData>` and `</sheetData>`,
    else `header_footer` after `<headerFooter`, else `other`. `state` carries across chunks."""
    position = 0
    while position < len(chunk):
        if state["cells"]:
            end = chunk.find(b"sheetData>", position)  # `</sheetData>` (or `</x:sheetData>`)
            stop = len(chunk) if end < 0 else chunk.rfind(b"</", position, end)
            yield chunk[position:stop], "cells"
            if end < 0:
                return
            state["cells"], position = False, end + len(b"sheetData>")
            continue
        start = _SHEET_DATA_START.search(chunk, position)
        stop = len(chunk) if start is None else start.start()
        text = chunk[position:stop]
        footer = text.find(b"<headerFooter") if not state["footer"] else -1
        if footer >= 0:
            yield text[:footer], "header_footer" if state["footer"] else "other"
            state["footer"], text = True, text[footer:]
        yield text, "header_footer" if state["footer"] else "other"
        if start is None:
            return
        state["cells"], position = not start[0].endswith(b"/>"), start.end()


def find_personal_number(content: bytes) -> str | None:
    """Where (in Swedish, as `_where` says it) a part of the workbook `content` holds something
    that looks like a personal number, or None.

    The cells' values are left to the readers, which check every cell they read
    (`pipelines.ingest.read.delimited.guard_cells`): in a sheet's `<sheetData>` only the
    formulas are read here, and the shared strings (the cells' texts) not at all. That keeps a
    workbook at the cell limit within the gate's time."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            if guard.looks_like_personnummer(info.filename):
                return "delar (namnet på en del av filen)"
            state = {"cells": False, "footer": False}
            for number, chunk in enumerate(_chunks(archive, info)):
                if number == 0 and _SHARED_STRINGS.search(chunk[:2000]):
                    break  # the cells' texts: read with the cells
                for text, kind in _pieces(chunk, state):
                    if kind == "cells":
                        flat = _formulas(text)
                    else:
                        flat = _texts(text.decode("utf-8", "replace"))
                    if guard.looks_like_personnummer(flat):
                        return _where(info.filename, kind == "header_footer")
    return None


def guard_parts(content: bytes, file_name: str) -> None:
    """Reject a workbook that holds something shaped like a personal number in any part (never
    echoed). Call after `pipelines.ingest.limits.scan_workbook` (members, sizes, no DOCTYPE)."""
    where = find_personal_number(content)
    if where is not None:
        raise rejected(
            f"Arbetsbokens {where} innehåller något som ser ut som ett personnummer. "
            "Personuppgifter får inte laddas upp: varken i cellerna eller någon annanstans i "
            "arbetsboken.",
            file_name,
            hint=_HINT,
        )
