-- The level codes of the abroad-gap model's seniority and role effects (the engine's
-- `encoded` levels): per effect, each value (v: the text the sample joins on; iv: a
-- seniority as the integer of `positions`), its code (0-based rank in the engine's order
-- of levels: values sorted, NULL last) and its label (the value as the engine writes a
-- level, NA for NULL). The values are every one the sample can hold, a superset of those
-- it does (a code without rows is never a dummy):
--   seniority: every seniority of `positions` as text, and 'unknown' (missing);
--   role: the panel's role codes (`panel_codes`, the sample's role values: integers,
--     sorted as numbers), and NULL (a missing role, its own level); v is the role's name.
create or replace temp table {{levels}} as
select 'seniority' as eff, v, iv, cast(row_number() over (order by v) - 1 as integer) as code, v as label
from (
  select distinct coalesce(cast(seniority as varchar), 'unknown') as v, seniority as iv from positions
  union
  select 'unknown', null
) as x
union all
select 'role', v, null, cast(row_number() over (order by c nulls last) - 1 as integer), coalesce(cast(c as varchar), 'NA')
from (select v, code as c from panel_codes where dim = 'role' union all select null, null) as x
