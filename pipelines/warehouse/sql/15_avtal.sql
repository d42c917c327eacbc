-- Contracts with employment requirements (sysselsättningskrav) and their monthly follow-up.
-- Like every kind, each delivered version is kept; `slice_version` says which one is current:
--   avtal:          slice_key 'avtal=<id>'                       (a file replaces the contracts it names)
--   sysselsattning: slice_key 'manad=<YYYY-MM>;avtal=<id>'       (a file replaces each month of a contract)
-- Idempotent: run at every write.

CREATE TABLE IF NOT EXISTS avtal_version (
    ingest_id            BIGINT NOT NULL,
    avtal                VARCHAR NOT NULL,   -- the contract's id as the municipality writes it
    benamning            VARCHAR NOT NULL,   -- what is bought
    leverantor           VARCHAR NOT NULL,   -- the supplier (an organisation)
    forvaltning          VARCHAR NOT NULL,   -- owning förvaltning (reference code)
    villkor              VARCHAR NOT NULL,   -- dialog | sysselsattningskrav | bonus
    startmanad           DATE NOT NULL,
    slutmanad            DATE NOT NULL,
    krav_heltidsmanader  INTEGER NOT NULL,   -- required full-time months (model term); 0 = none
    malgrupp             VARCHAR NOT NULL    -- reference code or 'uppgift saknas'
);

CREATE TABLE IF NOT EXISTS sysselsattning_version (
    ingest_id            BIGINT NOT NULL,
    manad                DATE NOT NULL,
    avtal                VARCHAR NOT NULL,
    platstyp             VARCHAR NOT NULL,   -- anstallning | larling | praktik
    paborjade            INTEGER NOT NULL,   -- places started in the month
    pagaende             INTEGER NOT NULL,   -- places running in the month
    heltidsmanader       DECIMAL(9, 2) NOT NULL,  -- full-time months worked in the month
    avslutade_i_fortid   INTEGER NOT NULL,
    varav_minst_75_procent INTEGER NOT NULL  -- of those, served at least 75 % of the agreed time
);
