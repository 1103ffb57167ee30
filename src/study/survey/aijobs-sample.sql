-- One aijobs.net sample: {{keep}} selects the rows (every row, or the first of each set of
-- exact duplicates).
create or replace table aj as select * from aj_all where {{keep}};

-- The cross-border gap sample: AI and data titles.
create or replace table aj_cb as
select cast(cross_border as double) as cb, cast(title_class = 'ai' as double) as ai, work_year, dup_group
from aj
where title_class in ('ai', 'data');

-- The occupation-gap sample: AI and data titles with a salary and an employer country,
-- salaries trimmed at the employer country's 1st and 99th percentiles (of every title
-- class), the rule of the Stack Overflow premium sample (premium-sample.sql).
create or replace table aj_prem as
with s as (
  select *,
    quantile_cont(salary_usd, 0.01) over (partition by country) as lo,
    quantile_cont(salary_usd, 0.99) over (partition by country) as hi
  from aj
  where salary_usd > 0 and country is not null
)
select
  country, country || ':' || work_year as country_year, cast(title_class = 'ai' as double) as ai, title_class = 'ai' as is_ai,
  ln(salary_usd) as y, experience_level, employment_type, remote_ratio, company_size, work_year, dup_group
from s
where title_class in ('ai', 'data') and salary_usd between lo and hi;
