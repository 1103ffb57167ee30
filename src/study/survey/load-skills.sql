-- The skill rows of one ingested survey folder ({{file}}: its individual_user_skills.csv).
create or replace table sv_skills as
select user_id, skill_raw
from read_csv({{file}}, header = true, all_varchar = true);

create or replace table sv_match (skill_raw varchar, subfield varchar);
