-- Distinct job titles of an aijobs.net file (classified in TypeScript into aj_title).
select distinct trim(job_title) as t from aj_raw where job_title is not null
