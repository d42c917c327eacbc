-- Migrations that change rows already stored (pipelines/warehouse/scrub.py): one row per
-- migration, written in the transaction that ran it, so it runs once and the trail shows when.
-- Idempotent: run at every write.

CREATE TABLE IF NOT EXISTS migration_log (
    name     VARCHAR PRIMARY KEY,  -- the migration's code
    ran_at   TIMESTAMP NOT NULL,   -- local time, whole seconds
    detail   VARCHAR               -- one Swedish line: what it changed
);
