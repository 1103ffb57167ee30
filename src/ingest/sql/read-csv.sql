-- One CSV file (path: a string literal) into a raw table, every column as text; the rows
-- DuckDB cannot parse go to the rejects tables named by the two string literals.
create or replace temp table {{table}} as
select *
from read_csv({{path}}, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"',
              store_rejects = true, rejects_table = {{rejects_table}}, rejects_scan = {{rejects_scan}},
              max_line_size = 10000000)
