-- The canonical sv_person of an aijobs.net file. salary: `s.salary_ppp` or
-- `p.salary_usd`; basis: 'ppp' or 'usd'; seniority: a `case` over experience_level.
create or replace temp table sv_person as
select p.user_id, p.country, p.user_country, make_date(p.year, 1, 1) as startdate,
  {{salary}} as salary, p.salary_usd, case when {{salary}} is null then null else {{basis}} end as salary_basis,
  p.role, {{seniority}} as seniority,
  cast(null as varchar) as industry, cast(null as varchar) as highest_degree,
  p.title_class, p.experience_level, p.employment_type, p.remote_ratio, p.company_size, p.year as work_year,
  p.country <> p.user_country as cross_border, p.dup_group, p.dup_copy
from aj_person p join sv_stage s using (user_id)
