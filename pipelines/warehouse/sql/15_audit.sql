-- The audit trail: who stored or rejected which file, who wrote or changed which comment, who
-- built which export, who backed up or restored the warehouse, and when. One row per event,
-- written in the same transaction as the change it describes (pipelines/ingest/audit.py), never
-- updated or deleted by the product. Idempotent: run at every write.

CREATE SEQUENCE IF NOT EXISTS audit_id_seq START 1;

CREATE TABLE IF NOT EXISTS audit_log (
    audit_id     BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    happened_at  TIMESTAMP NOT NULL,   -- local time, whole seconds
    actor        VARCHAR NOT NULL,     -- login name (app) or operating-system user (cli)
    role         VARCHAR NOT NULL,     -- lasare | analytiker | administrator | lokal | ''
    source       VARCHAR NOT NULL,     -- app | cli | demo | test
    action       VARCHAR NOT NULL,     -- code; Swedish words in schemas/vocabulary.py
    subject      VARCHAR NOT NULL,     -- the file, the month of the comment, the export, the copy
    detail       VARCHAR,              -- one Swedish line: outcome, version, rows
    ingest_id    BIGINT                -- the ingest_log line of a file event
);
