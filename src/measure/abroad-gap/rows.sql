-- The abroad-gap sample's rows (query.sql adds the controls): users of a known origin with
-- a primary position at t (panel), in the measured years; one read of the panel.
-- abroad = 1[country of the primary position ≠ origin]; w = the primary position's weight
-- (missing → 1); a missing or blank degree is 'unknown', as in the premium model.
create or replace temp table {{rows}} as
select
  pn.uid,
  pn.origin,
  pn.year,
  case when pn.country <> pn.origin then 1.0 else 0.0 end as abroad,
  case when coalesce(pn.is_ai, false) then 1.0 else 0.0 end as ai,
  cast(pn.exp_years as double) as exp,
  coalesce(nullif(trim(cast(pn.highest_degree as varchar)), ''), 'unknown') as highest_degree,
  cast(coalesce(pn.weight, 1.0) as double) as w
from panel pn
where pn.origin is not null
  and pn.country is not null
  and pn.exp_years is not null
  and pn.year in ({{years}})
