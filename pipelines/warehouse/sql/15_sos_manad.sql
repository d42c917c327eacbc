-- Socialstyrelsen's published monthly statistics (kind sos_manad), for comparison.
-- One row per delivered cell: (matt, region, kategori, manad) with its status. Like every kind,
-- each delivered version is kept; `slice_version` says which one is current:
--   sos_manad: slice_key 'matt=<mått>;region=<region>;kategori=<kategori>;manad=<YYYY-MM>'
--   (a newer export replaces the cells it holds, and nothing else)
-- Idempotent: run at every write.

CREATE TABLE IF NOT EXISTS sos_manad_version (
    ingest_id  BIGINT NOT NULL,
    matt       VARCHAR NOT NULL,   -- the measure from the title, e.g. 'Antal hushåll'
    region     VARCHAR NOT NULL,   -- Riket, a län or a kommun, as the region list spells it
    kategori   VARCHAR NOT NULL,   -- '' or 'Column: value; …' for the export's category columns
    manad      DATE NOT NULL,
    varde      DOUBLE,             -- NULL unless status = 'varde'
    status     VARCHAR NOT NULL    -- varde | sekretess (X) | saknas (--)
);

-- What an export says about itself: title, measure, filter, footnotes, extraction date.
CREATE TABLE IF NOT EXISTS sos_manad_fil (
    ingest_id    BIGINT PRIMARY KEY,
    titel        VARCHAR NOT NULL,
    matt         VARCHAR NOT NULL,
    filter       VARCHAR,
    uttagsdatum  DATE,             -- 'Socialstyrelsens statistikdatabas YYYY-MM-DD'
    fotnoter     VARCHAR NOT NULL  -- JSON list of the footnote texts, in file order
);

-- The region reference list (data/reference/regioner.csv), copied with every stored file of any
-- kind (pipelines.ingest.sos.refresh_regions_if_valid) and every Kolada pull.
CREATE TABLE IF NOT EXISTS ref_region (
    kod              VARCHAR PRIMARY KEY,
    namn             VARCHAR NOT NULL,
    typ              VARCHAR NOT NULL,   -- riket | lan | kommun
    lan              VARCHAR NOT NULL,   -- the län's name ('' for riket)
    jamforelsegrupp  VARCHAR NOT NULL,   -- comparison group of a kommun ('' otherwise)
    egen             BOOLEAN NOT NULL    -- the own municipality
);

-- Kolada's yearly key figures: every pull kept as a snapshot (Kolada revises without notice).
CREATE TABLE IF NOT EXISTS kolada_hamtning (
    hamtning_id  BIGINT PRIMARY KEY,
    hamtad_at    TIMESTAMP NOT NULL,
    kalla        VARCHAR NOT NULL,     -- the URL asked, or the saved file's name
    svar         VARCHAR NOT NULL      -- the raw JSON response(s), as received
);
CREATE TABLE IF NOT EXISTS kolada_varde (
    hamtning_id   BIGINT NOT NULL,
    kpi           VARCHAR NOT NULL,
    kommun_id     VARCHAR NOT NULL,    -- Kolada's municipality id ('0000' = Riket)
    ar            INTEGER NOT NULL,
    kon           VARCHAR NOT NULL,    -- T | K | M
    varde         DOUBLE,
    status        VARCHAR NOT NULL     -- '' or Kolada's status text
);
