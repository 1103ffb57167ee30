-- One `DevType: <type>` marker skill per developer type a respondent chose.
select user_id, 'DevType: ' || trim(unnest(string_split(devtype, ';'))) as skill_raw from so_person where country is not null and devtype is not null
