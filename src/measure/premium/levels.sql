-- The labels of the premium sample's level codes (query.sql's lv_<effect> columns): one row
-- per effect and code present in {{sample}}, the label as the engine writes a level (the
-- value as text, NA for NULL; it names a dropped dummy).
select 'seniority' as eff, lv_seniority as code, min(coalesce(cast(seniority as varchar), 'NA')) as label from {{sample}} group by lv_seniority
union all
select 'role', lv_role, min(coalesce(cast(role as varchar), 'NA')) from {{sample}} group by lv_role
union all
select 'industry', lv_industry, min(coalesce(cast(industry as varchar), 'NA')) from {{sample}} group by lv_industry
union all
select 'highest_degree', lv_highest_degree, min(coalesce(cast(highest_degree as varchar), 'NA')) from {{sample}} group by lv_highest_degree
union all
select 'start_year', lv_start_year, min(coalesce(cast(start_year as varchar), 'NA')) from {{sample}} group by lv_start_year
union all
select 'year_fe', lv_year_fe, min(coalesce(cast(year_fe as varchar), 'NA')) from {{sample}} group by lv_year_fe
