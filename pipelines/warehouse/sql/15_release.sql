-- The release ledger (utlämningsliggaren): every output that left the product in a public form
-- (a publication package, the committee's report, an open-data release), recorded when it was
-- written, with every quantity it published (its exact value, and what was shown: the number, a
-- number rounded to 5 or 10, or the mark X) and the linear relations between them (which
-- quantities sum to which). Protecting a new public release reads every earlier one from here
-- (pipelines/domain/disclosure_history.py), so that all releases together give nothing back.
-- Written only by pipelines/ingest/release.py; never updated or deleted. Idempotent.

CREATE SEQUENCE IF NOT EXISTS release_id_seq START 1;

CREATE TABLE IF NOT EXISTS release (
    release_id    BIGINT PRIMARY KEY DEFAULT nextval('release_id_seq'),
    kind          VARCHAR NOT NULL,     -- paket | rapport | oppna_data
    ar            INTEGER NOT NULL,     -- the year released
    manad         INTEGER NOT NULL,     -- its last month of hires (0: none), the report's month
    data_version  VARCHAR NOT NULL,     -- the warehouse's state: 'inläsning N' (latest stored file)
    released_at   TIMESTAMP NOT NULL,   -- local time, whole seconds
    actor         VARCHAR NOT NULL,     -- login name (app) or operating-system user (cli)
    subject       VARCHAR NOT NULL,     -- the file written, e.g. uppfoljning_2026_publicering.zip
    n_quantities  INTEGER NOT NULL,
    n_hidden      INTEGER NOT NULL,
    content_sha256 VARCHAR NOT NULL     -- of everything it says: the same release is not recorded twice
);

CREATE TABLE IF NOT EXISTS release_quantity (
    release_id    BIGINT NOT NULL,
    qkey          VARCHAR NOT NULL,     -- JSON array: the quantity's key, the same in every release
    label         VARCHAR,              -- its Swedish name
    value         DOUBLE NOT NULL,      -- the exact value (the warehouse is internal)
    shown         VARCHAR NOT NULL,     -- 'X' (hidden), or the number shown
    rounded_base  INTEGER,              -- 5 or 10 when shown rounded
    PRIMARY KEY (release_id, qkey)
);

CREATE TABLE IF NOT EXISTS release_relation (
    release_id    BIGINT NOT NULL,
    relation_no   INTEGER NOT NULL,     -- low ≤ Σ coefficient · quantity ≤ high
    qkey          VARCHAR NOT NULL,
    coefficient   DOUBLE NOT NULL,
    low           DOUBLE NOT NULL,
    high          DOUBLE NOT NULL
);
