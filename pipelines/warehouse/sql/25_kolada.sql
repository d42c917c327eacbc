-- Kolada: the latest pull's value per (kpi, municipality, year, gender).
CREATE OR REPLACE VIEW kolada_current AS
select kpi, kommun_id, ar, kon, varde, status, hamtning_id
from kolada_varde
qualify row_number() over (partition by kpi, kommun_id, ar, kon order by hamtning_id desc) = 1;
