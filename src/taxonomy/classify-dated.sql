-- Whether the skills data can date AI status: the input had a first_reported column
-- (columns_present, when ingest wrote it) and it holds at least one date.
select
  (select count(*) from duckdb_columns() where table_name = 'skills' and schema_name = 'main' and column_name = 'first_reported') > 0 as has_column,
  (select count(*) from duckdb_tables() where table_name = 'columns_present' and schema_name = 'main') > 0 as has_present
