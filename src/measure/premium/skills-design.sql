-- The shared skill design's table, a run of consecutive countries at a time: the rows of
-- skills-shared.sql (or skills-shared-dated.sql with --skill-dating first-reported) of the
-- run, sorted by country, year code and skill, in the placeholder rows. {{write}} is
-- `create or replace table T as` for the first run and `insert into T` for each next one,
-- in country order (index.ts: `buildSkillDesign`): the table's rows come by country, then
-- year, then skill (NULL first), as one sort of the whole design would put them, and each
-- sort holds a part of the rows.
--
-- The sort carries no ykey nor exp2: they are made from the sorted rows (a projection
-- keeps their order), ykey from lv_year_fe (the rank of year_fe, which equals ykey:
-- ordered by lv_year_fe the rows are ordered by ykey; the sample's pairs in {{ykeys}},
-- skills-holders.sql) and exp2 = exp · exp, as the sample's (query.sql). A narrower row
-- costs the sort less; the values are the same.
--
-- A table of the study's database, not a TEMP table: the database's tables are stored
-- compressed (sorted runs of country and year, small integer codes), TEMP tables are not,
-- and at ten million people an uncompressed sample outgrows the memory limit and spills.
-- On PostgreSQL it is a TEMP table (src/db/dialect.ts). The stage drops it when done.
{{write}}
select
  r.uid, r.country,
  -- ykey from its code (lv_year_fe: the rank of year_fe, which equals ykey), exp2 from exp
  (select array_agg(y.ykey order by y.lv_year_fe) from {{ykeys}} as y)[r.lv_year_fe + 1] as ykey,
  r.ln_salary, r.exp, r.exp * r.exp as exp2, r.w, r.cluster,
  r.lv_seniority, r.lv_role, r.lv_industry, r.lv_highest_degree, r.lv_start_year, r.lv_year_fe,
  r.skill, r.holds
from ({{rows}}) as r
