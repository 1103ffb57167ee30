-- The distinct values of the premium sample's firm (rcid), country and every effect, one
-- row per value (grouping sets: the g_<column> flag is 0 on the column the row is of), with
-- the rows of each (n; the country's rows size the runs of query.sql) and, on a country's
-- row, the panel's code of the country (country_code: query.sql's runs filter both sides
-- of the panel's join on it): one grouped pass
-- over the sample's rows (query.sql's s, every country), from which every run of query.sql
-- numbers the codes. A TEMP table of a few thousand rows; {{values}} is dropped by
-- `buildPremiumSample`.
create or replace temp table {{values}} as
select rcid, seniority, role, industry, highest_degree, start_year, year, country,
  grouping(rcid) as g_rcid, grouping(seniority) as g_seniority, grouping(role) as g_role,
  grouping(industry) as g_industry, grouping(highest_degree) as g_highest_degree,
  grouping(start_year) as g_start_year, grouping(year) as g_year, grouping(country) as g_country,
  count(*) as n, min(country_code) as country_code
from (
  select
    p.rcid,
    p.seniority,
    p.role_code as role,
    p.industry_code as industry,
    p.highest_degree,
    cast(p.start_year as integer) as start_year,
    p.year,
    p.country,
    p.country_code
  from panel p
  where p.salary > 0
    and p.exp_years is not null
    and p.country is not null
    and {{countries}}
    and p.year in ({{years}})
    and ({{unweighted}} or coalesce(p.weight, 1.0) > 0)
    and (not {{newHiresOnly}} or p.start_year = p.year)
) as s
group by grouping sets ((rcid), (seniority), (role), (industry), (highest_degree), (start_year), (year), (country))
