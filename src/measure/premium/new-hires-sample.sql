-- The new-hire premium's sample from the premium sample (tf_premium_sample, query.sql): its rows
-- whose primary position started in the year, exactly the rows query.sql selects with
-- newHiresOnly (the same filters, then start_year = year). The firm codes of
-- `cluster` are ranks among all the sample's firms rather than among the hires' firms:
-- the same order, so the same clusters (the engine recodes them by rank).
--
-- The columns the new-hire families read (fitFamily: counts, the engine, the absorbed
-- check): those of the premium sample but the start year and its code, an effect the
-- new-hire model leaves out (constant within a year's hires).
create or replace temp table {{target}} as
select uid, country, ykey, year_fe, ln_salary, ai, exp, exp2, seniority, role, industry, highest_degree, w, cluster,
  lv_seniority, lv_role, lv_industry, lv_highest_degree, lv_year_fe
from {{sample}}
where start_year = cast(ykey as integer)
