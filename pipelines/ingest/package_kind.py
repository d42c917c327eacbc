"""What a zip archive delivered as a workbook really is, said in Swedish (issue 26).

An .xlsx is a zip; so are an OpenDocument spreadsheet (.ods), a Word document (.docx), a
PowerPoint file and any zip archive, and a Strict Open XML workbook is an .xlsx that the reader
cannot read. Renamed to `.xlsx`, each used to get a message about something else ("Filen
innehåller inga datarader", "Dela upp filen i mindre filer"). `describe(archive)` looks at the
archive's own members (its `mimetype`, its content types, the namespace of `xl/workbook.xml`)
and returns the error for what the file is, or None for an ordinary workbook.
"""

from __future__ import annotations

import zipfile

from schemas.findings import Finding, error

_STRICT = b"purl.oclc.org/ooxml/spreadsheetml"
_SAVE_AS = "Öppna filen i Excel och välj Arkiv › Spara som › Excel-arbetsbok (.xlsx) eller CSV."
_OTHERS = (
    ("word/", "ett Word-dokument (.docx)", "Kopiera tabellen till Excel och spara den som .xlsx."),
    (
        "ppt/",
        "en PowerPoint-presentation (.pptx)",
        "Kopiera tabellen till Excel och spara den som .xlsx.",
    ),
    ("visio/", "en Visio-ritning", "Kopiera tabellen till Excel och spara den som .xlsx."),
)


def _read(archive: zipfile.ZipFile, name: str, size: int = 4096) -> bytes:
    with archive.open(name) as stream:
        return stream.read(size)


def describe(archive: zipfile.ZipFile, file_name: str) -> Finding | None:
    """The error for an archive that is not an ordinary .xlsx workbook, or None (also when the
    archive cannot be read: the limits pass then says so)."""
    try:
        return _describe(archive, file_name)
    except Exception:  # a damaged archive: not this function's to report
        return None


def _describe(archive: zipfile.ZipFile, file_name: str) -> Finding | None:
    names = set(archive.namelist())
    if "mimetype" in names:
        mimetype = _read(archive, "mimetype", 200).decode("ascii", "replace").strip()
        if "opendocument.spreadsheet" in mimetype:
            what, hint = (
                "ett OpenDocument-kalkylark (.ods, från LibreOffice eller OpenOffice)",
                (
                    "Öppna filen i LibreOffice eller Excel och spara den som Excel-arbetsbok (.xlsx)."
                ),
            )
        elif "opendocument" in mimetype:
            what, hint = "ett OpenDocument-dokument (LibreOffice eller OpenOffice)", _SAVE_AS
        else:
            what, hint = "ingen Excel-arbetsbok", _SAVE_AS
        return error(f"Filen har filändelsen .xlsx men är {what}.", file=file_name, hint=hint)
    for prefix, what, hint in _OTHERS:
        if any(name.startswith(prefix) for name in names) and "xl/workbook.xml" not in names:
            return error(f"Filen har filändelsen .xlsx men är {what}.", file=file_name, hint=hint)
    if "xl/workbook.xml" in names and _STRICT in _read(archive, "xl/workbook.xml"):
        return error(
            "Arbetsboken är sparad i formatet Strikt Open XML, som inte kan läsas.",
            file=file_name,
            hint="Öppna filen i Excel och spara den som vanlig Excel-arbetsbok (.xlsx): "
            "Arkiv › Spara som › Excel-arbetsbok, inte ”Strikt Open XML-kalkylblad”.",
        )
    if not any(name.startswith("xl/") for name in names):
        return error(
            "Filen har filändelsen .xlsx men är ett vanligt zip-arkiv, ingen Excel-arbetsbok.",
            file=file_name,
            hint="Packa upp arkivet och läs in tabellen som .xlsx eller .csv.",
        )
    return None
