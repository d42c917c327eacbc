-- Current contracts and follow-up: the version of each slice that nothing has replaced
-- (slice keys as in 15_avtal.sql).

CREATE OR REPLACE VIEW avtal_current AS
with current_slices as (
    select ingest_id, slice_key
    from slice_version
    where kind = 'avtal' and replaced_by is null
)
select v.*
from avtal_version v
join current_slices s
  on s.ingest_id = v.ingest_id and s.slice_key = 'avtal=' || v.avtal;

CREATE OR REPLACE VIEW sysselsattning_current AS
with current_slices as (
    select ingest_id, slice_key
    from slice_version
    where kind = 'sysselsattning' and replaced_by is null
)
select v.*
from sysselsattning_version v
join current_slices s
  on s.ingest_id = v.ingest_id
 and s.slice_key = 'manad=' || strftime(v.manad, '%Y-%m') || ';avtal=' || v.avtal;

-- Contracts with the names of their förvaltning and target group: what the page lists.
CREATE OR REPLACE VIEW avtal_register AS
with contracts as (
    select * from avtal_current
)
select
    c.avtal,
    c.benamning,
    c.leverantor,
    c.forvaltning,
    coalesce(f.namn, c.forvaltning)  as forvaltning_namn,
    c.villkor,
    c.startmanad,
    c.slutmanad,
    nullif(c.krav_heltidsmanader, 0) as krav_heltidsmanader,  -- 0 = no requirement
    c.malgrupp,
    coalesce(m.namn, c.malgrupp)     as malgrupp_namn
from contracts c
left join ref_forvaltning f on f.kod = c.forvaltning
left join ref_malgrupp m on m.kod = c.malgrupp;
