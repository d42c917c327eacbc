-- Current Socialstyrelsen cells: the version of each cell that nothing has replaced
-- (slice keys as in 15_sos_manad.sql), with the extraction date of the export it came from.

CREATE OR REPLACE VIEW sos_manad_current AS
with current_slices as (
    select ingest_id, slice_key, stored_at
    from slice_version
    where kind = 'sos_manad' and replaced_by is null
)
select v.matt, v.region, v.kategori, v.manad, v.varde, v.status,
       v.ingest_id, s.stored_at, f.uttagsdatum
from sos_manad_version v
join current_slices s
  on s.ingest_id = v.ingest_id
 and s.slice_key = 'matt=' || v.matt || ';region=' || v.region || ';kategori=' || v.kategori
                   || ';manad=' || strftime(v.manad, '%Y-%m')
left join sos_manad_fil f on f.ingest_id = v.ingest_id;

-- Kolada: the latest pull's value per (kpi, municipality, year, gender).
CREATE OR REPLACE VIEW kolada_current AS
select kpi, kommun_id, ar, kon, varde, status, hamtning_id
from kolada_varde
qualify row_number() over (partition by kpi, kommun_id, ar, kon order by hamtning_id desc) = 1;
