-- Arbetsmål warehouse: every delivered version is kept; views give the current figures.
-- Idempotent: run at every write, so an older warehouse file gains new tables.

CREATE SEQUENCE IF NOT EXISTS ingest_id_seq START 1;

CREATE TABLE IF NOT EXISTS ingest_log (
    ingest_id        BIGINT PRIMARY KEY,
    file_name        VARCHAR NOT NULL,
    content_hash     VARCHAR NOT NULL,
    kind             VARCHAR,            -- anstallningar | forsorjningsstod | mal; NULL if never detected
    outcome          VARCHAR NOT NULL,   -- lagrad | redan_lagrad | avvisad
    rows_stored      INTEGER NOT NULL DEFAULT 0,
    first_month      DATE,
    last_month       DATE,
    slices_new       INTEGER NOT NULL DEFAULT 0,
    slices_replaced  INTEGER NOT NULL DEFAULT 0,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP NOT NULL,
    source           VARCHAR NOT NULL,   -- cli | app | demo | test
    encoding         VARCHAR,
    delimiter        VARCHAR,
    messages         VARCHAR             -- JSON list of findings (Swedish)
);

-- One row per delivered version of a slice; replaced_by IS NULL marks the current one.
CREATE TABLE IF NOT EXISTS slice_version (
    kind         VARCHAR NOT NULL,
    slice_key    VARCHAR NOT NULL,
    manad        DATE,
    ar           INTEGER,
    forvaltning  VARCHAR,
    ingest_id    BIGINT NOT NULL,
    stored_at    TIMESTAMP NOT NULL,
    replaced_by  BIGINT,
    replaced_at  TIMESTAMP,
    PRIMARY KEY (kind, slice_key, ingest_id)
);

CREATE TABLE IF NOT EXISTS anstallningar_version (
    ingest_id              BIGINT NOT NULL,
    manad                  DATE NOT NULL,
    forvaltning            VARCHAR NOT NULL,
    anstallningsform       VARCHAR NOT NULL,
    kon                    VARCHAR NOT NULL,
    malgrupp               VARCHAR NOT NULL,
    fran_forsorjningsstod  VARCHAR NOT NULL,
    antal                  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS forsorjningsstod_version (
    ingest_id               BIGINT NOT NULL,
    manad                   DATE NOT NULL,
    hushall                 INTEGER NOT NULL,
    barnhushall             INTEGER,
    vuxna                   INTEGER,
    barn                    INTEGER,
    unga_vuxna              INTEGER,
    langvarigt              INTEGER,
    utbetalt                DECIMAL(15, 2) NOT NULL,
    nya_hushall             INTEGER,
    avslutade_hushall       INTEGER,
    avslut_arbete           INTEGER,
    avslut_studier          INTEGER,
    i_arbetsmarknadsinsats  INTEGER
);

CREATE TABLE IF NOT EXISTS mal_version (
    ingest_id    BIGINT NOT NULL,
    ar           INTEGER NOT NULL,
    forvaltning  VARCHAR NOT NULL,       -- '' = hela kommunen
    mal          INTEGER NOT NULL
);

-- Reference data, copied from data/reference/ at every write (the CSVs are the source).
CREATE TABLE IF NOT EXISTS ref_forvaltning (
    kod VARCHAR PRIMARY KEY, namn VARCHAR NOT NULL, anstallda INTEGER NOT NULL,
    giltig_fran DATE NOT NULL, giltig_till DATE
);
CREATE TABLE IF NOT EXISTS ref_anstallningsform (
    kod VARCHAR PRIMARY KEY, namn VARCHAR NOT NULL, kategori VARCHAR NOT NULL,
    raknas_mot_malet BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS ref_malgrupp (kod VARCHAR PRIMARY KEY, namn VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS ref_mal_standard (fran_ar INTEGER NOT NULL, till_ar INTEGER, mal INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ref_nyckeltal (
    id VARCHAR PRIMARY KEY, namn VARCHAR NOT NULL, enhet VARCHAR, definition VARCHAR,
    kalla VARCHAR, hogre_ar_battre BOOLEAN
);

-- The analyst's comment per month in the nyckeltalsrapport; every saved version is kept.
CREATE TABLE IF NOT EXISTS rapport_kommentar (
    manad     DATE NOT NULL,
    text      VARCHAR NOT NULL,
    author    VARCHAR NOT NULL,
    saved_at  TIMESTAMP NOT NULL,
    version   INTEGER NOT NULL,
    PRIMARY KEY (manad, version)
);
