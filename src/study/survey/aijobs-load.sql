-- The ingested aijobs.net folder ({{file}}: its individual_positions.csv), one row per
-- salary, with its exact-duplicate group (dup_group) and copy number (dup_copy, 1 = first).
create or replace table aj_all as
select
  country, cast(work_year as varchar) as work_year, title_class, experience_level, employment_type,
  cast(remote_ratio as varchar) as remote_ratio, company_size, salary_usd, cast(cross_border as boolean) as cross_border,
  cast(dup_group as bigint) as dup_group, cast(dup_copy as integer) as dup_copy
from read_csv({{file}}, header = true, all_varchar = false);
