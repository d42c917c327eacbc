"""Validate and store Socialstyrelsen's monthly export (kind `sos_manad`).

`validate_sos` reads the export (`pipelines/ingest/read/sos.py`: wide → long, statuses, region
names against the reference list), checks the long rows with the kind's Pandera model
(`schemas.sos_manad.LONG_SCHEMA`) and returns a `ValidatedFile` like every kind's, so the
common store (`pipelines.ingest.store`) versions it per cell: a newer export replaces the
(mått, region, kategori, månad) cells it holds and the earlier version is kept.
`store_file_facts` keeps what belongs to the file itself: title, measure, filter, footnotes and
the extraction date. `refresh_regions_if_valid` copies the region reference list into
`ref_region` (the comparison reads it) with every stored file of any kind.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa

from pipelines import config
from pipelines.ingest import region_groups
from pipelines.ingest.read import sos as reader
from pipelines.ingest.validated import ValidatedFile
from schemas import guard
from schemas import sos_manad as sos
from schemas.findings import Finding, RejectedFile, error

REGION_FILE = "regioner.csv"
KIND = sos.KIND


@dataclass
class SosValidatedFile(ValidatedFile):
    """A validated Socialstyrelsen export: the long rows plus what the file says about itself."""

    export: reader.SosExport | None = None


#: The last region list read and validated, by (path, modification time, size): every stored
#: file refreshes `ref_region`, and a Socialstyrelsen export reads the list once more.
_validated_regions: dict[tuple[str, int, int], pd.DataFrame] = {}


def load_regions(directory: Path | None = None) -> pd.DataFrame:
    """The region reference list (`regioner.csv`), validated; the configured reference folder
    first, the committed one when that folder has no region list. Raises `RejectedFile`. A list
    unchanged since it was last read is not read and validated again (a copy is returned)."""
    candidates = [Path(directory)] if directory else [config.reference_dir()]
    candidates.append(config.DEFAULT_REFERENCE_DIR)
    path = next((d / REGION_FILE for d in candidates if (d / REGION_FILE).exists()), None)
    if path is None:
        raise RejectedFile([error(f"Referenslistan {REGION_FILE} saknas.", file=REGION_FILE)])
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key in _validated_regions:
        return _validated_regions[key].copy()
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    try:
        sos.REGIONER.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        findings = []
        for case in exc.failure_cases.to_dict("records")[:20]:
            index = case.get("index")
            findings.append(
                error(
                    str(case.get("check")),
                    file=REGION_FILE,
                    row=int(index) + 2 if index is not None and not pd.isna(index) else None,
                    column=case.get("column"),
                )
            )
        raise RejectedFile(findings) from None
    _validated_regions.clear()
    _validated_regions[key] = frame
    return frame.copy()


def region_lookup(regions: pd.DataFrame) -> dict[str, reader.Region]:
    """Region key (`schemas.sos_manad.region_key`) → region, for the reader."""
    return {
        sos.region_key(row.namn): reader.Region(row.namn, row.typ)
        for row in regions.itertuples(index=False)
    }


def sniff(content: bytes, file_name: str) -> bool:
    """Whether the file is Socialstyrelsen's monthly export, from its first rows (see reader)."""
    return reader.sniff(content, file_name)


def is_header_rejection(rejected: RejectedFile) -> bool:
    """True when the generic reader refused a file only because no header matched a kind."""
    return bool(rejected.findings) and rejected.findings[0].message.startswith(
        "Hittade ingen rubrikrad"
    )


def looks_like_export(content: bytes, file_name: str) -> bool:
    """Whether a file the generic reader could not place is a Socialstyrelsen export."""
    try:
        rows, *_ = reader.sheet_rows(content, file_name)
    except RejectedFile:
        return False
    return reader.looks_like_export(rows)


