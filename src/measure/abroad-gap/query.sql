-- The abroad-gap sample: users of a known origin with a primary position at t (panel), in
-- the measured years. abroad = 1[country of the primary position ≠ origin]; w = the
-- primary position's weight. Controls fixed before the outcome: role and seniority of the
-- user's home position at t, the last position in the origin country that started by
-- 31 December t (last in (startdate, pid_rank) order), or, when the user never worked
-- there by then, the user's first position. Role and seniority come as the codes of
-- {{levels}} (levels.sql; lv_<effect>, the engine's `encoded` levels): role is the study's
-- role column {{role}} over `positions p` (panel/index.ts attributeColumns), a missing
-- one its own level; a missing seniority is 'unknown'. Degree as in the premium model
-- (missing → 'unknown'), as text. Split keys VARCHAR.
--
-- Positions are ordered by the packed key k = days(startdate − 0001-01-01) · 2^34 +
-- pid_rank (as the panel's); a sample row at t stands at kt, the largest key of 31
-- December t. One window pass over the sample users' positions gives each position the
-- key of the user's next home position (k_home_next) and its rank. The controls of a
-- user are then disjoint intervals of keys: each home position holds from its k to the
-- next home position's (the last one for ever), and the first position holds from before
-- any key to the first home position's (for ever when there is none). A sample row joins
-- the one interval that holds kt.
-- A table of the study's database, not a TEMP table: the database's tables are stored
-- compressed (sorted runs of country and year, small integer codes), TEMP tables are not,
-- and at ten million people an uncompressed sample outgrows the memory limit and spills.
-- On PostgreSQL it is a TEMP table (src/db/dialect.ts). The stage drops it when done.
create or replace table {{target}} as
with s as materialized (
  select pn.uid, pn.origin, pn.year, pn.country, pn.is_ai, pn.exp_years, pn.highest_degree, pn.weight,
         (make_date(pn.year, 12, 31) - date '0001-01-01')::bigint * 17179869184 + 17179869183 as kt
  from panel pn
  where pn.origin is not null
    and pn.country is not null
    and pn.exp_years is not null
    and pn.year in ({{years}})
), pos as (
  -- the positions of the sample's users; home: in the user's origin (a user has one origin)
  select p.uid,
         coalesce(r.code, (select code from {{levels}} where eff = 'role' and v is null)) as lv_role,
         coalesce(sn.code, (select code from {{levels}} where eff = 'seniority' and v = 'unknown')) as lv_seniority,
         (p.startdate - date '0001-01-01')::bigint * 17179869184 + p.pid_rank as k,
         case when p.country = u.origin then 1 else 0 end as home
  from positions p
  join (select distinct uid, origin from s) u on u.uid = p.uid
  left join (select v, code from {{levels}} where eff = 'role') r on r.v = {{role}}::varchar
  left join (select iv, code from {{levels}} where eff = 'seniority' and iv is not null) sn on sn.iv = p.seniority
  where p.startdate is not null
), marked as (
  select uid, k, lv_role, lv_seniority, home,
         min(case when home = 1 then k end) over (partition by uid order by k rows between 1 following and unbounded following) as k_home_next,
         row_number() over (partition by uid order by k) as rn
  from pos
), controls as (
  -- the home positions, each until the next one
  select uid, k, coalesce(k_home_next, 9223372036854775807) as k_next, lv_role, lv_seniority
  from marked
  where home = 1
  union all
  -- the first position (a missing role or seniority stays missing), until the first home position
  select uid, -1 as k, coalesce(case when home = 1 then k else k_home_next end, 9223372036854775807) as k_next, lv_role, lv_seniority
  from marked
  where rn = 1
)
select
  s.uid,
  s.origin,
  cast(s.year as varchar) as ykey,
  case when s.country <> s.origin then 1.0 else 0.0 end as abroad,
  case when coalesce(s.is_ai, false) then 1.0 else 0.0 end as ai,
  cast(s.exp_years as double) as exp,
  cast(s.exp_years as double) * cast(s.exp_years as double) as exp2,
  -- (a row without a control, were there one, would have a missing seniority and role)
  coalesce(c.lv_seniority, (select code from {{levels}} where eff = 'seniority' and v = 'unknown')) as lv_seniority,
  coalesce(c.lv_role, (select code from {{levels}} where eff = 'role' and v is null)) as lv_role,
  coalesce(nullif(trim(cast(s.highest_degree as varchar)), ''), 'unknown') as highest_degree,
  cast(coalesce(s.weight, 1.0) as double) as w
from s
-- comparisons only (no OR): the engines hash on uid and check the interval per match.
-- No ORDER BY: the engine's and counts.sql's sums are exact (order-independent).
left join controls c on c.uid = s.uid and s.kt >= c.k and s.kt < c.k_next
