-- skills-holders.sql with --skill-dating first-reported: {{holders}}(uid, skill, since, sk),
-- the AI skills of the premium sample's users {{sample}} with the date each was first
-- reported (a user holds it in year t when since <= 31 December t, skills-shared-dated.sql)
-- and the skill's code sk (its 1-based rank in sort order, as skills-holders.sql's);
-- {{skills}}(skill, sk), the skills held in some sample row's year; {{ykeys}}(lv_year_fe,
-- ykey), the sample's year codes and years.
--
-- TEMP tables: small beside the design, and their exact row counts let the planner hash
-- them, not the sample's rows.
create or replace temp table {{holders}} as
select a.uid, cast(a.skill as varchar) as skill, a.since, cast(dense_rank() over (order by cast(a.skill as varchar)) as integer) as sk
from ai_skills a
where a.skill is not null and a.uid in (select uid from {{sample}});

create or replace temp table {{skills}} as
select distinct k.skill, k.sk
from {{sample}} s join {{holders}} k on k.uid = s.uid and k.since <= make_date(cast(s.ykey as integer), 12, 31);

create or replace temp table {{ykeys}} as
select distinct lv_year_fe, ykey from {{sample}}
