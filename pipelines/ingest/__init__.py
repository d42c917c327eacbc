"""Ingest: bytes → checked → stored. The only package that writes to the warehouse.

`read/` turns a file's bytes into a raw table (format, encoding, delimiter, header, workbook
sheet), `validate` checks it against the contract in `schemas/`, `store` writes it as one
transaction with its history, `preview` says what storing would change (the upload page),
`comments` keeps the analyst's comments.
"""

from pipelines.warehouse import WarehouseBusy  # noqa: E402,F401  (what a store may raise: the page says so)
