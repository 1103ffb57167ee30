-- A survey year without skill columns: an empty sv_skill.
create or replace temp table sv_skill (user_id varchar, skill_raw varchar)
