-- sv_skill from the skill selects parts (the so-skill-*.sql fragments, `union all`).
create or replace temp table sv_skill as
select distinct user_id, skill_raw from ({{parts}}) where skill_raw <> '' and skill_raw <> 'NA'
