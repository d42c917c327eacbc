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
