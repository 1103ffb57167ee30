-- pg-load: the CSV files of one table (paths: a list of string literals), every column as
-- text, into a temporary table.
create or replace temp table {{table}} as
select *
from read_csv([{{paths}}], all_varchar = true, header = true, delim = ',', quote = '"', escape = '"',
              union_by_name = true, max_line_size = 10000000)
