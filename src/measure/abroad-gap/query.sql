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
-- The home position is found with an ASOF join on the packed order key
-- k = days(startdate − 0001-01-01) · 2^34 + pid_rank (as the panel's): the position of the
-- user in the origin with the largest k at or before the end of day 31 December t.
create or replace temp table {{target}} as
with s as (
  select pn.uid, pn.origin, pn.year, pn.country, pn.is_ai, pn.exp_years, pn.highest_degree, pn.weight,
         (make_date(pn.year, 12, 31) - date '0001-01-01')::bigint * 17179869184 + 17179869183 as kt
  from panel pn
  where pn.origin is not null
    and pn.country is not null
    and pn.exp_years is not null
    and pn.year in ({{years}})
), pos as (
  select p.uid, p.country, p.seniority, r.code as rc,
         (p.startdate - date '0001-01-01')::bigint * 17179869184 + p.pid_rank as k
  from positions p
  left join (select v, code from panel_codes where dim = 'role') r on r.v = {{role}}::varchar
  where p.uid in (select uid from s)
), first_pos as (
  select uid, arg_min(struct_pack(rc := rc, sen := seniority), k) as c
  from pos
  group by uid
), home as (
  select s.uid, s.year, struct_pack(rc := h.rc, sen := h.seniority) as c
  from s asof join pos h on h.uid = s.uid and h.country = s.origin and s.kt >= h.k
)
select
  s.uid,
  s.origin,
  cast(s.year as varchar) as ykey,
  case when s.country <> s.origin then 1.0 else 0.0 end as abroad,
  case when coalesce(s.is_ai, false) then 1.0 else 0.0 end as ai,
  cast(s.exp_years as double) as exp,
  cast(s.exp_years as double) * cast(s.exp_years as double) as exp2,
  coalesce(cast(coalesce(h.c, f.c).sen as varchar), 'unknown') as seniority,
  coalesce(h.c, f.c).rc as role,
  coalesce(nullif(trim(cast(s.highest_degree as varchar)), ''), 'unknown') as highest_degree,
  cast(coalesce(s.weight, 1.0) as double) as w
from s
left join home h on h.uid = s.uid and h.year = s.year
left join first_pos f on f.uid = s.uid
-- stored by (origin, year), each regression's rows contiguous (as the premium sample)
order by s.origin, s.year, s.uid
