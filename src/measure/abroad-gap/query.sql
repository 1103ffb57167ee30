-- The abroad-gap sample: the rows of {{rows}} (rows.sql) with the controls fixed before the
-- outcome, role and seniority of the user's home position at t: the last position in the
-- origin country that started by 31 December t (last in (startdate, pid_rank) order), or,
-- when the user never worked there by then, the user's first position. The fixed effects
-- come as the codes of {{levels}} (levels.sql; lv_<effect>, the engine's `encoded`
-- levels): role is the study's role column {{role}} over `positions p` (panel/index.ts
-- attributeColumns), a missing one its own level; a missing seniority is 'unknown'. Split
-- keys VARCHAR.
--
-- One window pass over the sample users' positions, ordered by the packed key
-- k = days(startdate − 0001-01-01) · 2^34 + pid_rank (as the panel's), gives each
-- position the start year of the user's next home position (y_home_next) and its rank.
-- A home position that started in year y0 is the home position at t for the years
-- y0 … y_home_next − 1 (none when the next one starts the same year), the first position
-- for the years before the first home position's start: the controls of a user are
-- disjoint runs of years. Each run, cut to the years between the user's first and last
-- sample year, is unrolled into one row per year, which the sample joins on (uid, year):
-- an equality join, one match per row.
create or replace temp table {{target}} as
with u as (
  -- the sample's users: origin (one per user) and their first and last sample year
  select uid, min(origin) as origin, min(year) as y_lo, max(year) as y_hi
  from {{rows}}
  group by uid
), pos as (
  -- the positions of the sample's users; home: in the user's origin
  select p.uid,
         coalesce(r.code, (select code from {{levels}} where eff = 'role' and v is null)) as lv_role,
         coalesce(sn.code, (select code from {{levels}} where eff = 'seniority' and v = 'unknown')) as lv_seniority,
         u.y_lo, u.y_hi,
         (p.startdate - date '0001-01-01')::bigint * 17179869184 + p.pid_rank as k,
         cast(extract(year from p.startdate) as integer) as y0,
         case when p.country = u.origin then 1 else 0 end as home
  from positions p
  join u on u.uid = p.uid
  left join (select v, code from {{levels}} where eff = 'role') r on r.v = {{role}}::varchar
  left join (select v, code from {{levels}} where eff = 'seniority') sn on sn.v = cast(p.seniority as varchar)
  where p.startdate is not null
), marked as (
  select uid, lv_role, lv_seniority, home, y0, y_lo, y_hi,
         min(case when home = 1 then y0 end) over (partition by uid order by k rows between 1 following and unbounded following) as y_home_next,
         row_number() over (partition by uid order by k) as rn
  from pos
), controls as (
  -- each home position, until the year before the next one starts
  select uid, greatest(y0, y_lo) as y_from, least(coalesce(y_home_next - 1, y_hi), y_hi) as y_to, lv_role, lv_seniority
  from marked
  where home = 1
  union all
  -- the first position (a missing role or seniority stays missing), until the year before the first home position starts
  select uid, y_lo as y_from, least(coalesce(case when home = 1 then y0 else y_home_next end - 1, y_hi), y_hi) as y_to, lv_role, lv_seniority
  from marked
  where rn = 1
), by_year as (
  select uid, cast(unnest(generate_series(y_from, y_to)) as integer) as year, lv_role, lv_seniority
  from controls
  where y_from <= y_to
)
select
  s.uid,
  s.origin,
  cast(s.year as varchar) as ykey,
  s.abroad,
  s.ai,
  s.exp,
  s.exp * s.exp as exp2,
  s.w,
  -- (a row without a control, were there one, would have a missing seniority and role)
  coalesce(c.lv_seniority, (select code from {{levels}} where eff = 'seniority' and v = 'unknown')) as lv_seniority,
  coalesce(c.lv_role, (select code from {{levels}} where eff = 'role' and v is null)) as lv_role,
  d.code as lv_highest_degree
from {{rows}} s
-- No ORDER BY: the engine's and counts.sql's sums are exact (order-independent).
left join by_year c on c.uid = s.uid and c.year = s.year
join (select v, code from {{levels}} where eff = 'highest_degree') d on d.v = s.highest_degree
