-- One row per aijobs.net record. Optional columns arrive as `trim("col")` or a typed null.
-- dup_group, dup_copy: its exact-duplicate group and copy number (aijobs-duplicates.sql).
create or replace temp table aj_person as
select r.rn, r._line, 'aijobs-' || lpad(cast(r.rn as varchar), 6, '0') as user_id,
  trim(r.company_location) as company_text, cl.code as country,
  trim(r.employee_residence) as residence_text, er.code as user_country,
  try_cast(trim(r.work_year) as integer) as year,
  trim(r.salary_in_usd) as comp_text,
  case when try_cast(trim(r.salary_in_usd) as double) > 0 then try_cast(trim(r.salary_in_usd) as double) end as salary_usd,
  {{salary_currency}} as currency,
  case when try_cast({{salary}} as double) > 0 then try_cast({{salary}} as double) end as local_annual,
  trim(r.job_title) as role, t.cls as title_class,
  {{experience_level}} as experience_level,
  {{employment_type}} as employment_type,
  {{remote_ratio}} as remote_ratio,
  {{company_size}} as company_size,
  d.dup_group, d.dup_copy
from aj_raw r
join aj_dup d on d.rn = r.rn
left join aj_title t on t.title = trim(r.job_title)
left join aj_country cl on cl.text = trim(r.company_location)
left join aj_country er on er.text = trim(r.employee_residence)
