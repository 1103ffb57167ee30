-- Columns of the skills table, in order (to check the chosen skill column exists).
select column_name as name from duckdb_columns() where table_name = 'skills' and schema_name = 'main' order by column_index
