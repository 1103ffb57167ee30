-- The ingested aijobs.net folder ({{file}}: its individual_positions.csv), one row per salary.
create or replace table aj as
select
  country, cast(work_year as varchar) as work_year, title_class, experience_level, employment_type,
  cast(remote_ratio as varchar) as remote_ratio, company_size, salary_usd, cast(cross_border as boolean) as cross_border
from read_csv({{file}}, header = true, all_varchar = false);

-- The cross-border gap sample: AI and data titles.
create or replace table aj_cb as
select cast(cross_border as double) as cb, cast(title_class = 'ai' as double) as ai, work_year
from aj
where title_class in ('ai', 'data');

-- The AI-title premium sample: AI and data titles with a salary.
create or replace table aj_prem as
select
  country, country || ':' || work_year as country_year, cast(title_class = 'ai' as double) as ai, title_class = 'ai' as is_ai,
  ln(salary_usd) as y, experience_level, employment_type, remote_ratio, company_size, work_year
from aj
where title_class in ('ai', 'data') and salary_usd > 0;
