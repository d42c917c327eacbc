"""The templates of the kinds `avtal` and `sysselsattning`: the contract's headers, example rows
that pass the real pipeline (register first), and the instruction sheet."""

from __future__ import annotations

import openpyxl

from pipelines import config
from pipelines.ingest.store import ingest_bytes

COMMITTED = config.TEMPLATES_DIR
HEADERS = {
    "avtal": [
        "Avtal", "Benämning", "Leverantör", "Förvaltning", "Villkor", "Startmånad", "Slutmånad",
        "Krav heltidsmånader", "Målgrupp",
    ],
    "sysselsattning": [
        "Månad", "Avtal", "Platstyp", "Påbörjade", "Pågående", "Heltidsmånader",
        "Avslutade i förtid", "Varav minst 75 %",
    ],
}  # fmt: skip


def test_headers_and_instructions():
    for kind, headers in HEADERS.items():
        book = openpyxl.load_workbook(COMMITTED / f"mall_{kind}.xlsx")
        assert [c.value for c in book.worksheets[0][1]] == headers
        assert book.sheetnames[1] == "Instruktioner"
        csv_header = (COMMITTED / f"mall_{kind}.csv").read_text("utf-8-sig").splitlines()[0]
        assert csv_header.split(";") == headers


def test_the_templates_pass_the_pipeline(empty_db, monkeypatch):
    monkeypatch.setenv("ARBETSMAL_REFERENCE", str(config.DEFAULT_REFERENCE_DIR))  # has SF, TF
    for kind in ("avtal", "sysselsattning"):
        for suffix in ("csv", "xlsx"):
            path = COMMITTED / f"mall_{kind}.{suffix}"
            result = ingest_bytes(path.read_bytes(), path.name, source="test")
            assert result.outcome in ("lagrad", "redan_lagrad"), [
                f.format() for f in result.findings
            ]
            assert result.kind == kind
