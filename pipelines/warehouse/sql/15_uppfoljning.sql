-- What became of those hired (kind `uppfoljning`): aggregates per cohort and follow-up point,
-- never persons. Like every kind, each delivered version is kept; `slice_version` says which is
-- current: slice_key 'anstallningsmanad=<YYYY-MM>;forvaltning=<kod>;uppfoljning=<6|12|24>'.
-- Idempotent: run at every write.

CREATE TABLE IF NOT EXISTS uppfoljning_version (
    ingest_id                             BIGINT NOT NULL,
    anstallningsmanad                     DATE NOT NULL,     -- the cohort's month
    forvaltning                           VARCHAR NOT NULL,
    uppfoljning                           INTEGER NOT NULL,  -- 6 | 12 | 24 months after the start
    anstallda                             INTEGER NOT NULL,  -- the cohort
    kvar_i_anstallning                    INTEGER NOT NULL,
    i_arbete_eller_studier                INTEGER,           -- NULL: not reported
    med_forsorjningsstod_fore             INTEGER,
    med_forsorjningsstod_vid_uppfoljning  INTEGER
);
