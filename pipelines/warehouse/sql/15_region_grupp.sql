-- Further comparison groups from the region reference list (data/reference/regioner.csv, column
-- `grupper`): one row per (group, member municipality), selectable beside the kommungrupp in the
-- comparison (pipelines.queries.region_groups). Refreshed with ref_region.
CREATE TABLE IF NOT EXISTS ref_region_grupp (
    grupp  VARCHAR NOT NULL,
    kod    VARCHAR NOT NULL,
    namn   VARCHAR NOT NULL,
    PRIMARY KEY (grupp, kod)
);
