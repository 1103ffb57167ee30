-- skills-shared.sql with --skill-dating first-reported (a separate query so that the
-- default design keeps its plan and row order). Skill-premium design for the engine's
-- shared mode (estimateBy `shared`): the rows of
-- users holding skill k (holds = 1) with skill = k; the non-AI users holding no AI skill
-- once, with skill NULL — they belong to every skill's sample of their country (and year),
-- which the engine handles without copying them; and the few non-AI users holding some AI
-- skill but not k (possible when min_ai_skills > 1), copied per skill they lack (of the
-- sample's columns those skills-shared.sql keeps, ykey and exp2 made after the sort as
-- there). A user
-- holds a skill in year t from its `since` on (ai_skills.since <= 31 December t): `held`
-- is per sample row (uid, year).
-- A table of the study's database, not a TEMP table: the database's tables are stored
-- compressed (sorted runs of country and year, small integer codes), TEMP tables are not,
-- and at ten million people an uncompressed sample outgrows the memory limit and spills.
-- On PostgreSQL it is a TEMP table (src/db/dialect.ts). The stage drops it when done.
create or replace table {{target}} as
select
  r.uid, r.country,
  -- ykey from its code (lv_year_fe: the rank of year_fe, which equals ykey), exp2 from exp
  (select array_agg(y.ykey order by y.lv_year_fe) from (select distinct lv_year_fe, ykey from {{sample}}) as y)[r.lv_year_fe + 1] as ykey,
  r.ln_salary, r.exp, r.exp * r.exp as exp2, r.w, r.cluster,
  r.lv_seniority, r.lv_role, r.lv_industry, r.lv_highest_degree, r.lv_start_year, r.lv_year_fe,
  r.skill, r.holds
from (
select * from (
with skills_of as (
  select a.uid, cast(a.skill as varchar) as skill, a.since
  from ai_skills a
  where a.skill is not null and a.uid in (select uid from {{sample}})
),
held as (
  select s.uid, s.ykey, k.skill
  from {{sample}} s join skills_of k on k.uid = s.uid and k.since <= make_date(cast(s.ykey as integer), 12, 31)
),
skills as (select distinct skill from held)
select s.uid, s.country, s.ln_salary, s.exp, s.w, s.cluster, s.lv_seniority, s.lv_role, s.lv_industry, s.lv_highest_degree, s.lv_start_year, s.lv_year_fe, h.skill, 1.0 as holds
from {{sample}} s join held h on h.uid = s.uid and h.ykey = s.ykey
union all
select s.uid, s.country, s.ln_salary, s.exp, s.w, s.cluster, s.lv_seniority, s.lv_role, s.lv_industry, s.lv_highest_degree, s.lv_start_year, s.lv_year_fe, NULL::VARCHAR as skill, 0.0 as holds
from {{sample}} s
where s.ai = 0 and not exists (select 1 from held h where h.uid = s.uid and h.ykey = s.ykey)
union all
select s.uid, s.country, s.ln_salary, s.exp, s.w, s.cluster, s.lv_seniority, s.lv_role, s.lv_industry, s.lv_highest_degree, s.lv_start_year, s.lv_year_fe, k.skill, 0.0 as holds
from {{sample}} s cross join skills k
where s.ai = 0 and exists (select 1 from held h where h.uid = s.uid and h.ykey = s.ykey)
  and not exists (select 1 from held h2 where h2.uid = s.uid and h2.ykey = s.ykey and h2.skill = k.skill)
) as d -- stored by cell, as the sample (query.sql): each regression's rows contiguous
order by country, lv_year_fe, skill nulls first
) as r
