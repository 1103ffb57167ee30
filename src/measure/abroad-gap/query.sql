-- The abroad-gap sample: users of a known origin with a primary position at t (panel), in
-- the measured years. abroad = 1[country of the primary position ≠ origin]. Categories
-- as in the premium model (missing → 'unknown'; role as the panel's integer code, NULL when
-- missing, see premium/query.sql); split keys VARCHAR.
create or replace temp table {{target}} as
select
  p.uid,
  p.origin,
  cast(p.year as varchar) as ykey,
  case when p.country <> p.origin then 1.0 else 0.0 end as abroad,
  case when coalesce(p.is_ai, false) then 1.0 else 0.0 end as ai,
  cast(p.exp_years as double) as exp,
  cast(p.exp_years as double) * cast(p.exp_years as double) as exp2,
  coalesce(cast(p.seniority as varchar), 'unknown') as seniority,
  p.role_code as role,
  coalesce(nullif(trim(cast(p.highest_degree as varchar)), ''), 'unknown') as highest_degree
from panel p
where p.origin is not null
  and p.country is not null
  and p.exp_years is not null
  and p.year in ({{years}})
-- stored by (origin, year), each regression's rows contiguous (as the premium sample)
order by p.origin, p.year
