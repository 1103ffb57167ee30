-- The premium sample of one AI definition: respondents with compensation and a country,
-- AI = holds one of the subfields {{subfields}}, compensation trimmed at the country's
-- 1st and 99th percentiles; experience with its square and a missing flag.
create or replace table prem_sample as
with s as (
  select
    sv.*,
    exists (select 1 from sv_sub x where x.user_id = sv.user_id and x.subfield in ({{subfields}})) as is_ai,
    quantile_cont(salary_usd, 0.01) over (partition by country) as lo,
    quantile_cont(salary_usd, 0.99) over (partition by country) as hi
  from sv
  where salary_usd > 0 and country is not null
)
select
  country, is_ai, cast(is_ai as double) as ai, ln(salary_usd) as y, salary_ppp,
  coalesce(exp_raw, 0) as exp, coalesce(exp_raw, 0) ^ 2 as exp2, cast(exp_raw is null as double) as exp_missing,
  role, degree, org_size, remote_work
from s
where salary_usd between lo and hi
