-- The new-hire premium's sample from the premium sample (tf_premium_sample, query.sql): its rows
-- whose primary position started in the year, exactly the rows query.sql selects with
-- newHiresOnly (the same filters, then start_year = year). The firm codes of
-- `cluster` are ranks among all the sample's firms rather than among the hires' firms:
-- the same order, so the same clusters (the engine recodes them by rank).
--
-- Of the sample's columns only those of NEW_HIRE_COLUMNS (index.ts: what the new-hire
-- families read; not the start year, an effect the new-hire model leaves out).
-- A table of the study's database, not a TEMP table: the database's tables are stored
-- compressed (sorted runs of country and year, small integer codes), TEMP tables are not,
-- and at ten million people an uncompressed sample outgrows the memory limit and spills.
-- On PostgreSQL it is a TEMP table (src/db/dialect.ts). The stage drops it when done.
create or replace table {{target}} as
select {{columns}}
from {{sample}}
where start_year = cast(ykey as integer)
