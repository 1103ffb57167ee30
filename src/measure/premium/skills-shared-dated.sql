-- skills-shared.sql with --skill-dating first-reported (a separate query so that the
-- default design keeps its plan and row order). Skill-premium design for the engine's
-- shared mode (estimateBy `shared`), the rows of the countries {{lo}} to {{hi}} of the
-- premium sample: the rows of users holding skill k (holds = 1) with skill = k; the non-AI users
-- holding no AI skill once, with skill NULL — they belong to every skill's sample of their
-- country (and year), which the engine handles without copying them; and the few non-AI
-- users holding some AI skill but not k (possible when min_ai_skills > 1), copied per
-- skill they lack (of the sample's columns those skills-shared.sql keeps; skills-design.sql
-- makes the table). A user holds a skill in year t from its `since` on (since <= 31
-- December t; the skills and their dates: skills-holders-dated.sql): `held` is per sample
-- row (uid, year). A run of countries per statement, sorted by country,
-- year code and skill (by its code sk, as skills-shared.sql).
select * from (
with held as (
  select s.uid, s.ykey, k.skill, k.sk
  from {{sample}} s join {{holders}} k on k.uid = s.uid and k.since <= make_date(cast(s.ykey as integer), 12, 31)
  where s.country between {{lo}} and {{hi}}
)
select s.uid, s.country, s.ln_salary, s.exp, s.w, s.cluster, s.lv_seniority, s.lv_role, s.lv_industry, s.lv_highest_degree, s.lv_start_year, s.lv_year_fe, h.skill, 1.0 as holds, h.sk
from {{sample}} s join held h on h.uid = s.uid and h.ykey = s.ykey
where s.country between {{lo}} and {{hi}}
union all
select s.uid, s.country, s.ln_salary, s.exp, s.w, s.cluster, s.lv_seniority, s.lv_role, s.lv_industry, s.lv_highest_degree, s.lv_start_year, s.lv_year_fe, NULL::VARCHAR as skill, 0.0 as holds, 0 as sk
from {{sample}} s
where s.country between {{lo}} and {{hi}} and s.ai = 0 and not exists (select 1 from held h where h.uid = s.uid and h.ykey = s.ykey)
union all
select s.uid, s.country, s.ln_salary, s.exp, s.w, s.cluster, s.lv_seniority, s.lv_role, s.lv_industry, s.lv_highest_degree, s.lv_start_year, s.lv_year_fe, k.skill, 0.0 as holds, k.sk
from {{sample}} s cross join {{skills}} k
where s.country between {{lo}} and {{hi}} and s.ai = 0 and exists (select 1 from held h where h.uid = s.uid and h.ykey = s.ykey)
  and not exists (select 1 from held h2 where h2.uid = s.uid and h2.ykey = s.ykey and h2.skill = k.skill)
) as d -- stored by cell, as the sample (query.sql): each regression's rows contiguous
order by country, lv_year_fe, sk
