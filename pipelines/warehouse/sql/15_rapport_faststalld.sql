-- The approved (fastställda) monthly reports: the PDF and Excel files exactly as they were sent to
-- the committee, with who approved them and when, and the report's key figures at that moment
-- (JSON) so a later correction shows as a difference. One row per month and version; written by
-- pipelines/ingest/approval.py, read by pipelines/queries/approval.py. The product only ever
-- inserts here: an approved version is never updated or deleted (a change of figures is approved
-- as a new version). Idempotent: run at every write.

CREATE TABLE IF NOT EXISTS rapport_faststalld (
    manad         DATE NOT NULL,        -- the report's month (first day)
    version       INTEGER NOT NULL,     -- 1, 2, … per month
    approved_by   VARCHAR NOT NULL,     -- the name of whoever approved it (through the gate)
    approved_at   TIMESTAMP NOT NULL,   -- local time, whole seconds
    pdf           BLOB NOT NULL,        -- the PDF's bytes, unchanged
    xlsx          BLOB NOT NULL,        -- the Excel file's bytes, unchanged
    pdf_sha256    VARCHAR NOT NULL,
    xlsx_sha256   VARCHAR NOT NULL,
    figures       VARCHAR NOT NULL,     -- JSON: the key figures as approved (queries/approval.py)
    PRIMARY KEY (manad, version)
);
