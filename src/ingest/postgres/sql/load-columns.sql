-- pg-load: the columns of a loaded table with their DuckDB types.
select column_name, column_type from (describe {{table}})
