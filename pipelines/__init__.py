"""Arbetsmål pipelines: read, validate, load and query the warehouse (the only code that writes to DuckDB)."""
