-- The codes of the sample rows' origins and degrees ({{rows}}, rows.sql), added to the
-- levels table {{levels}} (levels.sql): per value its code, the 0-based rank in sort order
-- (for the degree, the engine's order of levels: its `encoded` codes; never NULL here),
-- and its label, the value. One grouped pass over the rows.
insert into {{levels}} (eff, v, iv, code, label)
select eff, v, null, cast(row_number() over (partition by eff order by v) - 1 as integer), v
from (
  select case when grouping(origin) = 0 then 'origin' else 'highest_degree' end as eff,
         coalesce(origin, highest_degree) as v
  from {{rows}}
  group by grouping sets ((origin), (highest_degree))
) as d
