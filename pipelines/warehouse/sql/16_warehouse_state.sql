-- What the last write brought up to date (pipelines/warehouse/__init__.py): the fingerprint of
-- the schema's SQL (tables, views) and of the reference files copied into the ref_* tables. A
-- write whose fingerprints match skips running the schema again and copying the reference data.
-- Idempotent: run whenever the schema's fingerprint changed.

CREATE TABLE IF NOT EXISTS warehouse_state (
    name   VARCHAR PRIMARY KEY,  -- 'schema' or 'reference'
    value  VARCHAR NOT NULL      -- a SHA-256 in hex
);
