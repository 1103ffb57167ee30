-- Classification of users from the (string → canonical skill) mapping built in TypeScript.
-- {{column}}: the skills column matched; {{min_ai_skills}}: the AI-skilled threshold;
-- {{since}}: the date a skill row counts from (DATE '0001-01-01' when AI status is timeless;
-- the row's first_reported with --skill-dating first-reported, an undated row 0001-01-01);
-- {{ai_skills}}, {{users_ai}}: the tables written (the study's ai_skills and users_ai, or a variant's).
create or replace table {{ai_skills}} as
select k.uid, m.skill, m.subfield, min({{since}}) as since
from skills k
join tf_skill_map m on k.{{column}} = m.s
group by k.uid, m.skill, m.subfield
order by k.uid, m.skill collate "C";

-- ai_since: the since of the user's {{min_ai_skills}}-th distinct AI skill in date order
-- (NULL when the user has fewer); is_ai / grp: AI-skilled at some time.
create or replace table {{users_ai}} as
select
  u.uid,
  cast(coalesce(a.n, 0) as INTEGER) as n_ai_skills,
  coalesce(a.n, 0) >= {{min_ai_skills}} as is_ai,
  case when coalesce(a.n, 0) >= {{min_ai_skills}} then 'ai' else 'non_ai' end as grp,
  case when coalesce(a.n, 0) >= {{min_ai_skills}} then a.dates[{{min_ai_skills}}] end as ai_since
from users u
left join (select uid, count(*) as n, array_agg(since order by since) as dates from {{ai_skills}} group by uid) a on a.uid = u.uid
order by u.uid;

drop table if exists tf_skill_map;
