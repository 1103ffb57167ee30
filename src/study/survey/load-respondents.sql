-- One row per respondent of an ingested survey folder ({{positions}}, {{users}}: its
-- individual_positions.csv and individual_user.csv) and the so-ml subfields each holds.
create or replace table sv_sub as
select distinct s.user_id, m.subfield
from sv_skills s
join sv_match m using (skill_raw);

create or replace table sv as
select
  p.user_id,
  p.country,
  try_cast(p.salary_usd as double) as salary_usd,
  try_cast(p.salary as double) as salary_ppp,
  try_cast(p.years_exp as double) as exp_raw,
  coalesce(p.role_k50, 'unknown') as role,
  coalesce(u.highest_degree, 'unknown') as degree,
  coalesce(p.org_size, 'unknown') as org_size,
  coalesce(p.remote_work, 'unknown') as remote_work
from read_csv({{positions}}, header = true, all_varchar = true) p
left join read_csv({{users}}, header = true, all_varchar = true) u using (user_id);
