-- The wage-premium estimation sample: one row per user and year t whose primary position
-- at t has salary > 0 (panel), for the measured years; with {{newHiresOnly}} only the
-- rows whose primary position started in t (the new-hire premium's sample). Split keys (country, ykey,
-- seniority) are VARCHAR so estimateBy's group keys are exact; a missing seniority is the
-- level 'unknown', as is a missing (NULL or blank) degree.
--
-- role, industry, start_year and the firm cluster are integers: each family of
-- regressions groups and joins on them several times, and on millions of rows integer
-- keys cost much less than role and industry names (docs/premium.md). role and industry
-- are the panel's codes (rank of the value in sort order: the engine's levels come in the
-- same order as with the names); a missing one is NULL, the engine's level of its own.
-- start_year is the year; the cluster is the firm's code (rank of rcid) or, when rcid is
-- missing, −pid_rank: the position is its own cluster. Clusters only enter aggregates.
-- s is read twice (the firms, the rows) and not materialized: a second pass over the panel
-- costs less than holding the whole sample once more (about 1.3 GB at 10 million positions)
-- beside the sort, which under a memory limit spilled.
create or replace temp table {{target}} as
with s as not materialized (
  select
    p.uid,
    p.country,
    p.year,
    ln(p.salary) as ln_salary,
    case when coalesce(p.is_ai, false) then 1.0 else 0.0 end as ai,
    cast(p.exp_years as double) as exp,
    coalesce(cast(p.seniority as varchar), 'unknown') as seniority,
    p.role_code as role,
    p.industry_code as industry,
    coalesce(nullif(trim(cast(p.highest_degree as varchar)), ''), 'unknown') as highest_degree,
    cast(p.start_year as integer) as start_year,
    coalesce(p.weight, 1.0) as w,
    nullif(trim(cast(p.rcid as varchar)), '') as rcid,
    p.pid_rank
  from panel p
  where p.salary > 0
    and p.exp_years is not null
    and p.country is not null
    and p.year in ({{years}})
    and ({{unweighted}} or coalesce(p.weight, 1.0) > 0)
    and (not {{newHiresOnly}} or p.start_year = p.year)
),
firms as (select v, (row_number() over (order by v))::bigint as code from (select distinct rcid as v from s where rcid is not null) as d)
select
  s.uid,
  s.country,
  cast(s.year as varchar) as ykey,
  cast(s.year as varchar) as year_fe,
  s.ln_salary,
  s.ai,
  s.exp,
  s.exp * s.exp as exp2,
  s.seniority,
  s.role,
  s.industry,
  s.highest_degree,
  s.start_year,
  s.w,
  coalesce(f.code, -s.pid_rank) as cluster
from s
left join firms f on f.v = s.rcid
-- Rows stored by (country, year): each regression's rows are then contiguous, which
-- made the premium stage about 20% faster on the demo (the panel view yields user order).
order by s.country, s.year
