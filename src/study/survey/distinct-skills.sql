-- Distinct skill names of the survey, for the taxonomy matcher (in TypeScript).
select distinct skill_raw as s
from sv_skills
where skill_raw is not null
order by s
