-- The wage-premium estimation sample: one row per user and year t whose primary position
-- at t has salary > 0 (panel), for the measured years; with {{newHiresOnly}} only the
-- rows whose primary position started in t (the new-hire premium's sample); {{countries}}
-- restricts it to some countries (SampleVariant.countries) or is true. Split keys (country, ykey,
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
--
-- Each fixed effect also comes encoded once for every regression of the stage (the
-- engine's `encoded` option): lv_<effect> is the rank of the effect's value among the
-- sample's distinct values (0-based, in sort order, NULL last: the engine's order of
-- levels), so the engine neither reads the levels nor joins them per family. The labels
-- of the codes: levels.sql.
--
-- s is materialized: read once for the distinct values of the firm, the country and every
-- effect (one grouped pass, `d`, a row per distinct value, from which the codes are
-- numbered) and once for the rows. DuckDB materializes the panel's join under s anyway (its
-- common-subplan optimizer: it is read twice), so materializing s itself holds about as
-- much and computes s's expressions (casts, the logarithm) once, not twice. s holds the
-- firm (rcid), seniority and degree as the panel has them: their text forms (the trimmed
-- rcid, NULL when blank; the seniority as text and the trimmed degree, 'unknown' when
-- missing or blank) are made on d's distinct values only, and the rows join their codes
-- on the panel's values (values with the same text get the same code: dense_rank).
--
-- The sort carries numbers only: its key is the country's code (the rank of its name,
-- so the same order as by name) and the year; the text columns country, ykey, year_fe,
-- seniority and highest_degree, and exp2, are made from the sorted rows (a projection
-- keeps their order), the text ones from the year and the codes (each code's value). A
-- row of text values costs the sort several times a row of integers; the values are the
-- same.
--
-- A table of the study's database, not a TEMP table: the database's tables are stored
-- compressed (sorted runs of country and year, small integer codes), TEMP tables are not,
-- and at ten million people an uncompressed sample outgrows the memory limit and spills.
-- On PostgreSQL it is a TEMP table (src/db/dialect.ts). The stage drops it when done.
create or replace table {{target}} as
with s as materialized (
  select
    p.uid,
    p.country,
    p.year,
    ln(p.salary) as ln_salary,
    case when coalesce(p.is_ai, false) then 1.0 else 0.0 end as ai,
    cast(p.exp_years as double) as exp,
    p.seniority,
    p.role_code as role,
    p.industry_code as industry,
    p.highest_degree,
    cast(p.start_year as integer) as start_year,
    coalesce(p.weight, 1.0) as w,
    p.rcid,
    p.pid_rank
  from panel p
  where p.salary > 0
    and p.exp_years is not null
    and p.country is not null
    and {{countries}}
    and p.year in ({{years}})
    and ({{unweighted}} or coalesce(p.weight, 1.0) > 0)
    and (not {{newHiresOnly}} or p.start_year = p.year)
),
d as materialized (
  select rcid, seniority, role, industry, highest_degree, start_year, year, country,
    grouping(rcid) as g_rcid, grouping(seniority) as g_seniority, grouping(role) as g_role,
    grouping(industry) as g_industry, grouping(highest_degree) as g_highest_degree,
    grouping(start_year) as g_start_year, grouping(year) as g_year, grouping(country) as g_country
  from s
  group by grouping sets ((rcid), (seniority), (role), (industry), (highest_degree), (start_year), (year), (country))
),
firms as (
  select v, (dense_rank() over (order by t))::bigint as code
  from (select rcid as v, nullif(trim(cast(rcid as varchar)), '') as t from d where g_rcid = 0 and rcid is not null) as x
  where t is not null
),
lv_seniority as (
  select v, label, cast(dense_rank() over (order by label) - 1 as integer) as code
  from (select seniority as v, coalesce(cast(seniority as varchar), 'unknown') as label from d where g_seniority = 0) as x
),
lv_role as (select v, cast(row_number() over (order by v nulls last) - 1 as integer) as code from (select role as v from d where g_role = 0) as x),
lv_industry as (select v, cast(row_number() over (order by v nulls last) - 1 as integer) as code from (select industry as v from d where g_industry = 0) as x),
lv_highest_degree as (
  select v, label, cast(dense_rank() over (order by label) - 1 as integer) as code
  from (select highest_degree as v, coalesce(nullif(trim(cast(highest_degree as varchar)), ''), 'unknown') as label from d where g_highest_degree = 0) as x
),
lv_start_year as (select v, cast(row_number() over (order by v nulls last) - 1 as integer) as code from (select start_year as v from d where g_start_year = 0) as x),
lv_year_fe as (select v, cast(row_number() over (order by cast(v as varchar) nulls last) - 1 as integer) as code from (select year as v from d where g_year = 0) as x),
countries as (select v, cast(row_number() over (order by v) - 1 as integer) as code from (select country as v from d where g_country = 0) as x)
select
  r.uid,
  (select array_agg(v order by code) from countries)[r.country + 1] as country,
  cast(r.year as varchar) as ykey,
  cast(r.year as varchar) as year_fe,
  r.ln_salary,
  r.ai,
  r.exp,
  r.exp * r.exp as exp2,
  (select array_agg(label order by code) from (select distinct code, label from lv_seniority) as l)[r.lv_seniority + 1] as seniority,
  r.role,
  r.industry,
  (select array_agg(label order by code) from (select distinct code, label from lv_highest_degree) as l)[r.lv_highest_degree + 1] as highest_degree,
  r.start_year,
  r.w,
  r.cluster,
  r.lv_seniority,
  r.lv_role,
  r.lv_industry,
  r.lv_highest_degree,
  r.lv_start_year,
  r.lv_year_fe
from (
  select
    s.uid,
    c.code as country,
    s.year,
    s.ln_salary,
    s.ai,
    s.exp,
    s.role,
    s.industry,
    s.start_year,
    s.w,
    coalesce(f.code, -s.pid_rank) as cluster,
    coalesce(l_seniority.code, (select code from lv_seniority where v is null)) as lv_seniority,
    coalesce(l_role.code, (select code from lv_role where v is null)) as lv_role,
    coalesce(l_industry.code, (select code from lv_industry where v is null)) as lv_industry,
    coalesce(l_highest_degree.code, (select code from lv_highest_degree where v is null)) as lv_highest_degree,
    coalesce(l_start_year.code, (select code from lv_start_year where v is null)) as lv_start_year,
    coalesce(l_year_fe.code, (select code from lv_year_fe where v is null)) as lv_year_fe
  from s
  join countries c on c.v = s.country
  left join firms f on f.v = s.rcid
  left join lv_seniority as l_seniority on l_seniority.v = s.seniority
  left join lv_role as l_role on l_role.v = s.role
  left join lv_industry as l_industry on l_industry.v = s.industry
  left join lv_highest_degree as l_highest_degree on l_highest_degree.v = s.highest_degree
  left join lv_start_year as l_start_year on l_start_year.v = s.start_year
  left join lv_year_fe as l_year_fe on l_year_fe.v = s.year
  order by c.code, s.year
) as r