def validate_sos(
    content: bytes,
    file_name: str,
    *,
    current_month: date | None = None,
    regions: pd.DataFrame | None = None,
) -> SosValidatedFile:
    """Read and validate a Socialstyrelsen export; every error collected, nothing written."""
    content_hash = hashlib.sha256(content).hexdigest()
    try:
        regions = regions if regions is not None else load_regions()
        export = reader.read_export(
            content,
            file_name,
            region_lookup(regions),
            current_month or config.current_month(),
        )
    except RejectedFile as rejected:
        return SosValidatedFile(file_name, content_hash, sos.KIND, None, list(rejected.findings))
    findings = list(export.findings) + _pandera(export)
    findings.sort(key=lambda f: (not f.is_error, f.row or 0, f.column or ""))
    frame = export.frame.set_index("rad")
    frame.index.name = "rad"
    return SosValidatedFile(
        file_name,
        content_hash,
        sos.KIND,
        frame[list(sos.STORED_COLUMNS)],
        findings,
        None,
        export=export,
    )


def _pandera(export: reader.SosExport) -> list[Finding]:
    if export.frame.empty:
        return [error("Filen har inga celler att lagra.", file=export.file_name)]
    try:
        sos.LONG_SCHEMA.validate(export.frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _translate(export, exc.failure_cases)
    return []


def _translate(export: reader.SosExport, failures: pd.DataFrame) -> list[Finding]:
    """Pandera's failure cases as Swedish findings on the export's row and month column."""
    frame = export.frame
    findings: dict[tuple, Finding] = {}
    for case in failures.to_dict("records"):
        index = case.get("index")
        if index is None or pd.isna(index):
            continue
        row = frame.loc[int(index)]
        check = str(case.get("check"))
        column = case.get("column")
        if check == "multiple_fields_uniqueness":
            message = sos.MESSAGE_DUPLICATE
        elif column in (None, "region_typ", "varde", "status", "matt", "region") or (
            check in sos.CHECK_COLUMNS
        ):
            message = check
        else:
            message = check
        if check in sos.CHECK_COLUMNS and column != sos.CHECK_COLUMNS[check]:
            continue  # a frame-wide check reports every column; keep the one it concerns
        key = (int(row["rad"]), str(row["kolumn"]), message)
        value = row["varde"]
        findings[key] = error(
            message,
            file=export.file_name,
            row=int(row["rad"]),
            column=str(row["kolumn"]),
            value=guard.visible(row["region"]) if pd.isna(value) else None,
        )
    return list(findings.values())


def store_file_facts(
    con: duckdb.DuckDBPyConnection, validated: SosValidatedFile, ingest_id: int
) -> None:
    """Keep the export's title, measure, filter, footnotes and extraction date with the ingest
    (the store refreshes `ref_region` with every file: `refresh_regions_if_valid`)."""
    export = validated.export
    if export is None:
        return
    con.execute(
        "insert into sos_manad_fil values (?, ?, ?, ?, ?, ?)",
        [
            ingest_id,
            export.title,
            export.matt,
            export.filter,
            export.extraction_date,
            json.dumps(export.footnotes, ensure_ascii=False),
        ],
    )


def refresh_regions_if_valid(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the region reference list into `ref_region`, called with every stored file of any
    kind (`pipelines.ingest.store`), as the warehouse copies the other reference lists at every
    write: an edited `regioner.csv` (another own municipality, another comparison group) reaches
    the comparison with the next file stored, not only with the next Socialstyrelsen export or
    Kolada pull. A list that does not validate is left as stored (a file of another kind is not
    refused for it); a Socialstyrelsen export names its errors (`validate_sos`)."""
    try:
        regions = load_regions()
    except RejectedFile:
        return
    refresh_regions(con, regions)


def refresh_regions(con: duckdb.DuckDBPyConnection, regions: pd.DataFrame | None = None) -> None:
    """Replace `ref_region` with the region reference list."""
    frame = (regions if regions is not None else load_regions()).copy()
    frame["egen"] = frame["egen"].str.casefold() == "ja"
    con.execute("DELETE FROM ref_region")
    con.register("_regions", frame[["kod", "namn", "typ", "lan", "jamforelsegrupp", "egen"]])
    try:
        con.execute("INSERT INTO ref_region SELECT * FROM _regions")
    finally:
        con.unregister("_regions")
    region_groups.refresh(con, frame)  # further comparison groups (issue 27)
