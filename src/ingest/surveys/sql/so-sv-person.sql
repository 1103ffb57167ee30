-- The canonical sv_person of a Stack Overflow survey. salary: `s.salary_ppp` or
-- `p.salary_usd`; basis: 'ppp' or 'usd'.
create or replace temp table sv_person as
select p.user_id, p.country, p.country as user_country, p.startdate,
  {{salary}} as salary, p.salary_usd,
  case when {{salary}} is null then null else {{basis}} end as salary_basis,
  p.role, p.seniority, p.industry, p.highest_degree,
  p.years_exp, p.org_size, p.remote_work, p.year as survey_year, p.ed_level, p.devtype as dev_types
from so_person p join sv_stage s using (user_id)
