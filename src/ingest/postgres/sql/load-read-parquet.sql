-- pg-load: the Parquet files of one table (paths: a list of string literals), with their
-- own column types, into a temporary table.
create or replace temp table {{table}} as
select * from read_parquet([{{paths}}], union_by_name = true)
