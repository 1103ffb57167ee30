-- Skill-premium design, stacked over skills: for each canonical AI skill k held by someone
-- in the premium sample, the rows of users holding k (holds = 1) and of non-AI users not
-- holding k (holds = 0). One estimateBy over (country, year, skill) then fits every
-- skill premium in one pass. With min_ai_skills > 1 a non-AI user may hold k; they count
-- as holders (the regressor is 1[holds k]). The bulk (non-AI users holding no AI skill)
-- is a plain cross join; only the few non-AI holders need the anti join.
create or replace temp table {{target}} as
with holders as (
  select distinct a.uid, cast(a.skill as varchar) as skill
  from ai_skills a
  where a.skill is not null and a.uid in (select uid from {{sample}})
),
skills as (select distinct skill from holders)
select s.*, h.skill, 1.0 as holds
from {{sample}} s join holders h on h.uid = s.uid
union all
select s.*, k.skill, 0.0 as holds
from {{sample}} s cross join skills k
where s.ai = 0 and s.uid not in (select uid from holders)
union all
select s.*, k.skill, 0.0 as holds
from {{sample}} s cross join skills k
  anti join holders h on h.uid = s.uid and h.skill = k.skill
where s.ai = 0 and s.uid in (select uid from holders)
