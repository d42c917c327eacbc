-- Materialised marts, rebuilt at the end of every write transaction (`pipelines.warehouse`, its `__init__.py`):
-- a page's query then reads one row per month and förvaltning instead of aggregating every
-- stored hire row through the current-version views (1 036 800 rows → 7 200 at ten years of
-- 60 förvaltningar), or by breakdown (`mart_hires_mix`: 125 000 rows). Same columns and rows as
-- the view each copies.
CREATE OR REPLACE TABLE mart_hires_month_forvaltning AS
select * from mart_hires_month_forvaltning_live
order by manad, forvaltning;

CREATE OR REPLACE TABLE mart_hires_mix AS
select * from mart_hires_mix_live
order by dimension, manad, forvaltning, kod;
