-- The abroad-gap sample: the rows of {{rows}} (rows.sql) with their controls, fixed before
-- the outcome: role and seniority of the user's home position at t, the last position in
-- the origin country that started by 31 December t (last in (startdate, pid_rank) order),
-- or, when the user never worked there by then, the user's first position. Role and
-- seniority come as the codes of {{levels}} (levels.sql; lv_<effect>, the engine's
-- `encoded` levels): role is the study's role column {{role}} over `positions p`
-- (panel/index.ts attributeColumns), a missing one its own level; a missing seniority is
-- 'unknown'. The degree comes as its code too (lv_highest_degree), and the origin as its
-- code oc (codes.sql): the table holds numbers only (integer codes and flags, exp and w),
-- which cost a fraction of text to write compressed; exp² is made when read (fits.sql).
--
-- Positions are ordered by the packed key k = days(startdate − 0001-01-01) · 2^34 +
-- pid_rank (as the panel's); a sample row at t stands at kt, the largest key of 31
-- December t. One window pass over the sample users' positions gives each position the
-- key of the user's next home position (k_home_next) and its rank. The controls of a
-- user are then disjoint intervals of keys: each home position holds from its k to the
-- next home position's (the last one for ever), and the first position holds from before
-- any key to the first home position's (for ever when there is none). A sample row joins
-- the one interval that holds kt.
--
-- Written a range of users at a time (uids {{ulo}} to {{uhi}}, the ranges of rows.sql;
-- index.ts: `buildAbroadGapSample`): {{write}} is `create or replace table T as` for the
-- first range and `insert into T` for each next one. The window pass and the join of
-- the controls then hold a range's positions and rows, not the whole sample's; the
-- positions are stored by user (ingest), so a range's read skips the others' row groups,
-- as does the read of a range of {{rows}}.
--
-- A table of the study's database, not a TEMP table: the database's tables are stored
-- compressed (sorted runs of country and year, small integer codes), TEMP tables are not,
-- and at ten million people an uncompressed sample outgrows the memory limit and spills.
-- On PostgreSQL it is a TEMP table (src/db/dialect.ts). The stage drops it when done.
{{write}}
with pos as (
  -- the positions of the sample's users; home: in the user's origin (a user has one origin)
  select p.uid,
         coalesce(r.code, (select code from {{levels}} where eff = 'role' and v is null)) as lv_role,
         coalesce(sn.code, (select code from {{levels}} where eff = 'seniority' and v = 'unknown')) as lv_seniority,
         (p.startdate - date '0001-01-01')::bigint * 17179869184 + p.pid_rank as k,
         case when p.country = u.origin then 1 else 0 end as home
  from positions p
  join {{users}} u on u.uid = p.uid
  left join (select v, code from {{levels}} where eff = 'role') r on r.v = {{role}}::varchar
  left join (select iv, code from {{levels}} where eff = 'seniority' and iv is not null) sn on sn.iv = p.seniority
  where p.startdate is not null
    and p.uid between {{ulo}} and {{uhi}}
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
  o.code as oc,
  s.year,
  s.abroad,
  s.ai,
  s.exp,
  -- (a row without a control, were there one, would have a missing seniority and role)
  coalesce(c.lv_seniority, (select code from {{levels}} where eff = 'seniority' and v = 'unknown')) as lv_seniority,
  coalesce(c.lv_role, (select code from {{levels}} where eff = 'role' and v is null)) as lv_role,
  d.code as lv_highest_degree,
  s.w
from (
  select uid, origin, year, abroad, ai, exp, highest_degree, w,
         (make_date(year, 12, 31) - date '0001-01-01')::bigint * 17179869184 + 17179869183 as kt
  from {{rows}}
  where uid between {{ulo}} and {{uhi}}
) as s
-- every origin and degree has its code: left joins keep the planner's count of these rows
-- (an inner join with a small table would shrink it), so it hashes the controls, not them
left join (select v, code from {{levels}} where eff = 'origin') o on o.v = s.origin
left join (select v, code from {{levels}} where eff = 'highest_degree') d on d.v = s.highest_degree
-- comparisons only (no OR): the engines hash on uid and check the interval per match.
-- No ORDER BY: the engine's and counts.sql's sums are exact (order-independent).
left join controls c on c.uid = s.uid and s.kt >= c.k and s.kt < c.k_next
