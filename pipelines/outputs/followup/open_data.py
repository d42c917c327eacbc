"""The publication version as open data: every table of the package as a CSV file (UTF-8, comma,
decimal point, one file per table), described by a `datapackage.json` (Frictionless Data Package
with a Table Schema per file: field names and types, the marks `X` (hidden by the disclosure
control) and `..` (not delivered) and the empty cell as missing values, licence CC BY 4.0,
source) and a `dcat.jsonld` (DCAT-AP-SE: the dataset, one distribution per file, temporal
coverage, publisher, licence), so that dataportal.se can harvest it.

The files carry exactly what the package shows (the same protected tables), so open data
releases nothing the package does not. Only the publication version has open data.
"""

from __future__ import annotations

import io
import json
import numbers
import re
import unicodedata
from datetime import date

import pandas as pd

from pipelines.domain import disclosure

FOLDER = "oppna_data"
PUBLISHER = "Lunds kommun"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_TITLE = "Creative Commons Erkännande 4.0 (CC BY 4.0)"
#: The marks a cell may hold instead of a number: hidden, not delivered, and the empty cell.
MISSING_VALUES = ["", disclosure.MASK, ".."]
SOURCE = "Arbetsmål: förvaltningarnas månadsrapporter om anställningar och försörjningsstöd"
EU = "http://publications.europa.eu/resource/authority"


def slug(text: str) -> str:
    """A resource name: lower-case ASCII letters, digits and `_` (`07 Kön` → `07_kon`)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_") or "tabell"


def _field_type(values: list) -> str:
    shown = [
        v for v in values if v is not None and not (isinstance(v, str) and v in MISSING_VALUES)
    ]
    if not shown:
        return "string"
    if all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in shown):
        if all(isinstance(v, numbers.Integral) for v in shown):
            return "integer"
        return "number"
    return "string"


def _cell(value, kind: str):
    if value is None:
        return ""
    if kind == "string":
        return str(value)
    if isinstance(value, str):
        return value  # a mark: a missing value of the schema
    return int(value) if kind == "integer" else float(value)


def _tables(followup) -> list[tuple[str, str, pd.DataFrame]]:
    """(resource name, title, values) of every table, in the package's order."""
    out = []
    if followup.key_figures is not None:
        out.append(("00_malet", "Målet i siffror", followup.key_figures.values()))
    for chart in followup.charts:
        out.append((slug(chart.key), chart.title, chart.table.values()))
    for table in followup.tables:
        out.append((slug(table.name), table.name, table.values()))
    names: set[str] = set()
    unique = []
    for name, title, frame in out:
        while name in names:
            name += "_2"
        names.add(name)
        unique.append((name, title, frame))
    return unique


def _csv(frame: pd.DataFrame, types: list[str]) -> bytes:
    rows = [
        [_cell(v, kind) for v, kind in zip(row, types, strict=True)]
        for row in frame.itertuples(index=False)
    ]
    buffer = io.StringIO()
    pd.DataFrame(rows, columns=[str(c) for c in frame.columns]).to_csv(
        buffer, index=False, lineterminator="\n"
    )
    return buffer.getvalue().encode("utf-8")


def open_data_files(followup) -> dict[str, bytes]:
    """`{path in the ZIP: bytes}`: the CSV files, `datapackage.json` and `dcat.jsonld`."""
    if not followup.publication:
        return {}
    files: dict[str, bytes] = {}
    resources = []
    for name, title, frame in _tables(followup):
        columns = [str(c) for c in frame.columns]
        types = [_field_type(list(frame[c])) for c in frame.columns]
        path = f"{name}.csv"
        files[f"{FOLDER}/{path}"] = _csv(frame, types)
        resources.append(
            {
                "name": name,
                "title": title,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": c, "type": t} for c, t in zip(columns, types, strict=True)],
                    "missingValues": MISSING_VALUES,
                },
            }
        )
    title = f"{followup.title} ({disclosure.PUBLICATION_LABEL.lower()})"
    package = {
        "profile": "tabular-data-package",
        "name": f"arbetsmal_uppfoljning_{followup.year}",
        "title": title,
        "description": " ".join(followup.notes),
        "version": followup.uttag.isoformat(),
        "created": f"{followup.uttag.isoformat()}T00:00:00Z",
        "licenses": [{"name": "CC-BY-4.0", "path": LICENSE_URL, "title": LICENSE_TITLE}],
        "sources": [{"title": SOURCE}],
        "contributors": [{"title": PUBLISHER, "role": "publisher"}],
        "resources": resources,
    }
    files[f"{FOLDER}/datapackage.json"] = _json(package)
    files[f"{FOLDER}/dcat.jsonld"] = _json(dcat(followup, title, resources))
    return files


def describe(path: str, followup) -> str:
    """One line of the README about an open-data file."""
    name = path.rsplit("/", 1)[-1]
    if name == "datapackage.json":
        return (
            "öppna data: beskrivning av CSV-filerna (Frictionless Data Package: fält, typer, "
            "X och .. som saknade värden, licens CC BY 4.0, källa)."
        )
    if name == "dcat.jsonld":
        return "öppna data: beskrivning enligt DCAT-AP-SE, för dataportal.se."
    titles = {f"{n}.csv": t for n, t, _ in _tables(followup)}
    return f"{titles.get(name, name)} (öppna data, CSV i UTF-8)."


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _period(followup) -> tuple[date, date]:
    last = followup.dates.get("hires_last_month")
    end = date(followup.year, 12, 31)
    if last and pd.Timestamp(last).year == followup.year:
        month_end = pd.Timestamp(last) + pd.offsets.MonthEnd(0)
        end = month_end.date()
    return date(followup.year, 1, 1), end


def dcat(followup, title: str, resources: list[dict]) -> dict:
    """The DCAT-AP-SE description (JSON-LD) of the dataset and its distributions."""
    start, end = _period(followup)

    def sv(text: str) -> dict:
        return {"@value": text, "@language": "sv"}

    def day(value: date) -> dict:
        return {"@value": value.isoformat(), "@type": "xsd:date"}

    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dcterms": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": f"arbetsmal-uppfoljning-{followup.year}",
        "@type": "dcat:Dataset",
        "dcterms:title": sv(title),
        "dcterms:description": sv(" ".join(followup.notes)),
        "dcterms:publisher": {"@type": "foaf:Agent", "foaf:name": PUBLISHER},
        "dcterms:issued": day(followup.uttag),
        "dcterms:temporal": {
            "@type": "dcterms:PeriodOfTime",
            "dcat:startDate": day(start),
            "dcat:endDate": day(end),
        },
        "dcterms:language": {"@id": f"{EU}/language/SWE"},
        "dcat:theme": {"@id": f"{EU}/data-theme/SOCI"},
        "dcterms:license": {"@id": LICENSE_URL},
        "dcterms:source": sv(SOURCE),
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dcterms:title": sv(r["title"]),
                "dcat:accessURL": {"@id": r["path"]},
                "dcat:downloadURL": {"@id": r["path"]},
                "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/text/csv"},
                "dcterms:format": {"@id": f"{EU}/file-type/CSV"},
                "dcterms:license": {"@id": LICENSE_URL},
                "dcterms:conformsTo": {"@id": "datapackage.json"},
            }
            for r in resources
        ],
    }
