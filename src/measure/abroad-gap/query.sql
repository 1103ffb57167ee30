-- The abroad-gap sample: users of a known origin with a primary position at t (panel), in
-- the measured years. abroad = 1[country of the primary position ≠ origin]; w = the
-- primary position's weight. Controls fixed before the outcome: role and seniority of the
-- user's home position at t, the last position in the origin country that started by
-- 31 December t (last in (startdate, pid_rank) order), or, when the user never worked
-- there by then, the user's first position. Categories as in the premium model (missing
-- seniority or degree → 'unknown'; role as the panel's integer code of panel_codes, NULL
-- when missing, see premium/query.sql); split keys VARCHAR. {{role}} is the study's role
-- column over `positions p` (panel/index.ts attributeColumns).
--
-- The home position is found on the packed order key k = days(startdate − 0001-01-01) ·
-- 2^34 + pid_rank (as the panel's): among the user's positions in the origin, the one with
-- the largest k at or before the end of 31 December t. Each such position holds from its k
-- to the next one's (lead; the last one for ever), so a sample row joins at most one of them.
create or replace temp table {{target}} as
with s as materialized (
  select pn.uid, pn.origin, pn.year, pn.country, pn.is_ai, pn.exp_years, pn.highest_degree, pn.weight,
         (make_date(pn.year, 12, 31) - date '0001-01-01')::bigint * 17179869184 + 17179869183 as kt
  from panel pn
  where pn.origin is not null
    and pn.country is not null
    and pn.exp_years is not null
    and pn.year in ({{years}})
), pos as materialized (
  select p.uid, p.country, p.seniority, r.code as rc,
         (p.startdate - date '0001-01-01')::bigint * 17179869184 + p.pid_rank as k
  from positions p
  left join (select v, code from panel_codes where dim = 'role') r on r.v = {{role}}::varchar
), first_pos as (
  -- the role and seniority of the user's first position (NULL ones stay NULL)
  select uid, rc, seniority as sen
  from (select uid, rc, seniority, row_number() over (partition by uid order by k) as rn from pos where k is not null) as f
  where rn = 1
), home_pos as (
  -- the positions in the user's origin (a user has one origin), each with the next one's key
  select h.uid, h.k, coalesce(lead(h.k) over (partition by h.uid order by h.k), 9223372036854775807) as k_next, h.rc, h.seniority
  from pos h
  join (select distinct uid, origin from s) o on o.uid = h.uid and o.origin = h.country
  where h.k is not null
)
select
  s.uid,
  s.origin,
  cast(s.year as varchar) as ykey,
  case when s.country <> s.origin then 1.0 else 0.0 end as abroad,
  case when coalesce(s.is_ai, false) then 1.0 else 0.0 end as ai,
  cast(s.exp_years as double) as exp,
  cast(s.exp_years as double) * cast(s.exp_years as double) as exp2,
  coalesce(cast(case when h.uid is not null then h.seniority else f.sen end as varchar), 'unknown') as seniority,
  case when h.uid is not null then h.rc else f.rc end as role,
  coalesce(nullif(trim(cast(s.highest_degree as varchar)), ''), 'unknown') as highest_degree,
  cast(coalesce(s.weight, 1.0) as double) as w
from s
-- comparisons only (no OR): the engines hash on uid and check the interval per match
left join home_pos h on h.uid = s.uid and s.kt >= h.k and s.kt < h.k_next
left join first_pos f on f.uid = s.uid
-- stored by (origin, year), each regression's rows contiguous (as the premium sample), and
-- by uid within, so that the order (and the floating-point sums) are the same every run
order by s.origin, s.year, s.uid
