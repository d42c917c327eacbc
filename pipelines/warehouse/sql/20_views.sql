-- Views over the current figures (each kind's `<kind>_current` view is generated from its
-- declaration: pipelines/warehouse/views.py).

-- Hires with their year and whether the employment form counts toward the goal.
CREATE OR REPLACE VIEW hires_monthly AS
with hires as (
    select * from anstallningar_current
),
enriched as (
    select
        year(h.manad)::INTEGER                  as ar,
        h.manad,
        h.forvaltning,
        coalesce(f.namn, h.forvaltning)         as forvaltning_namn,
        h.anstallningsform,
        coalesce(af.namn, h.anstallningsform)   as anstallningsform_namn,
        af.kategori,
        coalesce(af.raknas_mot_malet, false)    as raknas_mot_malet,
        h.kon,
        h.malgrupp,
        h.fran_forsorjningsstod,
        h.antal
    from hires h
    left join ref_forvaltning f on f.kod = h.forvaltning
    left join ref_anstallningsform af on af.kod = h.anstallningsform
)
select * from enriched;

-- Hires per month and förvaltning: the grain of the goal pages. A delivered month with only
-- zero rows is present with hires 0 (a delivered zero is not a missing delivery).
-- Pages read the table `mart_hires_month_forvaltning`, rebuilt from this view at the end of
-- every write (marts.sql): the view aggregates every stored hire row, the table is small.
CREATE OR REPLACE VIEW mart_hires_month_forvaltning_live AS
with monthly as (
    select
        ar,
        manad,
        forvaltning,
        any_value(forvaltning_namn)                                             as forvaltning_namn,
        sum(antal) filter (where raknas_mot_malet)::INTEGER                     as hires,
        sum(antal)::INTEGER                                                     as hires_all,
        sum(antal) filter (where raknas_mot_malet and fran_forsorjningsstod = 'ja')::INTEGER
                                                                                as hires_fran_forsorjningsstod
    from hires_monthly
    group by ar, manad, forvaltning
)
select
    ar, manad, forvaltning, forvaltning_namn,
    coalesce(hires, 0) as hires,
    hires_all,
    coalesce(hires_fran_forsorjningsstod, 0) as hires_fran_forsorjningsstod
from monthly;

-- The counting hires per month and förvaltning by each breakdown of the goal pages
-- (`goal_forvaltning.MIX_DIMENSIONS`): one row per (month, förvaltning, dimension, category).
-- Pages read the table `mart_hires_mix`, rebuilt from this view at the end of every write.
CREATE OR REPLACE VIEW mart_hires_mix_live AS
select ar, manad, forvaltning, 'anstallningsform' as dimension, anstallningsform as kod,
       sum(antal)::BIGINT as hires
from hires_monthly where raknas_mot_malet group by all
union all
select ar, manad, forvaltning, 'malgrupp', malgrupp, sum(antal)::BIGINT
from hires_monthly where raknas_mot_malet group by all
union all
select ar, manad, forvaltning, 'kon', kon, sum(antal)::BIGINT
from hires_monthly where raknas_mot_malet group by all
union all
select ar, manad, forvaltning, 'fran_forsorjningsstod', fran_forsorjningsstod, sum(antal)::BIGINT
from hires_monthly where raknas_mot_malet group by all;
