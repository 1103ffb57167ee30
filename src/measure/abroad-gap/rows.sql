-- The abroad-gap sample's rows, before their controls (query.sql): users of a known origin
-- with a primary position at t (panel), in the measured years, one row per user and year.
-- abroad = 1[country of the primary position ≠ origin], ai = 1[AI-skilled in t] (0/1
-- integers); exp = the panel's experience in years; w = the primary position's weight;
-- highest_degree as in the premium model (missing → 'unknown').
--
-- Written a range of users at a time (uids {{ulo}} to {{uhi}}; index.ts:
-- `buildAbroadGapSample`): {{write}} is `create or replace temp table T as` for the first
-- range and `insert into T` for each next one, so that no statement joins the whole
-- panel and the table's rows come by range (query.sql's read of one range skips the
-- others' row groups). A TEMP table, read three times (its users, users.sql, the codes
-- of origin and degree, codes.sql, and the sample's rows, query.sql, a range at a time):
-- the panel view's join runs once, and the text of origin and degree is never written to
-- the compressed sample. Its users, each with the origin, are a TEMP table of their own
-- {{users}}: their positions give the controls, and the table's exact row count lets the
-- planner hash the users, not the positions.
{{write}}
select
  pn.uid,
  pn.origin,
  pn.year,
  case when pn.country <> pn.origin then 1 else 0 end as abroad,
  case when coalesce(pn.is_ai, false) then 1 else 0 end as ai,
  cast(pn.exp_years as double) as exp,
  coalesce(nullif(trim(cast(pn.highest_degree as varchar)), ''), 'unknown') as highest_degree,
  cast(coalesce(pn.weight, 1.0) as double) as w
from panel pn
where pn.origin is not null
  and pn.country is not null
  and pn.exp_years is not null
  and pn.year in ({{years}})
  and pn.uid between {{ulo}} and {{uhi}};
