-- individual_user_skills.csv: the skills of the persons written.
select s.user_id, s.skill_raw from sv_skill s semi join sv_person p on p.user_id = s.user_id
order by s.user_id, s.skill_raw
