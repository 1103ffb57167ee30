-- skills-holders.sql with --skill-dating first-reported: {{holders}}(uid, skill, since, sk),
-- the AI skills of the premium sample's users {{sample}} with the date each was first
-- reported (a user holds it in year t when since <= 31 December t, skills-shared-dated.sql)
-- and the skill's code sk (its 1-based rank in sort order, as skills-holders.sql's);
-- {{skills}}(skill, sk), the skills held in some sample row's year; {{ykeys}}(lv_year_fe,
-- ykey), the sample's year codes and years.
--
-- TEMP tables: small beside the design, and their exact row counts let the planner hash
-- them, not the sample's rows. The codes are numbered on the distinct skills (a
-- dictionary), not over the holders' rows; h is materialized: read twice (its skills, its
-- rows), its semi-join with the sample runs once.
create or replace temp table {{holders}} as
with h as materialized (
  select a.uid, cast(a.skill as varchar) as skill, a.since
  from ai_skills a
  where a.skill is not null and a.uid in (select uid from {{sample}})
), k as (
  select skill, cast(row_number() over (order by skill) as integer) as sk
  from (select distinct skill from h) as d
)
select h.uid, h.skill, h.since, k.sk
from h join k on k.skill = h.skill;

create or replace temp table {{skills}} as
select distinct k.skill, k.sk
from {{sample}} s join {{holders}} k on k.uid = s.uid and k.since <= make_date(cast(s.ykey as integer), 12, 31);

create or replace temp table {{ykeys}} as
select distinct lv_year_fe, ykey from {{sample}}
