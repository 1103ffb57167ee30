-- The skill holders of the shared skill design (skills-shared.sql), read by each country's
-- statement: {{holders}}(uid, skill, sk), every AI skill held by a user of the premium
-- sample {{sample}}, once, with the skill's code sk (its 1-based rank in sort order: the
-- design sorts by sk, an integer, in the skills' order); {{skills}}(skill, sk), the skills
-- held; {{ykeys}}(lv_year_fe, ykey), the sample's year codes and years (skills-design.sql
-- makes ykey from the code).
--
-- TEMP tables: small beside the design (a row per holder and skill), and their exact row
-- counts let the planner hash them, not the sample's rows. The codes are numbered on the
-- distinct skills (a dictionary), not over the holders' rows; h is materialized: read
-- twice (its skills, its rows), its semi-join with the sample runs once.
create or replace temp table {{holders}} as
with h as materialized (
  select distinct a.uid, cast(a.skill as varchar) as skill
  from ai_skills a
  where a.skill is not null and a.uid in (select uid from {{sample}})
), k as (
  select skill, cast(row_number() over (order by skill) as integer) as sk
  from (select distinct skill from h) as d
)
select h.uid, h.skill, k.sk
from h join k on k.skill = h.skill;

create or replace temp table {{skills}} as
select distinct skill, sk from {{holders}};

create or replace temp table {{ykeys}} as
select distinct lv_year_fe, ykey from {{sample}}
