-- Column names of a loaded raw table (table: its identifier).
select column_name from (describe {{table}})
