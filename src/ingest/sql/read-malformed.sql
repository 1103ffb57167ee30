-- The rows DuckDB could not parse, one reject per line (file: the file name literal;
-- table: DuckDB's rejects table of the file).
insert into rejects
select {{file}}, line, coalesce(column_name, ''),
       CASE WHEN error_type IN ('INVALID UNICODE', 'INVALID ENCODING') THEN 'invalid_encoding' ELSE 'malformed_row' END,
       left(coalesce(csv_line, ''), 200), 'row_dropped'
from (select line, first(column_name order by column_idx) column_name, first(csv_line) csv_line,
             first(error_type order by column_idx) error_type
      from {{table}} group by line)
