-- Classification of users from the (string → canonical skill) mapping built in TypeScript.
-- {{column}}: the skills column matched; {{min_ai_skills}}: the AI-skilled threshold;
-- {{ai_skills}}, {{users_ai}}: the tables written (the study's ai_skills and users_ai, or a variant's).
create or replace table {{ai_skills}} as
select distinct k.uid, m.skill, m.subfield
from skills k
join tf_skill_map m on k.{{column}} = m.s
order by k.uid, m.skill;

create or replace table {{users_ai}} as
select
  u.uid,
  coalesce(a.n, 0)::INTEGER as n_ai_skills,
  coalesce(a.n, 0) >= {{min_ai_skills}} as is_ai,
  case when coalesce(a.n, 0) >= {{min_ai_skills}} then 'ai' else 'non_ai' end as grp
from users u
left join (select uid, count(*) as n from {{ai_skills}} group by uid) a on a.uid = u.uid
order by u.uid;

drop table if exists tf_skill_map;
