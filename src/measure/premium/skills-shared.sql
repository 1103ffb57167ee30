-- Skill-premium design for the engine's shared mode (estimateBy `shared`), the rows of the
-- countries {{lo}} to {{hi}} of the premium sample: the rows of users holding skill k (holds = 1)
-- with skill = k; the non-AI users holding no AI skill once, with skill NULL — they belong
-- to every skill's sample of their country (and year), which the engine handles without
-- copying them; and the few non-AI users holding some AI skill but not k (possible when
-- min_ai_skills > 1), copied per skill they lack. Holders and skills: skills-holders.sql.
-- Of the sample's columns only what the skill families read (split keys, y, x's, weight,
-- clusters, the effects' level codes), not the effects' values: a narrower table to build
-- and sort (the absorbed check reads the codes).
--
-- A run of consecutive countries per statement (skills-design.sql appends the runs in
-- country order), sorted by country, year code and skill: each sort holds a part of the
-- design's rows, not all of them. The sort's key for the skill is its code sk (0 for the
-- rows without a skill, which come first): an integer in the order of the skill's text
-- costs the sort less than the text; sk is not written (skills-design.sql).
select * from (
select s.uid, s.country, s.ln_salary, s.exp, s.w, s.cluster, s.lv_seniority, s.lv_role, s.lv_industry, s.lv_highest_degree, s.lv_start_year, s.lv_year_fe, h.skill, 1.0 as holds, h.sk
from {{sample}} s join {{holders}} h on h.uid = s.uid
where s.country between {{lo}} and {{hi}}
union all
select s.uid, s.country, s.ln_salary, s.exp, s.w, s.cluster, s.lv_seniority, s.lv_role, s.lv_industry, s.lv_highest_degree, s.lv_start_year, s.lv_year_fe, NULL::VARCHAR as skill, 0.0 as holds, 0 as sk
from {{sample}} s
where s.country between {{lo}} and {{hi}} and s.ai = 0 and not exists (select 1 from {{holders}} h where h.uid = s.uid)
union all
select s.uid, s.country, s.ln_salary, s.exp, s.w, s.cluster, s.lv_seniority, s.lv_role, s.lv_industry, s.lv_highest_degree, s.lv_start_year, s.lv_year_fe, k.skill, 0.0 as holds, k.sk
from {{sample}} s cross join {{skills}} k
where s.country between {{lo}} and {{hi}} and s.ai = 0 and s.uid in (select uid from {{holders}})
  and not exists (select 1 from {{holders}} h where h.uid = s.uid and h.skill = k.skill)
) as d -- stored by cell, as the sample (query.sql): each regression's rows contiguous
order by country, lv_year_fe, sk
